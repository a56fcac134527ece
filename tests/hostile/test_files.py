"""Item 4: exhibit files that attack the tool or the bundle.

Refused, as an ``exhibit_files`` finding at ``/exhibits/0/file`` (validate exit 1, assemble exit
1 with no OUTDIR): a symbolic link out of the case folder, a ``..`` path, a folder, a pipe, a
0-byte file, a PDF encrypted with a password. Stripped, and said so: JavaScript, launch actions
and embedded files (docs/security.md). Accepted: a PDF with only an owner password (usage
restrictions), a 1,000-page exhibit. Warned: an image-only exhibit (``exhibit_ocr``), whose
pages then fail the checklist's ``text_layer`` item.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from pipeline.assemble import assemble_case

from ..conftest import Run, hidden_leftovers, make_pdf
from ..textconverter import TextConverter
from .helpers import (
    active_names_in,
    active_pdf,
    case_with_exhibit,
    outdir_is_whole,
    pages_text,
    scanned_pdf,
    text_pdf,
)

Case = dict[str, Any]


def _outside_file(path: Path) -> None:
    outside = make_pdf(path.parents[2] / "elsewhere" / "secret.pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(outside)


def _outside_folder(path: Path) -> None:
    # exhibits/linked -> a folder outside; the exhibit is exhibits/linked/secret.pdf
    make_pdf(path.parents[3] / "elsewhere" / "secret.pdf")
    path.parent.symlink_to(path.parents[3] / "elsewhere", target_is_directory=True)


def _encrypted(path: Path) -> None:
    text_pdf(path, ["locked"])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="secret"))


REFUSED: list[tuple[str, str, Callable[[Path], None] | None, str]] = [
    ("symlink-out", "exhibits/link.pdf", _outside_file, "is outside the case folder"),
    ("symlinked-folder", "exhibits/linked/secret.pdf", _outside_folder, "is outside the case"),
    ("dot-dot", "../elsewhere/secret.pdf", None, "is outside the case folder"),
    ("dot-dot-inside-out", "exhibits/../../case2/x.pdf", None, "is outside the case folder"),
    ("folder", "exhibits/folder.pdf", lambda p: p.mkdir(parents=True), "is a folder"),
    ("pipe", "exhibits/pipe.pdf", lambda p: os.mkfifo(p), "not a regular file"),
    ("zero-bytes", "exhibits/empty.pdf", lambda p: p.write_bytes(b""), "is not a PDF"),
    ("encrypted", "exhibits/locked.pdf", _encrypted, "encrypted with a password"),
]


@pytest.mark.parametrize(
    ("name", "make", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_a_refused_exhibit_is_a_finding_and_nothing_is_assembled(
    name: str,
    make: Callable[[Path], None] | None,
    words: str,
    example: Case,
    tmp_path: Path,
    spo: Callable[..., Run],
) -> None:
    folder = tmp_path / "cases" / "case"
    if name.startswith("../"):
        make_pdf(tmp_path / "cases" / "elsewhere" / "secret.pdf")
    _, path = case_with_exhibit(example, folder, name, make)
    result = spo("validate", path, "--format", "json")
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert [(f["rule"], f["path"]) for f in findings] == [("exhibit_files", "/exhibits/0/file")]
    assert words in findings[0]["message"]
    out = tmp_path / "out"
    assembled = spo("assemble", path, "-o", out, "-q")
    assert assembled.code == 1
    assert "nothing was assembled" in assembled.err
    assert not out.exists() and hidden_leftovers(tmp_path) == []


def test_a_pdf_with_only_an_owner_password_is_accepted_and_bundled_unencrypted(
    example: Case, tmp_path: Path, spo: Callable[..., Run]
) -> None:
    def restricted(path: Path) -> None:
        text_pdf(path, ["Owner-restricted exhibit"])
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            no_copy = pikepdf.Permissions(extract=False, modify_other=False)
            pdf.save(path, encryption=pikepdf.Encryption(user="", owner="o", allow=no_copy))

    _, path = case_with_exhibit(example, tmp_path / "case", "exhibits/restricted.pdf", restricted)
    assert spo("validate", path).code == 0
    result = assemble_case(path, tmp_path / "out", converter=TextConverter())
    with pikepdf.open(result.bundle) as bundle:
        assert not bundle.is_encrypted
    assert any("Owner-restricted exhibit" in t for t in pages_text(result.bundle))


def test_javascript_launch_actions_and_embedded_files_are_stripped_from_the_bundle(
    example: Case, tmp_path: Path
) -> None:
    _, path = case_with_exhibit(example, tmp_path / "case", "exhibits/active.pdf", active_pdf)
    assert active_names_in(path.parent / "exhibits/active.pdf") == {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
    }
    said: list[str] = []
    result = assemble_case(path, tmp_path / "out", converter=TextConverter(), progress=said.append)
    # Before the fix the bundle carried /JavaScript, /JS, /Launch and /EmbeddedFile.
    assert active_names_in(result.bundle) == set()
    assert [m for m in said if m.startswith("removed ")] == [
        "removed page actions, embedded files, JavaScript, a launch action from exhibit JO/1 "
        f"({path.parent / 'exhibits/active.pdf'})"
    ]
    with pikepdf.open(result.bundle) as bundle:
        assert "/AA" not in bundle.Root and "/Names" not in bundle.Root
        assert bundle.Root.OpenAction[1] == pikepdf.Name.XYZ  # our own: open at page 1, 100 %
        first = next(d for d in result.checklist.documents if d.item == "exhibits").first_page
        page = bundle.pages[first].obj  # the exhibit's first page, after its cover
        assert "/AA" not in page and "/AF" not in page
        actions = [dict(a.A) for a in page.Annots if "/A" in a]
        kinds = sorted(str(a["/S"]) for a in actions)
        assert kinds == ["/GoTo", "/URI"]  # the safe links stay; their /Next chain is gone
        assert all("/Next" not in a for a in actions)
        assert [str(a.Subtype) for a in page.Annots] == ["/Link", "/Link"]
    outdir_is_whole(result.outdir)


def test_a_1000_page_exhibit_is_bundled_stamped_and_checked(example: Case, tmp_path: Path) -> None:
    pages = [f"Phone download page {n}" for n in range(1, 1001)]
    _, path = case_with_exhibit(
        example, tmp_path / "case", "exhibits/download.pdf", lambda p: text_pdf(p, pages)
    )
    started = time.monotonic()
    result = assemble_case(path, tmp_path / "out", converter=TextConverter())
    took = time.monotonic() - started
    assert took < 30, f"{took:.1f} s"
    exhibit = next(d for d in result.checklist.documents if d.item == "exhibits")
    assert exhibit.last_page - exhibit.first_page == 1000  # its cover, then 1,000 pages
    texts = pages_text(result.bundle)
    assert "Phone download page 1000" in texts[exhibit.last_page - 1]
    assert texts[exhibit.last_page - 1].rstrip().endswith(str(exhibit.last_page))  # the stamp
    failed = {i.id: i.message for i in result.checklist.items if i.status == "fail"}
    assert failed == {}


def test_an_image_only_exhibit_is_a_warning_and_fails_text_layer_on_its_pages(
    example: Case, tmp_path: Path, spo: Callable[..., Run]
) -> None:
    _, path = case_with_exhibit(
        example, tmp_path / "case", "exhibits/scan.pdf", lambda p: scanned_pdf(p, 2)
    )
    result = spo("validate", path, "--format", "json")
    assert result.code == 0  # a warning does not block
    (finding,) = json.loads(result.out)["findings"]
    assert (finding["rule"], finding["severity"], finding["path"]) == (
        "exhibit_ocr",
        "warning",
        "/exhibits/0/file",
    )
    assert "pages 1, 2" in finding["message"] and "OCR" in finding["message"]
    assembled = assemble_case(path, tmp_path / "out", converter=TextConverter())
    exhibit = next(d for d in assembled.checklist.documents if d.item == "exhibits")
    layer = next(i for i in assembled.checklist.items if i.id == "text_layer")
    assert layer.status == "fail"
    assert layer.pages == (exhibit.first_page + 1, exhibit.first_page + 2)
    assert "OCR" in layer.message
