"""A stand-in for LibreOffice in tests: each .docx becomes a PDF of its text.

It reads the rendered document with python-docx and draws its paragraphs and table rows with
reportlab, one line each (long ones wrapped), and each page's header and footer, filling in the
PAGE and NUMPAGES fields as Word and LibreOffice do. So the checklist still finds titles, terms,
declarations and signature lines. It is fast and needs no LibreOffice; the end-to-end tests use
the real one.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.tools.process import ToolRun

LINES_PER_PAGE = 48
PAGE, PAGES = "\x00PAGE\x00", "\x00NUMPAGES\x00"


def _text(paragraph: object) -> str:
    """A paragraph's text, with its PAGE and NUMPAGES fields as markers."""
    parts = []
    for node in paragraph._p:  # type: ignore[attr-defined]
        if node.tag == qn("w:fldSimple"):
            instr = node.get(qn("w:instr"), "")
            parts.append(PAGES if "NUMPAGES" in instr else PAGE if "PAGE" in instr else "")
        else:
            for child in node.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
                parts.append(child.text or "" if child.tag == qn("w:t") else
                             "\n" if child.tag == qn("w:br") else " ")  # fmt: skip
    return "".join(parts)


def _wrapped(texts: Iterable[str]) -> list[str]:
    lines = [line for text in texts for line in text.split("\n")]
    return [part for line in lines for part in (textwrap.wrap(line, 90) or [""])]


def _body(document: object) -> list[str]:
    """Paragraphs and table rows in document order."""
    texts = []
    for node in document.element.body:  # type: ignore[attr-defined]
        if node.tag == qn("w:p"):
            texts.append(_text(Paragraph(node, document)))
        elif node.tag == qn("w:tbl"):
            for row in Table(node, document).rows:
                for cell in row.cells:
                    texts += [_text(p) for p in cell.paragraphs]
    return _wrapped(texts)


def _fill(line: str, page: int, pages: int) -> str:
    return line.replace(PAGE, str(page)).replace(PAGES, str(pages))


def write_pdf(source: Path, target: Path, *, dated: bool = False) -> None:
    """Draw ``source`` (a .docx) as a plain-text PDF at ``target``.

    ``dated``: with a /CreationDate, as LibreOffice writes, which spo assemble removes.
    """
    document = Document(str(source))
    section = document.sections[0]
    header = _wrapped(_text(p) for p in section.header.paragraphs)
    footer = _wrapped(_text(p) for p in section.footer.paragraphs)
    body = _body(document)
    pages = max(1, math.ceil(len(body) / LINES_PER_PAGE))
    canvas = Canvas(str(target), pagesize=A4, invariant=not dated)
    for page in range(1, pages + 1):
        y = 810.0
        for line in header:
            canvas.drawString(50, y, _fill(line, page, pages))
            y -= 14
        y -= 10
        for line in body[(page - 1) * LINES_PER_PAGE : page * LINES_PER_PAGE]:
            canvas.drawString(50, y, _fill(line, page, pages))
            y -= 14
        y = 40.0 + 14 * len(footer)
        for line in footer:
            canvas.drawString(50, y, _fill(line, page, pages))
            y -= 14
        canvas.showPage()
    canvas.save()


class TextConverter:
    """Writes ``outdir/<stem>.pdf`` for each source; counts its calls."""

    def __init__(self, fail_on: str | None = None, interrupt: bool = False) -> None:
        self.calls = 0
        self.fail_on = fail_on
        self.interrupt = interrupt

    def convert(self, sources: Sequence[Path], outdir: Path) -> ToolRun:
        self.calls += 1
        if self.interrupt:
            raise KeyboardInterrupt
        for source in sources:
            if self.fail_on and self.fail_on in source.name:
                continue  # writes nothing for this one, as a failing LibreOffice does
            write_pdf(source, outdir / f"{source.stem}.pdf")
        return ToolRun(tool="text converter (tests)", status=0)
