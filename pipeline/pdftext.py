"""Read a received PDF for the bundle checker: its structure, and each page's text as lines.

Two libraries, each for what it does fastest (``shared/research/tooling.md`` section 4):

- pikepdf (qpdf) opens the file first. It refuses what cannot be read (not a PDF, empty,
  truncated or damaged, encrypted, no pages) with a one-line :class:`~pipeline.errors.InputError`,
  and reads the structure: page count, bookmarks (with named and action destinations resolved to
  pages) and how the file opens.
- pypdfium2 (PDFium) reads the text, one page at a time, each page closed after use, so a
  2,000-page bundle is read in bounded memory. It is about 60 times faster than pdfplumber.

A page's text is given twice. ``lines`` are in reading order, top to bottom as a person reads the
page once it is turned the right way up (the page's main text direction decides which way is up),
each line split into cells where the gap between two pieces of text is wider than a word space: a
table's columns, a page number stamped far from the text. ``segments`` are the same pieces in the
order the producer drew them, which keeps the words of a table cell together; it is what terms and
restricted details are read from.

The last part reads a page as a person does, for the checker: printed page numbers at the head
or foot (:func:`printed_page_numbers`), labelled fields (:func:`labelled_fields`), dates in the
forms British documents print them (:func:`parse_date`), and the folding used to compare phrases
(:func:`squeeze`).
"""

from __future__ import annotations

import codecs
import ctypes
import datetime as dt
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from pipeline.dates import MONTH_NAMES
from pipeline.errors import InputError

log = logging.getLogger(__name__)

_PDF_MAGIC = b"%PDF-"
_DIRECTION_SAMPLE = 64
"""Characters sampled per page to judge its text direction (checklist item ``page_format``)."""
_FEW_CHARS = 200
"""Below this many characters a page may be a scan: only then are its images looked for."""
_DROP = re.compile("[\x00\x02\xad\ufffe]")
"""Characters PDFium gives that show nothing (a line-end hyphen's marker, a soft hyphen)."""
_INVISIBLE = re.compile(
    "[\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
"""Format characters (Unicode category Cf but the soft hyphen): they show nothing. A run's text
has a space for each, as PDFium's search of a box breaks the text at those that take no room
(a zero-width space): so a page reads alike whichever way its runs were found."""


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


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page in reading order.

    Attributes:
        cells: The pieces of text on the line, left to right, split where the gap is wider than a
            word space (table columns, a page number stamped apart from other text).
    """

    cells: tuple[str, ...]

    @property
    def text(self) -> str:
        """The cells joined by one space."""
        return " ".join(self.cells)


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page.

    Attributes:
        number: The 1-based page number in the PDF.
        width: Displayed width in points (``/Rotate`` applied; the crop box when there is one).
        height: Displayed height in points.
        direction: The direction of most of the page's text as displayed, in degrees clockwise:
            0 reads left to right, 180 is upside down, 90 and 270 run sideways; None when the page
            has no text.
        lines: The lines in reading order.
        segments: Pieces of text in the order the producer drew them, each with the index of its
            line in ``lines``.
        has_image: Whether the page draws an image (a scan or a photograph); looked for only on
            pages with little text (None otherwise), where it tells a scan from a blank page.
    """

    number: int
    width: float
    height: float
    direction: int | None
    lines: tuple[Line, ...]
    segments: tuple[tuple[int, str], ...]
    has_image: bool | None = None

    @property
    def text(self) -> str:
        """The page's text in drawing order, a line break between lines."""
        return _joined(self.segments)


def _joined(segments: tuple[tuple[int, str], ...]) -> str:
    """Segments as text: a space between pieces of one line, a line break between lines."""
    parts: list[str] = []
    previous: int | None = None
    for line, text in segments:
        if previous is not None:
            parts.append(" " if line == previous else "\n")
        parts.append(text)
        previous = line
    return "".join(parts)


# --- the file and its structure ----------------------------------------------------------------


def _refuse(path: Path, reason: str) -> InputError:
    return InputError(f"{path}: {reason}")


def _check_file(path: Path) -> int:
    """Refuse what is plainly not a readable PDF before any library sees it; return the size."""
    if not path.exists():
        raise _refuse(path, "no such file; check the path to the bundle")
    if path.is_dir():
        raise _refuse(path, "is a folder, not a PDF; give the path of the bundle's .pdf file")
    if not path.is_file():
        raise _refuse(path, "is not a regular file; give the path of a PDF bundle")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, size - 2048))
            tail = handle.read()
    except OSError as exc:
        raise _refuse(
            path, f"cannot be read ({exc.strerror or exc}); check its permissions"
        ) from exc
    if size == 0:
        raise _refuse(path, "the file is empty (0 bytes); ask the sender for the bundle again")
    if _PDF_MAGIC not in head:
        raise _refuse(path, "not a PDF (no %PDF- header); check that this is the bundle")
    if b"%%EOF" not in tail:
        raise _refuse(
            path, "the PDF is truncated (no end-of-file marker); ask the sender for a complete copy"
        )
    return size


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
    size = _check_file(path)
    try:
        with pikepdf.open(path) as pdf:
            if pdf.is_encrypted:
                raise _refuse(
                    path,
                    "the PDF is encrypted (password or usage restrictions); ask the sender for "
                    "an unprotected copy",
                )
            count = len(pdf.pages)
            if count == 0:
                raise _refuse(path, "the PDF has no pages")
            pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
            bookmarks = _bookmarks(pdf, pages)
            mode = pdf.Root.get("/PageMode")
            zoom, view = _open_view(pdf)
            annotations = _annotation_texts(pdf)
            info = _info_text(pdf)
            damage = [w for w in pdf.get_warnings() if "damaged" in w or "reconstruct" in w]
    except pikepdf.PasswordError as exc:
        raise _refuse(
            path, "the PDF is encrypted with a password; ask the sender for an unprotected copy"
        ) from exc
    except pikepdf.PdfError as exc:
        reason = str(exc).removeprefix(f"{path}: ").splitlines()[0]
        raise _refuse(path, f"the PDF is damaged and cannot be read ({reason})") from exc
    if damage:
        raise _refuse(path, f"the PDF is damaged ({damage[0].splitlines()[0]}); ask for a new copy")
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


