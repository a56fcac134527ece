"""Read a received PDF's structure for the bundle checker, with pikepdf (qpdf).

pikepdf opens the file first. It refuses what cannot be read (not a PDF, empty, truncated or
damaged, encrypted, no pages) with a one-line :class:`~pipeline.errors.InputError`, and reads the
structure: page count, bookmarks (with named and action destinations resolved to pages), how the
file opens, the annotations' text and the document information. The pages' text is read by
:mod:`pipeline.pdftext`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from pipeline.pdftext import check_file, refuse


@dataclass(frozen=True, slots=True)
class Bookmark:
    """One entry of the PDF's outline.

    Attributes:
        title: The title shown in the bookmarks panel.
        page: The 1-based page it opens, or None when its destination leads nowhere.
        level: Nesting depth, 0 for a top-level bookmark.
    """

    title: str
    page: int | None
    level: int


@dataclass(frozen=True, slots=True)
class PdfStructure:
    """What the checker needs from the file apart from its text.

    Attributes:
        pages: The number of pages.
        size: The file size in bytes.
        bookmarks: The outline, depth first.
        page_mode: The catalog's ``/PageMode`` without its slash (``UseOutlines``), or None.
        open_zoom: The zoom of the ``/OpenAction`` destination (1.0 is 100%), or None when the
            file sets none or opens at a fit mode.
        open_view: How the file opens, in words, for messages (``"fit page"``, ``"no open
            action"``, ``"zoom 100%"``).
        annotations: The text the page's annotations carry (notes, their authors and subjects,
            link addresses), as (1-based page, text), which a viewer shows but the page text
            does not hold.
        info: The document information (title, subject, author, keywords), one line each.
    """

    pages: int
    size: int
    bookmarks: tuple[Bookmark, ...]
    page_mode: str | None
    open_zoom: float | None
    open_view: str
    annotations: tuple[tuple[int, str], ...] = ()
    info: str = ""


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _named(pdf: pikepdf.Pdf, name: Any) -> Any:
    """Resolve a named destination (PDF 1.1 ``/Dests`` or the ``/Names`` tree)."""
    key = str(name).lstrip("/")
    root = pdf.Root
    if "/Names" in root and "/Dests" in root.Names:
        tree = pikepdf.NameTree(root.Names.Dests)
        if key in tree:
            return tree[key]
    if "/Dests" in root and ("/" + key) in root.Dests:
        return root.Dests["/" + key]
    return None


def _destination(pdf: pikepdf.Pdf, dest: Any, action: Any = None) -> Any:
    """The explicit destination array of a bookmark or open action, or None."""
    if dest is None and isinstance(action, pikepdf.Dictionary):
        if action.get("/S") != pikepdf.Name.GoTo:
            return None
        dest = action.get("/D")
    if isinstance(dest, pikepdf.Name | pikepdf.String | str):
        dest = _named(pdf, dest)
    if isinstance(dest, pikepdf.Dictionary):
        dest = dest.get("/D")
    return dest if isinstance(dest, pikepdf.Array) and len(dest) >= 1 else None


def _page_of(dest: Any, pages: dict[tuple[int, int], int]) -> int | None:
    if dest is None:
        return None
    target = dest[0]
    if isinstance(target, pikepdf.Dictionary) and target.is_indirect:
        index = pages.get(target.objgen)
        return None if index is None else index + 1
    return None


def _bookmarks(pdf: pikepdf.Pdf, pages: dict[tuple[int, int], int]) -> tuple[Bookmark, ...]:
    found: list[Bookmark] = []
    with pdf.open_outline() as outline:
        stack = [(item, 0) for item in reversed(outline.root)]
        while stack and len(found) < 100_000:
            item, level = stack.pop()
            dest = _destination(pdf, item.destination, item.action)
            found.append(Bookmark(str(item.title or ""), _page_of(dest, pages), level))
            stack.extend((child, level + 1) for child in reversed(item.children))
    return tuple(found)


def _open_view(pdf: pikepdf.Pdf) -> tuple[float | None, str]:
    action = pdf.Root.get("/OpenAction")
    if action is None:
        return None, "the viewer's default zoom (no open action)"
    dest = _destination(pdf, action if isinstance(action, pikepdf.Array) else None, action)
    if dest is None or len(dest) < 2:
        return None, "an open action without a page view"
    mode = str(dest[1]).lstrip("/")
    if mode == "XYZ":
        zoom = _number(dest[4]) if len(dest) >= 5 else None
        if not zoom:
            return None, "the viewer's current zoom"
        return zoom, f"zoom {zoom * 100:g}%"
    words = {"Fit": "fit page", "FitH": "fit width", "FitV": "fit height", "FitB": "fit page"}
    return None, words.get(mode, mode)


def repaired(pdf: pikepdf.Pdf) -> str | None:
    """What qpdf had to repair to open a PDF, in a few words; None when it opened as written.

    qpdf quietly rebuilds a damaged or truncated file, maybe without some of its pages: every
    stage refuses a repaired PDF (an exhibit, a converted document, a received bundle) rather
    than put an incomplete document before the court.
    """
    warnings = [w.split(": ", 1)[-1].splitlines()[0] for w in pdf.get_warnings() if w.strip()]
    if not any("damaged" in w or "reconstruct" in w for w in warnings):
        return None
    return next((w for w in warnings if "damaged" not in w), warnings[0])


def read_structure(path: Path) -> PdfStructure:
    """Open a PDF with pikepdf and read its page count, bookmarks and opening view.

    Args:
        path: The PDF named on the command line.

    Returns:
        The structure.

    Raises:
        InputError: The path is missing or a folder, or the file is empty, not a PDF, truncated,
            damaged, encrypted or has no pages; the message is one line saying which.
    """
    size = check_file(path)
    try:
        with pikepdf.open(path) as pdf:
            if pdf.is_encrypted:
                raise refuse(
                    path,
                    "the PDF is encrypted (password or usage restrictions); ask the sender for "
                    "an unprotected copy",
                )
            count = len(pdf.pages)
            if count == 0:
                raise refuse(path, "the PDF has no pages")
            pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
            bookmarks = _bookmarks(pdf, pages)
            mode = pdf.Root.get("/PageMode")
            zoom, view = _open_view(pdf)
            annotations = _annotation_texts(pdf)
            info = _info_text(pdf)
            damage = repaired(pdf)
    except pikepdf.PasswordError as exc:
        raise refuse(
            path, "the PDF is encrypted with a password; ask the sender for an unprotected copy"
        ) from exc
    except pikepdf.PdfError as exc:
        reason = str(exc).removeprefix(f"{path}: ").splitlines()[0]
        raise refuse(path, f"the PDF is damaged and cannot be read ({reason})") from exc
    if damage:
        raise refuse(path, f"the PDF is damaged ({damage}); ask for a new copy")
    page_mode = str(mode).lstrip("/") if mode is not None else None
    return PdfStructure(count, size, bookmarks, page_mode, zoom, view, annotations, info)


_ANNOTATION_KEYS = ("/Contents", "/T", "/Subj", "/RC")


def _string(value: Any) -> str:
    if isinstance(value, pikepdf.String):
        return str(value)
    return ""


def _annotation_texts(pdf: pikepdf.Pdf) -> tuple[tuple[int, str], ...]:
    """The text of every annotation (notes, authors, subjects, link addresses), by page."""
    found = []
    for number, page in enumerate(pdf.pages, start=1):
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        parts = []
        for annot in annots:
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            parts += [_string(annot.get(key)) for key in _ANNOTATION_KEYS]
            action = annot.get("/A")
            if isinstance(action, pikepdf.Dictionary):
                parts += [_string(action.get("/URI")), _string(action.get("/F"))]
        text = "\n".join(p for p in parts if p.strip())
        if text:
            found.append((number, text))
    return tuple(found)


def _info_text(pdf: pikepdf.Pdf) -> str:
    """The document information dictionary's texts, one a line."""
    try:
        values = [_string(v) for v in pdf.docinfo.values()]
    except (pikepdf.PdfError, ValueError, TypeError):  # pragma: no cover - a broken /Info
        return ""
    return "\n".join(v for v in values if v.strip())
