"""How ``spo check`` reads a page's text (pipeline/pdftext.py).

A page's runs of text are sliced from its characters when PDFium counts one run on a line, and
found by PDFium's search of each run's box otherwise (see ``pdftext._pieces``). The two must
read every page alike: these tests read pages both ways and compare, on pages made to hold what
differs between the ways (several runs on a line, format characters, characters outside the
Basic Multilingual Plane), on bundles from the second producer, and on the 500-page kind of
exhibit the benchmark uses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from pipeline import pdftext
from tests.received import LAYOUTS, Layout, write_bundle

from .conftest import SAMPLES

_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
2 beginbfchar
<7C> <200B>
<7E> <D835DC00>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""
"""Read "|" as a zero-width space that still has a glyph's box, and "~" as U+1D400."""


def _pdf(path: Path, pages: list[bytes]) -> Path:
    """A PDF of A4 pages drawn by the given content streams, in Helvetica with _TO_UNICODE."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
            ToUnicode=pdf.make_stream(_TO_UNICODE),
        )
    )
    for content in pages:
        pdf.pages.append(
            pikepdf.Page(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=[0, 0, 595.28, 841.89],
                    Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                    Contents=pdf.make_stream(content),
                )
            )
        )
    pdf.save(path)
    return path


def _lines(*rows: tuple[float, float, str]) -> bytes:
    """A content stream drawing each (x, y, text) as one text object."""
    shows = [f"BT /F1 11 Tf {x} {y} Td ({text}) Tj ET" for x, y, text in rows]
    return "\n".join(shows).encode("latin-1")


def _searched_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every page's runs be found by PDFium's search, as before the slicing."""
    raw_text = pdftext._raw_text
    monkeypatch.setattr(pdftext, "_raw_text", lambda page, count: (raw_text(page, count)[0], None))


def _read(path: Path) -> list[tuple[tuple[tuple[str, ...], ...], tuple[tuple[int, str], ...]]]:
    return [
        (tuple(line.cells for line in page.lines), page.segments)
        for page in pdftext.iter_pages(path)
    ]


def _both_ways(path: Path) -> Iterator[list[object]]:
    with pytest.MonkeyPatch.context() as patch:
        yield _read(path)
        _searched_only(patch)
        yield _read(path)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    return _pdf(
        tmp_path / "mixed.pdf",
        [
            _lines(
                (72, 760, "Statement of witness"),
                (72, 740, "Name:"),
                (300, 740, "Jo Bloggs"),
                (72, 720, "Address: 9 Or|chard Row"),
                (72, 700, "Bold"),
                (97, 700, "face and plain on one line"),
                (520, 40, "17"),
            ),
            _lines((72, 760, "~BC starts outside the BMP"), (72, 740, "then a plain line")),
        ],
    )


def test_a_page_reads_as_a_person_reads_it(mixed: Path) -> None:
    first, second = pdftext.iter_pages(mixed)
    # Searched for, not sliced: runs side by side, and "|" read as a space; on the second page,
    # PDFium's text gives "~" two places (UTF-16), so offsets are not character indices.
    assert not first.verbatim and not second.verbatim
    assert second.lines[0].cells == ("\U0001d400BC starts outside the BMP",)
    assert [line.cells for line in first.lines] == [
        ("Statement of witness",),
        ("Name:", "Jo Bloggs"),  # far apart: two cells
        ("Address: 9 Or chard Row",),  # a format character breaks the text
        ("Bold face and plain on one line",),  # two runs side by side: one cell
        ("17",),
    ]


def test_runs_sliced_from_the_characters_read_as_pdfium_searches_them(mixed: Path) -> None:
    sliced, searched = _both_ways(mixed)
    assert sliced == searched
    assert "then a plain line" in searched[1][0][1]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_received_bundles_read_alike_both_ways(tmp_path: Path, layout: Layout) -> None:
    case = json.loads((SAMPLES / "full-with-interim" / "case.json").read_text(encoding="utf-8"))
    bundle = write_bundle(case, tmp_path / "bundle.pdf", layout, extra_pages=3)
    sliced, searched = _both_ways(bundle)
    assert len(sliced) > 10
    assert sliced == searched


def test_a_long_page_is_read_without_searching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search costs a pass over the page per run: pages of 60 lines need none."""
    rows = [(72.0, 800.0 - 13 * n, f"Line {n} of an exhibit, with words on it.") for n in range(60)]
    # Each line in three runs: a label, a value far off, and words right after it.
    table = [
        row
        for n in range(60)
        for row in ((72.0, 800.0 - 13 * n, f"Item {n}:"), (300.0, 800.0 - 13 * n, "value"),
                    (330.0, 800.0 - 13 * n, f"number {n}"))
    ]  # fmt: skip
    path = _pdf(tmp_path / "long.pdf", [_lines(*rows), _lines(*table)])
    searches: list[object] = []
    search = pdftext._Searcher.add
    monkeypatch.setattr(pdftext._Searcher, "add", lambda *args: searches.append(search(*args)))
    sliced, searched = _both_ways(path)
    assert sliced == searched
    assert sliced[0][0] == tuple((text,) for _, _, text in rows)
    assert sliced[1][0] == tuple((f"Item {n}:", f"value number {n}") for n in range(60))
    assert len(searches) == 60 + 180  # all of them from the second, search-only reading
    for page, raw in pdftext.iter_pages_raw(path):
        assert page.verbatim
        assert page.text.split() == raw.split()
