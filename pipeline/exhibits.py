"""Exhibit files: inside the case folder, and readable PDFs (rule ``exhibit_files``).

The text of a readable exhibit is read too (:func:`exhibit_pages`): the validator looks in it
for a protected person's restricted details (rule ``restricted_details``) and for pages that are
scans without a text layer (warning ``exhibit_ocr``, ``docs/case-file.md``).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import pikepdf

from pipeline.errors import InputError
from pipeline.pdfstructure import repaired
from pipeline.pdftext import iter_pages

_PDF_MAGIC = b"%PDF-"


def resolve_exhibit(folder: Path, name: str) -> Path | str:
    """Resolve an exhibit path inside the case folder.

    Args:
        folder: The folder that holds the case file (resolved).
        name: ``exhibits[].file`` as written in the case.

    Returns:
        The resolved path, or a sentence saying why the path is refused.
    """
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or "\\" in name:
        return (
            f'"{name}" is not a relative path: write the exhibit path relative to the case file\'s '
            'folder, with forward slashes (e.g. "exhibits/JO-1.pdf").'
        )
    if "\x00" in name:
        return (
            f"{json.dumps(name)} holds a NUL character, which no file name can: correct the path."
        )
    base = folder.resolve()
    try:
        target = (base / name).resolve()
    except RuntimeError:  # Python 3.11 reports a loop of symbolic links this way
        return (
            f'"{name}" is a symbolic link that leads back to itself, so it names no file: '
            "replace it with the exhibit's PDF."
        )
    except OSError as exc:
        return f'"{name}" cannot be looked up ({exc.strerror or exc}): correct the path.'
    if not target.is_relative_to(base):
        return (
            f'"{name}" is outside the case folder {base}: copy the exhibit into the case folder and '
            "give its path from there."
        )
    return target


def exhibit_problem(folder: Path, name: str) -> str | None:
    """Why an exhibit file cannot go into the bundle, or None when it can.

    Args:
        folder: The folder that holds the case file.
        name: ``exhibits[].file`` as written in the case.

    Returns:
        A sentence naming the problem and the fix, or None.
    """
    target = resolve_exhibit(folder, name)
    if isinstance(target, str):
        return target
    try:
        return _file_problem(target, name)
    except OSError as exc:  # a name too long, a folder that cannot be searched...
        return (
            f'"{name}" cannot be read ({exc.strerror or exc}). Check the path and its permissions.'
        )


def _file_problem(target: Path, name: str) -> str | None:
    if not target.exists():
        return f'There is no file "{name}" in the case folder. Add it, or correct the path.'
    if target.is_dir():
        return f'"{name}" is a folder, not a PDF file. Give the path of the exhibit\'s PDF.'
    if not target.is_file():
        # A named pipe or a device would block or never end when read.
        return (
            f'"{name}" is not a regular file (a pipe, a socket or a device). Give the path of the '
            "exhibit's PDF."
        )
    try:
        with target.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        return f'"{name}" cannot be read ({exc.strerror or exc}). Check its permissions.'
    if _PDF_MAGIC not in head:
        return f'"{name}" is not a PDF. Convert the exhibit to PDF first.'
    stat = target.stat()
    return _pdf_problem(target, name, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _pdf_problem(target: Path, name: str, size: int, mtime: int) -> str | None:
    """What is wrong with an exhibit's PDF, opened once per version of the file.

    Several rules ask about each exhibit; size and modification time are part of the key.
    """
    del size, mtime
    try:
        with pikepdf.open(target) as pdf:
            # qpdf silently rebuilds a broken file, sometimes without some of its pages: a
            # rebuilt exhibit is refused rather than put before the court incomplete.
            detail = repaired(pdf)
            if detail is not None:
                return f'"{name}" is a damaged PDF ({detail}). Export or scan the exhibit again.'
            if len(pdf.pages) == 0:
                return f'"{name}" has no pages. Replace it with the complete exhibit.'
    except pikepdf.PasswordError:
        return f'"{name}" is encrypted with a password. Save an unprotected copy of the exhibit.'
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return f'"{name}" is a damaged PDF ({reason}). Export or scan the exhibit again.'
    return None


@dataclass(frozen=True, slots=True)
class ExhibitPage:
    """The text of one page of an exhibit.

    Attributes:
        number: The page's number in the exhibit, from 1.
        text: Its text, as the bundle checker reads it.
        scanned: True when it has no text but shows an image (a scan that needs OCR).
    """

    number: int
    text: str
    scanned: bool


def exhibit_pages(folder: Path, name: str) -> tuple[ExhibitPage, ...]:
    """The text of each page of an exhibit, or nothing when :func:`exhibit_problem` refuses it.

    Read once per file version (path, size and modification time), however many rules ask.

    Args:
        folder: The folder that holds the case file.
        name: ``exhibits[].file`` as written in the case.

    Returns:
        One entry per page; empty when the exhibit cannot be read.
    """
    if exhibit_problem(folder, name) is not None:
        return ()
    target = resolve_exhibit(folder, name)
    if isinstance(target, str):  # pragma: no cover - exhibit_problem refused it already
        return ()
    stat = target.stat()
    return _read_pages(target, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _read_pages(path: Path, size: int, mtime: int) -> tuple[ExhibitPage, ...]:
    del size, mtime  # part of the cache key: a changed file is read again
    pages = []
    try:
        for page in iter_pages(path):
            text = page.text
            blank = not any(c.isalnum() for c in text)
            pages.append(ExhibitPage(page.number, text, blank and page.has_image is True))
    except InputError:
        return ()
    return tuple(pages)
