"""Create the first version of the ten Word templates in ``templates/``.

This script was used once, to bootstrap ``templates/<kind>.docx`` (complaint, variation_complaint,
summons, draft_order, draft_interim_order, notification_notice, authorisation, mg11_oic,
hearsay_notice, mg11_contact_sheet) with python-docx. **The committed .docx files are the source
of truth afterwards**: the force's legal team edits them in Word, and nothing regenerates them.
The script therefore refuses to overwrite a template that already exists; ``--force`` overwrites
it and throws away every edit made in Word since.

Each template is a docxtpl template: ``{{ ... }}`` tags inside a run, ``{%p ... %}`` paragraphs and
``{%tr ... %}`` table rows for control, and only the variables and filters of the render context
(``pipeline/context.py``; ``templates/README.md`` lists them). Every tag is written inside one run
so Word keeps it whole.

Usage::

    .venv/bin/python scripts/bootstrap_templates.py                # all ten, if none exists yet
    .venv/bin/python scripts/bootstrap_templates.py summons        # one template
    .venv/bin/python scripts/bootstrap_templates.py --force        # overwrite (loses Word edits)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from pipeline.render import drop_unused_styles
from pipeline.zips import normalise_zip

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = ROOT / "templates"

FONT = "Liberation Sans"
TEXT_WIDTH_MM = 160.0  # A4 width 210 mm less two 25 mm margins
DOTS = "." * 31
FOOTER_DOTS = "." * 25
FOOTER_RIGHT_INDENT_MM = 60.0  # keeps the bottom right clear for the bundle page stamp
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")

# A container of paragraphs: the document body, a table cell, a header or a footer.
Box = Any


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one format. A Jinja tag is never split over two runs."""

    text: str
    bold: bool = False
    italic: bool = False


Part = str | Run


def b(text: str) -> Run:
    """A bold run."""
    return Run(text, bold=True)


# --------------------------------------------------------------------------------------------
# Jinja snippets shared by several templates (each is written into a single run).
# --------------------------------------------------------------------------------------------

CHIEF = "{{ applicant.chief_officer_title }}"
DEFENDANT_DOB = "{{ defendant.date_of_birth|longdate }}"
DEFENDANT_ADDRESS = (
    "{% if defendant.address is defined and defendant.address %}{{ defendant.address.line1 }}, "
    "{% if defendant.address.line2 is defined and defendant.address.line2 %}"
    "{{ defendant.address.line2 }}, {% endif %}"
    "{{ defendant.address.town }} {{ defendant.address.postcode }}{% else %}No fixed abode{% endif %}"
)
COURT_KIND = (
    '{% if court.court_type == "youth" %}youth court{% else %}magistrates\' court{% endif %}'
)
S4 = 'case.application_type in ("variation", "renewal")'
VARIED = '{% if application_title == "vary" %}varied{% else %}renewed{% endif %}'
VARIED_CAPS = '{% if application_title == "vary" %}VARIED{% else %}RENEWED{% endif %}'
VARIES = '{% if application_title == "vary" %}varies{% else %}renews{% endif %}'
SECTIONS_1_5 = "section{% if interim_sought %}s 1 and 5{% else %} 1{% endif %}"
JURISDICTION = (
    '{% if applicant.jurisdiction_basis == "resides_in_area" %}'
    "The defendant lives in the police area of {{ applicant.force_name }} (section 1(3))."
    '{% elif applicant.jurisdiction_basis == "believed_in_area" %}'
    "The " + CHIEF + " believes that the defendant is in the police area of "
    "{{ applicant.force_name }} (section 1(3))."
    '{% elif applicant.jurisdiction_basis == "intends_to_come" %}'
    "The " + CHIEF + " believes that the defendant intends to come to the police area of "
    "{{ applicant.force_name }} (section 1(3))."
    "{% else %}"
    "The " + CHIEF + " applies as the chief officer of a police force that has no police area "
    "of its own, so the condition in section 1(3) about where the defendant lives, is or intends "
    "to come does not apply (section 1(1) and (3))."
    "{% endif %}"
)
INCIDENT_DATE = (
    "{{ i.date|longdate }}{% if i.date_end is defined and i.date_end %} to "
    "{{ i.date_end|longdate }}{% endif %}{% if i.approximate %} (approximately){% endif %}"
)
TERM_KIND = '{% if t.kind == "requirement" %}Requirement{% else %}Prohibition{% endif %}'
TERM_KIND_LOWER = '{% if t.kind == "requirement" %}requirement{% else %}prohibition{% endif %}'
TERM_PLACE = (
    "{% if t.locality %}Applies only to: {{ t.locality.description }}"
    "{% if t.locality.map_exhibit_ref is defined and t.locality.map_exhibit_ref %}"
    " (map at exhibit {{ t.locality.map_exhibit_ref }}){% endif %}."
    "{% else %}Applies throughout the United Kingdom.{% endif %}"
)
TERM_DURATION = (
    "This term has effect "
    '{% if t.duration.type == "fixed" %}for {% endif %}{{ t.duration|duration }}'
)


# --------------------------------------------------------------------------------------------
# Page set-up and styles
# --------------------------------------------------------------------------------------------


def new_document(title: str) -> Any:
    """A blank A4 document with the house styles and no theme fonts."""
    doc = Document()
    configure_page(doc.sections[0])
    configure_styles(doc)
    replace_theme_fonts(doc)
    drop_unused_parts(doc)
    props = doc.core_properties
    props.title = title
    props.author = "spo-bundle"
    props.last_modified_by = "spo-bundle"
    props.comments = "Word template (docxtpl). Edit in Word; see templates/README.md."
    return doc


def configure_page(section: Any) -> None:
    """A4 portrait, 25 mm margins, header and footer 12.5 mm from the edge."""
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    section.header_distance = Mm(12.5)
    section.footer_distance = Mm(12.5)


def set_fonts(rpr: Any) -> None:
    """Name Liberation Sans for every script in a run-properties element, dropping theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in _FONT_ATTRS:
        fonts.set(qn(attr), FONT)


def blacken(styles_element: Any) -> None:
    """Make every style colour plain black (the default template colours headings blue)."""
    for colour in styles_element.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attr), None)
        colour.set(qn("w:val"), "000000")


def configure_defaults(styles_element: Any) -> None:
    """Document defaults: Liberation Sans 11 pt, British English, 6 pt after each paragraph."""
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "en-GB")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "259")


def configure_styles(doc: Any) -> None:
    """Fonts, sizes and spacing of the styles the templates use, plus the house styles."""
    configure_defaults(doc.styles.element)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            set_fonts(style.element.get_or_add_rPr())
    for rpr in doc.styles.element.iter(qn("w:rPr")):
        set_fonts(rpr)  # table styles' first-row and other conditional formats too
    blacken(doc.styles.element)
    styles = doc.styles
    styles["Normal"].font.size = Pt(11)
    style_heading(styles["Heading 1"], 14, centred=True, before=0, after=6)
    style_heading(styles["Heading 2"], 11.5, centred=False, before=12, after=4)
    style_heading(styles["Heading 3"], 11, centred=False, before=8, after=3)
    for name in ("Header", "Footer"):
        style_header_footer(styles[name])
    add_house_styles(doc)


def style_heading(style: Any, size: float, *, centred: bool, before: float, after: float) -> None:
    """A bold, black, upright heading style."""
    style.font.size = Pt(size)
    style.font.bold = True
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = True
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT


def style_header_footer(style: Any) -> None:
    """9 pt, no spacing, tab stops at the centre and the right margin of an A4 page."""
    style.font.size = Pt(9)
    fmt = style.paragraph_format
    fmt.space_after = Pt(0)
    fmt.tab_stops.clear_all()
    fmt.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM / 2), WD_TAB_ALIGNMENT.CENTER)
    fmt.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)


def add_paragraph_style(doc: Any, name: str, size: float, **options: Any) -> Any:
    """A paragraph style based on Normal, in Liberation Sans."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    set_fonts(style.element.get_or_add_rPr())
    style.font.size = Pt(size)
    style.font.bold = options.get("bold", False)
    style.font.italic = options.get("italic", False)
    fmt = style.paragraph_format
    fmt.space_before = Pt(options.get("before", 0))
    fmt.space_after = Pt(options.get("after", 6))
    if options.get("centred"):
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if "indent_mm" in options:
        fmt.left_indent = Mm(options["indent_mm"])
    if "hanging_mm" in options:
        fmt.first_line_indent = Mm(-options["hanging_mm"])
    return style


