"""Exhibit files: inside the case folder, and readable PDFs (rule ``exhibit_files``)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pikepdf

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
    base = folder.resolve()
    target = (base / name).resolve()
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
    if not target.exists():
        return f'There is no file "{name}" in the case folder. Add it, or correct the path.'
    if not target.is_file():
        return f'"{name}" is a folder, not a PDF file. Give the path of the exhibit\'s PDF.'
    try:
        with target.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        return f'"{name}" cannot be read ({exc.strerror or exc}). Check its permissions.'
    if _PDF_MAGIC not in head:
        return f'"{name}" is not a PDF. Convert the exhibit to PDF first.'
    return _pdf_problem(target, name)


def _pdf_problem(target: Path, name: str) -> str | None:
    try:
        with pikepdf.open(target) as pdf:
            # qpdf silently rebuilds a broken file, sometimes without some of its pages: a
            # rebuilt exhibit is refused rather than put before the court incomplete.
            repairs = [w.split(": ", 1)[-1] for w in pdf.get_warnings()]
            if any("damaged" in w or "reconstruct" in w for w in repairs):
                detail = next((w for w in repairs if "damaged" not in w), repairs[0])
                return f'"{name}" is a damaged PDF ({detail}). Export or scan the exhibit again.'
            if len(pdf.pages) == 0:
                return f'"{name}" has no pages. Replace it with the complete exhibit.'
    except pikepdf.PasswordError:
        return f'"{name}" is encrypted with a password. Save an unprotected copy of the exhibit.'
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return f'"{name}" is a damaged PDF ({reason}). Export or scan the exhibit again.'
    return None
