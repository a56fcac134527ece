"""Check a bundle PDF, made by anyone, against the magistrates' court SPO checklist.

``spo check`` runs this on a received bundle and ``spo assemble`` on its own output: one
implementation. The checklist is data (:mod:`pipeline.checklist`); this module finds the documents
in the PDF and judges every item. A result per item is ``pass``, ``fail``, ``warning``,
``needs_review`` or ``not_applicable`` (``shared/spec/checklist.md``).

How the bundle is read (the rules a person can rely on):

- **Documents** start on a page whose first 8 lines carry a title phrase as a heading: any case or
  spacing, line breaks inside the phrase and other words around it allowed, but the words of the
  phrase in capitals or title case, in a short line (not running text), not after "see", and not
  in a line that ends with a page reference (an index entry). ``WITNESS STATEMENT`` counts only
  with ``MG11`` on the same page. When several phrases are in the first lines, the one nearest
  the top wins, then the longest. A page carrying the title of the document already running is a
  continuation page (running titles). A document runs until the next document or exhibit
  starts. A document the text does not show is taken from a bookmark carrying its title.
- **Exhibits** start on a page whose first lines carry the reference (``JO/1``) at the start of a
  line after the word "Exhibit", or alone on its line; the case's references, and any
  ``AB/12``-shaped reference without a case.
- **Page numbers** are read in the first and last 3 lines of a page, as a person reads them:
  ``3``, ``- 3 -``, ``Page 3``, ``Page 3 of 40``, ``3 of 40``, ``3/40``. A page passes when one of
  them is its page number in the PDF (an MG11's own "Page 1 of 6" beside the bundle's stamp
  "12" passes on the stamp).
- **Index entries** are lines of the index pages that end with a page or a range set apart by
  dot leaders or as a table column (``5``, ``5-6``, ``5 - 6`` with any dash, ``pages 5 to 6``); a
  title wrapped over two lines is read with its other line. An entry is matched to a document by
  the title phrase (or exhibit reference) it holds; its first page must be where that document
  starts. Entries naming nothing found are not judged (a missing document fails its own item).
- **Labelled fields** (date of birth, defendant, signature blocks) are read as a person reads
  them: ``Label: value``, a label and its value in two columns, or the value on the next line when
  that line is not itself a label.
- **Text layer**: a page with no text apart from a page number fails when it shows an image (a
  scan); a page that shows nothing at all is blank and is only noted.
- **Placeholders** are looked for outside the exhibits: evidence is shown as it was produced.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import logging
import os
import re
import signal
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pipeline import restricted
from pipeline.checklist import Checklist, ChecklistItem, ItemKind, load_checklist
from pipeline.dates import iso_date, long_date
from pipeline.models import JsonObject
from pipeline.pdftext import (
    Line,
    PageText,
    check_file,
    edge_lines,
    fold,
    iter_pages_raw,
    labelled_fields,
    page_number_in,
    parse_date,
    printed_page_numbers,
    squeeze,
)
from pipeline.restricted import (
    RestrictedDetail,
    find_in_folded,
    find_restricted,
    restricted_details,
)

if TYPE_CHECKING:
    from pipeline.pdfstructure import PdfStructure

log = logging.getLogger(__name__)

PASS = "pass"
FAIL = "fail"
WARNING = "warning"
NEEDS_REVIEW = "needs_review"
NOT_APPLICABLE = "not_applicable"
STATUSES = (PASS, FAIL, WARNING, NEEDS_REVIEW, NOT_APPLICABLE)

A4 = (595.276, 841.89)
"""A4 in points (210 x 297 mm)."""
_MM = 72 / 25.4
_HEAD_LINES = 8
"""How many lines at the top of a page may carry a document's title or an exhibit reference."""
_NEED_CASE = "run spo check again with --case CASE.json to judge it"


# --- the public results ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FoundDocument:
    """A document found in the bundle.

    Attributes:
        item: The checklist item id (``complaint``, ``mg11_oic``, ``exhibits``...).
        title: The title as printed (or the bookmark's title when it was found by bookmark).
        first_page: Its first page, 1-based.
        last_page: Its last page, 1-based.
    """

    item: str
    title: str
    first_page: int
    last_page: int

    def to_json(self) -> JsonObject:
        """The document as ``spo check --format json`` lists it."""
        return {
            "item": self.item,
            "title": self.title,
            "first_page": self.first_page,
            "last_page": self.last_page,
        }


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The result of one checklist item.

    Attributes:
        id: The checklist item id.
        status: ``pass``, ``fail``, ``warning``, ``needs_review`` or ``not_applicable``.
        message: What was found and, when it is not a pass, what a person should do.
        pages: The pages concerned (1-based), sorted.
    """

    id: str
    status: str
    message: str
    pages: tuple[int, ...]

    def to_json(self) -> JsonObject:
        """The result as ``spo check --format json`` lists it."""
        return {
            "id": self.id,
            "status": self.status,
            "message": self.message,
            "pages": list(self.pages),
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The checklist run on one bundle.

    Attributes:
        pages: The bundle's page count.
        documents: The documents found, in page order.
        items: One result per checklist item, in the checklist's order.
    """

    pages: int
    documents: tuple[FoundDocument, ...]
    items: tuple[ItemResult, ...]

    @property
    def fileable(self) -> bool:
        """No item fails and no item still needs a person's review (``checklist.md``)."""
        return not any(i.status in (FAIL, NEEDS_REVIEW) for i in self.items)

    @property
    def failed(self) -> tuple[ItemResult, ...]:
        """The items at ``fail``."""
        return tuple(i for i in self.items if i.status == FAIL)

    def to_json(self) -> JsonObject:
        """The report in the shape of ``spo check --format json`` (``cli.md``)."""
        return {
            "fileable": self.fileable,
            "pages": self.pages,
            "documents": [d.to_json() for d in self.documents],
            "items": [i.to_json() for i in self.items],
        }


# --- text helpers ------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_MINOR = {"a", "an", "and", "for", "of", "the", "to", "or", "in", "on", "by", "with", "at"}
_CROSS_REFERENCE = re.compile(r"\b(?:see|refer|attached|enclosed|exhibited)\b", re.IGNORECASE)
_GENERIC_REF = r"[A-Z]{1,4}/\d{1,3}"
_RANGE = r"(?P<first>\d{1,4})(?:\s*(?:[-\u2013\u2014]|to)\s*(?P<last>\d{1,4}))?"
_ENTRY = re.compile(
    # An index entry with dot leaders: "Summons ........ 5", "Draft order ... pages 6 to 7".
    r"^(?P<title>.*?[A-Za-z].*?)\s*(?:(?:\.\s*){3,}|\u2026+|_{3,})\s*"
    r"(?:pages?\s+|pp?\.\s*)?" + _RANGE + r"$",
    re.IGNORECASE,
)
_LEADERS = re.compile(
    r"(?:\.\s*){4,}\s*(?:pages?\s+|pp?\.\s*)?\d{1,4}(?:\s*[-\u2013\u2014]\s*\d{1,4})?$"
)
_PAGE_REF_CELL = re.compile(r"^(?:pages?\s+|pp?\.\s*)?" + _RANGE + r"$", re.IGNORECASE)
_WORD_NUMBERS = {
    word: number
    for number, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen", "twenty"),
        )
    )
}
_URN = re.compile(r"(?<![A-Za-z0-9])\d{2}[\s/-]?[A-Z]{2}[\s/-]?\d{5}[\s/-]?\d{2}(?![A-Za-z0-9])")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _words(text: str) -> int:
    return len(text.split())


def _short(text: str, limit: int = 60) -> str:
    text = _flat(text)
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _pages(pages: Iterable[int]) -> str:
    """``page 3`` or ``pages 3, 5-7``."""
    numbers = sorted(set(pages))
    if not numbers:
        return "no page"
    runs: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(runs)


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _listed(parts: Sequence[str], limit: int = 6) -> str:
    """Parts joined by semicolons, at most ``limit`` of them and a count of the rest."""
    more = f"; and {len(parts) - limit} more" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


def _span(first: int, last: int) -> str:
    return _pages(range(first, last + 1))


# --- reading pages: page numbers, headings, labelled fields ------------------------------------


def _index_like(line: Line, page_number: int) -> bool:
    """A line that reads as an index entry: dot leaders, or a last column holding a page ref.

    A last column holding the page's own number is the page's stamp, not an index entry.
    """
    if _LEADERS.search(line.text):
        return True
    if len(line.cells) < 2:
        return False
    match = _PAGE_REF_CELL.match(line.cells[-1])
    if match is None:
        return False
    return not (match.group("last") is None and int(match.group("first")) == page_number)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """Something in a page's first lines that may start a document."""

    line: int
    weight: int
    item: str
    ref: str | None
    title: str