def add_house_styles(doc: Any) -> None:
    """The styles named in the templates: title lines, citations, table text, lists, terms."""
    add_paragraph_style(doc, "Title Line", 12, bold=True, centred=True, after=4)
    add_paragraph_style(doc, "Citation", 10, italic=True, centred=True, before=2, after=12)
    add_paragraph_style(doc, "Table Text", 10, before=1, after=1)
    add_paragraph_style(doc, "Table Heading", 10, bold=True, before=1, after=1)
    add_paragraph_style(doc, "Term Detail", 9, italic=True, before=0, after=1)
    add_paragraph_style(doc, "List Item", 11, after=4, indent_mm=10, hanging_mm=7)
    add_paragraph_style(doc, "Indented", 11, after=6, indent_mm=10)
    add_paragraph_style(doc, "Signature", 11, before=0, after=2)


def drop_unused_parts(doc: Any) -> None:
    """Drop the default template's thumbnail and its Word 2010 copy of the styles.

    ``stylesWithEffects.xml`` still names theme fonts; Word would offer its stale styles, and
    the thumbnail would show a page that is not this template.
    """
    for rels in (doc.part.rels, doc.part.package.rels):
        for key, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/metadata/thumbnail")):
                del rels[key]


def replace_theme_fonts(doc: Any) -> None:
    """Point the theme's Latin fonts at Liberation Sans too, in case Word picks a theme font."""
    for part in doc.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            xml = part.blob.decode("utf-8")
            xml = re.sub(r'(<a:latin typeface=")[^"]*(")', rf"\g<1>{FONT}\g<2>", xml)
            part._blob = xml.encode("utf-8")


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------


def _next_paragraph(box: Box, style: str | None) -> Paragraph:
    """A new paragraph in ``box``; a fresh table cell's empty first paragraph is reused."""
    if isinstance(box, _Cell) and len(box.paragraphs) == 1:
        first: Paragraph = box.paragraphs[0]
        unstyled = first.style is None or first.style.name == "Normal"
        if not first.runs and unstyled and not first._p.xpath("./w:fldSimple"):
            if style:
                first.style = style
            return first
    paragraph: Paragraph = box.add_paragraph(style=style)
    return paragraph


def para(
    box: Box,
    *parts: Part,
    style: str | None = None,
    align: str | None = None,
    keep_next: bool = False,
) -> Paragraph:
    """A paragraph of runs; each plain string or :class:`Run` becomes exactly one run."""
    paragraph = _next_paragraph(box, style)
    add_runs(paragraph, parts)
    if align == "centre":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if keep_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_runs(paragraph: Paragraph, parts: Sequence[Part]) -> None:
    """Append one run per part: a tag is never split between runs, so Word keeps it whole."""
    for part in parts:
        run_spec = part if isinstance(part, Run) else Run(part)
        run = paragraph.add_run(run_spec.text)
        run.bold = run_spec.bold or None
        run.italic = run_spec.italic or None


def tag(box: Box, jinja: str) -> Paragraph:
    """A control paragraph (``{%p if ... %}``, ``{%p for ... %}``...) on its own."""
    return para(box, jinja)


def heading(box: Box, text: str, level: int = 2) -> Paragraph:
    """A heading paragraph (level 1 is the document title)."""
    return para(box, text, style=f"Heading {level}")


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that LibreOffice and Word fill in when laying out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def page_header(doc: Any, left: str, right: str) -> Paragraph:
    """The running header: ``left`` at the margin, ``right`` against the right margin."""
    header = doc.sections[0].header
    paragraph: Paragraph = header.paragraphs[0]
    paragraph.style = doc.styles["Header"]
    paragraph.add_run(left)
    paragraph.add_run("\t\t")
    paragraph.add_run(right)
    return paragraph


def court_header(doc: Any) -> None:
    """The header of every document but the MG11: the court, and the URN on the right."""
    page_header(doc, "{{ court.name }}", "URN {{ case.urn }}")


def document_title(doc: Any, title: str, citation: str) -> None:
    """The title (a centred bold heading, in capitals) and the statutory basis under it."""
    heading(doc, title, level=1)
    para(doc, citation, style="Citation")


def _set_cell_width(cell: _Cell, width_mm: float) -> None:
    """Fix a cell's width (LibreOffice reads tcW; Word reads the grid)."""
    cell.width = Mm(width_mm)


def shade(cell: _Cell, fill: str = "EDEDED") -> None:
    """A light grey background for a label or heading cell."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def grid(box: Box, widths_mm: Sequence[float]) -> Table:
    """An empty bordered table with fixed column widths (they add up to the text width)."""
    table: Table = box.add_table(rows=0, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    return table


def add_row(table: Table, *, keep_whole: bool = True) -> list[_Cell]:
    """A new row; its cells, each with the column's width.

    Args:
        table: The table.
        keep_whole: Keep the row on one page. Off for rows of free text, which may be longer
            than a page (Word would cut such a row off at the foot of the page).
    """
    row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves it unannotated
    if keep_whole:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, column in zip(row.cells, table.columns, strict=True):
        _set_cell_width(cell, column.width.mm)
    return list(row.cells)


def header_row(table: Table, *titles: str) -> None:
    """The table's heading row, shaded and repeated at the top of each page."""
    cells = add_row(table)
    for cell, title in zip(cells, titles, strict=True):
        para(cell, title, style="Table Heading")
        shade(cell)
    row_properties = table.rows[-1]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:tblHeader"))


def tag_row(table: Table, jinja: str) -> None:
    """A ``{%tr ... %}`` control row: the tag in its first cell; docxtpl removes the row."""
    para(add_row(table)[0], jinja, style="Table Text")


def text_row(table: Table, *texts: Part, keep_whole: bool = True) -> list[_Cell]:
    """A row with one paragraph of table text in each cell."""
    cells = add_row(table, keep_whole=keep_whole)
    for cell, text in zip(cells, texts, strict=True):
        para(cell, text, style="Table Text")
    return cells


def details(box: Box, rows: Sequence[tuple[str, str]], label_mm: float = 48) -> Table:
    """A two-column table of particulars: a shaded label and its value.

    A row whose label starts with ``{%tr`` is written as a control row.
    """
    table = grid(box, (label_mm, TEXT_WIDTH_MM - label_mm))
    for label, value in rows:
        if label.startswith("{%tr"):
            tag_row(table, label)
            continue
        cells = text_row(table, b(label), value)
        shade(cells[0])
    para(box, "", style="Signature")
    return table


def block(
    box: Box, lines: Sequence[Sequence[Part]], *, before_pt: float = 18, keep_next: bool = False
) -> Paragraph:
    """Lines that stay together on one page: one paragraph, the lines separated by breaks.

    (LibreOffice does not keep the last paragraphs of a document together with
    keep-with-next, so a signature block is one paragraph with keep-lines-together.)
    """
    paragraph = para(box, style="Signature", keep_next=keep_next)
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.space_before = Pt(before_pt)
    for number, line in enumerate(lines):
        if number:
            paragraph.add_run().add_break()
        add_runs(paragraph, line)
    return paragraph


def signature_block(box: Box, date: str, *, keep_next: bool = False) -> None:
    """The legal representative signs on behalf of the chief officer.

    Args:
        box: Where to add the block.
        date: The Jinja expression of the date signed.
        keep_next: Keep the block on the page of what follows (the court's lines).
    """
    lines: list[list[Part]] = [
        ["Signed: ", DOTS],
        [
            "{{ applicant.legal_representative.name }}, {{ applicant.legal_representative.organisation }}"
        ],
        ["on behalf of the " + CHIEF],
        [
            "Email: {{ applicant.legal_representative.email }}   "
            "Telephone: {{ applicant.legal_representative.phone }}"
        ],
        ["Date: ", date],
    ]
    block(box, lines, keep_next=keep_next)


def dotted_lines(box: Box, *labels: str, after: Sequence[str] = ()) -> None:
    """Lines for the court to complete by hand, a blank line apart, then ``after`` lines."""
    lines: list[list[Part]] = []
    for label in labels:
        lines += [[label, DOTS], []]
    block(box, [*lines[:-1], *([text] for text in after)], before_pt=12)


# --------------------------------------------------------------------------------------------
# Blocks shared by several documents
# --------------------------------------------------------------------------------------------


def defendant_rows() -> list[tuple[str, str]]:
    """Particulars rows for the defendant: name, date of birth, address, other names."""
    return [
        ("Defendant", "{{ defendant_name }}"),
        (
            "Date of birth",
            DEFENDANT_DOB
            + '{% if court.court_type == "youth" %} (aged {{ defendant_age }}){% endif %}',
        ),
        ("Address", DEFENDANT_ADDRESS),
        ("{%tr if defendant.aliases %}", ""),
        ("Also known as", '{{ defendant.aliases|join(", ") }}'),
        ("{%tr endif %}", ""),
    ]


