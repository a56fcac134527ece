"""The bundle: what a court user checks in the PDF (index, numbers, bookmarks, page format)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pdfplumber
import pikepdf
import pypdf
import pytest
from pikepdf import Array, Dictionary, Name
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.bundle import (
    SECTION_TITLES,
    Bundle,
    BundleEntry,
    BundleInfo,
    BundleItem,
    build_bundle,
)
from pipeline.errors import BundleInputError, EnvironmentFailure, ExitCode

INFO = BundleInfo(
    court="Northtown Magistrates' Court",
    urn="47NS0123426",
    parties="Chief Constable of North Shire Police v Dafydd Łukasz ŴYNNE",
    hearing="18 December 2026 at 10.00 am",
    title="Application for a stalking protection order",
)
A4_W, A4_H = 595.28, 841.89
TWO_MM = 72 * 2 / 25.4
DASH = "\u2013"  # an en dash, as the index prints ranges
ROW = re.compile(r"^\s*(?P<title>\S.*?)\s*\.{3,}\s*(?P<pages>\d+(?:" + DASH + r"\d+)?)\s*$")


# --- PDFs made for the tests ------------------------------------------------------------------


def document(path: Path, heading: str, pages: int = 1) -> Path:
    """A LibreOffice-like A4 document: its heading on page 1, then body text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        if number == 1:
            canvas.setFont("Helvetica-Bold", 14)
            canvas.drawString(72, 770, heading.upper())
        canvas.setFont("Helvetica", 11)
        for line in range(6):
            canvas.drawString(72, 700 - 16 * line, f"{heading}: page {number}, line {line + 1}")
        canvas.showPage()
    canvas.save()
    return path


@dataclass(frozen=True)
class Page:
    """An exhibit page: its MediaBox size and origin, /Rotate, and which way its text runs."""

    width: float = A4_W
    height: float = A4_H
    rotate: int = 0
    origin: tuple[float, float] = (0.0, 0.0)
    text: str | None = "up"  # "up", "down" (upside down), "sideways" (bottom to top), None
    label: str = "Exhibit page"


def exhibit(path: Path, pages: Sequence[Page], *, inherit: bool = False) -> Path:
    """An exhibit with a frame round each page and lines of text running one way.

    With ``inherit``, the pages take their MediaBox, Rotate and Resources from the page tree.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.new() as pdf:
        font = pdf.make_indirect(
            Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        )
        for spec in pages:
            pdf.add_blank_page(page_size=(spec.width, spec.height))
            page = pdf.pages[-1]
            x0, y0 = spec.origin
            page.obj.MediaBox = Array([x0, y0, x0 + spec.width, y0 + spec.height])
            page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
            ops = [f"0 0 1 RG 2 w {x0 + 1} {y0 + 1} {spec.width - 2} {spec.height - 2} re S"]
            for k in range(6):
                line = f"({spec.label} line {k + 1}) Tj ET"
                if spec.text == "up":
                    ops.append(
                        f"BT /F1 12 Tf 1 0 0 1 {x0 + 60} {y0 + spec.height - 80 - 18 * k} Tm {line}"
                    )
                elif spec.text == "down":
                    ops.append(
                        f"BT /F1 12 Tf -1 0 0 -1 {x0 + spec.width - 60} {y0 + 80 + 18 * k} Tm {line}"
                    )
                elif spec.text == "sideways":
                    ops.append(f"BT /F1 12 Tf 0 1 -1 0 {x0 + 80 + 18 * k} {y0 + 60} Tm {line}")
            page.obj.Contents = pdf.make_stream(" ".join(ops).encode())
            if spec.rotate:
                page.obj.Rotate = spec.rotate
        if inherit:
            tree = pdf.Root.Pages
            first = pdf.pages[0].obj
            for key in (Name.MediaBox, Name.Rotate, Name.Resources):
                if key in first:
                    tree[key] = first[key]
                for page in pdf.pages:
                    if key in page.obj:
                        del page.obj[key]
        pdf.save(path)
    return path


def standard_items(folder: Path) -> list[BundleItem]:
    """A small new application: four documents and two exhibits."""
    return [
        BundleItem("complaint", "Complaint for a stalking protection order", "A",
                   document(folder / "complaint.pdf", "Complaint for a stalking protection order", 3)),
        BundleItem("summons", "Summons", "A", document(folder / "summons.pdf", "Summons")),
        BundleItem("draft_order", "Draft stalking protection order", "A",
                   document(folder / "draft.pdf", "Draft stalking protection order", 2)),
        BundleItem("mg11_oic", "Witness statement (MG11) of the officer in the case", "B",
                   document(folder / "mg11.pdf", "Witness statement (MG11) of the officer in the case", 4)),
        BundleItem("exhibit", "Screenshots of messages sent to Ms Gwên Ŵyn-Jones", "C",
                   exhibit(folder / "jo1.pdf", [Page(), Page()]), ref="JO/1"),
        BundleItem("exhibit", "CCTV stills from the car park", "C",
                   exhibit(folder / "jo2.pdf", [Page(label="CCTV")]), ref="JO/2"),
    ]  # fmt: skip


def build(tmp_path: Path, items: Sequence[BundleItem], name: str = "bundle.pdf") -> Bundle:
    return build_bundle(items, INFO, tmp_path / "out" / name)


# --- reading the bundle back, as a checker would ---------------------------------------------


def page_texts(path: Path) -> list[str]:
    """Each page's text, by pdftotext (an independent reader)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")[:-1]


