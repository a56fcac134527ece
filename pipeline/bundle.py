"""The bundle stage: one paginated, indexed and bookmarked PDF of the documents and exhibits.

The layout follows the judiciary's general guidance on electronic court bundles (29 November
2021, ``anchors.md`` §2.1) and the checklist's bundle items (``checklist.md``):

- page 1 is the index, headed ``INDEX``; each row links to its document and gives its pages;
- each exhibit is preceded by a cover page with its reference;
- every page carries its bundle page number, which is also its PDF page number and label;
- each section and document is bookmarked, the document's bookmark with its page;
- every page is A4 and reads upright, left to right; the file opens at 100 % with the
  bookmarks shown.

The page numbers are stamped after merging, on each page's displayed bottom right, with a raw
content stream: a reportlab overlay per page is several times slower (``tooling.md`` §3). The
same inputs give the same bytes: reportlab runs in invariant mode, no clock time is written and
the file ID is derived from the content.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pipeline.errors import BundleInputError, EnvironmentFailure
from pipeline.pdfpages import (
    A4_HEIGHT,
    A4_WIDTH,
    STAMP_FONT,
    normalise_page,
    push_inherited_attributes,
    remove_active_objects,
    stamp_page,
    strip_active_content,
    top_left,
    upright_turns,
)
from pipeline.pdfstructure import repaired

log = logging.getLogger(__name__)

SECTION_TITLES: Final = {"A": "Application", "B": "Evidence", "C": "Exhibits"}
"""The bundle's sections, in order, by letter."""

EXHIBIT: Final = "exhibit"
"""The ``kind`` of an exhibit item."""

PRODUCER: Final = "spo-bundle"

_FONT_DIRS: Final = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
_FONT_FILES: Final = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)

# Index layout, in points. The bottom margin keeps rows clear of the page-number stamp.
_MARGIN_X: Final = 56.7
_TOP: Final = A4_HEIGHT - 56.7
_BOTTOM: Final = 62.0
_INDENT: Final = 12.0
_PAGES_COLUMN: Final = 58.0
_MIN_LEADER: Final = 24.0
_MAX_REF_COLUMN: Final = 110.0
_ROW_SIZE: Final = 10.5
_ROW_LEADING: Final = 14.0
_ROW_GAP: Final = 3.5
_GREY: Final = Color(0.35, 0.35, 0.35)
_LEADER_GREY: Final = Color(0.55, 0.55, 0.55)
_RULE_GREY: Final = Color(0.7, 0.7, 0.7)

_PROGRESS_EVERY: Final = 100


@dataclass(frozen=True, slots=True)
class BundleItem:
    """One document or exhibit to bundle.

    Attributes:
        kind: The checklist item id of the document (``complaint``, ``summons``,
            ``mg11_oic``...), or ``exhibit``.
        title: As the index and bookmarks show it; for an exhibit, its description.
        section: ``A`` (the application), ``B`` (the evidence) or ``C`` (the exhibits).
        pdf: The item's PDF.
        ref: The exhibit reference (``JO/1``); exhibits only.
    """

    kind: str
    title: str
    section: str
    pdf: Path
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class BundleInfo:
    """What the top of the index and the PDF metadata say about the case.

    Attributes:
        court: The court (``Northtown Magistrates' Court``).
        urn: The case's unique reference number.
        parties: The parties (``Chief Constable of North Shire Police v Daniel WHITLOCK``).
        hearing: When the hearing is (``18 December 2026 at 10.00 am``).
        title: What the bundle is (``Application for a stalking protection order``).
    """

    court: str
    urn: str
    parties: str
    hearing: str
    title: str


@dataclass(frozen=True, slots=True)
class BundleEntry:
    """Where an item is in the bundle.

    Attributes:
        item: The item.
        first_page: Its first bundle page (1-based); for an exhibit, its cover page.
        last_page: Its last bundle page.
    """

    item: BundleItem
    first_page: int
    last_page: int