@dataclass(frozen=True, slots=True)
class _Title:
    """A title phrase of a document found by its title, squeezed once for every page."""

    item: str
    key: str  # the phrase squeezed
    words: int  # the phrase's words
    with_key: str  # the phrase that must also be on the page, squeezed; empty when none

    @classmethod
    def all(cls, checklist: Checklist) -> tuple[_Title, ...]:
        """The title phrases, in the checklist's order."""
        return tuple(
            cls(item.id, squeeze(phrase), _words(phrase), squeeze(item.with_phrase or ""))
            for item in checklist.documents
            if item.find == "title"
            for phrase in item.titles
        )


class _Head:
    """A page's first lines as one squeezed string, remembering which word each part came from."""

    def __init__(self, page: PageText) -> None:
        self.page = page
        self.lines = list(range(min(_HEAD_LINES, len(page.lines))))
        self.words: list[str] = []
        self.cells: list[tuple[int, int]] = []
        parts: list[str] = []
        for index in self.lines:
            for position, cell in enumerate(page.lines[index].cells):
                words = cell.split()
                if cell.isascii():
                    keys = cell.lower().split()  # an ASCII word squeezes to itself, lower case
                else:
                    pairs = [(word, key) for word in words if (key := squeeze(word))]
                    words, keys = [w for w, _ in pairs], [k for _, k in pairs]
                self.words += words
                self.cells += [(index, position)] * len(words)
                parts += keys
        self.offsets = list(itertools.accumulate(map(len, parts), initial=0))[:-1]
        self.text = "".join(parts)
        self.starts = set(self.offsets)

    def headings(self, title: _Title) -> Iterable[tuple[int, str]]:
        """Where a title phrase is a heading: (line index, the heading as printed)."""
        key = title.key
        start = self.text.find(key) if key else -1
        while start >= 0:
            end = start + len(key)
            # Whole words only: "SUMMONS" is not in "SUMMONSED".
            if start in self.starts and (end == len(self.text) or end in self.starts):
                first = bisect.bisect_right(self.offsets, start) - 1
                last = bisect.bisect_left(self.offsets, end)
                heading = self._heading(first, last, title.words)
                if heading is not None:
                    yield self.cells[first][0], heading
            start = self.text.find(key, start + 1)

    def _heading(self, first: int, last: int, phrase_words: int) -> str | None:
        """The heading holding words ``first`` to ``last - 1``, or None when it is not one."""
        cells = sorted(set(self.cells[first:last]))
        texts = [self.page.lines[line].cells[cell] for line, cell in cells]
        joined = " ".join(texts)
        if _words(joined) > phrase_words + 10:
            return None  # running text, not a heading
        for word in self.words[first:last]:
            letters = [c for c in word if c.isalpha()]
            if (
                letters
                and not letters[0].isupper()
                and word.casefold().strip("(),.:;") not in _MINOR
            ):
                return None  # "the summons": a phrase in a sentence
        if texts[0][:1].islower() or _CROSS_REFERENCE.search(joined):
            return None
        if joined.rstrip().endswith((".", ";", ",")) and _words(joined) > phrase_words + 2:
            return None
        if any(_index_like(self.page.lines[line], self.page.number) for line, _ in cells):
            return None
        return joined


def _ref_choices(refs: Sequence[str]) -> str:
    """A pattern for exhibit references.

    The case's references however they are separated (``JO/1``, ``JO-1``, ``JO 1``), and any
    ``AB/12``-shaped one.
    """
    choices = []
    for ref in sorted(refs, key=len, reverse=True):
        chunks = re.findall(r"[A-Za-z]+|\d+", ref)
        choices.append(r"\s*[/.-]?\s*".join(map(re.escape, chunks)) if chunks else re.escape(ref))
    return "|".join([*choices, _GENERIC_REF])