# --- the text of each page ---------------------------------------------------------------------


def _frame(
    rect: tuple[float, float, float, float], angle: int
) -> tuple[float, float, float, float]:
    """A rectangle in the page's reading frame: (left, right, top, bottom), y growing downwards.

    ``angle`` is the main text direction in user space, clockwise (PDFium's convention).
    """
    left, bottom, right, top = rect
    if angle == 90:
        return -top, -bottom, -right, -left
    if angle == 180:
        return -right, -left, bottom, top
    if angle == 270:
        return bottom, top, left, right
    return left, right, -top, -bottom


def _text_angle(textpage: Any, count: int, raw: str, first: int | None) -> int | None:
    """The most common direction of the page's characters in user space, clockwise degrees.

    ``raw`` and ``first`` are as :func:`_raw_text` gives them: the sampled characters are read
    from ``raw`` where it has them one to one, saving a call to PDFium for each.
    """
    if count <= 0:
        return None
    unicode, char_angle = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharAngle
    start, end = (0, 0) if first is None else (first, first + len(raw))
    step = max(1, count // _DIRECTION_SAMPLE)
    votes: Counter[int] = Counter()
    for index in range(0, count, step):
        code = ord(raw[index - start]) if start <= index < end else unicode(textpage, index)
        # Spaces say nothing of direction; this also passes over the characters PDFium adds,
        # which are all spaces and line breaks.
        if code <= 32 or chr(code).isspace():
            continue
        radians = char_angle(textpage, index)
        if radians < 0:
            continue
        votes[round(math.degrees(radians) / 90) % 4 * 90] += 1
    return votes.most_common(1)[0][0] if votes else None


def _lines(
    pieces: list[tuple[str, tuple[float, float, float, float]]],
) -> tuple[tuple[Line, ...], tuple[tuple[int, str], ...]]:
    """Group pieces (text, reading-frame box) into lines and cells; keep their drawing order."""
    centres = [(box[2] + box[3]) / 2 for _, box in pieces]
    order = sorted(range(len(pieces)), key=centres.__getitem__)
    groups: list[list[int]] = []
    top = bottom = 0.0
    for index in order:
        _, (_, _, ptop, pbottom) = pieces[index]
        centre = centres[index]
        if groups and top - 0.5 <= centre <= bottom + 0.5:
            groups[-1].append(index)
            top, bottom = min(top, ptop), max(bottom, pbottom)
        else:
            groups.append([index])
            top, bottom = ptop, pbottom
    line_of: dict[int, int] = {}
    lines: list[Line] = []
    for number, group in enumerate(groups):
        if len(group) == 1:  # most lines: one piece, nothing to sort or join
            line_of[group[0]] = number
            lines.append(Line((" ".join(pieces[group[0]][0].split()),)))
            continue
        group.sort(key=lambda i: pieces[i][1][0])
        height = max(pieces[i][1][3] - pieces[i][1][2] for i in group)
        cells: list[str] = []
        right: float | None = None
        for index in group:
            text, (left, pright, _, _) = pieces[index]
            line_of[index] = number
            if right is not None and left - right <= max(4.0, height):
                cells[-1] = (
                    f"{cells[-1]} {text}" if not cells[-1].endswith(" ") else cells[-1] + text
                )
            else:
                cells.append(text)
            right = pright if right is None else max(right, pright)
        lines.append(Line(tuple(" ".join(c.split()) for c in cells)))
    segments = tuple((line_of[i], pieces[i][0]) for i in range(len(pieces)))
    return tuple(lines), segments


def _pieces(
    textpage: Any, frame: int, raw: str, first: int | None
) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The page's text runs with their boxes in the reading frame, in drawing order.

    A run is what PDFium draws as one text object: a line of most producers, a label and its
    value, a stamped page number. PDFium gives each run's box (``FPDFText_GetRect``) but its
    text only by a search of every character of the page for those in the box, so that finding
    a page's runs took time in the square of its length: two fifths of ``spo check``'s time on a
    long bundle. PDFium breaks lines only between runs, so a line of ``raw`` (the page's
    characters, from ``first``) that PDFium counts as one run is that run, and its text is
    sliced from ``raw``. Lines with more than one run (a table row, a bold label) and pages
    whose characters do not map one to one onto ``raw`` (``first`` None) are searched.
    """
    get_rect, count_rects = pdfium_c.FPDFText_GetRect, pdfium_c.FPDFText_CountRects
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    refs = tuple(ctypes.byref(value) for value in (left, top, right, bottom))
    searched = _Searcher(textpage)
    pieces: list[tuple[str, tuple[float, float, float, float]]] = []
    if first is None:
        for index in range(count_rects(textpage, 0, -1)):
            if get_rect(textpage, index, *refs):
                searched.add(pieces, (left.value, bottom.value, right.value, top.value), frame)
        return pieces
    start, drop = first, _DROP.sub
    for line in raw.split("\r\n"):
        length, at = len(line), start
        start += length + 2
        if not length:
            continue
        runs = count_rects(textpage, at, length)
        if runs == 1 and get_rect(textpage, 0, *refs):
            box = (left.value, bottom.value, right.value, top.value)
            if box[2] - box[0] > _TINY and box[3] - box[1] > _TINY:
                text = " ".join(drop("", _visible(line)).split())
                if text:
                    pieces.append((text, _frame(box, frame)))
                continue
        boxes = [
            (left.value, bottom.value, right.value, top.value)
            for index in range(runs)
            if get_rect(textpage, index, *refs)
        ]
        for box in boxes:
            searched.add(pieces, box, frame)
    return pieces


def _visible(text: str) -> str:
    """The text with a space for each format character (:data:`_INVISIBLE`)."""
    return text if text.isascii() else _INVISIBLE.sub(" ", text)


_TINY = 0.01
"""Points: a run's box narrower or lower than this holds nothing a person sees."""


class _Searcher:
    """A run's text by PDFium's search of the page for the characters in its box."""

    def __init__(self, textpage: Any) -> None:
        self.textpage = textpage
        self.size = 0
        self.buffer: Any = None  # made when first needed: most pages need no search

    def add(
        self,
        pieces: list[tuple[str, tuple[float, float, float, float]]],
        box: tuple[float, float, float, float],
        frame: int,
    ) -> None:
        """Append the run in ``box`` (left, bottom, right, top) to ``pieces``, if it has text."""
        if self.buffer is None:
            self.size = max(pdfium_c.FPDFText_CountChars(self.textpage), 0) + 64
            self.buffer = (ctypes.c_ushort * self.size)()
        written = pdfium_c.FPDFText_GetBoundedText(
            self.textpage, box[0], box[3], box[2], box[1], self.buffer, self.size
        )
        if written <= 0:
            return
        data = ctypes.string_at(self.buffer, min(written, self.size) * 2)
        found = codecs.utf_16_le_decode(data, "ignore", True)[0]
        text = " ".join(_DROP.sub("", _visible(found)).split())
        if text:
            pieces.append((text, _frame(box, frame)))


def _draws_image(objects: Iterator[Any], depth: int = 0) -> bool:
    """Whether page objects include an image, looking inside form XObjects (stamps, overlays)."""
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            inner = (pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(max(count, 0)))
            if _draws_image(inner, depth + 1):
                return True
    return False


def _raw_text(textpage: Any, count: int) -> tuple[str, int | None]:
    """All the page's characters in PDFium's order, as pypdfium2's ``get_text_range()`` reads them.

    Characters PDFium leaves out of its text at either end are left out of the range asked for,
    or PDFium reads past it (crbug.com/pdfium/2079).

    Returns:
        The text, and the index of its first character when each character of the page from
        there on has its own place in the text, in order (None otherwise): then an offset in
        the text plus that index is the character's index.
    """
    text_index = pdfium_c.FPDFText_GetTextIndexFromCharIndex
    first, last = 0, count - 1
    while first <= last and text_index(textpage, first) == -1:
        first += 1
    while first <= last and text_index(textpage, last) == -1:
        last -= 1
    if first > last:
        return "", None
    span = text_index(textpage, last) + 1 - text_index(textpage, first)
    buffer = (ctypes.c_ushort * (span + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, first, last - first + 1, buffer)
    text = ctypes.string_at(buffer, max(written - 1, 0) * 2).decode("utf-16-le", errors="ignore")
    one_to_one = span == last - first + 1 == len(text)
    return text, first if one_to_one else None


def _page_text(page: Any, number: int) -> tuple[PageText, str]:
    """The page as read for a person, and its characters exactly as PDFium reads them.

    ``page`` is PDFium's raw page handle: the wrapper's objects and finalizers cost a tenth of
    the reading on a long bundle.
    """
    width = pdfium_c.FPDF_GetPageWidthF(page)
    height = pdfium_c.FPDF_GetPageHeightF(page)
    quarters = pdfium_c.FPDFPage_GetRotation(page)
    if quarters < 0:
        raise pdfium.PdfiumError("Failed to get page rotation.")
    rotation = quarters * 90 % 360
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        raise pdfium.PdfiumError("Failed to load text page.")
    try:
        chars = pdfium_c.FPDFText_CountChars(textpage)
        raw, first = _raw_text(textpage, chars)
        angle = _text_angle(textpage, chars, raw, first)
        pieces = _pieces(textpage, angle or 0, raw, first)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    lines, segments = _lines(pieces)
    direction = None if angle is None else (angle + rotation) % 360
    has_image = None
    if chars < _FEW_CHARS:
        count = pdfium_c.FPDFPage_CountObjects(page)
        objects = (pdfium_c.FPDFPage_GetObject(page, i) for i in range(max(count, 0)))
        has_image = _draws_image(objects)
    page_text = PageText(number, float(width), float(height), direction, lines, segments, has_image)
    return page_text, raw


def iter_pages(path: Path) -> Iterator[PageText]:
    """Read the text of each page, one page at a time.

    Call :func:`read_structure` first: it refuses files that cannot be read.

    Args:
        path: A PDF that :func:`read_structure` accepted.

    Yields:
        Each page's text, in page order.

    Raises:
        InputError: PDFium cannot open the file.
    """
    for page_text, _ in iter_pages_raw(path):
        yield page_text


def iter_pages_raw(
    path: Path, numbers: Iterable[int] | None = None
) -> Iterator[tuple[PageText, str]]:
    """As :func:`iter_pages`, with each page's characters exactly as PDFium reads them.

    Unlike :attr:`PageText.text`, the raw text never splits a word at a character that takes no
    room (a zero-width space): what the restricted-details check needs. Both come from one
    reading of the page; the raw text is not kept, so callers use it as it comes.

    Args:
        path: A PDF that :func:`read_structure` accepted.
        numbers: The 1-based numbers of the pages to read, ascending; reading stops at the first
            the PDF does not have (``itertools.count(101)``: page 101 to the end). Every page
            when None.
    """
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise _refuse(path, f"the PDF cannot be read ({exc})") from exc
    try:
        count = len(document)
        for number in range(1, count + 1) if numbers is None else numbers:
            if number > count:
                break
            page = pdfium_c.FPDF_LoadPage(document.raw, number - 1)
            if not page:
                raise pdfium.PdfiumError("Failed to load page.")
            try:
                yield _page_text(page, number)
            finally:
                pdfium_c.FPDF_ClosePage(page)
    finally:
        document.close()


# --- reading a page as a person reads it -----------------------------------------------------

EDGE_LINES = 3
"""How many lines at the top and at the foot of a page may carry its page number."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)

_PAGE_CELL = re.compile(
    r"^(?:page|pg\.?|p\.)?\s*[-\u2013\u2014]?\s*(\d{1,4})\s*[-\u2013\u2014]?$", re.IGNORECASE
)
_PAGE_OF_CELL = re.compile(r"^(?:page\s*)?(\d{1,4})\s*(?:of|/)\s*\d{1,4}$", re.IGNORECASE)
_PAGE_IN = re.compile(r"\bpage\s+(\d{1,4})(?:\s+of\s+\d{1,4})?\b", re.IGNORECASE)

_MONTHS = {m: n for n, names in enumerate(MONTH_NAMES, start=1) for m in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = (
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b",
        re.I,
    ),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(
        r"(?<![\d/-])(?<!\d\.)(?P<day>\d{1,2})[/.-](?P<mon>\d{1,2})[/.-](?P<year>\d{4}|\d{2})(?![\d/-]|\.\d)"
    ),
)


def fold(text: str) -> str:
    """Case and typographic variants (curly quotes, dashes, ligatures) folded away."""
    if text.isascii():
        return text.lower()  # nothing to normalise or translate; casefold is lower on ASCII
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()


def squeeze(text: str) -> str:
    """Case, spacing and typographic variants folded away: the key for comparing phrases.

    Spacing is removed entirely, so a phrase matches across line breaks and letter-spaced
    headings, and terms compare "whitespace aside" (checklist item ``terms_match``).
    """
    return "".join(fold(text).split())


def parse_date(text: str) -> dt.date | None:
    """The first date written in a text, in the forms British documents print.

    ``12 April 1988``, ``12th April 1988``, ``April 12, 1988``, ``12/04/1988``, ``12.04.88``,
    ``1988-04-12``; numeric dates are read day first.

    Args:
        text: Any text.

    Returns:
        The date, or None when there is none.
    """
    found: list[tuple[int, dt.date]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = _MONTHS[parts["month"].casefold()] if parts.get("month") else int(parts["mon"])
            year = int(parts["year"])
            year += 1900 if year < 100 and year > 30 else 2000 if year < 100 else 0
            try:
                found.append((match.start(), dt.date(year, month, int(parts["day"]))))
            except ValueError:
                continue
            break
    return min(found)[1] if found else None


def page_number_in(cell: str) -> int | None:
    """The page number a cell holds when it is nothing else: ``3``, ``- 3 -``, ``Page 3 of 40``."""
    match = _PAGE_CELL.match(cell) or _PAGE_OF_CELL.match(cell)
    return int(match.group(1)) if match else None


def edge_lines(page: PageText) -> list[int]:
    """The indices of the page's first and last ``EDGE_LINES`` lines (its head and foot)."""
    count = len(page.lines)
    return sorted(
        set(range(min(EDGE_LINES, count))) | set(range(max(0, count - EDGE_LINES), count))
    )


def printed_page_numbers(page: PageText) -> tuple[set[int], set[tuple[int, int]]]:
    """The page numbers printed at the head or foot of a page (checklist item ``page_numbers``).

    Read in the first and last ``EDGE_LINES`` lines: a cell that is only a page number (``3``,
    ``- 3 -``, ``Page 3``, ``Page 3 of 40``, ``3 of 40``), ``Page 3`` inside other text, or the
    page's own number ending or starting a running header or footer. A bare
    number beside other cells is a table column (an index entry's page), unless it is the page's
    own number: the bundle's stamp beside a footer.

    Args:
        page: The page.

    Returns:
        The numbers printed, and the (line, cell) positions of the cells that are only a number.
    """
    numbers: set[int] = set()
    cells: set[tuple[int, int]] = set()
    for index in edge_lines(page):
        line = page.lines[index]
        for position, cell in enumerate(line.cells):
            match = _PAGE_CELL.match(cell) or _PAGE_OF_CELL.match(cell)
            if match:
                number = int(match.group(1))
                explicit = not cell.strip(" -\u2013\u2014").isdigit()
                # A bare number beside other text is a table column (an index entry's page),
                # unless it is this page's own number: the bundle's stamp beside a footer.
                if len(line.cells) == 1 or explicit or number == page.number:
                    numbers.add(number)
                    cells.add((index, position))
            else:
                numbers.update(int(m.group(1)) for m in _PAGE_IN.finditer(cell))
                # A running header or footer that ends (or starts) with the page's number:
                # "SPO bundle - Whitlock   12" set close enough to be one piece of text.
                ends = re.findall(r"^(\d{1,4})\s|\s(\d{1,4})$", cell)
                if any(str(page.number) in pair for pair in ends):
                    numbers.add(page.number)
    return numbers, cells


_LABEL = re.compile(
    # One capitalised word, then up to five words in lower case or in capitals: "Date of birth",
    # "DATE OF BIRTH", "Age if under 18". A name before a label is not part of it: in
    # "Signed: Helen Ashworth Name: ..." the labels are "Signed" and "Name".
    r"(?:(?<=^)|(?<=\s))([A-Z][A-Za-z'\u2019()/.-]*"
    r"(?:\s+(?:[a-z0-9][a-z0-9'\u2019()/.-]*|[A-Z0-9][A-Z0-9'\u2019()/.-]*)){0,5}?)\s*:"
)
_BARE_LABELS = {
    "date of birth",
    "dob",
    "d.o.b.",
    "d.o.b",
    "born",
    "defendant",
    "name",
    "date",
    "signed",
    "signature",
    "statement of",
    "print name",
    "urn",
}
_INLINE_DATE_LABELS = re.compile(
    r"^(date of birth|d\.?o\.?b\.?|born(?: on)?)\s+(?=\d|[A-Z])", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled value on a page (``Date of birth: 12 April 1988``).

    Attributes:
        line: The index of the label's line in the page's ``lines``.
        label: The label, lower case, spacing collapsed (``date of birth``).
        value: The value as printed.
    """

    line: int
    label: str
    value: str


def _starts_with_label(line: Line) -> bool:
    first = line.cells[0]
    match = _LABEL.match(first)
    return bool(match and match.start() == 0) or first.casefold().rstrip(":") in _BARE_LABELS


def labelled_fields(lines: Sequence[Line]) -> list[Field]:
    """Every labelled value on a page, read the way a person reads a form.

    ``Label: value`` in one piece of text; a label and its value in two columns; or a label
    ending its line with the value on the next line, unless that line is itself a label (a name
    followed by a new line and another label is just the name). Several labels on one line
    (``Signature: ..... Date: 19 November 2026``) each get their own value.

    Args:
        lines: A page's lines in reading order.

    Returns:
        The fields, in reading order.
    """
    found: list[Field] = []
    for index, line in enumerate(lines):
        for position, cell in enumerate(line.cells):
            labels = list(_LABEL.finditer(cell))
            bare = cell.casefold().rstrip(": ") in _BARE_LABELS and not labels
            inline = _INLINE_DATE_LABELS.match(cell) if not labels and not bare else None
            if inline:
                found.append(Field(index, inline.group(1).casefold(), cell[inline.end() :].strip()))
                continue
            spans = [(m.group(1), m.end(), m.start()) for m in labels]
            if bare:
                spans = [(cell.rstrip(": "), len(cell), 0)]
            for number, (label, value_start, _) in enumerate(spans):
                value_end = spans[number + 1][2] if number + 1 < len(spans) else len(cell)
                value = cell[value_start:value_end].strip()
                if not value and number + 1 == len(spans):
                    value = _next_value(lines, index, position)
                if value:
                    found.append(Field(index, " ".join(label.casefold().split()), value))
    return found


def _next_value(lines: Sequence[Line], index: int, position: int) -> str:
    """The value of a label that ends its cell: the next cell, or the next line."""
    line = lines[index]
    if position + 1 < len(line.cells):
        return line.cells[position + 1]
    if position + 1 == len(line.cells) and index + 1 < len(lines):
        following = lines[index + 1]
        if not _starts_with_label(following):
            return following.cells[0]
    return ""