@dataclass(frozen=True, slots=True)
class Bundle:
    """A bundle written to disk.

    Attributes:
        path: The bundle PDF.
        pages: Its number of pages.
        index_pages: How many of them, from page 1, are the index.
        entries: Each item with its pages, in bundle order.
    """

    path: Path
    pages: int
    index_pages: int
    entries: tuple[BundleEntry, ...]


@dataclass(frozen=True, slots=True)
class _Fonts:
    regular: str
    bold: str


@dataclass(frozen=True, slots=True)
class _Link:
    """An index row's clickable rectangle, recorded while the index is drawn."""

    index_page: int
    rect: tuple[float, float, float, float]
    entry: int


@dataclass(frozen=True, slots=True)
class _Front:
    """The pages drawn with reportlab: the index, then one cover per exhibit."""

    pdf: bytes
    index_pages: int
    links: tuple[_Link, ...]


def build_bundle(
    items: Sequence[BundleItem],
    info: BundleInfo,
    target: Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> Bundle:
    """Merge the documents and exhibits into one court bundle.

    Args:
        items: What to bundle, in bundle order: section A, then B, then C.
        info: The case details for the index and the PDF metadata.
        target: The bundle PDF to write; its folder is created when missing, and a bundle
            already there is replaced only once the new one is complete.
        progress: Called now and then with a short message ("stamped 100 of 300 pages").

    Returns:
        The bundle: its path, page count and where each item starts and ends.

    Raises:
        BundleInputError: An item's PDF cannot be opened, is encrypted or damaged, or has no
            pages.
        EnvironmentFailure: The bundle cannot be written.
        ValueError: The items are not in section order, name an unknown section, or an
            exhibit has no reference (a bug in the caller).
    """
    report = progress or _ignore
    _check_items(items)
    with ExitStack() as stack:
        sources = []
        for item in items:
            sources.append(stack.enter_context(_opened(item)))
        report(f"opened {len(sources)} files")
        for item, source in zip(items, sources, strict=True):
            removed = strip_active_content(source)
            if removed:
                # Stripped, not refused: a bundle never carries active content (docs/security.md).
                report(f"removed {', '.join(removed)} from {_describe(item)}")
        counts = [len(source.pages) for source in sources]
        front = _layout(items, counts, info)
        entries = _entries(items, counts, front.index_pages)
        turns = _turns(items, sources, report)

        bundle = stack.enter_context(pikepdf.new())
        front_pdf = stack.enter_context(pikepdf.open(io.BytesIO(front.pdf)))
        _merge(bundle, front_pdf, front.index_pages, items, sources)
        _normalise(bundle, entries, turns)
        _stamp(bundle, report)
        _add_links(bundle, front.links, entries)
        _add_outline(bundle, entries)
        _set_catalog(bundle, info)
        leftover = remove_active_objects(bundle)
        if leftover:
            log.warning("removed %d more active entries from the bundle", leftover)
        version = max([bundle.pdf_version, "1.7", *(source.pdf_version for source in sources)])
        _save(bundle, target, version)
    pages = entries[-1].last_page if entries else front.index_pages
    report(f"wrote {target.name} ({pages} pages)")
    log.info(
        "Bundle %s has %d pages: %d of index, %d items",
        target,
        pages,
        front.index_pages,
        len(entries),
    )
    return Bundle(path=target, pages=pages, index_pages=front.index_pages, entries=entries)


def _ignore(message: str) -> None:
    """Progress goes nowhere unless the caller asks for it."""


def _check_items(items: Sequence[BundleItem]) -> None:
    order = list(SECTION_TITLES)
    previous = 0
    for item in items:
        if item.section not in SECTION_TITLES:
            raise ValueError(f"{item.title}: unknown bundle section {item.section!r}")
        position = order.index(item.section)
        if position < previous:
            raise ValueError(f"{item.title}: section {item.section} comes after {order[previous]}")
        previous = position
        if item.kind == EXHIBIT and not item.ref:
            raise ValueError(f"{item.title}: an exhibit needs its reference")


def _describe(item: BundleItem) -> str:
    """How a message names an item: the exhibit's reference, or the document's title."""
    name = f"exhibit {item.ref}" if item.kind == EXHIBIT else f'"{item.title}"'
    return f"{name} ({item.pdf})"


@contextmanager
def _opened(item: BundleItem) -> Iterator[pikepdf.Pdf]:
    """Open an item's PDF and keep it open: pikepdf copies its objects only when saving."""
    where = _describe(item)
    try:
        pdf = pikepdf.open(item.pdf)
    except pikepdf.PasswordError as exc:
        raise BundleInputError(
            f"{where}: the PDF is encrypted with a password; save an unprotected copy"
        ) from exc
    except FileNotFoundError as exc:
        raise BundleInputError(f"{where}: no such file; check the path") from exc
    except IsADirectoryError as exc:
        raise BundleInputError(f"{where}: is a folder, not a PDF; give the PDF's path") from exc
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise BundleInputError(
            f"{where}: not a readable PDF ({reason}); export or scan it again"
        ) from exc
    try:
        # qpdf quietly rebuilds a broken file, sometimes without some of its pages: refuse it
        # rather than put an incomplete document before the court (as exhibit_files does).
        detail = repaired(pdf)
        if detail is not None:
            raise BundleInputError(f"{where}: a damaged PDF ({detail}); export or scan it again")
        if len(pdf.pages) == 0:
            raise BundleInputError(
                f"{where}: the PDF has no pages; replace it with the complete file"
            )
        push_inherited_attributes(pdf)
        yield pdf
    finally:
        pdf.close()


def _entries(
    items: Sequence[BundleItem], counts: Sequence[int], index_pages: int
) -> tuple[BundleEntry, ...]:
    entries = []
    page = index_pages + 1
    for item, count in zip(items, counts, strict=True):
        pages = count + (1 if item.kind == EXHIBIT else 0)
        entries.append(BundleEntry(item=item, first_page=page, last_page=page + pages - 1))
        page += pages
    return tuple(entries)


def _layout(items: Sequence[BundleItem], counts: Sequence[int], info: BundleInfo) -> _Front:
    """Draw the index and covers until the index's length agrees with the pages it lists.

    Rows wrap independently of their page numbers, so the second pass almost always agrees;
    the loop is bounded in case a longer number ever pushed a row onto another page.
    """
    index_pages = 1
    for _ in range(8):
        front = _draw_front(items, _entries(items, counts, index_pages), info)
        if front.index_pages == index_pages:
            return front
        index_pages = front.index_pages
    raise RuntimeError("the index length does not settle")  # pragma: no cover


def _turns(
    items: Sequence[BundleItem],
    sources: Sequence[pikepdf.Pdf],
    report: Callable[[str], None],
) -> dict[int, tuple[int, ...]]:
    """Which way each exhibit page must turn; only exhibits, the documents are ours."""
    turns = {}
    checked = 0
    for position, (item, source) in enumerate(zip(items, sources, strict=True)):
        if item.kind == EXHIBIT:
            turns[position] = upright_turns(source, item.pdf)
            checked += len(source.pages)
    if checked:
        report(f"checked the text direction of {checked} exhibit pages")
    return turns


def _merge(
    bundle: pikepdf.Pdf,
    front: pikepdf.Pdf,
    index_pages: int,
    items: Sequence[BundleItem],
    sources: Sequence[pikepdf.Pdf],
) -> None:
    front_pages = list(front.pages)
    pages = front_pages[:index_pages]
    cover = index_pages
    for item, source in zip(items, sources, strict=True):
        if item.kind == EXHIBIT:
            pages.append(front_pages[cover])
            cover += 1
        pages.extend(source.pages)
    _set_pages(bundle, pages)
    for page in bundle.pages:
        # The structure tree stays behind, so the pages' references into it would dangle.
        if Name.StructParents in page.obj:
            del page.obj[Name.StructParents]


def _set_pages(bundle: pikepdf.Pdf, pages: Sequence[pikepdf.Page]) -> None:
    """Copy pages of other PDFs into the bundle, which has none yet, as its page tree.

    Page objects are copied without the sources' outlines, which are not ours to show. The
    tree is written whole, one ``/Kids`` array: ``bundle.pages.append`` takes time in
    proportion to the pages already there (500 pages: 12 ms; 2,000: 0.2 s), the array 0.5 ms.
    """
    tree = bundle.Root.Pages
    kids = []
    for page in pages:
        # qpdf copies a page without its /Parent. No page comes twice: each item's file is
        # opened on its own, and qpdf lists a page repeated within one file as a copy.
        obj = bundle.copy_foreign(page.obj)
        obj.Parent = tree
        kids.append(obj)
    tree.Kids = Array(kids)
    tree.Count = len(kids)
    # qpdf lists the pages afresh on first use: nothing may have listed them before.
    if len(bundle.pages) != len(kids):
        raise RuntimeError("the bundle's page tree was listed before it was built")


def _normalise(
    bundle: pikepdf.Pdf, entries: Sequence[BundleEntry], turns: dict[int, tuple[int, ...]]
) -> None:
    # Listed once: pikepdf's pages[n] costs as much as normalising an A4 page.
    pages = list(bundle.pages)
    for position, entry in enumerate(entries):
        first = entry.first_page + (1 if entry.item.kind == EXHIBIT else 0)
        page_turns = turns.get(position, ())
        for offset, number in enumerate(range(first, entry.last_page + 1)):
            turn = page_turns[offset] if offset < len(page_turns) else 0
            scaled = normalise_page(pages[number - 1], turn)
            if turn:
                log.info(
                    "%s, page %d: turned %d degrees so its text reads left to right",
                    _describe(entry.item),
                    offset + 1,
                    turn,
                )
            if scaled:
                log.debug("%s, page %d: scaled to fit A4", _describe(entry.item), offset + 1)


def _stamp(bundle: pikepdf.Pdf, report: Callable[[str], None]) -> None:
    font = bundle.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name("/" + STAMP_FONT),
            Encoding=Name.WinAnsiEncoding,
        )
    )
    opening = bundle.make_stream(b"q\n")
    total = len(bundle.pages)
    for number, page in enumerate(bundle.pages, start=1):
        stamp_page(page, str(number), font, opening)
        if number % _PROGRESS_EVERY == 0 and number < total:
            report(f"stamped {number} of {total} pages")
    report(f"stamped {total} of {total} pages")
    # Labels equal the stamps, so a viewer's page box shows the number printed on the page.
    bundle.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))