def complaint_rows() -> list[tuple[str, str]]:
    """Particulars of a complaint: court, dates, references, complainant and defendant."""
    return [
        ("Court", "{{ court.name }}"),
        ("Local justice area", "{{ court.local_justice_area }}"),
        ("Date of complaint", "{{ case.application_date|longdate }}"),
        ("URN", "{{ case.urn }}"),
        ("Force reference", "{{ case.force_reference }}"),
        ("Complainant", "The " + CHIEF),
        *defendant_rows(),
    ]


def term_details(box: Box, *, interim: bool = False) -> None:
    """The lines under a term's exact text: kind and place, provider, own duration, protects."""
    para(box, TERM_KIND + ". " + TERM_PLACE, style="Term Detail")
    tag(box, "{%p if t.provider is defined and t.provider %}")
    para(box, "Provided by: {{ t.provider }}.", style="Term Detail")
    tag(box, "{%p endif %}")
    tag(box, "{%p if t.duration is defined and t.duration %}")
    ending = ", or until this interim order ends, if earlier." if interim else "."
    para(box, TERM_DURATION + ending, style="Term Detail")
    tag(box, "{%p endif %}")
    para(box, "Protects: {{ t.protected_person_ids|names }}.", style="Term Detail")


def terms_table(box: Box, *, interim: bool = False, status: str | None = None) -> None:
    """The numbered terms, each term's exact text alone in its own paragraph.

    Args:
        box: Where to add the table.
        interim: Word a term's own duration for an interim order.
        status: A Jinja expression for a third column (new, changed or unchanged), or None.
    """
    widths = (14.0, 116.0, 30.0) if status else (14.0, 146.0)
    table = grid(box, widths)
    header_row(table, "No.", "Prohibition or requirement", *(("Status",) if status else ()))
    tag_row(table, "{%tr for t in terms %}")
    cells = add_row(table)
    para(cells[0], "{{ loop.index }}.", style="Table Text")
    para(cells[1], "{{ t.text }}", style="Table Text")
    term_details(cells[1], interim=interim)
    if status:
        para(cells[2], status, style="Table Text")
    tag_row(table, "{%tr endfor %}")
    para(box, "", style="Signature")


def chronology_table(box: Box, *, with_description: bool) -> None:
    """The incidents in date order; the MG11's version also describes each one."""
    exhibits = '{% if i.exhibit_refs %}{{ i.exhibit_refs|join(", ") }}{% else %}None{% endif %}'
    first = ("{{ i.id }}", INCIDENT_DATE, "{{ i.location }}")
    if with_description:
        table = grid(box, (10, 24, 31, 76, 19))
        header_row(table, "Ref", "Date", "Location", "What happened", "Exhibits")
        tag_row(table, "{%tr for i in chronology %}")
        cells = text_row(table, *first, "{{ i.description|multiline }}", exhibits, keep_whole=False)
        source = '{% if i.source == "cctv" %}CCTV{% else %}{{ i.source }}{% endif %}'
        para(
            cells[3],
            "Acts: {{ i.behaviours|behaviours }}. Affecting: {{ i.protected_person_ids|names }}. "
            "Source: " + source + ".",
            style="Term Detail",
        )
    else:
        table = grid(box, (12, 34, 44, 44, 26))
        header_row(table, "Ref", "Date", "Location", "Acts", "Exhibits")
        tag_row(table, "{%tr for i in chronology %}")
        text_row(table, *first, "{{ i.behaviours|behaviours }}", exhibits)
    tag_row(table, "{%tr endfor %}")
    para(box, "", style="Signature")


def warning_paragraphs(doc: Any, *, interim: bool) -> None:
    """The breach warning (s8), notification (ss9-11, running text), appeal and variation."""
    heading(doc, "Warning to the defendant")
    order = "this interim order" if interim else "this order"
    para(
        doc,
        b(
            "If, without reasonable excuse, you do anything that "
            + order
            + " prohibits, or fail to do anything that it requires you to do, you commit a "
            "criminal offence (section 8 of the Stalking Protection Act 2019). The maximum "
            "penalty on conviction on indictment is 5 years' imprisonment, a fine, or both."
        ),
    )
    notification_paragraph(doc, interim=interim)
    if interim:
        para(
            doc,
            "You may appeal against this interim order to the Crown Court (section 7). You, or "
            "the chief officer of police who applied for it, may apply to this court to vary, "
            "renew or discharge it (section 5).",
        )
    else:
        para(
            doc,
            "You may appeal against this order to the Crown Court (section 7). You, or a "
            "relevant chief officer of police, may apply to this court to vary, renew or "
            "discharge it (section 4).",
        )


def notification_paragraph(doc: Any, *, interim: bool) -> None:
    """Running text on the duty to notify the police, unless SOA 2003 notification applies."""
    tag(doc, "{%p if not defendant.sexual_offences_notification %}")
    duty = (
        "you must tell the police your name, any other name you use and your home address, by "
        "going in person to a police station in the police area where you live (section 10). "
        "You must also tell them of any new name or new home address within 3 days of the "
        "change. Failing to do so without reasonable excuse, or knowingly giving false "
        "information, is a criminal offence (section 11). The notice served with this order "
        "explains these requirements."
    )
    if interim:
        para(
            doc,
            "While this interim order is in force you are subject to the notification "
            "requirements of sections 9 to 11 of the Act. Within 3 days beginning with the day "
            "on which it is served on you, " + duty,
        )
    else:
        tag(doc, "{%p if " + S4 + " %}")
        para(
            doc,
            "You remain subject to the notification requirements of sections 9 to 11 of the "
            "Act. If you start to use a name you have not told the police, or change your home "
            "address, you must tell the police within 3 days, by going in person to a police "
            "station (section 10). Failing to do so without reasonable excuse, or knowingly "
            "giving false information, is a criminal offence (section 11).",
        )
        tag(doc, "{%p else %}")
        para(
            doc,
            "You are subject to the notification requirements of sections 9 to 11 of the Act. "
            "Within 3 days beginning with the day on which this order is served on you, "
            + duty
            + "{% if interim_sought %} If you have already told the police under an interim "
            "order that this order replaces, you need not do so again on service of this "
            "order.{% endif %}",
        )
        tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def order_particulars(doc: Any, *, interim: bool) -> None:
    """The draft orders' particulars: court, parties, the order varied, date of order."""
    rows = [
        ("Court", "{{ court.name }} ({{ court.local_justice_area }} local justice area)"),
        ("Complainant", "The " + CHIEF),
        *defendant_rows(),
        ("URN", "{{ case.urn }}"),
    ]
    if not interim:
        rows += [
            ("{%tr if " + S4 + " %}", ""),
            (
                "Order " + VARIED,
                "{{ existing_order.reference }}, made at {{ existing_order.court }} on "
                "{{ existing_order.date_made|longdate }}",
            ),
            ("{%tr endif %}", ""),
        ]
    details(doc, rows)


def judge_lines(doc: Any) -> None:
    """The date of the order and the line for the justice or district judge."""
    dotted_lines(
        doc,
        "Date of order: ",
        "Signed: ",
        after=("Justice of the Peace / District Judge (Magistrates' Courts)", "{{ court.name }}"),
    )


# --------------------------------------------------------------------------------------------
# The ten documents
# --------------------------------------------------------------------------------------------


def build_complaint() -> Any:
    """Complaint for an SPO (s1), with the interim application (s5) when one is sought."""
    doc = new_document("Complaint for a stalking protection order")
    court_header(doc)
    heading(doc, "COMPLAINT FOR A STALKING PROTECTION ORDER", level=1)
    tag(doc, "{%p if interim_sought %}")
    para(doc, "AND FOR AN INTERIM STALKING PROTECTION ORDER", style="Title Line")
    tag(doc, "{%p endif %}")
    para(
        doc,
        "Magistrates' Courts Act 1980, section 51; Stalking Protection Act 2019, " + SECTIONS_1_5,
        style="Citation",
    )
    details(doc, complaint_rows())
    complaint_grounds(doc)
    complaint_persons(doc)
    heading(doc, "3. Jurisdiction")
    para(doc, JURISDICTION)
    complaint_acts(doc)
    complaint_order(doc)
    complaint_interim(doc)
    complaint_close(doc)
    return doc


