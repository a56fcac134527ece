"""DOCX to PDF with LibreOffice: every document of a case in one run, every PDF checked.

The stage's verb is :func:`convert_documents`. What does the converting is a
:class:`Converter`:

* :class:`SofficeConverter` (the default of :func:`convert_documents`): one
  ``soffice --headless --convert-to pdf`` run per call, with every document of the case in it
  (LibreOffice starts once per case, about 1 s), a fresh profile and ``HOME`` in a temporary
  folder, killed with its process group after a timeout.
* :class:`UnoConverter` (used by ``spo assemble``: through
  :class:`~pipeline.tools.uno.EarlyStart` for one case, one per job of a batch): LibreOffice kept running
  and driven over UNO; ready about 0.9 s after start, then about 0.05 s per rendered document
  (:mod:`pipeline.tools.uno` has the measurements, and why it is not unoserver). It restarts
  LibreOffice after a crash, a hang or ``max_conversions`` documents, and falls back to
  :class:`SofficeConverter` with a warning when ``python3-uno`` is missing.
* Tests and later stages can pass anything with the :class:`Converter` method.

``soffice`` exits 0 when a document fails, so nothing a converter says is trusted: each PDF
must exist, be non-empty, open with pikepdf and have at least one page.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

import pikepdf

from pipeline.errors import ConversionError, EnvironmentFailure, InputError
from pipeline.pdfstructure import repaired
from pipeline.tools.process import ToolRun
from pipeline.tools.soffice import (
    INSTALL_COMMAND,
    SOFFICE_ENV,
    SofficeConverter,
    find_soffice,
    require_soffice,
)
from pipeline.tools.uno import UnoConverter

__all__ = [
    "INSTALL_COMMAND",
    "SOFFICE_ENV",
    "Converter",
    "PdfDocument",
    "SofficeConverter",
    "ToolRun",
    "UnoConverter",
    "convert_documents",
    "find_soffice",
    "require_soffice",
]

log = logging.getLogger(__name__)

_ZIP_MAGIC = b"PK\x03\x04"
_WORD_PART = "word/document.xml"


@dataclass(frozen=True, slots=True)
class PdfDocument:
    """A document converted to PDF and checked.

    Attributes:
        source: The .docx it was made from.
        pdf: The PDF: ``outdir/<source stem>.pdf``.
        pages: Its page count (at least 1).
    """

    source: Path
    pdf: Path
    pages: int


class Converter(Protocol):
    """Anything that turns .docx files into PDFs named after them."""

    def convert(self, sources: Sequence[Path], outdir: Path) -> ToolRun:
        """Write ``outdir/<stem>.pdf`` for every source.

        Args:
            sources: Checked .docx files with different stems.
            outdir: An existing folder; stale PDFs of these names have been removed.

        Returns:
            What the program did, quoted when a PDF turns out missing or broken.

        Raises:
            ConversionError: The program failed in a way it can tell (crash, hang, exit status).
        """
        ...


class ReportingConverter(Protocol):
    """A :class:`Converter` that can say when each document is done (``reports_each``)."""

    name: str
    reports_each: bool

    def convert(
        self, sources: Sequence[Path], outdir: Path, each: Callable[[int], object] | None = None
    ) -> ToolRun:
        """As :meth:`Converter.convert`.

        ``each`` is called with a source's index, in order, as soon as its PDF is written.
        """
        ...


def convert_documents(
    sources: Sequence[Path],
    outdir: Path,
    converter: Converter | None = None,
    each: Callable[[PdfDocument], object] | None = None,
) -> tuple[PdfDocument, ...]:
    """Convert a case's documents to PDF, all in one converter call, and check every PDF.

    Args:
        sources: The .docx files, in bundle order. Their stems name the PDFs, so they must
            differ.
        outdir: The folder for the PDFs (created when missing). A PDF already there with the
            same name is replaced.
        converter: What converts; a :class:`SofficeConverter` made (and closed) for this call
            when None.
        each: Called with every checked PDF, in order: as soon as it is written when the
            converter says so (``reports_each``, as :class:`UnoConverter` does), else once all
            are.

    Returns:
        One checked PDF per source, in the order of ``sources``.

    Raises:
        ConversionError: A source is missing or not a Word .docx file, or a PDF was not written,
            is empty, unreadable or has no pages; the message names the document, the tool, its
            exit status and the end of its stderr.
        ToolMissingError: No converter was given and LibreOffice is not installed.
        InputError: Two sources have the same stem, so their PDFs would overwrite each other.
        EnvironmentFailure: ``outdir`` cannot be created or written.
    """
    sources = tuple(sources)
    _check_sources(sources)
    targets = tuple(outdir / f"{source.stem}.pdf" for source in sources)
    _prepare(outdir, targets)
    if not sources:
        return ()
    done: list[PdfDocument] = []

    def check(index: int, run: ToolRun) -> None:
        document = PdfDocument(
            sources[index], targets[index], _checked_pages(sources[index], targets[index], run)
        )
        done.append(document)
        if each is not None:
            each(document)

    if converter is None:
        with SofficeConverter() as own:
            run = own.convert(sources, outdir)
    elif each is not None and getattr(converter, "reports_each", False) is True:
        # Checked as each is written; a problem is told as of then ("... is running").
        reporting = cast("ReportingConverter", converter)
        run = reporting.convert(sources, outdir, lambda i: check(i, ToolRun(reporting.name, None)))
    else:
        run = converter.convert(sources, outdir)
    for index in range(len(done), len(sources)):
        check(index, run)
    log.info("Converted %d documents to PDF (%s)", len(done), run.tool)
    return tuple(done)


def _check_sources(sources: Sequence[Path]) -> None:
    """Refuse what LibreOffice would get wrong without saying so.

    A text file renamed .docx is silently converted into a PDF of its text (``tooling.md``), so
    a source must be a zip holding a Word document part before LibreOffice sees it.
    """
    seen: dict[str, Path] = {}
    for source in sources:
        fix = "render the document again"
        try:
            with source.open("rb") as handle:
                head = handle.read(len(_ZIP_MAGIC))
        except FileNotFoundError:
            raise ConversionError(f"{source}: no such document to convert; {fix}") from None
        except OSError as exc:
            raise ConversionError(
                f"{source}: cannot be read ({exc.strerror or exc}); check its permissions"
            ) from exc
        if head != _ZIP_MAGIC or not _has_word_part(source):
            raise ConversionError(
                f"{source}: not a Word .docx file, so LibreOffice was not asked to convert it; "
                f"{fix}, or save it from Word as .docx"
            )
        earlier = seen.setdefault(source.stem, source)
        if earlier is not source:
            raise InputError(
                f"{source}: same name as {earlier}, and both would be written to "
                f"{source.stem}.pdf; give the documents different file names"
            )


def _has_word_part(source: Path) -> bool:
    try:
        with zipfile.ZipFile(source) as archive:
            return _WORD_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _prepare(outdir: Path, targets: Sequence[Path]) -> None:
    """Create ``outdir`` and remove old PDFs, so a PDF left by an earlier run never passes."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        for target in targets:
            target.unlink(missing_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(
            f"{exc.filename or outdir}: cannot write the PDFs there ({exc.strerror or exc}); "
            "choose a writable output folder"
        ) from exc


def _checked_pages(source: Path, pdf: Path, run: ToolRun) -> int:
    """The PDF's page count, or a ConversionError saying what is wrong with it."""
    how = "check that the document opens in LibreOffice Writer, then run again"
    if not pdf.is_file():
        problem = "no PDF was written"
    elif pdf.stat().st_size == 0:
        problem = f"the PDF {pdf.name} is empty"
    else:
        try:
            with pikepdf.open(pdf) as document:
                pages = len(document.pages)
                # A truncated file (LibreOffice killed mid-write), rebuilt by qpdf, may lack its
                # last pages.
                damage = repaired(document)
        except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            problem = f"the PDF {pdf.name} cannot be read ({reason})"
        else:
            if damage is not None:
                problem = f"the PDF {pdf.name} is damaged ({damage})"
            elif pages >= 1:
                return pages
            else:
                problem = f"the PDF {pdf.name} has no pages"
    raise ConversionError(f"{source}: {problem} ({run.describe()}); {how}")