def _destination(page: pikepdf.Page) -> Array:
    """Go to the top of a page and keep the reader's zoom."""
    left, top = top_left(page)
    return Array([page.obj, Name.XYZ, left, top, None])


def _add_links(bundle: pikepdf.Pdf, links: Sequence[_Link], entries: Sequence[BundleEntry]) -> None:
    pages = list(bundle.pages)  # pikepdf's pages[n] is slow: listed once
    for link in links:
        entry = entries[link.entry]
        target = pages[entry.first_page - 1]
        annotation = bundle.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array(list(link.rect)),
                Border=Array([0, 0, 0]),
                Contents=pikepdf.String(f"{_row_title(entry.item)}, page {entry.first_page}"),
                Dest=_destination(target),
            )
        )
        page = pages[link.index_page].obj
        if Name.Annots not in page:
            page.Annots = Array()
        page.Annots.append(annotation)


def _add_outline(bundle: pikepdf.Pdf, entries: Sequence[BundleEntry]) -> None:
    pages = list(bundle.pages)  # pikepdf's pages[n] is slow: listed once
    with bundle.open_outline() as outline:
        outline.root.append(OutlineItem("Index", _destination(pages[0])))
        for letter, title in SECTION_TITLES.items():
            members = [entry for entry in entries if entry.item.section == letter]
            if not members:
                continue
            # The 2021 guidance: every section bookmark, too, shows its pages.
            first, last = members[0].first_page, members[-1].last_page
            section = OutlineItem(
                f"{letter}. {title} (pp {first}\N{EN DASH}{last})",
                _destination(pages[first - 1]),
            )
            for entry in members:
                section.children.append(
                    OutlineItem(
                        _bookmark_title(entry),
                        _destination(pages[entry.first_page - 1]),
                    )
                )
            outline.root.append(section)


