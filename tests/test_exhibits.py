"""Exhibit files: only readable PDFs inside the case folder (rule ``exhibit_files``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from pipeline.validate import validate_case

from .conftest import make_pdf

Case = dict[str, Any]


def _encrypted(path: Path) -> None:
    make_pdf(path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="secret"))


def _truncated(path: Path) -> None:
    make_pdf(path, pages=3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _no_pages(path: Path) -> None:
    with pikepdf.new() as pdf:
        pdf.save(path)


def _outside(path: Path) -> None:
    outside = path.parent.parent.parent / "elsewhere.pdf"
    make_pdf(outside)
    path.symlink_to(outside)


def _inside_link(path: Path) -> None:
    real = make_pdf(path.parent / "real.pdf")
    path.symlink_to(real)


CASES: list[tuple[str, str, Callable[[Path], None] | None, str | None]] = [
    ("absolute", "/etc/passwd.pdf", None, "is not a relative path"),
    ("windows-path", "exhibits\\JO-9.pdf", None, "is not a relative path"),
    ("dot-dot", "../outside.pdf", None, "is outside the case folder"),
    ("symlink-outside", "exhibits/link.pdf", _outside, "is outside the case folder"),
    ("symlink-inside", "exhibits/link.pdf", _inside_link, None),
    ("directory", "exhibits/folder.pdf", lambda p: p.mkdir(), "is a folder, not a PDF file"),
    ("empty", "exhibits/empty.pdf", lambda p: p.write_bytes(b""), "is not a PDF"),
    (
        "not-a-pdf",
        "exhibits/photo.pdf",
        lambda p: p.write_bytes(b"\xff\xd8\xff\xe0JFIF"),
        "is not a PDF",
    ),
    ("encrypted", "exhibits/locked.pdf", _encrypted, "is encrypted"),
    ("damaged", "exhibits/cut.pdf", _truncated, "is a damaged PDF"),
    ("no-pages", "exhibits/none.pdf", _no_pages, "has no pages"),
    ("missing", "exhibits/missing.pdf", None, "There is no file"),
]


@pytest.mark.parametrize(
    ("name", "make", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_exhibit_files(
    name: str,
    make: Callable[[Path], None] | None,
    words: str | None,
    example: Case,
    write_case: Callable[[Any], Path],
) -> None:
    example["exhibits"][0]["file"] = "exhibits/JO-1.pdf"
    path = write_case(example)
    if make:
        target = path.parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        make(target)
    example["exhibits"][0]["file"] = name
    path.write_text(__import__("json").dumps(example), encoding="utf-8")
    findings = validate_case(path).findings
    if words is None:
        assert findings == ()
    else:
        assert [(f.rule, f.path) for f in findings] == [("exhibit_files", "/exhibits/0/file")]
        assert words in findings[0].message