def _ref_key(ref: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", ref).upper()


def _names_ref(text: str, ref: str) -> bool:
    """Whether a bookmark's title names an exhibit (``JO/1``, not ``JO/12``), however separated."""
    letters = re.sub(r"[^0-9a-z]", "", text.casefold())
    return re.search(re.escape(_ref_key(ref).casefold()) + r"(?![0-9])", letters) is not None


def _canonical_ref(printed: str, refs: Sequence[str]) -> str:
    """The case's spelling of a reference printed another way (``JO-1`` is ``JO/1``)."""
    key = _ref_key(printed)
    return next((ref for ref in refs if _ref_key(ref) == key), printed)


@dataclass(frozen=True, slots=True)
class _ExhibitLabels:
    """How an exhibit's first page is recognised: ``Exhibit JO/1 ...``, or ``JO/1`` alone."""

    refs: tuple[str, ...]
    labelled: re.Pattern[str]
    alone: re.Pattern[str]

    @classmethod
    def for_refs(cls, refs: Sequence[str]) -> _ExhibitLabels:
        ref = rf"(?P<ref>{_ref_choices(refs)})(?![\w/])"
        labelled = re.compile(
            rf"^(?:EXHIBIT|Exhibit)\s*(?:(?:ref(?:erence)?|no|number)\.?\s*)?[:.#]?\s*{ref}"
            r"(?P<rest>.*)$"
        )
        alone = re.compile(
            rf"^{ref}\s*(?:\(?(?:page|p\.?)\s*\d+(?:\s*of\s*\d+)?\)?)?$", re.IGNORECASE
        )
        return cls(tuple(refs), labelled, alone)

    def candidates(self, head: _Head) -> Iterable[_Candidate]:
        """The exhibit labels in a page's first lines.

        A reference alone on its line does not start an exhibit on a page that says it
        continues a document ("Page 2 of 4"): it is a row of that document's table of incidents.
        """
        page = head.page
        continues: bool | None = None  # looked at only for a reference alone (most pages: never)
        for index in head.lines:
            line = page.lines[index]
            for cell in line.cells:
                match = self.labelled.match(cell)
                if match:
                    rest = match.group("rest").strip()
                    if rest[:1].islower() or _words(cell) > 24:
                        continue  # "Exhibit JO/3 shows...": running text
                elif len(line.cells) == 1:
                    match = self.alone.match(cell)
                    if match and continues is None:
                        continues = _continues_a_document(page)
                    if continues:
                        match = None
                if match:
                    if _index_like(line, page.number):
                        break  # an index entry naming the exhibit, not its first page
                    ref = _canonical_ref(match.group("ref"), self.refs)
                    yield _Candidate(index, 0, "exhibits", ref, cell)
                    break


_PAGE_OF = re.compile(r"\bpage\s+(\d{1,4})\s+of\s+\d{1,4}\b", re.IGNORECASE)


def _continues_a_document(page: PageText) -> bool:
    """Whether the page's head or foot prints "Page N of M" with N after 1."""
    for index in edge_lines(page):
        for match in _PAGE_OF.finditer(page.lines[index].text):
            if int(match.group(1)) > 1:
                return True
    return False


# --- the bundle as read ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Doc:
    """A document found, with what the checks need besides the public record."""

    item: str
    title: str
    first: int
    last: int
    ref: str | None = None
    by_bookmark: bool = False

    @property
    def public(self) -> FoundDocument:
        return FoundDocument(self.item, self.title, self.first, self.last)

    @property
    def pages(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def name(self) -> str:
        return f"exhibit {self.ref}" if self.ref else _NAMES.get(self.item, self.item)


_NAMES = {
    "index": "index",
    "complaint": "complaint",
    "variation_complaint": "complaint to vary, renew or discharge",
    "summons": "summons",
    "authorisation": "authorisation",
    "mg11_oic": "MG11 witness statement",
    "draft_order": "draft order",
    "draft_interim_order": "draft interim order",
    "notification_notice": "notice of the notification requirements",
    "hearsay_notice": "hearsay notice",
}


@dataclass(frozen=True, slots=True)
class _Seen:
    """What the checks keep of every page, worked out as the page is read.

    The pages of the exhibits are not kept (a 2,000-page exhibit would fill memory); the
    checks read them only through this.

    Attributes:
        number: The 1-based page number.
        width: As :class:`~pipeline.pdftext.PageText`.
        height: As :class:`~pipeline.pdftext.PageText`.
        direction: As :class:`~pipeline.pdftext.PageText`.
        has_image: As :class:`~pipeline.pdftext.PageText`.
        printed: The page numbers printed at its head or foot.
        stamps: The (line, cell) positions of the cells that are only a page number.
        has_text: Whether it has text apart from those cells.
        start: What in its first lines may start a document, or None.
        restricted: The restricted details it discloses, ``"P1: address, phone"`` per person.
    """

    number: int
    width: float
    height: float
    direction: int | None
    has_image: bool | None
    printed: frozenset[int]
    stamps: frozenset[tuple[int, int]]
    has_text: bool
    start: _Candidate | None
    restricted: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Bundle:
    path: Path
    structure: PdfStructure
    seen: tuple[_Seen, ...]
    kept: dict[int, PageText]  # every page outside the exhibits, by number
    docs: tuple[_Doc, ...]
    case: JsonObject | None
    checklist: Checklist

    def page(self, number: int) -> PageText:
        """A page's text; the checks ask only for pages outside the exhibits, all kept."""
        if number not in self.kept:  # an exhibit's page: read it again rather than fail
            for page, _ in iter_pages_raw(self.path, [number]):
                self.kept[number] = page
        return self.kept[number]

    def found(self, item: str) -> list[_Doc]:
        return [d for d in self.docs if d.item == item]

    def text(self, doc: _Doc) -> str:
        return "\n".join(self.page(n).text for n in doc.pages)

    def exhibit_pages(self) -> set[int]:
        return {n for d in self.docs if d.ref for n in d.pages}


def _case_refs(case: JsonObject | None) -> list[str]:
    exhibits = case.get("exhibits") if case else None
    if not isinstance(exhibits, list):
        return []
    return [
        e["ref"]
        for e in exhibits
        if isinstance(e, dict) and isinstance(e.get("ref"), str) and e["ref"]
    ]


def _start(page: PageText, labels: _ExhibitLabels, titles: Sequence[_Title]) -> _Candidate | None:
    """What in a page's first lines may start a document: the nearest the top, then the longest."""
    head = _Head(page)
    candidates = list(labels.candidates(head))
    squeezed_page: str | None = None
    for title in titles:
        for line, heading in head.headings(title):
            if title.with_key:
                squeezed_page = squeezed_page or squeeze(page.text)
                if title.with_key not in squeezed_page:
                    continue
            candidates.append(_Candidate(line, -len(title.key), title.item, None, heading))
    return min(candidates, key=lambda c: (c.line, c.weight)) if candidates else None


def _find_documents(
    pages: Sequence[_Seen],
    structure: PdfStructure,
    checklist: Checklist,
    case: JsonObject | None,
) -> tuple[_Doc, ...]:
    """Find where each document and exhibit starts; each runs until the next one starts."""
    starts: dict[int, _Candidate] = {}
    running: tuple[str, str | None] | None = None
    for page in pages:
        best = page.start
        if best is None:
            continue
        key = (best.item, best.ref)
        if key == running:
            continue  # a running title on a continuation page
        starts[page.number] = best
        running = key
    docs = _from_bookmarks(starts, structure, checklist, case)
    numbers = sorted(docs)
    found: list[_Doc] = []
    for position, number in enumerate(numbers):
        candidate, by_bookmark = docs[number]
        last = numbers[position + 1] - 1 if position + 1 < len(numbers) else len(pages)
        found.append(
            _Doc(candidate.item, candidate.title, number, last, candidate.ref, by_bookmark)
        )
    return tuple(found)


def _longest_title(text: str, checklist: Checklist) -> str | None:
    """The document whose title phrase the text holds, or None.

    The longest phrase wins, so "draft interim stalking protection order" is not taken for
    "draft stalking protection order".
    """
    squeezed = squeeze(text)
    best: tuple[int, str] | None = None
    for item in checklist.documents:
        for phrase in item.titles:
            key = squeeze(phrase)
            if key in squeezed and (best is None or len(key) > best[0]):
                best = (len(key), item.id)
    return best[1] if best else None


def _bookmark_item(
    title: str, checklist: Checklist, refs: Sequence[str]
) -> tuple[str, str | None] | None:
    """The document a bookmark's title names: its item id and exhibit ref (or None)."""
    for ref in refs:
        if _names_ref(title, ref):
            return "exhibits", ref
    item = _longest_title(title, checklist)
    return (item, None) if item else None


def _from_bookmarks(
    starts: dict[int, _Candidate],
    structure: PdfStructure,
    checklist: Checklist,
    case: JsonObject | None,
) -> dict[int, tuple[_Candidate, bool]]:
    """Add the documents the text does not show but a bookmark names (a scanned document)."""
    docs = {number: (candidate, False) for number, candidate in starts.items()}
    have = {(c.item, c.ref) for c in starts.values()}
    refs = _case_refs(case) or sorted(
        {m.group() for b in structure.bookmarks for m in re.finditer(_GENERIC_REF, b.title)}
    )
    for bookmark in structure.bookmarks:
        named = _bookmark_item(bookmark.title, checklist, refs)
        if named is None or named in have or bookmark.page is None or bookmark.page in docs:
            continue
        item, ref = named
        docs[bookmark.page] = (_Candidate(0, 0, item, ref, _flat(bookmark.title)), True)
        have.add(named)
    return docs


def _has_text(page: PageText, stamps: Collection[tuple[int, int]]) -> bool:
    """Whether a page has text apart from the cells that are only a page number."""
    return any(
        char.isalnum()
        for index, line in enumerate(page.lines)
        for position, cell in enumerate(line.cells)
        if (index, position) not in stamps
        for char in cell
    )


@dataclass(frozen=True, slots=True)
class _Reader:
    """What is looked for on every page as it is read (a forked process gets its own copy)."""

    labels: _ExhibitLabels
    titles: tuple[_Title, ...]
    people: tuple[tuple[str, tuple[RestrictedDetail, ...]], ...]

    def see(self, page: PageText, raw: str) -> _Seen:
        """What the checks keep of a page: its summary."""
        printed, stamps = printed_page_numbers(page)
        return _Seen(
            page.number,
            page.width,
            page.height,
            page.direction,
            page.has_image,
            frozenset(printed),
            frozenset(stamps),
            _has_text(page, stamps),
            _start(page, self.labels, self.titles),
            self._restricted(page, raw) if self.people else (),
        )

    def _restricted(self, page: PageText, raw: str) -> tuple[str, ...]:
        """The restricted details in the page's characters as PDFium reads them, then its text.

        The characters never split a word at an invisible character ("Or<ZWSP>chard"); the
        text is what a viewer shows. They fold alike unless they differ in more than spacing,
        so the text is searched only then (most pages differ only in PDFium's line breaks, and
        a page read :attr:`~pipeline.pdftext.PageText.verbatim` in nothing else).
        """
        found = self._search(raw)
        if page.verbatim:
            return tuple(found)
        text = page.text
        if text != raw.replace("\r\n", "\n") and text.split() != raw.split():
            found += [hit for hit in self._search(text) if hit not in found]
        return tuple(found)

    def _search(self, text: str) -> list[str]:
        folded = restricted.fold(text)
        found = []
        for pid, details in self.people:
            kinds = find_in_folded(folded, details)
            if kinds:
                found.append(f"{pid}: {', '.join(kinds)}")
        return found


def _read_pages(
    path: Path,
    reader: _Reader,
    numbers: Iterable[int] | None,
    from_first: bool,
    meeting: _Meeting | None = None,
) -> tuple[list[_Seen], dict[int, PageText]]:
    """Read pages in order: each one's summary, and the pages outside the exhibits.

    Whether a page is in an exhibit is judged from the starts read so far. Pages before the
    first start are kept only when reading ``from_first`` page: other pages may begin inside an
    exhibit. A page outside the exhibits not kept here is read again later. The ``meeting``, if
    any, is told whether the pages read are in an exhibit.
    """
    seen: list[_Seen] = []
    kept: dict[int, PageText] = {}
    in_exhibit: bool | None = False if from_first else None
    for page, raw in iter_pages_raw(path, numbers):
        summary = reader.see(page, raw)
        if summary.start is not None:
            in_exhibit = summary.start.item == "exhibits"
            if meeting is not None:
                meeting.in_exhibit(in_exhibit)
        if in_exhibit is False:
            kept[page.number] = page
        seen.append(summary)
    return seen, kept


_WAITING = 64
"""Pages read backwards that wait to learn whether their document is an exhibit (a page is kept
only if it is not); those beyond are read again later if needed. Bounds the memory an exhibit of
thousands of pages takes."""


def _read_backwards(
    path: Path, reader: _Reader, meeting: _Meeting
) -> tuple[list[_Seen], dict[int, PageText]]:
    """As :func:`_read_pages`, from the last page back to where the forward reader has got.

    A page belongs to the document started by the nearest start at or before it, which is read
    after it here: pages wait for it, and are kept if it is not an exhibit's. The start of the
    pages still waiting at the end was the forward reader's last: they are kept unless it was an
    exhibit's (if it said so too late, they are dropped later, or read again).
    """
    seen: list[_Seen] = []
    kept: dict[int, PageText] = {}
    waiting: list[PageText] = []
    for page, raw in iter_pages_raw(path, meeting.backwards()):
        summary = reader.see(page, raw)
        seen.append(summary)
        if len(waiting) < _WAITING:
            waiting.append(page)
        if summary.start is not None:
            if summary.start.item != "exhibits":
                kept.update((p.number, p) for p in waiting)
            waiting = []
    if not meeting.in_exhibit():
        kept.update((p.number, p) for p in waiting)
    return seen, kept


def _read(path: Path, checklist: Checklist, case: JsonObject | None) -> _Bundle:
    people = tuple((pid, tuple(details)) for pid, details in _restricted_people(case))
    reader = _Reader(_ExhibitLabels.for_refs(_case_refs(case)), _Title.all(checklist), people)
    with _helped(path, reader) as helper:
        # pikepdf loads while the helper reads (pipeline.pdfstructure): a tenth of the time.
        from pipeline.pdfstructure import read_structure

        structure = read_structure(path)
        seen, kept = _read_all(path, reader, helper)
    docs = _find_documents(seen, structure, checklist, case)
    exhibits = {n for d in docs if d.ref for n in d.pages}
    kept = {n: page for n, page in kept.items() if n not in exhibits}
    # Pages the reading could not tell were outside an exhibit: a document found only by its
    # bookmark, or one whose start the other process read.
    missing = [s.number for s in seen if s.number not in exhibits and s.number not in kept]
    if missing:
        kept.update((page.number, page) for page, _ in iter_pages_raw(path, missing))
    log.info("Read %d pages of %s; found %d documents", len(seen), path, len(docs))
    return _Bundle(path, structure, tuple(seen), kept, docs, case, checklist)


# --- reading in two processes ------------------------------------------------------------------

_TWO_PROCESSES = 100
"""From this many pages a forked process helps to read the bundle: below it, the fork and the
hand-over cost more than they save."""


def _read_all(
    path: Path, reader: _Reader, helper: _Helper | None
) -> tuple[list[_Seen], dict[int, PageText]]:
    """Read every page: here from the first page on, the helper (if any) from the last page back.

    They stop where they meet, so each reads as much as its pages and its start allow. A page
    both read counts once; a page neither read (they may each see the other take it), and every
    page of a helper that failed, is read here at the end.
    """
    if helper is None:
        return _read_pages(path, reader, None, from_first=True)
    meeting = helper.meeting
    seen, kept = _read_pages(path, reader, meeting.forwards(), from_first=True, meeting=meeting)
    rest = helper.result()
    if rest is not None:
        have = {s.number for s in seen}
        seen += [s for s in rest[0] if s.number not in have]
        kept = rest[1] | kept
    have = {s.number for s in seen}
    missing = [n for n in range(1, meeting.count + 1) if n not in have]
    if missing:
        more_seen, more_kept = _read_pages(path, reader, missing, from_first=False)
        seen += more_seen
        kept |= more_kept
    seen.sort(key=lambda s: s.number)
    return seen, kept


def _may_fork() -> bool:
    """Whether a second process can help and forking is safe.

    At least two cores are ours; no other thread runs (a fork copies the locks they hold: ``spo
    assemble`` talks to LibreOffice from threads); and this is not a worker of ``spo assemble
    --jobs``, whose siblings have the other cores (a worker has loaded multiprocessing).
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    multiprocessing = sys.modules.get("multiprocessing")
    worker = multiprocessing is not None and multiprocessing.parent_process() is not None
    return (cores or 1) >= 2 and not worker


def _page_count(path: Path) -> int:
    """The number of pages PDFium finds, or 0 when it cannot open the file (refused later)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # loaded already, by pdftext

    try:
        document = pdfium.PdfDocument(path)
    except Exception:  # whatever it is, read_structure refuses the file with a clear reason
        return 0
    try:
        return len(document)
    finally:
        document.close()


@contextlib.contextmanager
def _helped(path: Path, reader: _Reader) -> Iterator[_Helper | None]:
    """A forked process reading the bundle from its last page back, when one can help.

    It starts before the file's structure is read, and is stopped however the reading ends.
    The file is looked at first, as :func:`~pipeline.pdfstructure.read_structure` does, so
    PDFium never opens what is plainly not a PDF (a folder, a pipe that would never end).
    """
    check_file(path)
    count = _page_count(path) if _may_fork() else 0
    helper = _Helper.fork(path, reader, count) if count >= _TWO_PROCESSES else None
    try:
        yield helper
    finally:
        if helper is not None:
            helper.stop()


class _Meeting:
    """Where the two readers have got to, in memory both processes share.

    Two numbers: the next page the forward reader takes, and the last page the backward reader
    took. Each takes a page by saying so and then looking at the other's number, so they can
    both take the page they meet at (it is read twice and counted once) or both leave it (it is
    read at the end); no page is lost either way. A third says whether the forward reader's
    pages are in an exhibit.
    """

    def __init__(self, count: int) -> None:
        import mmap

        self.count = count
        self.shared = mmap.mmap(-1, 24)
        self._set(0, 1)
        self._set(8, count + 1)
        self._set(16, 0)

    def in_exhibit(self, value: bool | None = None) -> bool:
        """Whether the forward reader's pages are in an exhibit; set it when ``value`` is given."""
        if value is not None:
            self._set(16, int(value))
        return self._get(16) == 1

    def _set(self, offset: int, value: int) -> None:
        self.shared[offset : offset + 8] = value.to_bytes(8, "little")

    def _get(self, offset: int) -> int:
        return int.from_bytes(self.shared[offset : offset + 8], "little")

    def forwards(self) -> Iterator[int]:
        """Page numbers from the first, until the backward reader has the next one."""
        for number in range(1, self.count + 1):
            self._set(0, number + 1)
            if number >= self._get(8):
                return
            yield number

    def backwards(self) -> Iterator[int]:
        """Page numbers from the last, until the forward reader has the next one."""
        for number in range(self.count, 0, -1):
            self._set(8, number)
            if number < self._get(0):
                return
            yield number


@dataclass
class _Helper:
    """The forked process that reads from the last page back; see :func:`_helped`."""

    pid: int
    pipe: Any  # the read end: the helper's pages, pickled, once it is done
    meeting: _Meeting

    @classmethod
    def fork(cls, path: Path, reader: _Reader, count: int) -> _Helper | None:
        """Start the helper; None when no process can be had (a limit on processes)."""
        receive, send = os.pipe()
        meeting = _Meeting(count)
        # SIGINT waits while forking: the child must not be interrupted before it ignores it, or
        # it would go on running this process's code.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:
            _help(receive, send, path, reader, meeting)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(send)
        if pid < 0:
            os.close(receive)
            return None
        return cls(pid, os.fdopen(receive, "rb"), meeting)

    def result(self) -> tuple[list[_Seen], dict[int, PageText]] | None:
        """The helper's pages once it is done, or None when it failed (nothing, or a part)."""
        import pickle

        with contextlib.suppress(Exception):
            return pickle.load(self.pipe)  # type: ignore[no-any-return]
        return None

    def stop(self) -> None:
        """End the helper, done or not: Ctrl-C and errors here are this process's to answer."""
        self.pipe.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _help(receive: int, send: int, path: Path, reader: _Reader, meeting: _Meeting) -> NoReturn:
    """The forked process: read pages from the last back, send them, and exit.

    It exits without running the parent's exit handlers or flushing its buffers, and without
    a word on failure: the parent then reads the pages itself.
    """
    import pickle

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        os.close(receive)
        rest = _read_backwards(path, reader, meeting)
        with os.fdopen(send, "wb") as pipe:
            pickle.dump(rest, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)


# --- which documents are required --------------------------------------------------------------


class _Requirements:
    """Evaluate ``required_when`` / ``unless`` conditions: True, False or None (cannot tell)."""

    def __init__(self, bundle: _Bundle, checklist: Checklist) -> None:
        self.bundle = bundle
        self.checklist = checklist
        self.case = bundle.case

    def _application(self) -> str | None:
        case = self.case.get("case") if self.case else None
        kind = case.get("application_type") if isinstance(case, dict) else None
        return kind if isinstance(kind, str) else None

    def condition(self, name: str, depth: int = 0) -> bool | None:
        """One condition of the vocabulary (documented in the checklist file)."""
        case, bundle = self.case, self.bundle
        if name == "always":
            return True
        if name.startswith("application:"):
            wanted = name.split(":", 1)[1]
            if case is not None:
                return self._application() == wanted
            s4 = bool(bundle.found("variation_complaint"))
            if wanted == "new":
                return not s4
            return None if s4 else False
        if name == "interim":
            if case is not None:
                interim = case.get("interim")
                return isinstance(interim, dict) and interim.get("requested") is True
            complaints = bundle.found("complaint") or bundle.found("variation_complaint")
            if not complaints:
                return None
            text = " ".join(bundle.text(d) for d in complaints)
            return re.search(r"\binterim\b", text, re.IGNORECASE) is not None
        if name == "hearsay":
            notices = case.get("hearsay_notices") if case is not None else None
            return bool(notices) if case is not None else None
        if name == "exhibits":
            return bool(self.expected_refs()) or bool(bundle.found("exhibits")) or None
        if name == "draft_order":
            if bundle.found("draft_order"):
                return True
            item = self.checklist.get("draft_order")
            return self.required(item, depth + 1) if item and depth < 3 else None
        if name == "soa_notification":
            defendant = case.get("defendant") if case is not None else None
            if not isinstance(defendant, dict):
                return None
            return defendant.get("sexual_offences_notification") is True
        return None

    def expected_refs(self) -> list[str]:
        """The exhibits the bundle must hold: the case's, or without one those the index lists."""
        if self.case is not None:
            return _case_refs(self.case)
        return sorted({e.ref for e in _index_entries(self.bundle, self.checklist) if e.ref})

    def required(self, item: ChecklistItem, depth: int = 0) -> bool | None:
        """Kleene logic: any of ``required_when`` and none of ``unless``."""
        when = [self.condition(c, depth) for c in item.required_when]
        needed: bool | None = (
            True if any(w is True for w in when) else None if None in when else False
        )
        if needed is False:
            return False
        unless = [self.condition(c, depth) for c in item.unless]
        if any(u is True for u in unless):
            return False
        if needed is None or None in unless:
            return None
        return True


# --- document items ----------------------------------------------------------------------------


def _document_result(item: ChecklistItem, bundle: _Bundle, needs: _Requirements) -> ItemResult:
    if item.find == "exhibit_refs":
        return _exhibits_result(item, bundle, needs)
    docs = bundle.found(item.id)
    name = _NAMES.get(item.id, item.id.replace("_", " "))
    if docs:
        first = [d.first for d in docs]
        where = _listed([_span(d.first, d.last) for d in docs])
        if item.on_pages and not any(p in item.on_pages for p in first):
            return ItemResult(
                item.id,
                FAIL,
                f"The {name} is on {_pages(first)}; it must be on {_pages(item.on_pages)}: "
                "move it to the front of the bundle.",
                tuple(first),
            )
        how = (
            " (found by its bookmark: its title is not in its first lines)"
            if any(d.by_bookmark for d in docs)
            else ""
        )
        return ItemResult(item.id, PASS, f"Found on {where}{how}.", tuple(first))
    required = needs.required(item)
    titles = " or ".join(f'"{t}"' for t in item.titles)
    if required is True:
        extra = f' with "{item.with_phrase}" on the same page' if item.with_phrase else ""
        return ItemResult(
            item.id,
            FAIL,
            f"No {name} found: no page starts with the title {titles}{extra} in its first lines, "
            f"and no bookmark carries it. Add the {name} to the bundle with its title as the "
            "heading of its first page.",
            (),
        )
    if required is None:
        return ItemResult(
            item.id,
            NOT_APPLICABLE,
            f"No {name} found; whether this case needs one cannot be told from the bundle "
            f"alone: {_NEED_CASE}.",
            (),
        )
    source = "for this case" if bundle.case is not None else "judged from the bundle"
    return ItemResult(item.id, NOT_APPLICABLE, f"Not required ({source}); none found.", ())


def _exhibits_result(item: ChecklistItem, bundle: _Bundle, needs: _Requirements) -> ItemResult:
    docs = bundle.found(item.id)
    found = {d.ref for d in docs}
    expected = needs.expected_refs()
    missing = [r for r in expected if r not in found]
    first = tuple(d.first for d in docs)
    if missing:
        source = "the case file" if bundle.case is not None else "the index"
        return ItemResult(
            item.id,
            FAIL,
            f"Exhibit{'s' if len(missing) > 1 else ''} {', '.join(missing)} (listed in {source}) "
            "not found: each exhibit must start on a page whose first lines carry its reference "
            '(e.g. "Exhibit JO/1"). Add the missing exhibits or label their first pages.',
            first,
        )
    if docs:
        refs = ", ".join(f"{d.ref} ({_span(d.first, d.last)})" for d in docs)
        return ItemResult(item.id, PASS, f"Found {refs}.", first)
    if bundle.case is not None:
        return ItemResult(item.id, NOT_APPLICABLE, "The case lists no exhibits; none found.", ())
    return ItemResult(
        item.id,
        NOT_APPLICABLE,
        f"No exhibits found and the index lists none; which exhibits the case needs: {_NEED_CASE}.",
        (),
    )


# --- bundle checks -----------------------------------------------------------------------------


def _text_layer(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    scans: list[int] = []
    blank: list[int] = []
    for page in bundle.seen:
        if not page.has_text:
            # No text apart from a page number: a scan when the page shows an image; a page
            # that shows nothing at all is blank, and there is nothing to OCR.
            (blank if page.has_image is False else scans).append(page.number)
    if scans:
        return ItemResult(
            item.id,
            FAIL,
            f"No searchable text on {_pages(scans)} (a scan, apart from any page number): run "
            "OCR on these pages (e.g. ocrmypdf) and rebuild the bundle.",
            tuple(scans),
        )
    note = f" ({_pages(blank)} blank)" if blank else ""
    return ItemResult(item.id, PASS, f"All pages with content have searchable text{note}.", ())


def _page_numbers(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    missing: list[int] = []
    wrong: list[tuple[int, int]] = []
    for page in bundle.seen:
        printed = page.printed
        if page.number in printed:
            continue
        if printed:
            wrong.append((page.number, min(printed, key=lambda n: abs(n - page.number))))
        else:
            missing.append(page.number)
    if not missing and not wrong:
        return ItemResult(item.id, PASS, f"Pages 1-{len(bundle.seen)} are numbered in order.", ())
    parts = []
    if missing:
        parts.append(f"no printed page number on {_pages(missing)}")
    if wrong:
        shown = ", ".join(f"page {n} is numbered {p}" for n, p in wrong[:8])
        more = f" and {len(wrong) - 8} more" if len(wrong) > 8 else ""
        parts.append(shown + more)
    message = "; ".join(parts)
    return ItemResult(
        item.id,
        FAIL,
        f"{message[0].upper()}{message[1:]}. Number every page at its head or foot with its page "
        "number in the bundle (1, 2, 3... in page order).",
        tuple(sorted([*missing, *(n for n, _ in wrong)])),
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    page: int
    title: str
    first: int
    last: int | None
    item: str | None
    ref: str | None


def _entry_item(
    text: str, checklist: Checklist, refs: re.Pattern[str], case_refs: Sequence[str]
) -> tuple[str | None, str | None]:
    """The document an index entry names: its item id and exhibit ref, or (None, None)."""
    match = refs.search(text)
    if match:
        return "exhibits", _canonical_ref(match.group("ref"), case_refs)
    return _longest_title(text, checklist), None


def _entry(line: Line, skip: set[int]) -> tuple[str, int, int | None] | None:
    """An index line as (title, first page, last page), or None when it is not an entry.

    The page must be set apart from the title, by dot leaders or as a column of its own: a title
    that wraps after a date ("... made on 18") is not an entry for page 18.
    """
    cells = [c for position, c in enumerate(line.cells) if position not in skip]
    if not cells:
        return None
    column = _PAGE_REF_CELL.match(cells[-1]) if len(cells) >= 2 else None
    if column:
        title = " ".join(cells[:-1]).rstrip(" ._\u2026")
        if any(c.isalpha() for c in title):
            last = column.group("last")
            return title, int(column.group("first")), int(last) if last else None
        return None
    match = _ENTRY.match(_flat(" ".join(cells)))
    if match is None:
        return None
    last = match.group("last")
    return match.group("title"), int(match.group("first")), int(last) if last else None


def _index_entries(bundle: _Bundle, checklist: Checklist) -> list[_Entry]:
    """The entries of the index: lines of its pages that end with a page or a range."""
    index = bundle.found("index")
    if not index:
        return []
    case_refs = _case_refs(bundle.case)
    refs = re.compile(rf"(?<![\w/])(?P<ref>{_ref_choices(case_refs)})(?![\w/])")
    entries: list[_Entry] = []
    for number in index[0].pages:
        page = bundle.page(number)
        stamps = bundle.seen[number - 1].stamps
        lines = page.lines
        parsed = [
            _entry(line, {p for i, p in stamps if i == index_}) for index_, line in enumerate(lines)
        ]
        for position, found in enumerate(parsed):
            if found is None:
                continue
            title, first, last = found
            item, ref = _entry_item(title, checklist, refs, case_refs)
            if item is None:
                # A title wrapped over two lines: the line before or after holds the rest.
                before = lines[position - 1].text if position and not parsed[position - 1] else ""
                after = (
                    lines[position + 1].text
                    if position + 1 < len(lines) and not parsed[position + 1]
                    else ""
                )
                item, ref = _entry_item(f"{before} {title} {after}", checklist, refs, case_refs)
            entries.append(_Entry(number, _flat(title), first, last, item, ref))
    return entries


def _index_matches(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    checklist = bundle.checklist
    index = bundle.found("index")
    if not index:
        return ItemResult(item.id, NOT_APPLICABLE, "No index found (see the item index).", ())
    entries = _index_entries(bundle, checklist)
    if not entries:
        return ItemResult(
            item.id,
            FAIL,
            f"The index ({_span(index[0].first, index[0].last)}) gives no page numbers that can "
            'be read: list each document with the page it starts on ("Summons ....... 5").',
            tuple(index[0].pages),
        )
    wrong: list[str] = []
    pages: set[int] = set()
    checked = 0
    for entry in entries:
        if entry.item is None:
            continue
        docs = [d for d in bundle.found(entry.item) if entry.ref is None or d.ref == entry.ref]
        if not docs:
            continue  # the document itself is missing: its own item says so
        checked += 1
        if any(d.first == entry.first for d in docs):
            continue
        starts = " and ".join(str(d.first) for d in docs)
        wrong.append(
            f'"{_short(entry.title, 50)}" gives page {entry.first}; it starts on page {starts}'
        )
        pages.add(entry.page)
    if wrong:
        shown = _listed(wrong, 4)
        return ItemResult(
            item.id,
            FAIL,
            f"The index is wrong: {shown}. Correct the index's page numbers.",
            tuple(sorted(pages)),
        )
    if not checked:
        return ItemResult(
            item.id,
            FAIL,
            "No index entry names a document found in the bundle: name each document in the "
            "index by its title, with the page it starts on.",
            tuple(index[0].pages),
        )
    return ItemResult(
        item.id,
        PASS,
        f"{_count(checked, 'index entry', 'index entries')} checked: each gives the "
        "page where its document starts.",
        (),
    )


def _bookmark_names(title: str, doc: _Doc, checklist: Checklist) -> bool:
    squeezed = squeeze(title)
    if doc.ref:
        return _names_ref(title, doc.ref)
    item = checklist.get(doc.item)
    return item is not None and any(squeeze(p) in squeezed for p in item.titles)


def _bookmarks(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    checklist = bundle.checklist
    docs = [d for d in bundle.docs if d.item != "index"]
    if not docs:
        return ItemResult(item.id, NOT_APPLICABLE, "No documents found to check.", ())
    marks = bundle.structure.bookmarks
    if not marks:
        return ItemResult(
            item.id,
            FAIL,
            "The PDF has no bookmarks: add one per document and exhibit, each opening the "
            "document's first page.",
            tuple(d.first for d in docs),
        )
    problems: list[str] = []
    pages: list[int] = []
    for doc in docs:
        named = [b for b in marks if _bookmark_names(b.title, doc, checklist)]
        if any(b.page == doc.first for b in named) or (
            not named and any(b.page == doc.first for b in marks)
        ):
            continue
        pages.append(doc.first)
        if named:
            opens = ", ".join("nowhere" if b.page is None else f"page {b.page}" for b in named)
            problems.append(f'"{_short(named[0].title, 40)}" opens {opens}, not page {doc.first}')
        else:
            problems.append(f"no bookmark for the {doc.name} (page {doc.first})")
    if problems:
        shown = _listed(problems)
        return ItemResult(
            item.id,
            FAIL,
            f"{shown[0].upper()}{shown[1:]}. Give each document a bookmark that opens its first "
            "page.",
            tuple(sorted(pages)),
        )
    return ItemResult(
        item.id,
        PASS,
        f"Each of the {_count(len(docs), 'document')} has a bookmark at its first page.",
        (),
    )


def _page_format(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    tolerance = (item.tolerance_mm if item.tolerance_mm is not None else 2.0) * _MM
    size: list[int] = []
    turned: dict[str, list[int]] = defaultdict(list)
    sizes: dict[int, str] = {}
    for page in bundle.seen:
        short, long = sorted((page.width, page.height))
        if abs(short - A4[0]) > tolerance or abs(long - A4[1]) > tolerance:
            size.append(page.number)
            sizes[page.number] = f"{page.width / _MM:.0f} x {page.height / _MM:.0f} mm"
        if page.direction == 180:
            turned["upside down"].append(page.number)
        elif page.direction in (90, 270):
            turned["with its text running sideways"].append(page.number)
    parts: list[str] = []
    if size:
        shown = ", ".join(f"page {n} is {sizes[n]}" for n in size[:6])
        parts.append(f"not A4 (210 x 297 mm): {shown}{' ...' if len(size) > 6 else ''}")
    for how, numbers in turned.items():
        parts.append(f"{_pages(numbers)} {'is' if len(numbers) == 1 else 'are'} shown {how}")
    if parts:
        return ItemResult(
            item.id,
            FAIL,
            f"{'; '.join(parts)[0].upper()}{'; '.join(parts)[1:]}. Make every page A4 and turn "
            "each page so that it reads left to right (landscape pages shown landscape).",
            tuple(sorted({*size, *(n for v in turned.values() for n in v)})),
        )
    return ItemResult(item.id, PASS, "Every page is A4 and reads left to right.", ())


def _open_view(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    structure = bundle.structure
    problems = []
    if structure.open_zoom is None or abs(structure.open_zoom - 1.0) > 0.005:
        problems.append(f"opens at {structure.open_view}, not 100%")
    if structure.page_mode != "UseOutlines":
        problems.append("does not show its bookmarks when opened")
    if problems:
        return ItemResult(
            item.id,
            item.severity,
            f"The PDF {' and '.join(problems)}: set its initial view to 100% zoom with the "
            "bookmarks panel shown (Acrobat: File > Properties > Initial View).",
            (),
        )
    return ItemResult(item.id, PASS, "Opens at 100% with the bookmarks shown.", ())


def _file_size(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    limit = item.limit_mb if item.limit_mb is not None else 36.0
    size = bundle.structure.size / 2**20
    if size > limit:
        return ItemResult(
            item.id,
            item.severity,
            f"The file is {size:.1f} MB, over {limit:g} MB (a common limit for court email): "
            "compress the scanned pages or send the bundle through the court's upload service.",
            (),
        )
    return ItemResult(item.id, PASS, f"The file is {size:.1f} MB.", ())


_DECLARATION = re.compile(r"consisting\s+of\s+(\d+|[a-z]+)\s+pages?\b", re.IGNORECASE)
_TRUE = re.compile(r"true\s+to\s+the\s+best\s+of\s+my\s+knowledge\s+and\s+belief", re.IGNORECASE)
_SIGNATURE_WORD = re.compile(r"\bsignature\b|\bsigned\b", re.IGNORECASE)


def _mg11_declaration(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    statements = bundle.found("mg11_oic")
    if not statements:
        return ItemResult(item.id, NOT_APPLICABLE, "No MG11 found (see the item mg11_oic).", ())
    problems: list[str] = []
    pages: set[int] = set()
    for doc in statements:
        text = _flat(bundle.text(doc))
        stated = _DECLARATION.search(text)
        where = _span(doc.first, doc.last)
        if not stated and _TRUE.search(text) and re.search(r"consisting\s+of", text, re.I):
            problems.append(
                f"the MG11's declaration ({where}) gives no page count (\"consisting of ... "
                f'page(s)"); it runs over {doc.last - doc.first + 1}: fill in the page count'
            )
            pages.add(doc.first)
        elif not stated or not _TRUE.search(text):
            problems.append(
                f'the MG11 ({where}) has no Criminal Justice Act 1967 s9 declaration ("This '
                "statement (consisting of N page(s) each signed by me) is true to the best of my "
                'knowledge and belief..."): add it'
            )
            pages.add(doc.first)
        else:
            word = stated.group(1).casefold()
            count = int(word) if word.isdigit() else _WORD_NUMBERS.get(word)
            real = doc.last - doc.first + 1
            if count != real:
                problems.append(
                    f"the MG11's declaration says it consists of {stated.group(1)} page(s), but it "
                    f"runs over {real} ({where}): correct the page count in the declaration"
                )
                pages.add(doc.first)
        unsigned = [n for n in doc.pages if not _SIGNATURE_WORD.search(bundle.page(n).text)]
        if unsigned:
            problems.append(
                f"no signature line on {_pages(unsigned)} of the MG11: each page of a witness "
                'statement is signed, so each needs a "Signature" line'
            )
            pages.update(unsigned)
    if problems:
        message = "; ".join(problems)
        return ItemResult(
            item.id, FAIL, f"{message[0].upper()}{message[1:]}.", tuple(sorted(pages))
        )
    return ItemResult(
        item.id,
        PASS,
        "The s9 declaration gives the MG11's true page count; every page has a signature line.",
        (),
    )


_SIGNATURE_LABELS = {"signed", "signature", "signed by", "signature of witness", "signed (witness)"}
_NAME_LABELS = {
    "name",
    "print name",
    "printed name",
    "full name",
    "name in capitals",
    "statement of",
    "signed by",
    "signed",
    "name of officer",
    "officer's name",
    "authorising officer",
    "name of authorising officer",
}
_DATE_LABELS = {"date", "dated", "date signed", "signature date", "date of signature"}


def _is_name(value: str) -> bool:
    words = [w.strip(",.()") for w in value.split()]
    named = [w for w in words if w[:1].isalpha() and w[:1].isupper()]
    return 2 <= len(words) <= 10 and len(named) >= 2 and not any(c.isdigit() for c in value)


def _signed(bundle: _Bundle, doc: _Doc) -> bool:
    """A signature line with a name and a date near it (14 lines before, 8 after), on any page.

    The window is wide because an MG11 names its maker at the top ("Statement of") and is signed
    under the declaration a dozen lines below.
    """
    for number in doc.pages:
        fields = labelled_fields(bundle.page(number).lines)
        for signature in (f for f in fields if f.label in _SIGNATURE_LABELS):
            near = [f for f in fields if signature.line - 14 <= f.line <= signature.line + 8]
            named = any(f.label in _NAME_LABELS and _is_name(f.value) for f in near)
            dated = any(f.label in _DATE_LABELS and parse_date(f.value) for f in near)
            if named and dated:
                return True
    return False


def _signatures(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    docs = bundle.found("authorisation") + bundle.found("mg11_oic")
    if not docs:
        return ItemResult(
            item.id, NOT_APPLICABLE, "Neither the authorisation nor an MG11 was found.", ()
        )
    unsigned = [d for d in docs if not _signed(bundle, d)]
    if unsigned:
        names = " and ".join(f"the {d.name} ({_span(d.first, d.last)})" for d in unsigned)
        return ItemResult(
            item.id,
            FAIL,
            f'No signature block with a name and a date in {names}: it must be signed ("Signed" '
            'or "Signature"), with the signer\'s name and the date beside it.',
            tuple(d.first for d in unsigned),
        )
    names = " and ".join(f"the {d.name}" for d in docs)
    return ItemResult(item.id, PASS, f"Signature block with a name and a date in {names}.", ())


def _no_placeholders(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    patterns = [re.compile(p) for p in item.patterns]
    # Exhibits are evidence as it was produced: "TBC" in a text message is not our template's.
    exhibits = bundle.exhibit_pages()
    hits: dict[int, str] = {}
    for seen in bundle.seen:
        if seen.number in exhibits:
            continue
        page = bundle.page(seen.number)
        text = page.text
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                hits[page.number] = _short(match.group(), 30)
                break
    if hits:
        shown = ", ".join(f'"{text}" on page {n}' for n, text in list(hits.items())[:8])
        return ItemResult(
            item.id,
            FAIL,
            f"Unfilled template text: {shown}{' ...' if len(hits) > 8 else ''}. Fill it in or "
            "remove it, then rebuild the bundle.",
            tuple(hits),
        )
    return ItemResult(item.id, PASS, "No unfilled template text outside the exhibits.", ())


# --- checks that need the case file ------------------------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


_DOB_LABELS = {
    "date of birth",
    "dob",
    "d.o.b.",
    "d.o.b",
    "defendant's date of birth",
}
_DEFENDANT_LABELS = {
    "defendant",
    "defendant's name",
    "defendant name",
    "name of defendant",
    "name of the defendant",
    "respondent",
}


def _name_matches(value: str, surname: str, forenames: str, aliases: Sequence[str]) -> bool:
    words = set(_squeeze_words(value))
    wanted = _squeeze_words(surname)
    first = _squeeze_words(forenames)[:1]
    if set(wanted + first) <= words:
        return True
    return any(set(_squeeze_words(alias)) <= words for alias in aliases if alias.strip())


def _squeeze_words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z'-]+", fold(text)) if w]


def _consistent_identity(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    case = bundle.case or {}
    defendant = _mapping(case.get("defendant"))
    surname = str(defendant.get("surname") or "")
    forenames = str(defendant.get("forenames") or "")
    aliases = [a for a in defendant.get("aliases") or [] if isinstance(a, str)]
    born = iso_date(defendant.get("date_of_birth"))
    urn = re.sub(r"[^0-9A-Z]", "", str(_mapping(case.get("case")).get("urn") or "").upper())
    others = [
        squeeze(str(p.get(k)))
        for p in case.get("protected_persons") or []
        if isinstance(p, dict)
        for k in ("name", "display_name")
        if p.get(k)
    ]
    problems: list[str] = []
    pages: set[int] = set()
    for doc in bundle.docs:
        if doc.ref:
            continue  # exhibits are evidence as produced: an old summons may show an old URN
        for number in doc.pages:
            page = bundle.page(number)
            for found in _identity_problems(page, surname, forenames, aliases, born, urn, others):
                problems.append(f"the {doc.name} (page {number}) {found}")
                pages.add(number)
    if problems:
        shown = _listed(problems)
        return ItemResult(
            item.id,
            FAIL,
            f"{shown[0].upper()}{shown[1:]}. Make every document give the defendant's name, date "
            "of birth and the URN as the case file does.",
            tuple(sorted(pages)),
        )
    return ItemResult(
        item.id,
        PASS,
        "The defendant's name, date of birth and the URN agree in every document.",
        (),
    )


def _identity_problems(
    page: PageText,
    surname: str,
    forenames: str,
    aliases: Sequence[str],
    born: dt.date | None,
    urn: str,
    others: Sequence[str],
) -> list[str]:
    problems: list[str] = []
    lines = page.lines
    for found in labelled_fields(lines):
        if found.label in _DOB_LABELS and born:
            printed = parse_date(found.value)
            context = squeeze(
                " ".join(line.text for line in lines[max(0, found.line - 4) : found.line + 1])
            )
            someone_else = (
                any(o and o in context for o in others) and squeeze(surname) not in context
            )
            if printed and printed != born and not someone_else:
                problems.append(
                    f"gives the date of birth {_short(found.value, 24)}; the case file has "
                    f"{long_date(born.isoformat())}"
                )
        elif (
            found.label in _DEFENDANT_LABELS
            and surname
            and _is_name(found.value)
            and not _name_matches(found.value, surname, forenames, aliases)
        ):
            problems.append(
                f'names the defendant "{_short(found.value, 40)}"; the case file has '
                f"{forenames} {surname}"
            )
    text = page.text
    if urn:
        for match in _URN.finditer(text):
            printed_urn = re.sub(r"[^0-9A-Z]", "", match.group())
            if printed_urn != urn:
                problems.append(f"gives the URN {match.group()}; the case file has {urn}")
    if born and surname:
        pattern = re.compile(r"\bborn(?:\s+on)?\s+(.{6,30})", re.IGNORECASE)
        for match in pattern.finditer(text):
            before = squeeze(text[max(0, match.start() - 80) : match.start()])
            printed = parse_date(match.group(1))
            if printed and printed != born and squeeze(surname) in before:
                problems.append(
                    f"says the defendant was born on {_short(match.group(1), 24)}; the case file "
                    f"has {long_date(born.isoformat())}"
                )
    return list(dict.fromkeys(problems))


def _restricted_people(case: JsonObject | None) -> list[tuple[str, list[RestrictedDetail]]]:
    """Each protected person whose details are restricted, with what to look for."""
    persons = case.get("protected_persons") if isinstance(case, dict) else None
    people = [
        (str(p.get("id") or "?"), restricted_details(p))
        for p in (persons if isinstance(persons, list) else [])
        if isinstance(p, dict)
    ]
    return [(pid, details) for pid, details in people if details]


def _restricted(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    people = _restricted_people(bundle.case)
    if not people:
        return ItemResult(item.id, PASS, "No protected person's details are restricted.", ())
    # Each page's characters and text were searched as they were read (_Reader).
    hits = {page.number: list(page.restricted) for page in bundle.seen if page.restricted}
    structure = bundle.structure
    # Besides the pages: what a viewer shows around them, which is served too.
    texts = [(n, " in an annotation", text) for n, text in structure.annotations]
    texts += [(b.page or 1, " in a bookmark", b.title) for b in structure.bookmarks]
    texts += [(1, " in the document properties", structure.info)] if structure.info else []
    for number, where, text in texts:
        for pid, details in people:
            kinds = find_restricted(text, details)
            if kinds:
                found = f"{pid}: {', '.join(kinds)}{where}"
                if found not in hits.get(number, []):
                    hits.setdefault(number, []).append(found)
    hits = dict(sorted(hits.items()))
    if hits:
        # Name the pages and the kind of detail, never the detail itself (checklist item
        # restricted_details): the report is read and passed on.
        shown = "; ".join(f"page {n} ({', '.join(k)})" for n, k in list(hits.items())[:10])
        return ItemResult(
            item.id,
            FAIL,
            f"Restricted details of a protected person are in the bundle: {shown}. Remove or "
            "redact them before the bundle is filed or served.",
            tuple(hits),
        )
    ids = ", ".join(pid for pid, _ in people)
    return ItemResult(item.id, PASS, f"No restricted detail of {ids} found on any page.", ())


def _furniture(bundle: _Bundle, doc: _Doc) -> dict[int, frozenset[int]]:
    """The running header and footer lines of a document: edge lines repeated on its pages.

    A line repeats when it reads the same on (nearly) every page, numbers aside, and its numbers
    are either the same on every page or move with the page ("Page 3 of 9", the bundle's
    stamp). Lines that only look alike, such as the first row of a table on each page ("13. Not
    to contact...", "31. Not to contact..."), are text, not furniture.
    """
    numbers = list(doc.pages)
    keys: dict[int, dict[int, str]] = {}
    counts: Counter[str] = Counter()
    values: defaultdict[str, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
    for number in numbers:
        page = bundle.page(number)
        keys[number] = {}
        for index in edge_lines(page):
            line = squeeze(page.lines[index].text)
            key = re.sub(r"\d+", "#", line)
            keys[number][index] = key
            values[key].append((number, tuple(int(d[:9]) for d in re.findall(r"\d+", line))))
        counts.update(set(keys[number].values()))
    needed = len(numbers) if len(numbers) < 3 else len(numbers) - 1
    repeated = {
        k
        for k, c in counts.items()
        if len(numbers) >= 2 and c >= needed and _runs_with_the_page(values[k])
    }
    return {n: frozenset(i for i, k in keys[n].items() if k in repeated) for n in numbers}


def _runs_with_the_page(seen: Sequence[tuple[int, tuple[int, ...]]]) -> bool:
    """Whether each number of a repeated line is fixed, or keeps step with the page number."""
    width = len(seen[0][1])
    for position in range(width):
        if len({found[position] for _, found in seen}) == 1:
            continue
        if len({found[position] - page for page, found in seen}) != 1:
            return False
    return True


def _body(bundle: _Bundle, doc: _Doc) -> str:
    """A document's text without running headers, footers and page-number stamps."""
    furniture = _furniture(bundle, doc)
    parts: list[str] = []
    for number in doc.pages:
        page = bundle.page(number)
        skip = furniture.get(number, frozenset())
        edges = set(edge_lines(page))
        for line, text in page.segments:
            if line in skip:
                continue
            if line in edges and page_number_in(text) is not None:
                continue
            parts.append(text)
    return "\n".join(parts)


def _terms_match(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    case = bundle.case or {}
    terms = [
        t for t in case.get("terms") or [] if isinstance(t, dict) and isinstance(t.get("text"), str)
    ]
    if not terms:
        return ItemResult(item.id, NOT_APPLICABLE, "The case lists no terms.", ())
    complaint = bundle.found("complaint")[:1] or bundle.found("variation_complaint")[:1]
    docs = complaint + bundle.found("draft_order")[:1] + bundle.found("draft_interim_order")[:1]
    if not docs:
        return ItemResult(
            item.id, NOT_APPLICABLE, "Neither the complaint nor a draft order was found.", ()
        )
    bodies = {doc: squeeze(_body(bundle, doc)) for doc in docs}
    problems: list[str] = []
    pages: set[int] = set()
    for term in terms:
        wanted = squeeze(term["text"])
        missing = [doc for doc in docs if wanted not in bodies[doc]]
        if missing:
            where = ", ".join(f"the {d.name} ({_span(d.first, d.last)})" for d in missing)
            problems.append(
                f'term {term.get("id", "?")} ("{_short(term["text"], 50)}") is not word for word in {where}'
            )
            pages.update(d.first for d in missing)
    if problems:
        shown = _listed(problems)
        return ItemResult(
            item.id,
            FAIL,
            f"{shown[0].upper()}{shown[1:]}. Print each term exactly "
            "as the case file words it in the complaint and in each draft order.",
            tuple(sorted(pages)),
        )
    names = ", ".join(f"the {d.name}" for d in docs)
    return ItemResult(item.id, PASS, f"All {len(terms)} terms are word for word in {names}.", ())


# --- person items ------------------------------------------------------------------------------


def _person(item: ChecklistItem, case: JsonObject | None) -> ItemResult:
    signoffs = case.get("signoffs") if case else None
    for signoff in signoffs if isinstance(signoffs, list) else []:
        if not isinstance(signoff, dict) or signoff.get("item") != item.id:
            continue
        who, when = signoff.get("by"), signoff.get("date")
        if isinstance(who, str) and who.strip() and isinstance(when, str) and when.strip():
            return ItemResult(
                item.id, PASS, f"Signed off by {who.strip()} on {long_date(when)}.", ()
            )
    how = (
        f'add {{"item": "{item.id}", "by": ..., "date": ...}} to signoffs[] in the case file'
        if case is not None
        else "record the sign-off in the case file's signoffs[] and run with --case"
    )
    return ItemResult(
        item.id, NEEDS_REVIEW, f"A person must confirm: {item.wording}. Then {how}.", ()
    )


# --- the checklist -----------------------------------------------------------------------------


_CHECKS: dict[str, Callable[[ChecklistItem, _Bundle], ItemResult]] = {
    "text_layer": _text_layer,
    "page_numbers": _page_numbers,
    "index_matches": _index_matches,
    "bookmarks": _bookmarks,
    "page_format": _page_format,
    "open_view": _open_view,
    "file_size": _file_size,
    "mg11_declaration": _mg11_declaration,
    "signatures": _signatures,
    "no_placeholders": _no_placeholders,
    "consistent_identity": _consistent_identity,
    "restricted_details": _restricted,
    "terms_match": _terms_match,
}
"""The checks the program makes, by item id (``pipeline.checklist.BUNDLE_CHECKS``)."""


def _bundle_result(item: ChecklistItem, bundle: _Bundle) -> ItemResult:
    if item.needs_case and bundle.case is None:
        return ItemResult(item.id, NOT_APPLICABLE, f"Needs the case file: {_NEED_CASE}.", ())
    result = _CHECKS[item.id](item, bundle)
    if result.status == FAIL and item.severity == WARNING:
        return ItemResult(result.id, WARNING, result.message, result.pages)
    return result


def check_bundle(
    pdf: Path, case: JsonObject | None = None, checklist: Checklist | None = None
) -> CheckReport:
    """Run the checklist on a bundle PDF.

    Args:
        pdf: The bundle.
        case: The case file's data (as read by :func:`pipeline.casefile.read_case_file`), or
            None: the items that need it are then ``not_applicable`` and which documents are
            required is judged from the bundle.
        checklist: The checklist; the built-in one when None.

    Returns:
        One result per checklist item, and the documents found.

    Raises:
        InputError: The PDF cannot be read (missing, a folder, empty, not a PDF, truncated,
            damaged, encrypted, no pages).
        EnvironmentFailure: The built-in checklist is broken.
    """
    checklist = checklist or load_checklist()
    case = case if isinstance(case, dict) else None
    bundle = _read(pdf, checklist, case)
    needs = _Requirements(bundle, checklist)
    results: list[ItemResult] = []
    for item in checklist.items:
        if item.kind is ItemKind.document:
            results.append(_document_result(item, bundle, needs))
        elif item.kind is ItemKind.bundle:
            results.append(_bundle_result(item, bundle))
        else:
            results.append(_person(item, case))
    return CheckReport(len(bundle.seen), tuple(d.public for d in bundle.docs), tuple(results))