def complaint_close(doc: Any) -> None:
    """The end of a complaint: the lawyer's signature, then the lines for the justice."""
    signature_block(doc, "{{ case.application_date|longdate }}", keep_next=True)
    dotted_lines(
        doc,
        "Complaint made before me on: ",
        "Signed: ",
        after=("Justice of the Peace / Justices' legal adviser",),
    )


def complaint_grounds(doc: Any) -> None:
    """Paragraph 1: the complaint in the words of s1(1)."""
    heading(doc, "1. The complaint")
    para(
        doc,
        "The " + CHIEF + " (the complainant) complains that it appears to the complainant that:",
    )
    for line in (
        "(a)\tthe defendant has carried out acts associated with stalking;",
        "(b)\tthe defendant poses a risk associated with stalking to {{ protected_names }}; and",
        "(c)\tthere is reasonable cause to believe that the proposed order is necessary to "
        "protect {{ protected_names }} from that risk,",
    ):
        para(doc, line, style="List Item")
    para(
        doc,
        "and applies for a stalking protection order under section 1 of the Stalking Protection "
        "Act 2019 in the terms set out in paragraph 5{% if interim_sought %}, and for an interim "
        "stalking protection order under section 5 of that Act until the main application is "
        "determined (paragraph 6){% endif %}.",
    )


def complaint_persons(doc: Any) -> None:
    """Paragraph 2: the persons to be protected, by the names served documents use."""
    heading(doc, "2. The persons to be protected")
    table = grid(doc, (50, 60, 50))
    header_row(table, "Name", "Relationship to the defendant", "Position")
    tag_row(table, "{%tr for p in protected_persons %}")
    text_row(
        table,
        "{{ p.display_name }}",
        "{{ p.relationship_to_defendant }}",
        '{% if p.role == "victim" %}The victim of the acts relied on'
        "{% else %}A person at risk, whether or not the victim of those acts "
        "(section 1(1)(c)){% endif %}",
    )
    tag_row(table, "{%tr endfor %}")
    para(doc, "", style="Signature")
    para(
        doc,
        "The addresses and contact details of the persons to be protected are held by the "
        "complainant and are not given in this complaint.",
    )


def complaint_acts(doc: Any) -> None:
    """Paragraph 4: the acts associated with stalking relied on."""
    heading(doc, "4. The acts relied on")
    para(
        doc,
        "The complainant relies on the following acts associated with stalking (examples of "
        "which are given in section 2A(3) of the Protection from Harassment Act 1997). Each is "
        "described in the statement of {{ officer_in_case.rank }} {{ officer_in_case.name }}.",
    )
    chronology_table(doc, with_description=False)


def complaint_order(doc: Any) -> None:
    """Paragraph 5: the order sought, its terms word for word, and its duration."""
    heading(doc, "5. The order sought")
    para(
        doc,
        "The complainant asks the court to make a stalking protection order containing the "
        "following prohibitions and requirements (section 2):",
    )
    terms_table(doc)
    para(
        doc,
        "The complainant asks for the order to have effect {{ order_duration_text }} (section 3).",
    )
    tag(doc, "{%p if defendant.existing_orders %}")
    para(doc, "The defendant is already subject to these orders:")
    tag(doc, "{%p for o in defendant.existing_orders %}")
    para(
        doc,
        "{{ o.type }}, made at {{ o.court }} on {{ o.date_made|longdate }} "
        "(reference {{ o.reference }}).",
        style="Indented",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if defendant.sexual_offences_notification %}")
    para(
        doc,
        "The defendant is subject to notification under Part 2 of the Sexual Offences Act 2003, "
        "so the duty to notify in sections 9 to 11 of the Act does not apply (section 9).",
    )
    tag(doc, "{%p endif %}")


def complaint_interim(doc: Any) -> None:
    """Paragraph 6 (only when an interim order is sought): the s5 application."""
    tag(doc, "{%p if interim_sought %}")
    heading(doc, "6. Application for an interim order (section 5)")
    para(
        doc,
        "The complainant applies for an interim stalking protection order containing the "
        "prohibitions and requirements in paragraph 5, to have effect {{ interim_period_text }} "
        "or until the main application is determined, if earlier (section 5).",
    )
    para(doc, "An interim order is needed because:")
    para(doc, "{{ interim.justification|multiline }}", style="Indented")
    tag(doc, "{%p endif %}")


def build_variation_complaint() -> Any:
    """Complaint to vary, renew or discharge an SPO (s4)."""
    doc = new_document("Complaint to vary, renew or discharge a stalking protection order")
    court_header(doc)
    heading(doc, "COMPLAINT TO VARY, RENEW OR DISCHARGE A STALKING PROTECTION ORDER", level=1)
    para(doc, "APPLICATION TO {{ application_title|upper }} THE ORDER", style="Title Line")
    para(
        doc,
        "Magistrates' Courts Act 1980, section 51; Stalking Protection Act 2019, section 4",
        style="Citation",
    )
    details(doc, complaint_rows())
    variation_existing(doc)
    variation_application(doc)
    variation_proposed(doc)
    complaint_close(doc)
    return doc


def variation_existing(doc: Any) -> None:
    """Paragraph 1: the order in force, its terms, and what the application does to each."""
    heading(doc, "1. The order")
    details(
        doc,
        [
            ("Reference", "{{ existing_order.reference }}"),
            ("Made at", "{{ existing_order.court }}"),
            ("Date made", "{{ existing_order.date_made|longdate }}"),
            (
                "Duration",
                '{% if existing_order.duration.type == "fixed" %}{{ existing_order.duration|duration }} '
                "beginning with {{ existing_order.date_made|longdate }}"
                "{% else %}Until further order{% endif %}",
            ),
            ("Protects", "{{ protected_names }}"),
        ],
    )
    para(doc, "The prohibitions and requirements of the order are:", keep_next=True)
    table = grid(doc, (14, 116, 30))
    header_row(table, "No.", "Prohibition or requirement", "Effect of this application")
    tag_row(table, "{%tr for e in existing_order.terms %}")
    cells = add_row(table)
    para(cells[0], "{{ loop.index }}.", style="Table Text")
    para(cells[1], "{{ e.text }}", style="Table Text")
    para(
        cells[1],
        '{% if e.kind == "requirement" %}Requirement{% else %}Prohibition{% endif %} ({{ e.id }}).',
        style="Term Detail",
    )
    para(
        cells[2],
        '{% if case.application_type == "discharge" %}Discharged'
        '{% elif e.id in variation.proposed_terms|map(attribute="id")|list %}Replaced'
        '{% elif e.id in terms|map(attribute="id")|list %}Unchanged'
        "{% else %}Removed{% endif %}",
        style="Table Text",
    )
    tag_row(table, "{%tr endfor %}")
    para(doc, "", style="Signature")


def variation_application(doc: Any) -> None:
    """Paragraphs 2 to 4: the application, its grounds, and consent."""
    heading(doc, "2. The application")
    para(
        doc,
        "The " + CHIEF + " (the complainant) applies under section 4 of the Stalking Protection "
        "Act 2019 to {{ application_title }} the order. " + JURISDICTION,
    )
    tag(doc, '{%p if case.application_type == "discharge" %}')
    para(
        doc,
        "The complainant asks the court to discharge the order, so that it ceases to have effect.",
    )
    tag(doc, "{%p endif %}")
    heading(doc, "3. Grounds")
    para(doc, "{{ variation.grounds|multiline }}")
    tag(doc, "{%p if chronology %}")
    para(
        doc,
        "The incidents relied on, in date order, are set out below and described in the "
        "statement of {{ officer_in_case.rank }} {{ officer_in_case.name }}.",
        keep_next=True,
    )
    chronology_table(doc, with_description=False)
    tag(doc, "{%p endif %}")
    heading(doc, "4. Consent")
    para(
        doc,
        "The defendant {% if variation.consent.defendant %}consents{% else %}has not consented"
        "{% endif %} to this application. The " + CHIEF + " {% if variation.consent.chief_officer "
        "%}consents{% else %}has not consented{% endif %} to it.",
    )
    tag(doc, '{%p if case.application_type == "discharge" %}')
    para(
        doc,
        "An order may be discharged before the end of two years beginning with the day on which "
        "it was made only with the consent of the defendant and of the relevant chief officer "
        "of police (section 4).",
    )
    tag(doc, "{%p endif %}")


