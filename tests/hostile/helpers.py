"""What the hostile tests share: PDFs made to attack, and readers that check what came out."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from pikepdf import Array, Dictionary, Name
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.convert import find_soffice

from ..conftest import make_pdf

FAKES = Path(__file__).resolve().parent.parent / "fakes"
RUNNER = Path(__file__).resolve().parent / "spo_with_converter.py"
"""``python RUNNER assemble ...``: spo in a process of its own, with the converter of
``SPO_TEST_CONVERTER`` (see the script)."""


def use_converter(monkeypatch: pytest.MonkeyPatch, make: Any) -> None:
    """Make ``spo assemble`` (in this process) convert with ``make()`` instead of LibreOffice."""
    import functools

    import pipeline.assemble

    original = pipeline.assemble.assemble_case

    def assemble_case(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("converter", make())
        return original(*args, **kwargs)

    monkeypatch.setattr(
        pipeline.assemble, "assemble_case", functools.wraps(original)(assemble_case)
    )


_NO_SOFFICE = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice is not installed: make install"
)


def needs_soffice(test: Any) -> Any:
    """Mark a test that runs the real LibreOffice: skipped, with the reason, without it."""
    return pytest.mark.needs_soffice(_NO_SOFFICE(test))


ACTIVE_NAMES = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles"}
"""Names that must not be anywhere in a bundle: scripts, launch actions and attached files."""


def text_pdf(path: Path, pages: list[str], size: tuple[float, float] = A4) -> Path:
    """A PDF with one line of text (or several, split on newlines) on each page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    for text in pages:
        y = size[1] - 72
        for line in text.split("\n"):
            canvas.drawString(72, y, line)
            y -= 16
        canvas.showPage()
    canvas.save()
    return path


def scanned_pdf(path: Path, pages: int = 2) -> Path:
    """An image-only PDF, as a scanner makes: each page a picture, no text layer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        for y in range(40, 44):
            image.putpixel((x, y), 0)  # a "line of writing" no text layer carries
    picture = path.with_suffix(".png")
    image.save(picture)
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        canvas.drawImage(str(picture), 0, 0, width=A4[0], height=A4[1])
        canvas.showPage()
    canvas.save()
    picture.unlink()
    return path


def active_pdf(path: Path) -> Path:
    """A PDF carrying every kind of active content a viewer may run or open.

    Document level: /OpenAction JavaScript, /AA, /Names /JavaScript and /EmbeddedFiles. Page
    level: /AA, a link running JavaScript, a link launching a program, a link chained to
    JavaScript by /Next, a file-attachment annotation, /AF. Plus two links that must survive:
    one to a web address and one to the page itself.
    """
    text_pdf(path, ["Exhibit with active content: page one", "page two"])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:

        def js(code: str) -> Dictionary:
            return Dictionary(S=Name.JavaScript, JS=pikepdf.String(code))

        attached = pdf.make_stream(b"secret attachment")
        attached.Type = Name.EmbeddedFile
        filespec = pdf.make_indirect(
            Dictionary(Type=Name.Filespec, F=pikepdf.String("a.txt"), EF=Dictionary(F=attached))
        )
        root = pdf.Root
        root.OpenAction = js("app.alert('open')")
        root.AA = Dictionary(WC=js("app.alert('close')"))
        root.Names = Dictionary(
            JavaScript=Dictionary(Names=Array([pikepdf.String("a"), js("app.alert('names')")])),
            EmbeddedFiles=Dictionary(Names=Array([pikepdf.String("a.txt"), filespec])),
        )
        page = pdf.pages[0].obj
        page.AA = Dictionary(O=js("app.alert('page open')"))
        page.AF = Array([filespec])

        def link(rect: list[int], **action: Any) -> Dictionary:
            return Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array(rect), **action)

        page.Annots = Array(
            [
                link([72, 700, 200, 720], A=js("app.launchURL('x')")),
                link(
                    [72, 650, 200, 670],
                    A=Dictionary(S=Name.Launch, F=pikepdf.String("calc.exe")),
                ),
                link(
                    [72, 600, 200, 620],
                    A=Dictionary(
                        S=Name.URI,
                        URI=pikepdf.String("https://example.org/"),
                        Next=js("app.alert('next')"),
                    ),
                ),
                link([72, 550, 200, 570], A=Dictionary(S=Name.GoTo, D=Array([page, Name.Fit]))),
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.FileAttachment,
                    Rect=Array([300, 700, 320, 720]),
                    FS=filespec,
                    Contents=pikepdf.String("attached"),
                ),
            ]
        )
        pdf.save(path)
    return path


def active_names_in(path: Path) -> set[str]:
    """Every active-content name (:data:`ACTIVE_NAMES`) found in any object of a PDF."""
    found: set[str] = set()
    with pikepdf.open(path) as pdf:
        stack: list[Any] = list(pdf.objects)
        seen: set[tuple[int, int]] = set()
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Object) and node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if isinstance(node, pikepdf.Stream):
                node = node.stream_dict
            if isinstance(node, Dictionary):
                found |= {str(k) for k in node if str(k) in ACTIVE_NAMES}
                stack.extend(node.values())
            elif isinstance(node, Array):
                stack.extend(node)
            elif isinstance(node, Name) and str(node) in ACTIVE_NAMES:
                found.add(str(node))
    return found


def pages_text(path: Path) -> list[str]:
    """The text of each page of a PDF, read with PDFium."""
    document = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def case_with_exhibit(
    example: dict[str, Any], folder: Path, name: str, make: Any = None
) -> tuple[dict[str, Any], Path]:
    """The example with exhibit JO/1 pointing at ``name``; ``make(path)`` creates the file."""
    folder.mkdir(parents=True, exist_ok=True)
    for exhibit in example["exhibits"]:
        make_pdf(folder / exhibit["file"])
    if make is not None:
        make(folder / name)
    example["exhibits"][0]["file"] = name
    path = folder / "case.json"
    path.write_text(json.dumps(example, indent=2, ensure_ascii=False), encoding="utf-8")
    return example, path


def outdir_is_whole(outdir: Path) -> None:
    """Every file OUTDIR's manifest lists is there with its size and SHA-256, and nothing else."""
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = {
        p.relative_to(outdir).as_posix()
        for p in outdir.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert present == set(listed), present ^ set(listed)
    for name, entry in listed.items():
        data = (outdir / name).read_bytes()
        assert len(data) == entry["size"], name
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
