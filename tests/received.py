"""A second producer of SPO bundles, independent of the project's pipeline, for testing the checker.

``spo check`` must judge bundles "made by anyone". This module writes one from a case file with
fpdf2 (the project uses LibreOffice, pikepdf and reportlab), in two layouts that differ in every
way the checker must tolerate: fonts (a core font, a TrueType serif), page numbers at the foot
("Page 3 of 24") or the head ("- 3 -"), an index with dot leaders or as a table, labelled fields
in two columns or with the value on the next line, titles in capitals or in title case with
other words around them, a running header, a term split over a page break, a landscape exhibit
made as a landscape page or as a portrait page turned by /Rotate.

``defect`` gives the bundle exactly one known fault (see ``DEFECTS``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pikepdf
from fpdf import FPDF
from PIL import Image, ImageDraw

A4_PORTRAIT = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
US_LETTER = (612.0, 792.0)
MARGIN = 62.0
LINE = 14.0
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

DEFECTS = {
    "missing_document": "summons",
    "index_offset": "index_matches",
    "unnumbered_page": "page_numbers",
    "scanned_page": "text_layer",
    "us_letter_page": "page_format",
    "upside_down_page": "page_format",
    "placeholder": "no_placeholders",
    "no_bookmarks": "bookmarks",
    "mg11_page_count": "mg11_declaration",
    "authorisation_unsigned": "signatures",
    "restricted_phone": "restricted_details",
    "term_reworded": "terms_match",
    "summons_dob": "consistent_identity",
}
"""Each defect, and the one checklist item it breaks."""


@dataclass(frozen=True)
class Layout:
    """How the bundle looks."""

    name: str
    font: str
    numbers_at: str  # "foot" or "head"
    number_style: str  # "page_of", "bare" or "dashed"
    index_style: str  # "leaders" or "table"
    capitals: bool  # titles in capitals, or in title case with other words
    fields_inline: bool  # label and value in two columns, or the value on the next line
    running_header: bool
    landscape: str  # "mediabox" or "rotate"
    bookmarks: bool = True


LAYOUT_A = Layout(
    name="a",
    font="Helvetica",
    numbers_at="foot",
    number_style="page_of",
    index_style="leaders",
    capitals=True,
    fields_inline=True,
    running_header=True,
    landscape="mediabox",
)
LAYOUT_B = Layout(
    name="b",
    font="DejaVuSerif",
    numbers_at="head",
    number_style="dashed",
    index_style="table",
    capitals=False,
    fields_inline=False,
    running_header=False,
    landscape="rotate",
)
LAYOUTS = (LAYOUT_A, LAYOUT_B)


# --- content -----------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # title, subtitle, heading, para, line, field, term, right, label, gap, image,
    # pagebreak, turned (a page of its own, where the upside-down and Letter defects go),
    # landscape (the page becomes a landscape one)
    text: str = ""
    value: str = ""
    split: bool = False  # a term broken over a page after its first line


@dataclass
class PageSpec:
    size: tuple[float, float] = A4_PORTRAIT
    ops: list[tuple[Any, ...]] = field(default_factory=list)
    rotate: bool = False  # portrait page shown landscape by /Rotate 90, drawn turned
    upside_down: bool = False


@dataclass
class Doc:
    key: str
    title: str  # for the index and the bookmark
    blocks: list[Block]
    mg11: bool = False
    exhibit: bool = False
    pages: list[PageSpec] = field(default_factory=list)


def _long(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B %Y')}"


def _short(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


class _Content:
    """The documents of the bundle, as blocks, for one case, layout and defect."""

    def __init__(self, case: dict[str, Any], layout: Layout, defect: str | None) -> None:
        self.case = case
        self.layout = layout
        self.defect = defect
        d = case["defendant"]
        self.defendant = (
            f"{d['forenames']} {d['surname'].upper()}"
            if layout.capitals
            else f"{d['surname'].upper()}, {d['forenames']}"
        )
        self.dob = _long(d["date_of_birth"]) if layout.capitals else _short(d["date_of_birth"])
        self.urn = case["case"]["urn"]
        self.victim = case["protected_persons"][0]["display_name"]
        self.court = case["court"]["name"]
        self.oic = case["officer_in_case"]
        self.date = _long if layout.capitals else _short

    def title(self, capitals: str, title_case: str) -> Block:
        return Block("title", capitals if self.layout.capitals else title_case)

    def fields(self, pairs: list[tuple[str, str]]) -> list[Block]:
        return [Block("field", label, value) for label, value in pairs]

    def identity(self, dob: str | None = None) -> list[Block]:
        address = self.case["defendant"]["address"]
        return self.fields(
            [
                ("Defendant", self.defendant),
                ("Date of birth", dob or self.dob),
                ("Address", f"{address['line1']}, {address['town']} {address['postcode']}"),
                ("URN", self.urn),
            ]
        )

    def terms(self, draft: bool = False, split: bool = False) -> list[Block]:
        blocks = []
        for number, term in enumerate(self.case["terms"], start=1):
            text = term["text"]
            if draft and self.defect == "term_reworded" and number == 2:
                text = text.replace("Not to enter", "Not to go into")
            blocks.append(Block("term", str(number), text, split=split and number == 1))
        return blocks

    def complaint(self) -> Doc:
        interim = self.case.get("interim", {}).get("requested")
        blocks = [
            self.title(
                "COMPLAINT FOR A STALKING PROTECTION ORDER",
                "Complaint for a Stalking Protection Order",
            ),
            Block("subtitle", "and for an interim stalking protection order" if interim else ""),
            Block("subtitle", "Stalking Protection Act 2019, sections 1 and 5"),
            Block("gap"),
            *self.fields([("Court", self.court)]),
            *self.identity(),
            Block("gap"),
            Block(
                "para",
                f"The {self.case['applicant']['chief_officer_title']} complains that the defendant "
                f"has carried out acts associated with stalking, poses a risk associated with "
                f"stalking to {self.victim}, and that the order sought is necessary to protect "
                f"{self.victim} from that risk.",
            ),
            Block("heading", "The acts relied on"),
        ]
        for incident in self.case["incidents"]:
            blocks.append(
                Block(
                    "para",
                    f"{self.date(incident['date'])}, {incident['location']}: "
                    f"{incident['description']} (exhibit {', '.join(incident['exhibit_refs'])}).",
                )
            )
        blocks += [Block("heading", "The order sought"), *self.terms()]
        if interim:
            blocks += [
                Block("heading", "Interim order"),
                Block(
                    "para",
                    "The complainant applies for an interim stalking protection order in the "
                    "same terms until the main application is determined.",
                ),
            ]
        lawyer = self.case["applicant"]["legal_representative"]
        blocks += [
            Block("gap"),
            Block("line", f"Signed: {lawyer['name']}, {lawyer['organisation']}"),
            Block("line", f"Date: {self.date(self.case['case']['application_date'])}"),
        ]
        return Doc("complaint", "Complaint for a stalking protection order", blocks)

    def summons(self) -> Doc:
        hearing = self.case["hearing"]
        when = "[HEARING DATE]" if self.defect == "placeholder" else self.date(hearing["date"])
        dob = None
        if self.defect == "summons_dob":
            dob = "12 May 1988" if self.layout.capitals else "12/05/1988"
        blocks = [
            self.title("SUMMONS", "Magistrates' Court Summons"),
            Block("subtitle", "Magistrates' Courts Act 1980, section 51"),
            Block("gap"),
            *self.identity(dob),
            Block("gap"),
            Block(
                "para",
                f"You are summoned to appear before {self.court}, {self.case['court']['address']}, "
                f"on {when} at {hearing['time']} to answer a complaint for a stalking protection "
                "order made against you.",
            ),
            Block(
                "para",
                "If you do not attend, the court may hear the complaint in your absence and make "
                "an order against you.",
            ),
            Block("gap"),
            Block("line", "Justices' legal adviser"),
        ]
        return Doc("summons", "Summons", blocks)

    def draft(self, interim: bool) -> Doc:
        name = "interim stalking protection order" if interim else "stalking protection order"
        blocks = [
            self.title(
                f"DRAFT {name.upper()}",
                f"Draft {name.title()} (Stalking Protection Act 2019)",
            ),
            Block("gap"),
            *self.identity(),
            Block("gap"),
            Block(
                "para",
                f"Upon the complaint of the {self.case['applicant']['chief_officer_title']}, the "
                "court being satisfied that the conditions of the Act are met, it is ordered that "
                "the defendant:",
            ),
        ]
        # Layout A breaks term 1 over a page: the page number and the running header fall inside
        # it, as they do in long orders (checklist item terms_match).
        blocks += self.terms(draft=not interim, split=not interim and self.layout.running_header)
        blocks += [
            Block("gap"),
            Block(
                "para",
                "If without reasonable excuse the defendant fails to comply with this order, "
                "the defendant commits an offence (section 8).",
            ),
            Block("line", "Date of order: ............................"),
        ]
        key = "draft_interim_order" if interim else "draft_order"
        return Doc(key, f"Draft {name}", blocks)

    def notice(self) -> Doc:
        blocks = [
            self.title(
                "NOTICE OF NOTIFICATION REQUIREMENTS",
                "Notification Requirements - Notice to the Defendant",
            ),
            Block("gap"),
            *self.fields([("To", self.defendant), ("URN", self.urn)]),
            Block(
                "para",
                "While a stalking protection order or an interim order is in force you must "
                "notify the police of your name and home address within 3 days of its service, "
                "and of any change within 3 days of the change (sections 9 to 11).",
            ),
        ]
        return Doc("notification_notice", "Notice of the notification requirements", blocks)

    def authorisation(self) -> Doc:
        auth = self.case["authorisation"]
        officer = auth["officer"]
        blocks = [
            self.title(
                "AUTHORISATION TO APPLY FOR A STALKING PROTECTION ORDER",
                "Superintendent's Authorisation to Apply for a Stalking Protection Order",
            ),
            Block("gap"),
            *self.identity(),
            Block("gap"),
        ]
        for limb, text in auth["rationale"].items():
            blocks += [Block("heading", limb.replace("_", " ").capitalize()), Block("para", text)]
        blocks += [
            Block("para", "I authorise this application in the terms proposed."),
            Block("gap"),
        ]
        if self.defect == "authorisation_unsigned":
            signature = [
                ("Signed", "...................."),
                ("Name", "...................."),
                ("Date", "...................."),
            ]
        else:
            signature = [
                ("Signed", officer["name"]),
                ("Name", f"{officer['name']}, {officer['rank']}"),
                ("Date", self.date(auth["date"])),
            ]
        if self.layout.fields_inline:
            blocks += [Block("line", f"{label}: {value}") for label, value in signature]
        else:
            blocks += self.fields(signature)
        return Doc(
            "authorisation", "Authorisation to apply for a stalking protection order", blocks
        )

    def mg11(self) -> Doc:
        oic = self.oic
        blocks = [
            Block("right", "MG11"),
            self.title("WITNESS STATEMENT", "Witness Statement"),
            Block("subtitle", "Criminal Justice Act 1967, s.9; Criminal Procedure Rules, r.16.2"),
            Block("gap"),
            *self.fields(
                [
                    ("Statement of", oic["name"]),
                    ("Age if under 18", "Over 18"),
                    ("Occupation", f"Police officer ({oic['rank']})"),
                ]
            ),
            Block(
                "para",
                "This statement (consisting of {pages} page(s) each signed by me) is true to the "
                "best of my knowledge and belief and I make it knowing that, if it is tendered in "
                "evidence, I shall be liable to prosecution if I have wilfully stated in it "
                "anything which I know to be false, or do not believe to be true.",
            ),
            *self.fields(
                [("Signature", "...................."), ("Date", self.date(oic["statement_date"]))]
            ),
            Block("gap"),
            Block(
                "para",
                f"I am {oic['rank']} {oic['name']} of {self.case['applicant']['force_name']}. I "
                f"am the officer in the case against {self.defendant}, born on {self.dob}.",
            ),
        ]
        if self.defect == "restricted_phone":
            phone = self.case["protected_persons"][0]["contact"]["phone"]
            blocks.append(Block("para", f"{self.victim} can be contacted by the court on {phone}."))
        for incident in self.case["incidents"]:
            blocks += [
                Block("heading", f"Incident on {self.date(incident['date'])}"),
                Block("para", f"{incident['location']}. {incident['description']}"),
                Block(
                    "para",
                    "I have reviewed the material and I am satisfied that it shows the conduct "
                    "described. The victim gave an account consistent with it when I spoke to her.",
                ),
            ]
        blocks.append(Block("heading", "Risk"))
        blocks += [Block("para", self.case["risk_assessment"]["summary"]) for _ in range(3)]
        blocks.append(Block("heading", "The terms sought"))
        blocks += self.terms()
        blocks.append(Block("heading", "Exhibits"))
        for exhibit in self.case["exhibits"]:
            blocks.append(
                Block("para", f"I produce as exhibit {exhibit['ref']} {exhibit['description']}.")
            )
        blocks += [
            Block("gap"),
            Block(
                "line", f"Signature: ....................  Date: {self.date(oic['statement_date'])}"
            ),
        ]
        return Doc("mg11_oic", f"Witness statement (MG11) of {oic['name']}", blocks, mg11=True)

    def exhibits(self, extra_pages: int) -> list[Doc]:
        docs = []
        for number, exhibit in enumerate(self.case["exhibits"], start=1):
            ref = exhibit["ref"]
            label = (
                Block("label", f"Exhibit {ref} - {exhibit['description']}")
                if self.layout.capitals
                else Block("right", ref)
            )
            head = [label]
            if not self.layout.capitals:
                head.append(Block("para", exhibit["description"]))
            head += [Block("para", f"Produced by {exhibit['produced_by']}"), Block("gap")]
            if number == 1:
                blocks = [*head, Block("para", "Still 1 of 2."), Block("image"), Block("pagebreak")]
                if self.defect != "scanned_page":
                    blocks.append(Block("para", "Still 2 of 2, taken at 17:32."))
                blocks.append(Block("image"))
            elif number == 2:
                blocks = [*head, Block("para", "Messages received on 2 November 2026, in order:")]
                for count in range(1, 8 + 40 * extra_pages):
                    blocks.append(
                        Block(
                            "para",
                            f"{count}. 19:{count % 60:02d} From 07700 900502: message {count} of the log.",
                        )
                    )
                blocks.append(Block("turned", "Continuation of the message log, page 2."))
                blocks += [Block("para", "No further messages were received that evening.")]
            else:
                blocks = [
                    *head,
                    Block("landscape"),
                    Block("para", "Map: the exclusion zone is edged red."),
                ]
                blocks += [
                    Block("para", "Market Street, Church Lane and Mill Road are inside the zone.")
                ]
            docs.append(
                Doc(
                    f"exhibit {ref}",
                    f"Exhibit {ref} - {exhibit['description']}",
                    blocks,
                    exhibit=True,
                )
            )
        return docs


# --- layout ------------------------------------------------------------------------------------


class _Writer:
    """Paginates documents and draws them with fpdf2."""

    def __init__(self, layout: Layout, defect: str | None) -> None:
        self.layout = layout
        self.defect = defect
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_compression(True)
        if layout.font == "DejaVuSerif" and (DEJAVU / "DejaVuSerif.ttf").exists():
            self.pdf.add_font("Body", "", str(DEJAVU / "DejaVuSerif.ttf"))
            self.pdf.add_font("Body", "B", str(DEJAVU / "DejaVuSerif-Bold.ttf"))
            self.pdf.add_font("Body", "I", str(DEJAVU / "DejaVuSerif-Italic.ttf"))
            self.family, self.unicode = "Body", True
        else:
            self.family, self.unicode = "Helvetica", False

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        return (
            value.replace("\u2013", "-")
            .replace("\u2019", "'")
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    def font(self, style: str, size: float) -> None:
        self.pdf.set_font(self.family, style, size)

    def width(self, value: str, style: str = "", size: float = 10.5) -> float:
        self.font(style, size)
        return float(self.pdf.get_string_width(self.text(value)))

    def wrap(self, value: str, width: float, style: str = "", size: float = 10.5) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in value.split():
            trial = f"{current} {word}".strip()
            if current and self.width(trial, style, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        return [*lines, current] if current else lines

    def paginate(self, doc: Doc) -> None:
        top = MARGIN + (30 if doc.mg11 else 0) + (10 if self.layout.numbers_at == "head" else 0)
        bottom = A4_PORTRAIT[1] - MARGIN - (20 if doc.mg11 else 0)
        width = A4_PORTRAIT[0] - 2 * MARGIN
        page = PageSpec()
        doc.pages = [page]
        y = top

        def new_page(spec: PageSpec | None = None) -> PageSpec:
            nonlocal y
            fresh = spec or PageSpec()
            doc.pages.append(fresh)
            y = top
            return fresh

        def room(height: float) -> None:
            nonlocal page
            if y + height > bottom:
                page = new_page()

        for block in doc.blocks:
            if block.kind == "pagebreak":
                page = new_page()
            elif block.kind == "gap":
                y += 8
            elif block.kind in ("title", "subtitle", "heading", "para", "line"):
                style, size, centre = {
                    "title": ("B", 15.0, True),
                    "subtitle": ("I", 9.5, True),
                    "heading": ("B", 11.0, False),
                    "para": ("", 10.5, False),
                    "line": ("", 10.5, False),
                }[block.kind]
                for text in self.wrap(block.text, width, style, size):
                    room(LINE + (4 if block.kind == "title" else 0))
                    x = MARGIN + (width - self.width(text, style, size)) / 2 if centre else MARGIN
                    page.ops.append(("text", x, y, text, style, size))
                    y += LINE + (4 if block.kind == "title" else 0)
                if block.kind in ("para", "heading"):
                    y += 3
            elif block.kind == "right":
                room(LINE)
                page.ops.append(
                    (
                        "text",
                        MARGIN + width - self.width(block.text, "B", 11),
                        y,
                        block.text,
                        "B",
                        11.0,
                    )
                )
                y += LINE + 4
            elif block.kind == "label":
                room(LINE)
                page.ops.append(("text", MARGIN, y, block.text, "B", 11.0))
                y += LINE + 4
            elif block.kind == "field":
                if self.layout.fields_inline:
                    lines = self.wrap(block.value, width - 140)
                    room(LINE * len(lines))
                    page.ops.append(("text", MARGIN, y, block.text, "B", 10.5))
                    for text in lines:
                        page.ops.append(("text", MARGIN + 140, y, text, "", 10.5))
                        y += LINE
                else:
                    room(2 * LINE)
                    page.ops.append(("text", MARGIN, y, f"{block.text}:", "B", 10.5))
                    y += LINE
                    for text in self.wrap(block.value, width - 20):
                        room(LINE)
                        page.ops.append(("text", MARGIN + 20, y, text, "", 10.5))
                        y += LINE
                y += 2
            elif block.kind == "term":
                lines = self.wrap(block.value, width - 28)
                for position, text in enumerate(lines):
                    if block.split and position == 1:
                        page = new_page()
                    room(LINE)
                    if position == 0:
                        page.ops.append(("text", MARGIN, y, f"{block.text}.", "", 10.5))
                    page.ops.append(("text", MARGIN + 28, y, text, "", 10.5))
                    y += LINE
                y += 4
            elif block.kind == "image":
                room(200)
                page.ops.append(("image", MARGIN + 40, y, width - 80, 190))
                y += 200
            elif block.kind == "turned":
                spec = PageSpec()
                if self.defect == "upside_down_page":
                    spec.upside_down = True
                if self.defect == "us_letter_page":
                    spec.size = US_LETTER
                page = new_page(spec)
                page.ops.append(("text", MARGIN, y, block.text, "", 10.5))
                y += LINE
            elif block.kind == "landscape":
                spec = PageSpec(size=A4_LANDSCAPE, rotate=self.layout.landscape == "rotate")
                spec.ops, page.ops = page.ops, []
                doc.pages.remove(page)
                doc.pages.append(spec)
                page = spec
                page.ops.append(
                    (
                        "text",
                        MARGIN,
                        y,
                        "Northtown town centre: sketch map, not to scale",
                        "B",
                        11.0,
                    )
                )
                y += LINE * 2
        if doc.mg11:
            count = len(doc.pages) - (1 if self.defect == "mg11_page_count" else 0)
            for spec in doc.pages:
                spec.ops = [
                    (op[0], op[1], op[2], op[3].replace("{pages}", str(count)), *op[4:])
                    if op[0] == "text"
                    else op
                    for op in spec.ops
                ]

    def page(
        self, spec: PageSpec, number: int, total: int, doc: Doc, position: int, case: dict[str, Any]
    ) -> None:
        width, height = spec.size
        if spec.rotate:
            self.pdf.add_page(format=A4_PORTRAIT)
        else:
            orientation = "L" if width > height else "P"
            self.pdf.add_page(
                format=(min(width, height), max(width, height)), orientation=orientation
            )
        draw = self._drawer(spec)
        if spec.upside_down:
            with self.pdf.rotation(180, x=width / 2, y=height / 2):
                self._ops(spec, draw)
        else:
            self._ops(spec, draw)
        if self.layout.running_header and not doc.exhibit:
            surname = case["defendant"]["surname"].upper()
            header = (
                f"Chief Constable of North Shire Police v {surname} - URN {case['case']['urn']}"
            )
            draw(MARGIN, 36, header, "I", 8.5)
        if doc.mg11:
            draw(MARGIN, MARGIN + 8, f"URN {case['case']['urn']}", "", 9)
            own = f"Page {position + 1} of {len(doc.pages)}"
            draw(width - MARGIN - self.width(own, "", 9), MARGIN + 8, own, "", 9)
            footer = (
                "Signature: ....................   Signature witnessed by: ...................."
            )
            draw(MARGIN, height - MARGIN - 4, footer, "", 9)
        if not (self.defect == "unnumbered_page" and number == 3):
            self.number(number, total, spec.size, draw)

    def plain(self, x: float, y: float, text: str, style: str = "", size: float = 10.5) -> None:
        self.font(style, size)
        self.pdf.text(x, y, self.text(text))

    def number(
        self, number: int, total: int, size: tuple[float, float], draw: Callable[..., None]
    ) -> None:
        text = {
            "page_of": f"Page {number} of {total}",
            "bare": str(number),
            "dashed": f"- {number} -",
        }[self.layout.number_style]
        width, height = size
        y = 26 if self.layout.numbers_at == "head" else height - 26
        draw((width - self.width(text, "", 9)) / 2, y, text, "", 9)

    def _drawer(self, spec: PageSpec) -> Callable[..., None]:
        pdf = self.pdf
        page_height = A4_PORTRAIT[1]

        def draw(x: float, y: float, text: str, style: str = "", size: float = 10.5) -> None:
            self.font(style, size)
            if spec.rotate:
                # A landscape page made as a portrait page shown with /Rotate 90: draw turned
                # a quarter anticlockwise, so that it reads left to right once displayed.
                px, py = y, page_height - x
                with pdf.rotation(90, x=px, y=py):
                    pdf.text(px, py, self.text(text))
            else:
                pdf.text(x, y, self.text(text))

        return draw

    def _ops(self, spec: PageSpec, draw: Callable[..., None]) -> None:
        for op in spec.ops:
            if op[0] == "text":
                _, x, y, text, style, size = op
                draw(x, y + 10, text, style, size)
            elif op[0] == "image":
                _, x, y, w, h = op
                self.pdf.image(_still(), x=x, y=y, w=w, h=h)


def _still() -> Image.Image:
    image = Image.new("L", (320, 240), 90)
    pen = ImageDraw.Draw(image)
    pen.rectangle((40, 60, 120, 200), fill=160)
    pen.ellipse((200, 40, 260, 100), fill=210)
    return image


def _index_rows(docs: list[Doc], layout: Layout, defect: str | None) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [("Index", "1")]
    number = 2
    for doc in docs:
        first, last = number, number + len(doc.pages) - 1
        number = last + 1
        if defect == "index_offset" and doc.key != "complaint":
            first, last = first + 2, last + 2  # a page added after the index was made
        dash = " \u2013 " if layout.font == "DejaVuSerif" else "-"
        rows.append((doc.title, str(first) if first == last else f"{first}{dash}{last}"))
    return rows


def write_bundle(
    case: dict[str, Any],
    path: Path,
    layout: Layout = LAYOUT_A,
    defect: str | None = None,
    extra_pages: int = 0,
) -> Path:
    """Write an SPO bundle for a case, made without the project's pipeline.

    Args:
        case: A case file's data (the spec example, samples/full-with-interim/case.json).
        path: Where to write the PDF.
        layout: How it looks (``LAYOUT_A`` or ``LAYOUT_B``).
        defect: One key of ``DEFECTS``, or None for a clean bundle.
        extra_pages: Pages of messages added to exhibit 2 (for timing a long bundle).

    Returns:
        ``path``.
    """
    if defect is not None and defect not in DEFECTS:
        raise ValueError(f"unknown defect {defect!r}")
    if defect == "no_bookmarks":
        layout = replace(layout, bookmarks=False)
    content = _Content(case, layout, defect)
    docs = [content.complaint()]
    if defect != "missing_document":
        docs.append(content.summons())
    docs.append(content.draft(interim=False))
    if case.get("interim", {}).get("requested"):
        docs.append(content.draft(interim=True))
    docs += [
        content.notice(),
        content.authorisation(),
        content.mg11(),
        *content.exhibits(extra_pages),
    ]
    writer = _Writer(layout, defect)
    for doc in docs:
        writer.paginate(doc)
    total = 1 + sum(len(doc.pages) for doc in docs)
    _draw_index(writer, _index_rows(docs, layout, defect), total)
    rotated: list[int] = []
    number = 1
    for doc in docs:
        for position, spec in enumerate(doc.pages):
            number += 1
            writer.page(spec, number, total, doc, position, case)
            if spec.rotate:
                rotated.append(number)
            if position == 0 and layout.bookmarks:
                writer.pdf.start_section(writer.text(doc.title))
    if layout.bookmarks:
        writer.pdf.page_mode = "USE_OUTLINES"
    writer.pdf.set_display_mode("real")
    with pikepdf.open(io.BytesIO(bytes(writer.pdf.output()))) as pdf:
        for number in rotated:
            pdf.pages[number - 1].Rotate = 90
        path.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(path, deterministic_id=True)
    return path


def _draw_index(writer: _Writer, rows: list[tuple[str, str]], total: int) -> None:
    layout, pdf = writer.layout, writer.pdf
    pdf.add_page(format=A4_PORTRAIT)
    width = A4_PORTRAIT[0] - 2 * MARGIN
    y = MARGIN + (10 if layout.numbers_at == "head" else 0)
    title = "INDEX" if layout.capitals else "Index to the Bundle"
    writer.font("B", 15)
    pdf.text(MARGIN + (width - writer.width(title, "B", 15)) / 2, y + 12, writer.text(title))
    y += 40
    if layout.index_style == "table":
        writer.font("B", 10.5)
        pdf.text(MARGIN + 4, y + 14, "Tab")
        pdf.text(MARGIN + 44, y + 14, "Document")
        pdf.text(MARGIN + width - 60, y + 14, "Pages")
        y += 20
        for number, (title, pages) in enumerate(rows, start=1):
            writer.font("", 10.5)
            pdf.rect(MARGIN, y, width, 20)
            pdf.line(MARGIN + 36, y, MARGIN + 36, y + 20)
            pdf.line(MARGIN + width - 68, y, MARGIN + width - 68, y + 20)
            pdf.text(MARGIN + 6, y + 14, str(number))
            pdf.text(MARGIN + 44, y + 14, writer.text(title))
            pdf.text(MARGIN + width - 60, y + 14, writer.text(pages))
            y += 20
    else:
        writer.font("", 10.5)
        for title, pages in rows:
            left, right = writer.text(title), writer.text(pages)
            space = width - writer.width(left) - writer.width(right) - 12
            dots = " " + "." * max(3, int(space / writer.width("."))) + " "
            pdf.text(MARGIN, y + 12, left + dots)
            pdf.text(MARGIN + width - writer.width(right), y + 12, right)
            y += 18
    if layout.bookmarks:
        pdf.start_section("Index")
    writer.number(1, total, A4_PORTRAIT, writer.plain)


def write_pages(
    path: Path,
    pages: list[list[str | tuple[str, str]]],
    *,
    bookmarks: list[tuple[str, int]] | None = None,
    numbered: bool = True,
    numbers: dict[int, str] | None = None,
) -> Path:
    """A small PDF whose pages hold the given lines, for tests of single rules.

    Args:
        path: Where to write it.
        pages: Each page's lines, top to bottom; a pair is a label and a value in two columns.
        bookmarks: (title, 1-based page) outline entries.
        numbered: Print each page's number at its foot, right.
        numbers: What to print instead of the number on some pages (page -> text).

    Returns:
        ``path``.
    """
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 11)
        y = MARGIN
        for line in lines:
            if isinstance(line, tuple):
                pdf.text(MARGIN, y, line[0])
                pdf.text(MARGIN + 150, y, line[1])
            else:
                pdf.text(MARGIN, y, line)
            y += LINE
        if numbered:
            printed = (numbers or {}).get(number, str(number))
            pdf.text(A4_PORTRAIT[0] - MARGIN, A4_PORTRAIT[1] - 30, printed)
    for title, page in bookmarks or []:
        pdf.page = page
        pdf.start_section(title)
    pdf.page = len(pages)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