def variation_proposed(doc: Any) -> None:
    """Paragraph 5 (variation and renewal): the order as proposed and the new or changed terms."""
    tag(doc, '{%p if case.application_type != "discharge" %}')
    heading(doc, "5. The order as proposed")
    para(
        doc,
        "The complainant asks the court to {{ application_title }} the order so that, as "
        + VARIED
        + ", it contains the following prohibitions and requirements, in these exact words:",
    )
    status = (
        '{% if t.id in variation.proposed_terms|map(attribute="id")|list %}'
        '{% if t.id in existing_order.terms|map(attribute="id")|list %}Changed ({{ t.id }})'
        "{% else %}New ({{ t.id }}){% endif %}{% else %}Unchanged ({{ t.id }}){% endif %}"
    )
    terms_table(doc, status=status)
    para(
        doc,
        "The order as proposed has effect {{ order_duration_text }}"
        '{% if case.application_type == "variation" and duration == existing_order.duration %}'
        "; its duration is not changed{% endif %}.",
    )
    para(doc, "Why each new or changed term is necessary:", keep_next=True)
    table = grid(doc, (30, 130))
    header_row(table, "Term", "Reasons")
    tag_row(table, "{%tr for t in variation.proposed_terms %}")
    text_row(table, "{{ t.id }}", "{{ t.justification|multiline }}", keep_whole=False)
    tag_row(table, "{%tr endfor %}")
    para(doc, "", style="Signature")
    tag(doc, "{%p endif %}")


def build_summons() -> Any:
    """Summons to the defendant to answer the complaint."""
    doc = new_document("Summons")
    court_header(doc)
    heading(doc, "SUMMONS", level=1)
    tag(doc, '{%p if court.court_type == "youth" %}')
    para(doc, "YOUTH COURT", style="Title Line")
    tag(doc, "{%p endif %}")
    para(
        doc,
        "Magistrates' Courts Act 1980, section 51; Stalking Protection Act 2019, "
        "{% if application_title %}section 4{% else %}" + SECTIONS_1_5 + "{% endif %}",
        style="Citation",
    )
    details(doc, [("To", "{{ defendant_name }}"), *defendant_rows()[1:], ("URN", "{{ case.urn }}")])
    para(
        doc,
        "You are summoned to appear before the " + COURT_KIND + " at ",
        b("{{ court.name }}, {{ court.address }}"),
        " on ",
        b("{{ hearing.date|longdate }} at {{ hearing.time|time12 }}"),
        "{% if hearing.courtroom %} in courtroom {{ hearing.courtroom }}{% endif %}",
        ", to answer the complaint described below.",
    )
    summons_complaint(doc)
    summons_notes(doc)
    dotted_lines(
        doc,
        "Date of issue: ",
        "Signed: ",
        after=(
            "Justice of the Peace / Justices' legal adviser",
            "for the {{ court.local_justice_area }} local justice area",
        ),
    )
    return doc


def summons_complaint(doc: Any) -> None:
    """The substance of the complaint and its statutory basis."""
    heading(doc, "The complaint")
    tag(doc, "{%p if application_title %}")
    para(
        doc,
        "On {{ case.application_date|longdate }} the " + CHIEF + " made a complaint to this "
        "court applying under section 4 of the Stalking Protection Act 2019 to "
        "{{ application_title }} the stalking protection order made against you.",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "On {{ case.application_date|longdate }} the " + CHIEF + " made a complaint to this "
        "court that you have carried out acts associated with stalking, that you pose a risk "
        "associated with stalking to {{ protected_names }}, and that there is reasonable cause "
        "to believe that a stalking protection order is necessary to protect "
        "{{ protected_names }} from that risk. The complainant applies for a stalking protection "
        "order against you under section 1 of the Stalking Protection Act 2019"
        "{% if interim_sought %}, and for an interim stalking protection order under section 5 "
        "of that Act until the main application is decided{% endif %}.",
    )
    tag(doc, "{%p endif %}")
    para(doc, "A copy of the complaint and of the evidence relied on is served with this summons.")


def summons_notes(doc: Any) -> None:
    """Non-attendance, legal advice, youth court and interpreter notes."""
    heading(doc, "If you do not attend")
    para(
        doc,
        "If you do not attend at the time and place shown, the court may proceed in your "
        "absence and may make an order against you (Magistrates' Courts Act 1980, section 55).",
    )
    heading(doc, "Legal advice")
    para(
        doc,
        "You should get legal advice about this summons as soon as possible. A solicitor can "
        "advise you and tell you whether you can get legal aid. At the hearing you may give "
        "evidence, call witnesses and question the complainant's witnesses.",
    )
    tag(doc, '{%p if court.court_type == "youth" %}')
    para(
        doc,
        "Because you are under 18, a parent or guardian should come to court with you. Please "
        "show them this summons.",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if defendant.interpreter_language %}")
    para(
        doc,
        "The complainant has told the court that you may need an interpreter "
        "({{ defendant.interpreter_language }}). If you do, tell the court as soon as possible.",
    )
    tag(doc, "{%p endif %}")


def build_draft_order() -> Any:
    """Draft SPO (s2), or the order as varied or renewed (s4)."""
    doc = new_document("Draft stalking protection order")
    court_header(doc)
    heading(doc, "DRAFT STALKING PROTECTION ORDER", level=1)
    tag(doc, "{%p if " + S4 + " %}")
    para(doc, "AS " + VARIED_CAPS, style="Title Line")
    tag(doc, "{%p endif %}")
    para(
        doc,
        "Stalking Protection Act 2019, {% if " + S4 + " %}section 4{% else %}sections 1 and 2"
        "{% endif %}",
        style="Citation",
    )
    order_particulars(doc, interim=False)
    tag(doc, "{%p if " + S4 + " %}")
    para(
        doc,
        "On the complaint of the " + CHIEF + " under section 4 of the Stalking Protection Act "
        "2019 to {{ application_title }} the stalking protection order made at "
        "{{ existing_order.court }} on {{ existing_order.date_made|longdate }}, and being "
        "satisfied that the order as " + VARIED + " is necessary to protect {{ protected_names }} "
        "from a risk associated with stalking, the court "
        + VARIES
        + " that order. As "
        + VARIED
        + ",",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "On the complaint of the " + CHIEF + " under section 1 of the Stalking Protection Act "
        "2019, and being satisfied that the defendant has carried out acts associated with "
        "stalking, that the defendant poses a risk associated with stalking to "
        "{{ protected_names }}, and that this order is necessary to protect them from that risk "
        "(section 2),",
    )
    tag(doc, "{%p endif %}")
    para(doc, b("THE COURT ORDERS the defendant, {{ defendant_name }}:"), keep_next=True)
    terms_table(doc)
    para(doc, "This order is made for the protection of {{ protected_names }}.")
    heading(doc, "Duration")
    para(
        doc,
        "This order has effect {{ order_duration_text }}"
        '{% if duration.type == "fixed" %}, beginning with '
        '{% if case.application_type == "variation" %}{{ existing_order.date_made|longdate }}, '
        "the day on which it was first made{% else %}the day on which it is made{% endif %}"
        "{% endif %} (section 3)."
        '{% if terms|selectattr("duration", "defined")|list %} A prohibition or requirement '
        "given its own duration above has effect for that period only.{% endif %}",
    )
    warning_paragraphs(doc, interim=False)
    judge_lines(doc)
    return doc


def build_draft_interim_order() -> Any:
    """Draft interim SPO (s5), with the same terms as the full order sought."""
    doc = new_document("Draft interim stalking protection order")
    court_header(doc)
    heading(doc, "DRAFT INTERIM STALKING PROTECTION ORDER", level=1)
    para(doc, "Stalking Protection Act 2019, section 5", style="Citation")
    order_particulars(doc, interim=True)
    para(
        doc,
        "On the complaint of the " + CHIEF + " made on {{ case.application_date|longdate }} for "
        "a stalking protection order under section 1 of the Stalking Protection Act 2019, which "
        "has not yet been determined, and considering it appropriate to make an interim order to "
        "protect {{ protected_names }} (section 5),",
    )
    para(doc, b("THE COURT ORDERS the defendant, {{ defendant_name }}:"), keep_next=True)
    terms_table(doc, interim=True)
    para(doc, "This interim order is made for the protection of {{ protected_names }}.")
    heading(doc, "Duration")
    para(
        doc,
        "This interim order has effect {{ interim_period_text }}"
        "{% if not (interim.end_date is defined and interim.end_date) %}, beginning with the day "
        "on which it is made,{% endif %} or until the main application is determined, if "
        "earlier (section 5(6)).",
    )
    warning_paragraphs(doc, interim=True)
    judge_lines(doc)
    return doc