def index_rows(path: Path, index_pages: int) -> list[tuple[str, str]]:
    """The index rows as (title, pages), a title that wraps joined back into one line."""
    rows = []
    pending = ""
    for text in page_texts(path)[:index_pages]:
        for line in text.splitlines():
            match = ROW.match(line)
            if match:
                title = " ".join(f"{pending} {match['title']}".split())
                rows.append((title, match["pages"]))
                pending = ""
            elif pending or line.strip().startswith(("JO/", "Exhibit")):
                pending = f"{pending} {line.strip()}"
    return rows


def expected_range(entry: BundleEntry) -> str:
    if entry.first_page == entry.last_page:
        return str(entry.first_page)
    return f"{entry.first_page}{DASH}{entry.last_page}"


def row_title(item: BundleItem) -> str:
    return f"{item.ref} {item.title}" if item.kind == "exhibit" else item.title


def displayed_size(page: pypdf.PageObject) -> tuple[float, float]:
    width, height = float(page.cropbox.width), float(page.cropbox.height)
    return (height, width) if page.rotation % 180 else (width, height)


def stamp_words(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with their boxes as displayed (pdftotext -bbox: poppler)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for chunk in out.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            chunk,
        )
        pages.append(
            [(unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in words]
        )
    return pages


def page_numbers(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}


def assert_all_a4(path: Path) -> None:
    for number, page in enumerate(pypdf.PdfReader(path).pages, start=1):
        width, height = displayed_size(page)
        portrait = abs(width - A4_W) <= TWO_MM and abs(height - A4_H) <= TWO_MM
        landscape = abs(width - A4_H) <= TWO_MM and abs(height - A4_W) <= TWO_MM
        assert portrait or landscape, f"page {number} is {width:.1f} x {height:.1f}"


def text_direction(path: Path, page: int, label: str) -> set[tuple[int, int]]:
    """The (a, b) of the text matrix of a label's glyphs as displayed: (1, 0) reads normally."""
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[page - 1].chars
        marked = [c for c in chars if c["fontname"] == "Helvetica" and c["text"].strip()]
        assert marked, f"no text on page {page}"
        assert label.split()[0] in "".join(c["text"] for c in marked)
        return {(round(c["matrix"][0]), round(c["matrix"][1])) for c in marked}


# --- the index ----------------------------------------------------------------------------------


def test_index_is_page_one_and_lists_every_item_with_its_pages(tmp_path: Path) -> None:
    bundle = build(tmp_path, standard_items(tmp_path / "in"))
    first = page_texts(bundle.path)[0]
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert bundle.index_pages == 1
    assert "INDEX" in lines[:8]
    header = " ".join(lines[: lines.index("INDEX")])
    for detail in (INFO.court, INFO.parties, INFO.urn, INFO.hearing, INFO.title):
        assert detail in header
    for letter, title in SECTION_TITLES.items():
        assert f"{letter}. {title}" in lines
    rows = index_rows(bundle.path, bundle.index_pages)
    assert rows == [(row_title(e.item), expected_range(e)) for e in bundle.entries]
    assert [(e.first_page, e.last_page) for e in bundle.entries] == [
        (2, 4), (5, 5), (6, 7), (8, 11), (12, 14), (15, 16)
    ]  # fmt: skip


def test_each_document_starts_on_the_page_the_index_gives(tmp_path: Path) -> None:
    bundle = build(tmp_path, standard_items(tmp_path / "in"))
    texts = page_texts(bundle.path)
    for entry in bundle.entries:
        page = texts[entry.first_page - 1]
        if entry.item.kind == "exhibit":
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            assert lines[2:5] == ["EXHIBIT", entry.item.ref, entry.item.title]
            assert f"URN {INFO.urn}" in lines
            assert " line 1\n" in texts[entry.first_page]
        else:
            assert page.strip().splitlines()[0].strip() == entry.item.title.upper()
            assert f"{entry.item.title}: page 1, line 1" in page
            last = texts[entry.last_page - 1]
            assert f"{entry.item.title}: page {entry.last_page - entry.first_page + 1}," in last
    assert len(texts) == bundle.pages == bundle.entries[-1].last_page


def test_every_index_row_links_to_its_items_first_page(tmp_path: Path) -> None:
    bundle = build(tmp_path, standard_items(tmp_path / "in"))
    with pikepdf.open(bundle.path) as pdf, pdfplumber.open(bundle.path) as plumb:
        numbers = page_numbers(pdf)
        links = [a for a in pdf.pages[0].obj.Annots if a.Subtype == Name.Link]
        assert len(links) == len(bundle.entries)
        for link, entry in zip(links, bundle.entries, strict=True):
            dest = link.Dest
            assert numbers[dest[0].objgen] == entry.first_page
            assert dest[1] == Name.XYZ and dest[4] is None  # the reader's zoom is kept
            x0, y0, x1, y1 = (float(v) for v in link.Rect)
            words = plumb.pages[0].within_bbox((x0, A4_H - y1, x1, A4_H - y0)).extract_text()
            assert " ".join(words.split()).startswith(row_title(entry.item).split(" ", 1)[0])
            assert expected_range(entry) in words


def test_index_running_to_two_pages_keeps_every_number_right(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    items = [
        BundleItem("summons", "Summons", "A", document(folder / "summons.pdf", "Summons", 2)),
        BundleItem("mg11_oic", "Witness statement (MG11) of the officer in the case", "B",
                   document(folder / "mg11.pdf", "Witness statement MG11", 3)),
    ]  # fmt: skip
    for n in range(1, 69):
        pages = [Page(label=f"Exhibit {n}")] * (1 + n % 3)
        description = f"Exhibit {n}: messages sent by the defendant on day {n}" + (
            ", with the screenshots the victim took of them and the call log for that week"
            if n % 5 == 0
            else ""
        )
        items.append(
            BundleItem(
                "exhibit", description, "C", exhibit(folder / f"e{n}.pdf", pages), ref=f"JO/{n}"
            )
        )
    bundle = build(tmp_path, items)
    assert bundle.index_pages >= 2
    assert bundle.entries[0].first_page == bundle.index_pages + 1
    rows = index_rows(bundle.path, bundle.index_pages)
    assert rows == [(row_title(e.item), expected_range(e)) for e in bundle.entries]
    texts = page_texts(bundle.path)
    assert "INDEX (continued)" in texts[1]
    for entry in bundle.entries[2:]:
        assert f"{entry.item.ref}\n" in texts[entry.first_page - 1] + "\n"
        assert f"Exhibit {entry.item.ref.split('/')[1]} line 1" in texts[entry.first_page]
    with pikepdf.open(bundle.path) as pdf:
        numbers = page_numbers(pdf)
        targets = [
            numbers[link.Dest[0].objgen]
            for page in pdf.pages[: bundle.index_pages]
            for link in page.obj.get(Name.Annots, [])
        ]
    assert targets == [e.first_page for e in bundle.entries]


def test_index_font_is_embedded_and_shows_welsh_and_polish_letters(tmp_path: Path) -> None:
    bundle = build(tmp_path, standard_items(tmp_path / "in"))
    first = page_texts(bundle.path)[0]
    assert "Dafydd Łukasz ŴYNNE" in first and "Gwên Ŵyn-Jones" in first
    with pikepdf.open(bundle.path) as pdf:
        fonts = pdf.pages[0].obj.Resources.Font
        used = [f for f in fonts.values() if f.get(Name.Subtype) == Name.TrueType]
        assert used and all(Name.FontFile2 in f.FontDescriptor for f in used)


# --- page numbers -----------------------------------------------------------------------------


def test_every_page_shows_its_number_bottom_right_upright_even_when_rotated(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    odd = exhibit(
        folder / "odd.pdf",
        [
            Page(rotate=90, text=None),
            Page(rotate=180, text=None),
            Page(rotate=270, text=None),
            Page(origin=(200.0, -300.0), text=None),
            Page(rotate=90, origin=(-50.0, 120.0), text=None),
        ],
    )
    inherited = exhibit(folder / "inherited.pdf", [Page(rotate=90, text=None)] * 2, inherit=True)
    items = [
        *standard_items(folder),
        BundleItem("exhibit", "Scans", "C", odd, ref="JO/3"),
        BundleItem("exhibit", "Scans in a page tree", "C", inherited, ref="JO/4"),
    ]
    bundle = build(tmp_path, items)
    reader = pypdf.PdfReader(bundle.path)
    rotations = [page.rotation % 360 for page in reader.pages]
    assert {90, 180, 270} <= set(rotations)  # the rotated scans kept their rotation
    assert reader.page_labels == [str(n) for n in range(1, bundle.pages + 1)]
    for number, (page, words) in enumerate(
        zip(reader.pages, stamp_words(bundle.path), strict=True), start=1
    ):
        width, height = displayed_size(page)
        stamps = [w for w in words if w[0] == str(number)]
        assert stamps, f"page {number} has no page number"
        _, x_min, y_min, x_max, y_max = stamps[-1]
        assert x_min > width * 0.85 and x_max < width - 10, f"page {number}: x {x_min}"
        assert y_min > height * 0.93 and y_max < height - 5, f"page {number}: y {y_min}"
        assert not [
            w for w in words if w[3] > x_min - 5 and w[2] > height * 0.93 and w != stamps[-1]
        ]
    with pdfplumber.open(bundle.path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            bold = [c for c in page.chars if c["fontname"] == "Helvetica-Bold"]
            digits = bold[-len(str(number)) :]  # the stamp is drawn last
            assert "".join(c["text"] for c in digits) == str(number)
            assert all(c["upright"] and c["matrix"][0] > 0 for c in digits), number
            assert all(abs(c["size"] - 11) < 0.5 for c in digits)


def test_inherited_rotation_and_resources_survive(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    source = exhibit(folder / "tree.pdf", [Page(text="up", label="Tree")] * 2, inherit=True)
    bundle = build(tmp_path, [BundleItem("exhibit", "Tree", "C", source, ref="JO/1")])
    assert "Tree line 1" in page_texts(bundle.path)[2]
    assert_all_a4(bundle.path)


# --- bookmarks and the opening view ---------------------------------------------------------------


def test_bookmarks_one_per_item_under_its_section_with_its_page(tmp_path: Path) -> None:
    bundle = build(tmp_path, standard_items(tmp_path / "in"))
    reader = pypdf.PdfReader(bundle.path)
    outline = reader.outline
    assert outline[0].title == "Index"
    assert reader.get_destination_page_number(outline[0]) == 0
    sections = [o for o in outline[1:] if not isinstance(o, list)]
    children = [o for o in outline[1:] if isinstance(o, list)]
    names = ("A. Application", "B. Evidence", "C. Exhibits")
    for section, kids, name in zip(sections, children, names, strict=True):
        letter = section.title[0]
        entries = [e for e in bundle.entries if e.item.section == letter]
        first, last = entries[0].first_page, entries[-1].last_page
        assert section.title == f"{name} (pp {first}\N{EN DASH}{last})"
        assert reader.get_destination_page_number(section) == entries[0].first_page - 1
        assert len(kids) == len(entries)
        for kid, entry in zip(kids, entries, strict=True):
            assert kid.title.startswith(row_title(entry.item))
            assert kid.title.endswith(f"(p {entry.first_page})")
            assert reader.get_destination_page_number(kid) == entry.first_page - 1
    assert sum(len(k) for k in children) == len(bundle.entries)


def test_opens_at_100_percent_with_bookmarks_shown(tmp_path: Path) -> None:
    bundle = build(tmp_path, standard_items(tmp_path / "in"))
    with pikepdf.open(bundle.path) as pdf:
        assert pdf.Root.PageMode == Name.UseOutlines
        action = pdf.Root.OpenAction
        assert action[0].objgen == pdf.pages[0].obj.objgen
        assert list(action)[1:] == [Name.XYZ, None, None, 1]


def test_metadata_and_structure(tmp_path: Path) -> None:
    bundle = build(tmp_path, standard_items(tmp_path / "in"))
    check = subprocess.run(["qpdf", "--check", str(bundle.path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout
    reader = pypdf.PdfReader(bundle.path)
    assert reader.metadata is not None
    assert reader.metadata.title == f"{INFO.title} - {INFO.urn}"
    assert reader.metadata.producer == "spo-bundle"
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata
    for number, page in enumerate(reader.pages, start=1):
        assert str(number) in page.extract_text()
    assert_all_a4(bundle.path)


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    first = build(tmp_path / "one", standard_items(tmp_path / "one" / "in"))
    second = build(tmp_path / "two", standard_items(tmp_path / "two" / "in"), name="other.pdf")
    assert first.path.read_bytes() == second.path.read_bytes()
    rebuilt = build(tmp_path / "one", standard_items(tmp_path / "one" / "in"))
    assert rebuilt.path.read_bytes() == first.path.read_bytes()


# --- page format ------------------------------------------------------------------------------


def test_exhibit_pages_are_made_a4_in_their_own_orientation(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    pages = [
        Page(612, 792, label="Letter"),  # US Letter portrait
        Page(1190.55, 841.89, label="Planxx"),  # A3 landscape
        Page(A4_H, A4_W, label="Landscape"),  # A4 landscape: left alone
        Page(A4_W, A4_H, rotate=90, text=None),  # a landscape scan stored portrait
        Page(500, 500, label="Square"),  # an odd scan
        Page(A4_W + 3, A4_H - 3, label="Nearly"),  # within 2 mm: left alone
    ]
    source = exhibit(folder / "mixed.pdf", pages)
    bundle = build(tmp_path, [BundleItem("exhibit", "Mixed pages", "C", source, ref="JO/1")])
    assert_all_a4(bundle.path)
    reader = pypdf.PdfReader(bundle.path)
    out = reader.pages[2:]
    orientation = ["portrait" if h > w else "landscape" for w, h in map(displayed_size, out)]
    assert orientation == [
        "portrait",
        "landscape",
        "landscape",
        "landscape",
        "landscape",
        "portrait",
    ]
    assert [float(v) for v in out[2].mediabox] == [0, 0, A4_H, A4_W]
    assert out[3].rotation == 90 and [round(float(v), 2) for v in out[3].mediabox] == [
        0,
        0,
        A4_W,
        A4_H,
    ]
    assert [float(v) for v in out[5].mediabox] == [0, 0, A4_W + 3, A4_H - 3]
    with pdfplumber.open(bundle.path) as pdf:
        for number, source_page in ((3, pages[0]), (4, pages[1]), (7, pages[4])):
            page = pdf.pages[number - 1]
            frame = max(page.rects, key=lambda r: r["width"] * r["height"])
            # Nothing cut off, aspect kept, centred, filling the page one way.
            assert frame["x0"] >= -0.5 and frame["x1"] <= page.width + 0.5
            assert frame["top"] >= -0.5 and frame["bottom"] <= page.height + 0.5
            ratio = (source_page.width - 2) / (source_page.height - 2)
            assert frame["width"] / frame["height"] == pytest.approx(ratio, rel=0.01)
            assert (frame["x0"] + frame["x1"]) / 2 == pytest.approx(page.width / 2, abs=1)
            assert (frame["top"] + frame["bottom"]) / 2 == pytest.approx(page.height / 2, abs=1)
            assert frame["width"] > page.width - 6 or frame["height"] > page.height - 6
            assert source_page.label in page.extract_text()


def test_pages_are_turned_so_their_text_reads_left_to_right(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    source = exhibit(
        folder / "turned.pdf",
        [
            Page(text="down", label="Upside"),
            Page(text="sideways", label="Sideways"),
            Page(rotate=180, text="up", label="Rotated"),  # shown upside down by its /Rotate
            Page(A4_W, A4_H, rotate=90, text="sideways", label="Scan"),  # OCR of a landscape scan
            Page(612, 792, text="down", label="Letter"),  # upside down and not A4
            Page(text=None),
        ],
    )
    bundle = build(tmp_path, [BundleItem("exhibit", "Turned", "C", source, ref="JO/1")])
    assert_all_a4(bundle.path)
    reader = pypdf.PdfReader(bundle.path)
    shapes = ["portrait" if h > w else "landscape" for w, h in map(displayed_size, reader.pages)]
    assert shapes[2:] == ["portrait", "landscape", "portrait", "landscape", "portrait", "portrait"]
    for page, label in ((3, "Upside"), (4, "Sideways"), (5, "Rotated"), (6, "Scan"), (7, "Letter")):
        assert text_direction(bundle.path, page, label) == {(1, 0)}, label
    assert reader.pages[7].rotation == 0


def test_a_page_with_mixed_or_diagonal_text_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    source = exhibit(folder / "few.pdf", [Page(text="down", label="Two")])
    with pikepdf.open(source, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        # Six upside-down lines and six more running upright: no clear direction.
        extra = b" ".join(
            b"BT /F1 12 Tf 1 0 0 1 60 %d Tm (Upright) Tj ET" % (500 - 18 * k) for k in range(6)
        )
        page.contents_add(extra)
        pdf.save(source)
    bundle = build(tmp_path, [BundleItem("exhibit", "Mixed", "C", source, ref="JO/1")])
    assert pypdf.PdfReader(bundle.path).pages[2].rotation == 0


def drawn_exhibit(
    path: Path, content: bytes, form: tuple[list[float], bytes] | None = None
) -> Path:
    """A one-page A4 exhibit drawn by a raw content stream, with a form XObject /Fm0 if given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.new() as pdf:
        font = pdf.make_indirect(
            Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        )
        pdf.add_blank_page(page_size=(A4_W, A4_H))
        page = pdf.pages[0]
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        if form is not None:
            matrix, body = form
            page.obj.Resources.XObject = Dictionary(
                Fm0=pdf.make_stream(
                    body,
                    Type=Name.XObject,
                    Subtype=Name.Form,
                    BBox=Array([0, 0, A4_W, A4_H]),
                    Matrix=Array(matrix),
                    Resources=Dictionary(Font=Dictionary(F1=font)),
                )
            )
        page.obj.Contents = pdf.make_stream(content)
        pdf.save(path)
    return path


# Six lines whose text matrix is upright; what is drawn around them decides which way they run.
UPRIGHT_LINES = b" ".join(
    b"BT /F1 12 Tf 1 0 0 1 60 %d Tm (Drawn line) Tj ET" % (100 + 18 * k) for k in range(6)
)


@pytest.mark.parametrize(
    ("content", "form", "turned"),
    [
        pytest.param(b"q 0 1 -1 0 595.28 0 cm " + UPRIGHT_LINES + b" Q", None, True,
                     id="sideways-by-the-coordinates"),
        # A comment between the operands: read naively, "1 0 0 1 595.28 0" looks upright.
        pytest.param(b"q 0 1 -1 0 % 1 0 0 1\n595.28 0 cm " + UPRIGHT_LINES + b" Q", None, True,
                     id="operands-around-a-comment"),
        pytest.param(b"q /Fm0 Do Q", ([-1, 0, 0, -1, A4_W, A4_H], UPRIGHT_LINES), True,
                     id="upside-down-form"),
        pytest.param(b"q /Fm0 Do Q", ([1, 0, 0, 1, 0, 0], UPRIGHT_LINES), False,
                     id="upright-form"),
        pytest.param(UPRIGHT_LINES + b" BT /F1 12 Tf 60 400 Td (Drawn 20cm long, 1 0 0 -1 0 0 Tm) Tj ET",
                     None, False, id="cm-and-Tm-in-the-text"),
    ],
)  # fmt: skip
def test_text_turned_by_any_matrix_is_turned_upright(
    tmp_path: Path, content: bytes, form: tuple[list[float], bytes] | None, turned: bool
) -> None:
    # Most pages are found upright without pdfium: whatever turns their text must still be seen.
    source = drawn_exhibit(tmp_path / "in" / "drawn.pdf", content, form)
    bundle = build(tmp_path, [BundleItem("exhibit", "Drawn", "C", source, ref="JO/1")])
    assert text_direction(bundle.path, 3, "Drawn") == {(1, 0)}
    assert (pypdf.PdfReader(bundle.path).pages[2].rotation != 0) is turned


# --- a long bundle ----------------------------------------------------------------------------


def test_three_hundred_exhibit_pages_are_numbered_and_indexed_right(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    items = [
        BundleItem("complaint", "Complaint for a stalking protection order", "A",
                   document(folder / "complaint.pdf", "Complaint for a stalking protection order", 3)),
        BundleItem("mg11_oic", "Witness statement (MG11) of the officer in the case", "B",
                   document(folder / "mg11.pdf", "Witness statement MG11", 5)),
    ]  # fmt: skip
    counts = [30, 45, 25, 60, 40, 50, 50]
    for n, count in enumerate(counts, start=1):
        pages = [Page(label=f"E{n}p{k}") for k in range(1, count + 1)]
        items.append(
            BundleItem(
                "exhibit", f"Download {n}", "C", exhibit(folder / f"e{n}.pdf", pages), ref=f"JO/{n}"
            )
        )
    messages: list[str] = []
    bundle = build_bundle(items, INFO, tmp_path / "bundle.pdf", progress=messages.append)
    assert sum(counts) == 300
    assert bundle.pages == 1 + 3 + 5 + len(counts) + 300
    page = bundle.index_pages + 1 + 3 + 5
    expected = [f"2{DASH}4", f"5{DASH}9"]
    for count in counts:
        expected.append(f"{page}{DASH}{page + count}")
        page += count + 1
    assert [pages for _, pages in index_rows(bundle.path, bundle.index_pages)] == expected
    texts = page_texts(bundle.path)
    assert len(texts) == bundle.pages
    for number, text in enumerate(texts, start=1):
        assert text.rstrip().splitlines()[-1].strip().endswith(str(number)), number
    for entry, count in zip(bundle.entries[2:], counts, strict=True):
        n = entry.item.ref.split("/")[1]
        assert f"E{n}p1 line 1" in texts[entry.first_page]
        assert f"E{n}p{count} line 1" in texts[entry.last_page - 1]
    assert any(m.startswith("stamped 100 of") for m in messages)
    assert messages[-1] == f"wrote bundle.pdf ({bundle.pages} pages)"


# --- inputs that cannot be bundled --------------------------------------------------------------


def _encrypted(path: Path) -> None:
    exhibit(path, [Page()])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="secret"))


def _no_pages(path: Path) -> None:
    with pikepdf.new() as pdf:
        pdf.save(path)


def _garbage(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\nthis is not a PDF at all\n" * 10)


def _truncated(path: Path) -> None:
    exhibit(path, [Page()] * 3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_encrypted, "encrypted"),
        (_no_pages, "no pages"),
        (_garbage, "not a readable PDF"),
        (_truncated, "damaged"),
        (lambda path: None, "no such file"),
    ],
    ids=["encrypted", "no-pages", "garbage", "truncated", "missing"],
)
def test_an_unusable_pdf_is_refused_naming_the_item_and_file(
    tmp_path: Path, make: object, reason: str
) -> None:
    items = standard_items(tmp_path / "in")
    bad = tmp_path / "in" / "JO-3 bad.pdf"
    make(bad)  # type: ignore[operator]
    items.append(BundleItem("exhibit", "Phone download", "C", bad, ref="JO/3"))
    target = tmp_path / "out" / "bundle.pdf"
    with pytest.raises(BundleInputError) as raised:
        build_bundle(items, INFO, target)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"exhibit JO/3 ({bad}): ")
    assert reason in message
    assert raised.value.exit_code == ExitCode.cannot_start
    assert not target.exists()


def test_an_unusable_document_is_named_by_its_title(tmp_path: Path) -> None:
    items = standard_items(tmp_path / "in")
    broken = tmp_path / "in" / "summons.pdf"
    _no_pages(broken)
    with pytest.raises(
        BundleInputError, match=r'^"Summons" \(.*summons\.pdf\): the PDF has no pages'
    ):
        build(tmp_path, items)


def test_items_out_of_section_order_are_a_programming_error(tmp_path: Path) -> None:
    items = standard_items(tmp_path / "in")
    with pytest.raises(ValueError, match="section A comes after C"):
        build(tmp_path, [items[-1], items[0]])


def test_an_unwritable_target_is_an_environment_failure(tmp_path: Path) -> None:
    items = standard_items(tmp_path / "in")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(EnvironmentFailure, match="cannot write the bundle") as raised:
        build_bundle(items, INFO, blocker / "bundle.pdf")
    assert raised.value.exit_code == ExitCode.environment


def test_a_page_that_comes_twice_is_two_pages_of_the_bundle(tmp_path: Path) -> None:
    # The same file as two exhibits, and a file whose page tree names one page twice.
    source = pikepdf.new()
    source.add_blank_page()
    source.Root.Pages.Kids.append(source.pages[0].obj)
    source.Root.Pages.Count = 2
    source.save(tmp_path / "twice.pdf")
    items = [
        BundleItem(kind="exhibit", title=title, section="C", pdf=tmp_path / "twice.pdf", ref=ref)
        for title, ref in (("Once", "AB/1"), ("Again", "AB/2"))
    ]
    bundle = build_bundle(items, INFO, tmp_path / "bundle.pdf")
    with pikepdf.open(bundle.path) as pdf:
        objects = [page.obj.objgen for page in pdf.pages]
    assert len(objects) == bundle.pages == 1 + 2 * (1 + 2)  # index, then a cover and two pages
    assert len(set(objects)) == len(objects)
    check = subprocess.run(["qpdf", "--check", str(bundle.path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