def _bookmark_title(entry: BundleEntry) -> str:
    """The item's title whole and first (checkers recognise documents by it), then its page."""
    item = entry.item
    title = f"{item.ref} {item.title}" if item.kind == EXHIBIT else item.title
    return f"{title} (p {entry.first_page})"


def _set_catalog(bundle: pikepdf.Pdf, info: BundleInfo) -> None:
    root = bundle.Root
    # The guidance: open at 100 % with the bookmarks shown.
    root.PageMode = Name.UseOutlines
    root.OpenAction = Array([bundle.pages[0].obj, Name.XYZ, None, None, 1])
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    root.Lang = pikepdf.String("en-GB")
    # No dates: the same inputs must give the same bytes.
    docinfo = bundle.docinfo
    docinfo.Title = pikepdf.String(f"{info.title} - {info.urn}")
    docinfo.Subject = pikepdf.String(f"{info.court}: {info.parties}; hearing {info.hearing}")
    docinfo.Producer = pikepdf.String(PRODUCER)


def _save(bundle: pikepdf.Pdf, target: Path, version: str) -> None:
    """Write next to the target, then move into place: never a half-written bundle."""
    partial = target.with_name(f".{target.name}.partial")
    # qpdf writes into memory: a write to a file that fails half-way (disk full) can make qpdf
    # abort the whole process, leaving the partial file and the work folder behind.
    data = io.BytesIO()
    bundle.save(
        data,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
        min_version=version,
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data.getbuffer())
        partial.replace(target)
    except OSError as exc:
        raise EnvironmentFailure(
            f"{target}: cannot write the bundle ({exc.strerror or exc}); check the output folder"
        ) from exc
    finally:
        with suppress(OSError):
            partial.unlink(missing_ok=True)