def build_notification_notice() -> Any:
    """Notice of the duty to notify the police (ss9-11)."""
    doc = new_document("Notice of the notification requirements")
    court_header(doc)
    document_title(
        doc,
        "NOTICE OF THE NOTIFICATION REQUIREMENTS",
        "Stalking Protection Act 2019, sections 9 to 11",
    )
    details(
        doc,
        [("To", "{{ defendant_name }}"), *defendant_rows()[1:], ("URN", "{{ case.urn }}")],
    )  # fmt: skip
    para(
        doc,
        "This notice explains what you must do while you are subject to a stalking protection "
        "order or an interim stalking protection order. Read it carefully and keep it.",
    )
    tag(doc, "{%p if application_title %}")
    para(
        doc,
        "These requirements already apply to you under the stalking protection order made "
        "against you. They continue to apply while that order is in force, as "
        + VARIED
        + " by the court.",
    )
    tag(doc, "{%p endif %}")
    notice_what(doc)
    notice_how(doc)
    notice_changes_and_offences(doc)
    dotted_lines(doc, "Served on the defendant on: ", "Served by: ")
    return doc


def notice_what(doc: Any) -> None:
    """What to notify, and when."""
    heading(doc, "1. What you must tell the police, and when")
    para(
        doc,
        "Within 3 days beginning with the day on which the order is served on you, you must "
        "tell the police:",
    )
    para(
        doc,
        "(a)\tyour name and, if you use any other name, each of those names; and",
        style="List Item",
    )
    para(
        doc,
        "(b)\tyour home address. If you have no home, give the address or location of a place "
        "where you can regularly be found.",
        style="List Item",
    )
    tag(doc, "{%p if defendant.no_fixed_abode is defined and defendant.no_fixed_abode %}")
    para(
        doc,
        "The complainant understands that you have no fixed address. You must still tell the "
        "police the address or location of a place where you can regularly be found.",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if interim_sought %}")
    para(
        doc,
        "If you have told the police under an interim order, you do not need to tell them again "
        "when a full order that replaces it is served on you (section 9).",
    )
    tag(doc, "{%p endif %}")


def notice_how(doc: Any) -> None:
    """How to notify (s10)."""
    heading(doc, "2. How to tell the police")
    para(
        doc,
        "Go in person to a police station in the police area where your home address is, and "
        "tell a police officer or a person authorised by the officer in charge of the station. "
        "If you have no home address in England and Wales, go to a police station in the police "
        "area in which the court that made the order sits (section 10).",
    )
    para(
        doc,
        "The police will acknowledge your notification in writing. If asked, you must allow the "
        "police to take your fingerprints, your photograph, or both, to check your identity.",
    )


def notice_changes_and_offences(doc: Any) -> None:
    """Changes, how long the duty lasts, and the offences (s11)."""
    heading(doc, "3. Changes")
    para(
        doc,
        "If you start to use a name you have not told the police, or you change your home "
        "address, you must tell the police the new name or address before the end of 3 days "
        "beginning with the day of the change (section 9). For a change of address you may go to "
        "a police station in the area of your new address or of your old one.",
    )
    heading(doc, "4. How long this lasts")
    para(
        doc,
        "These requirements apply for as long as you are subject to the order, including any "
        "interim order and the order as varied or renewed. They end when the order ends or is "
        "discharged.",
    )
    heading(doc, "5. Offences")
    para(
        doc,
        b(
            "It is a criminal offence to fail, without reasonable excuse, to do what this notice "
            "explains, or to tell the police anything you know to be false (section 11). The "
            "maximum penalty on conviction on indictment is 5 years' imprisonment, a fine, or "
            "both."
        ),
    )


def build_authorisation() -> Any:
    """The authorising officer's authority to apply, with reasons on each limb."""
    doc = new_document("Authorisation to apply for a stalking protection order")
    court_header(doc)
    document_title(
        doc,
        "AUTHORISATION TO APPLY FOR A STALKING PROTECTION ORDER",
        "Stalking Protection Act 2019, " + SECTIONS_1_5,
    )
    details(
        doc,
        [
            ("URN", "{{ case.urn }}"),
            ("Force reference", "{{ case.force_reference }}"),
            ("Applicant", "The " + CHIEF),
            *defendant_rows(),
            ("Persons to be protected", "{{ protected_names }}"),
            (
                "Application",
                "A stalking protection order {{ order_duration_text }}{% if interim_sought %}, "
                "and an interim stalking protection order {{ interim_period_text }}{% endif %}, "
                "at {{ court.name }}",
            ),
            (
                "Officer in the case",
                "{{ officer_in_case.rank }} {{ officer_in_case.name }}, "
                "collar number {{ officer_in_case.collar_number }}",
            ),
            ("Jurisdiction", JURISDICTION),
        ],
    )
    para(
        doc,
        "I have considered the application and the evidence of {{ officer_in_case.rank }} "
        "{{ officer_in_case.name }}. My reasons on each of the conditions in section 1(1) of the "
        "Stalking Protection Act 2019, and on the terms proposed, are as follows.",
    )
    authorisation_reasons(doc)
    authorisation_decision(doc)
    return doc


def authorisation_reasons(doc: Any) -> None:
    """One heading per limb, each with the authorising officer's reasons."""
    limbs = (
        ("1. Acts associated with stalking (section 1(1)(a))", "acts"),
        ("2. Risk associated with stalking (section 1(1)(b))", "risk"),
        ("3. Necessity (section 1(1)(c))", "necessity"),
        ("4. Proportionality", "proportionality"),
        ("5. The views of the persons to be protected", "victim_views"),
    )
    for title, key in limbs:
        heading(doc, title)
        para(doc, "{{ authorisation.rationale." + key + "|multiline }}")
        if key == "risk":
            para(
                doc,
                "Risk assessment: {{ risk_assessment.tool }}, {{ risk_assessment.date|longdate }}, "
                "by {{ risk_assessment.assessor }}; level: {{ risk_assessment.level }}.",
                style="Term Detail",
            )
        if key == "proportionality":
            para(doc, "The terms proposed are:", keep_next=True)
            terms_table(doc)
    tag(doc, "{%p if interim_sought %}")
    heading(doc, "6. Interim order (section 5)")
    tag(
        doc,
        "{%p if authorisation.rationale.interim is defined and authorisation.rationale.interim %}",
    )
    para(doc, "{{ authorisation.rationale.interim|multiline }}")
    tag(doc, "{%p else %}")
    para(doc, "My reasons for the interim order are those given above.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def authorisation_decision(doc: Any) -> None:
    """The decision and the authorising officer's signature block."""
    heading(doc, "Decision")
    para(
        doc,
        b(
            '{% if authorisation.decision == "authorised" %}I authorise an application on behalf '
            "of the " + CHIEF + " to the " + COURT_KIND + " for a stalking protection order"
            "{% if interim_sought %} and an interim stalking protection order{% endif %} against "
            "{{ defendant_name }}, in the terms proposed."
            '{% elif authorisation.decision == "refused" %}I refuse to authorise an application '
            "for a stalking protection order against {{ defendant_name }}."
            "{% else %}I return this application to the officer in the case for further work "
            "before a decision is made.{% endif %}"
        ),
    )
    signed = "{% if authorisation.signed %}{{ authorisation.officer.name }}{% else %}" + DOTS
    block(
        doc,
        [
            ["Signed: ", signed + "{% endif %}"],
            ["Name: ", "{{ authorisation.officer.name }}"],
            ["Rank: ", "{{ authorisation.officer.rank }}"],
            ["Collar number: ", "{{ authorisation.officer.collar_number }}"],
            ["Date: ", "{{ authorisation.date|longdate }}"],
        ],
    )


def build_mg11_oic() -> Any:
    """The officer in the case's MG11 statement, with the s9 declaration and page count."""
    doc = new_document("Witness statement (MG11) of the officer in the case")
    mg11_header_footer(doc)
    para(doc, b("MG11"), align="right")
    heading(doc, "WITNESS STATEMENT", level=1)
    para(
        doc,
        "Criminal Procedure Rules, r 16.2; Criminal Justice Act 1967, s 9; Magistrates' Courts "
        "Act 1980, s 5B",
        style="Citation",
    )
    for label, value in (
        ("URN: ", "{{ case.urn }}"),
        ("Statement of: ", "{{ officer_in_case.name }}"),
        ("Age if under 18: ", "Over 18"),
        (
            "Occupation: ",
            "Police officer ({{ officer_in_case.rank }}, {{ officer_in_case.collar_number }})",
        ),
    ):
        para(doc, b(label), value, style="Signature")
    mg11_declaration(doc)
    mg11_role(doc)
    mg11_acts(doc)
    mg11_risk_and_defendant(doc)
    mg11_views(doc)
    mg11_necessity(doc)
    mg11_terms(doc)
    mg11_exhibits(doc)
    return doc


def mg11_header_footer(doc: Any) -> None:
    """URN and Page N of M at the top of each page; the signature line at the foot of each page."""
    header = page_header(doc, "URN {{ case.urn }}", "Page ")
    add_field(header, "PAGE")
    header.add_run(" of ")
    add_field(header, "NUMPAGES")
    footer = doc.sections[0].footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.paragraph_format.right_indent = Mm(FOOTER_RIGHT_INDENT_MM)
    footer.add_run(f"Signature: {FOOTER_DOTS}   Signature witnessed by: {FOOTER_DOTS}")


def mg11_declaration(doc: Any) -> None:
    """The s9 declaration; the page count is a NUMPAGES field."""
    declaration = para(doc, "This statement (consisting of ")
    declaration.paragraph_format.space_before = Pt(8)
    add_field(declaration, "NUMPAGES")
    declaration.add_run(
        " page(s) each signed by me) is true to the best of my knowledge and belief and I make "
        "it knowing that, if it is tendered in evidence, I shall be liable to prosecution if I "
        "have wilfully stated in it anything which I know to be false, or do not believe to be "
        "true."
    )
    para(doc, f"Signature: {DOTS}   Date: ", "{{ officer_in_case.statement_date|longdate }}")
    rule = para(doc, "", style="Signature")
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)


