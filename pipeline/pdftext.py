"""Read a received PDF's text for the bundle checker, each page as lines.

pypdfium2 (PDFium) reads the text, one page at a time, each page closed after use, so a
2,000-page bundle is read in bounded memory. It is about 60 times faster than pdfplumber
(``shared/research/tooling.md`` section 4). The file's structure (bookmarks, how it opens) is
read by :mod:`pipeline.pdfstructure`, with pikepdf, which also refuses what cannot be read; this
module does not load pikepdf, so a second process can start reading pages while the first is
still loading it.

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
import struct
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
        verbatim: Whether :attr:`text` is the page's characters as PDFium reads them but for
            spacing and line breaks (each run was sliced from them, none had a character left
            out): the restricted details then need looking for in the characters only.
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
    verbatim: bool = False

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


# --- the file ---------------------------------------------------------------------------------


def refuse(path: Path, reason: str) -> InputError:
    """The one-line error for a PDF named on the command line that cannot be read."""
    return InputError(f"{path}: {reason}")


def check_file(path: Path) -> int:
    """Refuse what is plainly not a readable PDF before any library sees it; return the size."""
    if not path.exists():
        if path.is_symlink():
            raise refuse(path, "a symbolic link to nothing (a loop, or its target is gone)")
        raise refuse(path, "no such file; check the path to the bundle")
    if path.is_dir():
        raise refuse(path, "is a folder, not a PDF; give the path of the bundle's .pdf file")
    if not path.is_file():
        raise refuse(path, "is not a regular file; give the path of a PDF bundle")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, size - 2048))
            tail = handle.read()
    except OSError as exc:
        raise refuse(
            path, f"cannot be read ({exc.strerror or exc}); check its permissions"
        ) from exc
    if size == 0:
        raise refuse(path, "the file is empty (0 bytes); ask the sender for the bundle again")
    if _PDF_MAGIC not in head:
        raise refuse(path, "not a PDF (no %PDF- header); check that this is the bundle")
    if b"%%EOF" not in tail:
        raise refuse(
            path, "the PDF is truncated (no end-of-file marker); ask the sender for a complete copy"
        )
    return size


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

    Characters are sampled evenly over the page, and the sampling stops once one direction has
    more votes than the others and the samples left could give them: the answer cannot change.
    ``raw`` and ``first`` are as :func:`_raw_text` gives them: the sampled characters are read
    from ``raw`` where it has them one to one, saving a call to PDFium for each.
    """
    if count <= 0:
        return None
    unicode = pdfium_c.FPDFText_GetUnicode
    handle = ctypes.cast(textpage, ctypes.c_void_p).value
    start, end = (0, 0) if first is None else (first, first + len(raw))
    samples = range(0, count, max(1, count // _DIRECTION_SAMPLE))
    left = len(samples)
    votes: dict[int, int] = {}
    voted = 0
    for index in samples:
        left -= 1
        code = ord(raw[index - start]) if start <= index < end else unicode(textpage, index)
        # Spaces say nothing of direction; this also passes over the characters PDFium adds,
        # which are all spaces and line breaks.
        if code <= 32 or chr(code).isspace():
            continue
        radians = _char_angle(handle, index)
        if radians < 0:
            continue
        direction = round(math.degrees(radians) / 90) % 4 * 90
        votes[direction] = mine = votes.get(direction, 0) + 1
        voted += 1
        if mine > voted - mine + left:
            break
    # The first of the most voted, as Counter.most_common gives it.
    return max(votes.items(), key=lambda vote: vote[1])[0] if votes else None


def _lines(
    pieces: list[tuple[str, tuple[float, float, float, float]]],
) -> tuple[tuple[Line, ...], tuple[tuple[int, str], ...]]:
    """Group pieces (text, reading-frame box) into lines and cells; keep their drawing order.

    A piece's text has single spaces and none at either end (:func:`_cleaned`), so a cell of
    pieces joined by one space has too.
    """
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
            lines.append(Line((pieces[group[0]][0],)))
            continue
        group.sort(key=lambda i: pieces[i][1][0])
        height = max(pieces[i][1][3] - pieces[i][1][2] for i in group)
        cells: list[str] = []
        right: float | None = None
        for index in group:
            text, (left, pright, _, _) = pieces[index]
            line_of[index] = number
            if right is not None and left - right <= max(4.0, height):
                cells[-1] = f"{cells[-1]} {text}"
            else:
                cells.append(text)
            right = pright if right is None else max(right, pright)
        lines.append(Line(tuple(cells)))
    segments = tuple((line_of[i], pieces[i][0]) for i in range(len(pieces)))
    return tuple(lines), segments


def _pieces(
    textpage: Any, frame: int, raw: str, first: int | None
) -> tuple[list[tuple[str, tuple[float, float, float, float]]], bool]:
    """The page's text runs with their boxes in the reading frame, in drawing order.

    A run is what PDFium draws as one text object: a line of most producers, a label and its
    value, a stamped page number. PDFium gives each run's box (``FPDFText_GetRect``) but its
    text only by a search of every character of the page for those in the box, so that finding
    a page's runs took time in the square of its length: two fifths of ``spo check``'s time on a
    long bundle. PDFium breaks lines only between runs, so a line of ``raw`` (the page's
    characters, from ``first``) that PDFium counts as one run is that run, and its text is
    sliced from ``raw``. Lines with more than one run (a table row, a bold label) and pages
    whose characters do not map one to one onto ``raw`` (``first`` None) are searched.

    Returns:
        The runs, and whether every one was sliced with nothing left out but spacing (see
        :attr:`PageText.verbatim`).
    """
    box = (ctypes.c_double * 4)()  # PDFium's left, top, right, bottom
    corners = tuple(ctypes.addressof(box) + 8 * n for n in range(4))
    handle = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    searched = _Searcher(textpage)
    pieces: list[tuple[str, tuple[float, float, float, float]]] = []
    if first is None:
        for index in range(_count_rects(handle, 0, -1)):
            if _get_rect(handle, index, *corners):
                searched.add(pieces, _bottom_up(box), frame)
        return pieces, False
    start, verbatim = first, True
    for line in raw.split("\r\n"):
        length, at = len(line), start
        start += length + 2
        if not length:
            continue
        runs = _count_rects(handle, at, length)
        spans = [(at, length)] if runs == 1 else _split(handle, at, length, runs)
        for first_char, count in spans:
            if count != length:
                runs = _count_rects(handle, first_char, count)
            if runs == 1 and _get_rect(handle, 0, *corners):
                left, top, right, bottom = _four(box)
                if right - left > _TINY and top - bottom > _TINY:
                    run = line[first_char - at : first_char - at + count]
                    text = _cleaned(run)
                    if text:
                        pieces.append((text, _frame((left, bottom, right, top), frame)))
                    verbatim = verbatim and _spacing_only(run)
                    continue
            verbatim = False
            for index in range(runs):
                if _get_rect(handle, index, *corners):
                    searched.add(pieces, _bottom_up(box), frame)
    return pieces, verbatim


def _split(handle: int, at: int, length: int, runs: int) -> list[tuple[int, int]]:
    """A line's characters run by run, as (first character, count).

    PDFium counts the runs among any span of characters, one more at each change of run, so
    each run's end is found by halving: a few counts over short spans instead of a search of
    the whole page per run.
    """
    spans = []
    end = at + length
    while runs > 1 and at < end:
        low, high = 1, end - at  # _count_rects(handle, at, low) == 1; the whole span has more
        while high - low > 1:
            middle = (low + high) // 2
            if _count_rects(handle, at, middle) == 1:
                low = middle
            else:
                high = middle
        spans.append((at, low))
        at += low
        runs -= 1
    if at < end:
        spans.append((at, end - at))
    return spans


_four = struct.Struct("=4d").unpack_from
"""The four numbers of a ``c_double * 4``: five times quicker than iterating over it."""


def _bottom_up(box: Any) -> tuple[float, float, float, float]:
    """PDFium's (left, top, right, bottom) as (left, bottom, right, top)."""
    left, top, right, bottom = _four(box)
    return left, bottom, right, top


def _plain(function: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function with plain addresses for its pointers.

    pypdfium2's prototypes check each pointer's type on every call, half the time of a call to
    ``FPDFText_GetRect``; these are called for every line of every page.
    """
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address or 0)


_PAGE, _INT = ctypes.c_void_p, ctypes.c_int
_char_angle = _plain(pdfium_c.FPDFText_GetCharAngle, ctypes.c_float, _PAGE, _INT)
_get_rect = _plain(pdfium_c.FPDFText_GetRect, _INT, _PAGE, _INT, *(ctypes.c_void_p,) * 4)
_count_rects = _plain(pdfium_c.FPDFText_CountRects, _INT, _PAGE, _INT, _INT)


def _spacing_only(text: str) -> bool:
    """Whether :func:`_cleaned` changes nothing in ``text`` but its spacing."""
    if text.isascii():
        return "\x00" not in text and "\x02" not in text
    return _DROP.search(text) is None and _INVISIBLE.search(text) is None


def _cleaned(text: str) -> str:
    """A run's text as a person reads it.

    Without what shows nothing (:data:`_DROP`), a space for each format character
    (:data:`_INVISIBLE`), and one space for each run of spaces.
    """
    if text.isascii():
        if "\x00" in text or "\x02" in text:
            text = _DROP.sub("", text)
    else:
        text = _DROP.sub("", _INVISIBLE.sub(" ", text))
    return " ".join(text.split())


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
        text = _cleaned(codecs.utf_16_le_decode(data, "ignore", True)[0])
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
        pieces, verbatim = _pieces(textpage, angle or 0, raw, first)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    lines, segments = _lines(pieces)
    direction = None if angle is None else (angle + rotation) % 360
    has_image = None
    if chars < _FEW_CHARS:
        count = pdfium_c.FPDFPage_CountObjects(page)
        objects = (pdfium_c.FPDFPage_GetObject(page, i) for i in range(max(count, 0)))
        has_image = _draws_image(objects)
    page_text = PageText(
        number, float(width), float(height), direction, lines, segments, has_image, verbatim
    )
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
        raise refuse(path, f"the PDF cannot be read ({exc})") from exc
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