# --- the index and the exhibit covers, drawn with reportlab ---------------------------------


def load_fonts() -> None:
    """Load the index's fonts now (4 ms, once); ``spo assemble`` does it while LibreOffice converts."""
    _fonts()


@functools.cache
def _fonts() -> _Fonts:
    """An embedded font that covers Latin Extended (Welsh ŵ ŷ, Polish ł), found once."""
    for (regular, bold), folder in zip(_FONT_FILES, _FONT_DIRS, strict=True):
        if (folder / regular).is_file() and (folder / bold).is_file():
            pdfmetrics.registerFont(TTFont("SpoBundleSans", str(folder / regular)))
            pdfmetrics.registerFont(TTFont("SpoBundleSans-Bold", str(folder / bold)))
            return _Fonts("SpoBundleSans", "SpoBundleSans-Bold")
    log.warning(
        "Neither Liberation Sans nor DejaVu Sans is installed: the index uses Helvetica, which "
        "cannot show some accented names; install fonts-liberation"
    )
    return _Fonts("Helvetica", "Helvetica-Bold")


def _row_title(item: BundleItem) -> str:
    return f"{item.ref}  {item.title}" if item.kind == EXHIBIT else item.title


def _page_range(entry: BundleEntry) -> str:
    if entry.first_page == entry.last_page:
        return str(entry.first_page)
    return f"{entry.first_page}\u2013{entry.last_page}"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than width."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        # A word wider than the line (a long file name) is cut where it must be.
        while pdfmetrics.stringWidth(word, font, size) > width:
            cut = len(word)
            while cut > 1 and pdfmetrics.stringWidth(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines


class _IndexPainter:
    """Draws the index rows page after page and records each row's link rectangle."""

    def __init__(
        self, canvas: Canvas, fonts: _Fonts, info: BundleInfo, items: Sequence[BundleItem]
    ) -> None:
        self.canvas = canvas
        self.fonts = fonts
        self.info = info
        # Exhibit descriptions start in one column, after the widest reference.
        self.ref_column = min(
            max((self._ref_width(item) for item in items if item.kind == EXHIBIT), default=0.0),
            _MAX_REF_COLUMN,
        )
        self.page = 0
        self.y = _TOP
        self.links: list[_Link] = []
        self._first_page_header()

    def _centred(self, text: str, font: str, size: float, leading: float) -> None:
        for line in _wrap(text, font, size, A4_WIDTH - 2 * _MARGIN_X - 40):
            self.canvas.setFont(font, size)
            self.canvas.drawCentredString(A4_WIDTH / 2, self.y - size, line)
            self.y -= leading

    def _first_page_header(self) -> None:
        info, fonts, canvas = self.info, self.fonts, self.canvas
        self._centred(info.court, fonts.bold, 13, 17)
        self._centred(info.parties, fonts.regular, 11, 15)
        self._centred(info.title, fonts.regular, 11, 15)
        canvas.setFillColor(_GREY)
        self._centred(f"URN {info.urn}  \u00b7  Hearing {info.hearing}", fonts.regular, 10, 14)
        canvas.setFillColor(Color(0, 0, 0))
        self.y -= 14
        canvas.setFont(fonts.bold, 18)
        canvas.drawCentredString(A4_WIDTH / 2, self.y - 18, "INDEX")
        self.y -= 34
        self._column_heads()

    def _continuation_header(self) -> None:
        self.canvas.setFont(self.fonts.bold, 12)
        self.canvas.drawString(_MARGIN_X, self.y - 12, "INDEX (continued)")
        self.y -= 26
        self._column_heads()

    def _column_heads(self) -> None:
        canvas = self.canvas
        canvas.setFillColor(_GREY)
        canvas.setFont(self.fonts.regular, 8.5)
        canvas.drawString(_MARGIN_X, self.y - 8.5, "DOCUMENT")
        canvas.drawRightString(A4_WIDTH - _MARGIN_X, self.y - 8.5, "PAGES")
        canvas.setFillColor(Color(0, 0, 0))
        self.y -= 13
        canvas.setStrokeColor(_RULE_GREY)
        canvas.setLineWidth(0.5)
        canvas.line(_MARGIN_X, self.y, A4_WIDTH - _MARGIN_X, self.y)
        self.y -= 4

    def _room_for(self, height: float) -> None:
        if self.y - height < _BOTTOM:
            self.canvas.showPage()
            self.page += 1
            self.y = _TOP
            self._continuation_header()

    def section(self, letter: str, first_row_height: float) -> None:
        """A section heading, kept on the same page as its first row."""
        self._room_for(24 + first_row_height)
        self.y -= 10
        self.canvas.setFont(self.fonts.bold, 11.5)
        self.canvas.drawString(_MARGIN_X, self.y - 11.5, f"{letter}. {SECTION_TITLES[letter]}")
        self.y -= 14

    def _ref_width(self, item: BundleItem) -> float:
        return pdfmetrics.stringWidth(f"{item.ref}  ", self.fonts.regular, _ROW_SIZE)

    def _offset(self, item: BundleItem) -> float:
        """Where the row's title starts: after the reference column for an exhibit."""
        if item.kind != EXHIBIT:
            return 0.0
        return max(self.ref_column, self._ref_width(item))

    def row_lines(self, item: BundleItem) -> list[str]:
        """The row's title (an exhibit's description) broken into lines."""
        width = A4_WIDTH - 2 * _MARGIN_X - _INDENT - _PAGES_COLUMN - _MIN_LEADER
        return _wrap(item.title, self.fonts.regular, _ROW_SIZE, width - self._offset(item))

    def row(self, position: int, entry: BundleEntry) -> None:
        """One item: its title, dot leaders and its pages; the whole row links to it."""
        item = entry.item
        lines = self.row_lines(item)
        self._room_for(len(lines) * _ROW_LEADING + _ROW_GAP)
        canvas, regular = self.canvas, self.fonts.regular
        left = _MARGIN_X + _INDENT
        text_left = left + self._offset(item)
        right = A4_WIDTH - _MARGIN_X
        top = self.y
        canvas.setFont(regular, _ROW_SIZE)
        if item.kind == EXHIBIT:
            # The spaces are drawn too, so text extraction keeps "JO/1" apart from its title.
            canvas.drawString(left, self.y - _ROW_LEADING + 3, f"{item.ref}  ")
        for line in lines:
            self.y -= _ROW_LEADING
            canvas.drawString(text_left, self.y + 3, line)
        end = text_left + pdfmetrics.stringWidth(lines[-1], regular, _ROW_SIZE)
        pages = _page_range(entry)
        pages_x = right - pdfmetrics.stringWidth(pages, regular, _ROW_SIZE)
        canvas.drawString(pages_x, self.y + 3, pages)
        dot = pdfmetrics.stringWidth(".", regular, _ROW_SIZE)
        dots = int((pages_x - end - 12) / dot)
        if dots >= 3:
            canvas.setFillColor(_LEADER_GREY)
            canvas.drawRightString(pages_x - 6, self.y + 3, "." * dots)
            canvas.setFillColor(Color(0, 0, 0))
        self.y -= _ROW_GAP
        self.links.append(_Link(self.page, (left - 2, self.y + 1.5, right + 2, top), position))


def _draw_front(
    items: Sequence[BundleItem], entries: Sequence[BundleEntry], info: BundleInfo
) -> _Front:
    fonts = _fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(A4_WIDTH, A4_HEIGHT), invariant=1, pageCompression=1)
    painter = _IndexPainter(canvas, fonts, info, items)
    section = ""
    for position, entry in enumerate(entries):
        if entry.item.section != section:
            section = entry.item.section
            lines = painter.row_lines(entry.item)
            painter.section(section, len(lines) * _ROW_LEADING + _ROW_GAP)
        painter.row(position, entry)
    if not entries:
        canvas.setFont(fonts.regular, _ROW_SIZE)
        canvas.drawString(_MARGIN_X, painter.y - 20, "The bundle holds no documents.")
    canvas.showPage()
    index_pages = painter.page + 1
    for item in items:
        if item.kind == EXHIBIT:
            _draw_cover(canvas, fonts, item, info)
    canvas.save()
    return _Front(buffer.getvalue(), index_pages, tuple(painter.links))