def mg11_role(doc: Any) -> None:
    """Who the officer is and what the application is."""
    heading(doc, "My role")
    para(
        doc,
        "I am {{ officer_in_case.rank }} {{ officer_in_case.name }} of {{ applicant.force_name }}, "
        "collar number {{ officer_in_case.collar_number }}, based at {{ officer_in_case.station }}. "
        "I am the officer in the case for the application by the " + CHIEF + " "
        "{% if application_title %}under section 4 of the Stalking Protection Act 2019 to "
        "{{ application_title }} the stalking protection order made against{% else %}for a "
        "stalking protection order{% if interim_sought %} and an interim stalking protection "
        "order{% endif %} against{% endif %} {{ defendant_name }}, born on " + DEFENDANT_DOB + ".",
    )
    para(
        doc,
        "I refer to each incident by the reference in the first column of the table below, and "
        "to each exhibit by its exhibit reference.",
    )


def mg11_acts(doc: Any) -> None:
    """The chronology, with what happened in each incident."""
    heading(doc, "The acts associated with stalking")
    tag(doc, "{%p if chronology %}")
    para(
        doc,
        "The defendant's conduct, in date order, is set out below. The acts are described using "
        "the examples in section 2A(3) of the Protection from Harassment Act 1997.",
        keep_next=True,
    )
    chronology_table(doc, with_description=True)
    tag(doc, "{%p else %}")
    para(doc, "This application does not rely on any incident.")
    tag(doc, "{%p endif %}")


def mg11_risk_and_defendant(doc: Any) -> None:
    """The risk assessment and the defendant's circumstances and history."""
    heading(doc, "Risk")
    para(
        doc,
        "On {{ risk_assessment.date|longdate }} {{ risk_assessment.assessor }} assessed the risk "
        'the defendant poses using {% if risk_assessment.tool == "other" %}the assessment '
        "described below{% else %}the {{ risk_assessment.tool }} risk assessment{% endif %}. The "
        "risk was assessed as {{ risk_assessment.level }}.",
    )
    para(doc, "{{ risk_assessment.summary|multiline }}", style="Indented")
    heading(doc, "The defendant")
    for label, field in (
        ("Religion or belief: ", "religion_or_belief"),
        ("Work: ", "work_pattern"),
        ("Education: ", "education"),
    ):
        para(doc, b(label), "{{ defendant." + field + ' or "None recorded" }}', style="Signature")
    para(
        doc,
        "I have taken these into account so that no term conflicts with the defendant's "
        "religious beliefs, work or education (section 2(3)).",
    )
    history_tables(doc)


def history_tables(doc: Any) -> None:
    """The defendant's previous convictions and other orders, when there are any."""
    tag(doc, "{%p if defendant.previous_convictions %}")
    para(doc, "The defendant has these previous convictions:", keep_next=True)
    table = grid(doc, (28, 62, 35, 35))
    header_row(table, "Date", "Offence", "Court", "Disposal")
    tag_row(table, "{%tr for c in defendant.previous_convictions %}")
    text_row(table, "{{ c.date|longdate }}", "{{ c.offence }}", "{{ c.court }}", "{{ c.disposal }}")
    tag_row(table, "{%tr endfor %}")
    para(doc, "", style="Signature")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if defendant.existing_orders %}")
    para(doc, "The defendant is subject to these orders:", keep_next=True)
    table = grid(doc, (60, 35, 37, 28))
    header_row(table, "Order", "Reference", "Court", "Date made")
    tag_row(table, "{%tr for o in defendant.existing_orders %}")
    text_row(
        table, "{{ o.type }}", "{{ o.reference }}", "{{ o.court }}", "{{ o.date_made|longdate }}"
    )
    tag_row(table, "{%tr endfor %}")
    para(doc, "", style="Signature")
    tag(doc, "{%p endif %}")


def mg11_views(doc: Any) -> None:
    """Each protected person's views, by display name."""
    heading(doc, "The views of the persons to be protected")
    tag(doc, "{%p for p in protected_persons %}")
    para(doc, b("{{ p.display_name }}"), " ({{ p.relationship_to_defendant }})", keep_next=True)
    para(
        doc,
        "{% if p.views.consulted %}I consulted {{ p.display_name }}"
        "{% if p.views.date is defined and p.views.date %} on {{ p.views.date|longdate }}{% endif %}. "
        "{% if p.views.supports_application is sameas true %}{{ p.display_name }} supports the "
        "application.{% elif p.views.supports_application is sameas false %}{{ p.display_name }} "
        "does not support the application.{% else %}{{ p.display_name }} expressed no view on the "
        "application.{% endif %}{% else %}{{ p.display_name }} was not consulted"
        "{% if p.views.reason_not_consulted is defined and p.views.reason_not_consulted %}: "
        "{{ p.views.reason_not_consulted }}{% endif %}.{% endif %}",
        style="Indented",
    )
    tag(doc, "{%p if p.views.summary is defined and p.views.summary %}")
    para(doc, "{{ p.views.summary|multiline }}", style="Indented")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def mg11_necessity(doc: Any) -> None:
    """Why the order is necessary and proportionate, the duration, and the interim order."""
    heading(doc, "Why the order is necessary and proportionate")
    para(doc, "{{ authorisation.rationale.necessity|multiline }}")
    para(doc, "{{ authorisation.rationale.proportionality|multiline }}")
    tag(doc, "{%p if terms %}")
    para(doc, "The order is sought {{ order_duration_text }}.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if interim_sought %}")
    heading(doc, "The interim order", level=3)
    para(
        doc,
        "An interim order is sought {{ interim_period_text }}, or until the main application is "
        "determined if earlier, because:",
    )
    para(doc, "{{ interim.justification|multiline }}", style="Indented")
    tag(doc, "{%p endif %}")


def mg11_terms(doc: Any) -> None:
    """Each proposed term: number, exact text, reasons, linked incidents."""
    heading(doc, "The proposed terms")
    tag(doc, "{%p if terms %}")
    para(
        doc,
        "The terms proposed, in their exact words, and the reasons for each, are as follows.",
    )
    tag(doc, "{%p for t in terms %}")
    para(doc, b("Term {{ loop.index }} ({{ t.id }}), " + TERM_KIND_LOWER + ":"), keep_next=True)
    para(doc, "{{ t.text }}", style="Indented").paragraph_format.keep_with_next = True
    para(doc, b("Why it is needed: "), "{{ t.justification|multiline }}", style="Indented")
    para(
        doc,
        'Incidents: {{ t.incident_ids|join(", ") }}. Protects: {{ t.protected_person_ids|names }}. '
        + TERM_PLACE,
        style="Indented",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(
        doc,
        'No terms are proposed{% if case.application_type == "discharge" %}: the application '
        "is to discharge the order{% endif %}.",
    )
    tag(doc, "{%p endif %}")


def mg11_exhibits(doc: Any) -> None:
    """The exhibits produced, and the closing signature line."""
    heading(doc, "Exhibits")
    tag(doc, "{%p for e in exhibits %}")
    para(
        doc,
        "I produce as exhibit ",
        b("{{ e.ref }}"),
        " {{ e.description }} (produced by {{ e.produced_by }}).",
        style="Indented",
        keep_next=True,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not exhibits %}")
    para(doc, "I produce no exhibits.")
    tag(doc, "{%p endif %}")
    closing = para(
        doc, f"Signature: {DOTS}   Date: ", "{{ officer_in_case.statement_date|longdate }}"
    )
    closing.paragraph_format.space_before = Pt(18)


def build_hearsay_notice() -> Any:
    """Hearsay notice (CEA 1995 s2; 1999 Rules r3)."""
    doc = new_document("Hearsay notice")
    court_header(doc)
    document_title(
        doc,
        "HEARSAY NOTICE",
        "Civil Evidence Act 1995, section 2; Magistrates' Courts (Hearsay Evidence in Civil "
        "Proceedings) Rules 1999, rule 3",
    )
    details(
        doc,
        [
            ("Court", "{{ court.name }}"),
            ("Complainant", "The " + CHIEF),
            ("Defendant", "{{ defendant_name }}"),
            ("URN", "{{ case.urn }}"),
            ("Hearing", "{{ hearing.date|longdate }} at {{ hearing.time|time12 }}"),
        ],
    )
    para(
        doc,
        "To the defendant, and to the court. This is a hearsay notice. At the hearing of the "
        "application {% if application_title %}to {{ application_title }} the stalking "
        "protection order made against {{ defendant_name }}{% else %}for a stalking protection "
        "order against {{ defendant_name }}{% endif %}, the complainant intends to rely on the "
        "hearsay evidence described below.",
    )
    tag(doc, "{%p for n in hearsay_notices %}")
    heading(doc, "{{ loop.index }}. The statement of {{ n.statement_of }}")
    para(doc, b("Person who made the statement: "), "{{ n.statement_of }}")
    para(doc, b("Why that person will not be called to give oral evidence:"), keep_next=True)
    para(doc, "{{ n.reason_not_called|multiline }}", style="Indented")
    para(doc, b("Date this notice was served: "), "{{ n.served_date|longdate }}")
    tag(doc, "{%p endfor %}")
    heading(doc, "Your right to cross-examine")
    para(
        doc,
        "You may apply to the court for leave to call the person who made a statement to give "
        "oral evidence and to cross-examine them on it. You should normally do so within 7 days "
        "of the day this notice is served on you (rule 4).",
    )
    signature_block(doc, '{{ hearsay_notices|map(attribute="served_date")|max|longdate }}')
    return doc


def build_mg11_contact_sheet() -> Any:
    """The confidential contact sheet: never served, never bundled."""
    doc = new_document("MG11 confidential contact details")
    court_header(doc)
    banner = doc.sections[0].header.add_paragraph(style="Header")
    banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
    banner.add_run("CONFIDENTIAL: NOT TO BE DISCLOSED TO THE DEFENDANT").bold = True
    heading(doc, "MG11 CONFIDENTIAL CONTACT DETAILS", level=1)
    para(doc, "NOT TO BE DISCLOSED TO THE DEFENDANT", style="Title Line")
    box = grid(doc, (TEXT_WIDTH_MM,))
    cell = add_row(box)[0]
    shade(cell, "D9D9D9")
    para(
        cell,
        b(
            "Do not serve this sheet, do not put it in the court bundle and do not attach it to "
            "the officer's statement. It holds the contact details of the officer in the case "
            "and of the persons to be protected for {{ defendant_name }}, URN {{ case.urn }}."
        ),
        style="Table Text",
    )
    para(doc, "", style="Signature")
    heading(doc, "Officer in the case")
    details(doc, contact_officer_rows())
    heading(doc, "Persons to be protected")
    tag(doc, "{%p for p in protected_persons %}")
    heading(doc, "{{ loop.index }}. {{ p.display_name }}", level=3)
    details(doc, contact_person_rows())
    tag(doc, "{%p endfor %}")
    return doc


def contact_officer_rows() -> list[tuple[str, str]]:
    """The officer in the case's contact details and dates to avoid."""
    return [
        ("Name", "{{ officer_in_case.name }}"),
        ("Rank", "{{ officer_in_case.rank }}"),
        ("Collar number", "{{ officer_in_case.collar_number }}"),
        ("Station", "{{ officer_in_case.station }}"),
        ("Telephone", "{{ officer_in_case.phone }}"),
        ("Email", "{{ officer_in_case.email }}"),
        (
            "Dates to avoid",
            "{% if officer_in_case.dates_to_avoid is defined and officer_in_case.dates_to_avoid %}"
            '{{ officer_in_case.dates_to_avoid|join("; ") }}{% else %}None given{% endif %}',
        ),
    ]


def contact_person_rows() -> list[tuple[str, str]]:
    """A protected person's full details (only the confidential context holds them)."""
    return [
        ("Full name", "{{ p.name }}"),
        ("Name in served documents", "{{ p.display_name }}"),
        (
            "Role",
            '{% if p.role == "victim" %}Victim of the acts relied on{% else %}Other person at '
            "risk (section 1(1)(c)){% endif %}",
        ),
        ("Relationship to the defendant", "{{ p.relationship_to_defendant }}"),
        ("Date of birth", "{{ p.date_of_birth|longdate }}"),
        (
            "Address",
            "{{ p.address.line1 }}, {% if p.address.line2 is defined and p.address.line2 %}"
            "{{ p.address.line2 }}, {% endif %}{{ p.address.town }} {{ p.address.postcode }}",
        ),
        (
            "Telephone",
            "{% if p.contact.phone is defined and p.contact.phone %}{{ p.contact.phone }}"
            "{% else %}None given{% endif %}",
        ),
        (
            "Email",
            "{% if p.contact.email is defined and p.contact.email %}{{ p.contact.email }}"
            "{% else %}None given{% endif %}",
        ),
        (
            "Address restricted",
            "{% if p.restrict_address %}Yes: the address, contact details and date of birth must "
            "not appear in any document served or bundled{% else %}No{% endif %}",
        ),
    ]


BUILDERS: dict[str, Callable[[], Any]] = {
    "complaint": build_complaint,
    "variation_complaint": build_variation_complaint,
    "summons": build_summons,
    "draft_order": build_draft_order,
    "draft_interim_order": build_draft_interim_order,
    "notification_notice": build_notification_notice,
    "authorisation": build_authorisation,
    "mg11_oic": build_mg11_oic,
    "hearsay_notice": build_hearsay_notice,
    "mg11_contact_sheet": build_mg11_contact_sheet,
}
"""Each template's file stem and the function that builds it."""


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def write_template(kind: str, directory: Path) -> Path:
    """Build one template and save it as ``<directory>/<kind>.docx``."""
    target = directory / f"{kind}.docx"
    document = BUILDERS[kind]()
    # python-docx's blank document carries Word's ~170 built-in style definitions (400 KB);
    # keep only those the template uses (see pipeline/render.py).
    drop_unused_styles(document)
    document.save(str(target))
    normalise_zip(target)
    return target


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: which templates, where, and whether to overwrite."""
    parser = argparse.ArgumentParser(
        description="Create the Word templates in templates/ (once: the committed .docx files "
        "are the source of truth afterwards)."
    )
    parser.add_argument("kinds", nargs="*", metavar="KIND",
                        help=f"templates to create (default: all): {', '.join(BUILDERS)}")  # fmt: skip
    parser.add_argument("--force", action="store_true",
                        help="overwrite existing templates, losing any edits made in Word")  # fmt: skip
    parser.add_argument("--templates-dir", type=Path, default=TEMPLATES_DIR,
                        help="where to write (default: templates/)")  # fmt: skip
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Create the templates; refuse, writing nothing, if any exists and --force is not given."""
    args = parse_args(argv)
    kinds = args.kinds or list(BUILDERS)
    unknown = [kind for kind in kinds if kind not in BUILDERS]
    if unknown:
        print(f"Error: no template called {', '.join(unknown)}; choose from {', '.join(BUILDERS)}",
              file=sys.stderr)  # fmt: skip
        return 2
    directory: Path = args.templates_dir
    existing = [kind for kind in kinds if (directory / f"{kind}.docx").exists()]
    if existing and not args.force:
        names = ", ".join(f"{kind}.docx" for kind in existing)
        print(
            f"Error: {names} already exist in {directory}; the committed templates are the source "
            "of truth. Edit them in Word, or pass --force to overwrite them (losing those edits).",
            file=sys.stderr,
        )
        return 1
    directory.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        print(f"wrote {write_template(kind, directory)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