def _draw_cover(canvas: Canvas, fonts: _Fonts, item: BundleItem, info: BundleInfo) -> None:
    """An exhibit's cover: EXHIBIT, its reference large, its description and the URN."""
    middle = A4_WIDTH / 2
    canvas.setFillColor(_GREY)
    canvas.setFont(fonts.regular, 10)
    canvas.drawCentredString(middle, A4_HEIGHT - 70, info.court)
    for number, line in enumerate(_wrap(info.parties, fonts.regular, 10, 420)):
        canvas.drawCentredString(middle, A4_HEIGHT - 84 - 13 * number, line)
    canvas.setFillColor(Color(0, 0, 0))
    y = A4_HEIGHT * 0.62
    canvas.setFont(fonts.bold, 16)
    canvas.drawCentredString(middle, y, "EXHIBIT")
    y -= 62
    canvas.setFont(fonts.bold, 48)
    canvas.drawCentredString(middle, y, item.ref or "")
    y -= 44
    canvas.setFont(fonts.regular, 14)
    for line in _wrap(item.title, fonts.regular, 14, 400):
        canvas.drawCentredString(middle, y, line)
        y -= 19
    y -= 14
    canvas.setFillColor(_GREY)
    canvas.setFont(fonts.regular, 11)
    canvas.drawCentredString(middle, y, f"URN {info.urn}")
    canvas.setFillColor(Color(0, 0, 0))
    canvas.showPage()
