"""Regenerate the exhibit PDFs of every sample case under samples/.

Every exhibit of every sample is declared once in the ``EXHIBITS`` table at the end of this
file: the sample folder, the file name, the exhibit reference, its description, the officer
who produced it and its pages. The script draws each one with reportlab and writes
``<root>/<sample>/exhibits/<file>.pdf``, creating the folders it needs.

Each exhibit opens with a heading on its first page that carries its reference (``Exhibit
JO/1``), its description and the producing officer, as the bundle checklist expects. The
pages then hold synthetic content: CCTV stills drawn as grey frames with a caption, message
logs drawn as tables, sketch maps with an exclusion zone edged red, and letters or records.
Most pages are A4 portrait; some maps are A4 landscape and one record is US Letter, so the
bundler has real page-size work to do.

The output is byte-for-byte deterministic: the canvas runs in reportlab's invariant mode
(fixed creation date and document id), the metadata is fixed, and nothing reads the clock or
a random source. Running the script twice gives identical files.

All names, places, numbers and addresses are invented (see samples/README.md).

Usage::

    python samples/make_exhibits.py [--root samples]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

PageSize = tuple[float, float]
Point = tuple[float, float]

PORTRAIT: PageSize = A4
LANDSCAPE: PageSize = landscape(A4)
US_LETTER: PageSize = letter

MARGIN = 56.0  # points, about 20 mm
FOOTER = "Synthetic sample exhibit: every name, place and number in it is invented."

GREY_FRAME = Color(0.55, 0.55, 0.55)
GREY_DARK = Color(0.25, 0.25, 0.25)
GREY_LIGHT = Color(0.88, 0.88, 0.88)
GREY_TEXT = Color(0.4, 0.4, 0.4)
MAP_PAPER = Color(0.98, 0.97, 0.93)
ROAD_EDGE = Color(0.7, 0.7, 0.7)
RIVER = Color(0.45, 0.65, 0.9)
RAIL = Color(0.3, 0.3, 0.3)
ZONE_RED = Color(0.85, 0.05, 0.05)


@dataclass(frozen=True)
class Box:
    """The area a page's content may use, in points from the bottom-left corner."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        """The y coordinate of the box's upper edge."""
        return self.y + self.height


# --- page kinds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A person drawn as a silhouette in a CCTV still, at a position inside the frame (0-1)."""

    x: float
    y: float
    height: float = 0.35
    marked: bool = False


@dataclass(frozen=True)
class Still:
    """One CCTV still: a grey frame with a camera overlay, silhouettes and a caption."""

    title: str
    camera: str
    timestamp: str
    caption: str
    figures: tuple[Figure, ...] = ()
    size: PageSize = PORTRAIT

    def draw(self, c: Canvas, box: Box) -> float:
        """Draw the still into ``box`` and return the lowest y used."""
        y = _title(c, self.title, box)
        caption = simpleSplit(self.caption, "Helvetica", 11, box.width)
        frame_h = min(box.width * 0.75, y - box.y - 24 - 14 * len(caption))
        frame = Box(box.x, y - frame_h, box.width, frame_h)
        c.setFillColor(GREY_FRAME)
        c.rect(frame.x, frame.y, frame.width, frame.height, stroke=0, fill=1)
        # A floor line gives the frame some depth; the silhouettes stand on it.
        c.setStrokeColor(GREY_LIGHT)
        c.setLineWidth(1)
        c.line(
            frame.x,
            frame.y + frame.height * 0.2,
            frame.x + frame.width,
            frame.y + frame.height * 0.3,
        )
        for figure in self.figures:
            _silhouette(c, frame, figure)
        c.setFillColor(white)
        c.setFont("Courier-Bold", 10)
        c.drawString(frame.x + 8, frame.top - 16, self.camera)
        c.drawRightString(frame.x + frame.width - 8, frame.top - 16, self.timestamp)
        c.setFillColor(black)
        c.setFont("Helvetica", 11)
        y = frame.y - 20
        for line in caption:
            c.drawString(box.x, y, line)
            y -= 14
        return y


@dataclass(frozen=True)
class MessageLog:
    """A table of messages, emails or log entries; ``widths`` are fractions of the page width."""

    title: str
    columns: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    intro: str = ""
    note: str = ""
    size: PageSize = PORTRAIT

    def draw(self, c: Canvas, box: Box) -> float:
        """Draw the table into ``box`` and return the lowest y used."""
        y = _title(c, self.title, box)
        if self.intro:
            y = _paragraph(c, self.intro, box.x, y, box.width) - 6
        y = self._row(c, box, y, self.columns, header=True)
        for row in self.rows:
            y = self._row(c, box, y, row, header=False)
        if self.note:
            y = _paragraph(c, self.note, box.x, y - 10, box.width, font="Helvetica-Oblique")
        return y

    def _row(
        self, c: Canvas, box: Box, top: float, cells: tuple[str, ...], *, header: bool
    ) -> float:
        font = "Helvetica-Bold" if header else "Helvetica"
        size, leading, pad = 9.0, 11.0, 3.0
        widths = [box.width * w for w in self.widths]
        wrapped = [
            simpleSplit(t, font, size, w - 2 * pad) for t, w in zip(cells, widths, strict=True)
        ]
        height = max(len(lines) for lines in wrapped) * leading + 2 * pad
        if header:
            c.setFillColor(GREY_LIGHT)
            c.rect(box.x, top - height, box.width, height, stroke=0, fill=1)
        c.setStrokeColor(GREY_TEXT)
        c.setLineWidth(0.5)
        c.setFillColor(black)
        c.setFont(font, size)
        x = box.x
        for lines, width in zip(wrapped, widths, strict=True):
            c.rect(x, top - height, width, height, stroke=1, fill=0)
            y = top - pad - size
            for line in lines:
                c.drawString(x + pad, y, line)
                y -= leading
            x += width
        return top - height


@dataclass(frozen=True)
class Street:
    """A street, railway or river on a sketch map; points and label position are 0-1."""

    name: str
    points: tuple[Point, ...]
    label_at: Point
    kind: str = "road"  # "road", "rail" or "river"


@dataclass(frozen=True)
class Place:
    """A named building or landmark on a sketch map, drawn as a small square."""

    name: str
    at: Point


@dataclass(frozen=True)
class SketchMap:
    """A sketch map: streets, landmarks and one or more zones edged red."""

    title: str
    streets: tuple[Street, ...]
    zones: tuple[tuple[Point, ...], ...]
    places: tuple[Place, ...] = ()
    legend: str = "Area edged red: exclusion zone"
    note: str = "Sketch map, not to scale. Street layout simplified."
    size: PageSize = LANDSCAPE

    def draw(self, c: Canvas, box: Box) -> float:
        """Draw the map into ``box`` and return the lowest y used."""
        y = _title(c, self.title, box)
        frame = Box(box.x, box.y + 40, box.width, y - box.y - 40)
        c.setFillColor(MAP_PAPER)
        c.setStrokeColor(GREY_TEXT)
        c.setLineWidth(1)
        c.rect(frame.x, frame.y, frame.width, frame.height, stroke=1, fill=1)
        for street in self.streets:
            _street(c, frame, street)
        for zone in self.zones:
            c.setStrokeColor(ZONE_RED)
            c.setLineWidth(3)
            path = c.beginPath()
            first, *rest = (_at(frame, p) for p in zone)
            path.moveTo(*first)
            for point in rest:
                path.lineTo(*point)
            path.close()
            c.drawPath(path, stroke=1, fill=0)
        for place in self.places:
            px, py = _at(frame, place.at)
            c.setFillColor(GREY_DARK)
            c.rect(px - 3, py - 3, 6, 6, stroke=0, fill=1)
            c.setFont("Helvetica-Oblique", 8)
            c.drawString(px + 6, py - 3, place.name)
        for street in self.streets:
            lx, ly = _at(frame, street.label_at)
            c.setFillColor(RIVER if street.kind == "river" else black)
            c.setFont("Helvetica-Bold" if street.kind == "road" else "Helvetica-Oblique", 8)
            c.drawString(lx, ly, street.name)
        _north_arrow(c, frame)
        c.setStrokeColor(ZONE_RED)
        c.setLineWidth(3)
        c.line(box.x, box.y + 24, box.x + 30, box.y + 24)
        c.setFillColor(black)
        c.setFont("Helvetica", 9)
        c.drawString(box.x + 38, box.y + 21, self.legend)
        c.setFillColor(GREY_TEXT)
        c.drawString(box.x, box.y + 6, self.note)
        c.setFillColor(black)
        return box.y


@dataclass(frozen=True)
class Document:
    """A page of running text: a letter, a copy of an order or a provider's record."""

    title: str
    paragraphs: tuple[str, ...]
    letterhead: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    signature: tuple[str, ...] = ()
    size: PageSize = PORTRAIT

    def draw(self, c: Canvas, box: Box) -> float:
        """Draw the page into ``box`` and return the lowest y used."""
        y = box.top
        if self.letterhead:
            c.setFont("Helvetica-Bold", 12)
            c.drawString(box.x, y - 12, self.letterhead[0])
            c.setFont("Helvetica", 8.5)
            y -= 26
            for line in self.letterhead[1:]:
                c.drawString(box.x, y, line)
                y -= 10.5
            c.setStrokeColor(GREY_TEXT)
            c.setLineWidth(0.5)
            c.line(box.x, y, box.x + box.width, y)
            y -= 14
        y = _title(c, self.title, Box(box.x, box.y, box.width, y - box.y))
        for text in self.paragraphs:
            y = _paragraph(c, text, box.x, y, box.width) - 8
        if self.fields:
            label_width = box.width * 0.34
            for label, value in self.fields:
                c.setFont("Helvetica-Bold", 9.5)
                c.drawString(box.x, y - 9.5, label)
                y = _paragraph(c, value, box.x + label_width, y, box.width - label_width, size=9.5)
                y -= 4
            y -= 8
        if self.signature:
            y -= 12
            for line in self.signature:
                c.setFont("Helvetica", 10.5)
                c.drawString(box.x, y - 10.5, line)
                y -= 14
        return y


Page = Still | MessageLog | SketchMap | Document


@dataclass(frozen=True)
class Exhibit:
    """One exhibit PDF of one sample case."""

    sample: str
    file: str
    ref: str
    description: str
    produced_by: str
    pages: tuple[Page, ...]


# --- drawing helpers --------------------------------------------------------------------------


def _title(c: Canvas, text: str, box: Box) -> float:
    """Draw a page title at the top of ``box`` and return the y below it."""
    c.setFillColor(black)
    c.setFont("Helvetica-Bold", 13)
    y = box.top - 13
    for line in simpleSplit(text, "Helvetica-Bold", 13, box.width):
        c.drawString(box.x, y, line)
        y -= 16
    return y - 8


def _paragraph(
    c: Canvas,
    text: str,
    x: float,
    top: float,
    width: float,
    *,
    font: str = "Helvetica",
    size: float = 10.5,
) -> float:
    """Draw wrapped text whose first line sits just below ``top``; return the y below it."""
    leading = size * 1.3
    c.setFillColor(black)
    c.setFont(font, size)
    y = top - size
    for line in simpleSplit(text, font, size, width):
        c.drawString(x, y, line)
        y -= leading
    return y + leading - size * 0.3


def _at(frame: Box, point: Point) -> Point:
    """Turn a 0-1 position inside ``frame`` into page coordinates."""
    return frame.x + point[0] * frame.width, frame.y + point[1] * frame.height


def _silhouette(c: Canvas, frame: Box, figure: Figure) -> None:
    """Draw a person as a head and body; circle it when ``figure.marked``."""
    height = figure.height * frame.height
    x, y = _at(frame, (figure.x, figure.y))
    c.setFillColor(GREY_DARK)
    c.roundRect(x - height * 0.14, y, height * 0.28, height * 0.72, height * 0.08, stroke=0, fill=1)
    c.circle(x, y + height * 0.84, height * 0.12, stroke=0, fill=1)
    if figure.marked:
        c.setStrokeColor(Color(1, 0.85, 0))
        c.setLineWidth(2)
        c.ellipse(x - height * 0.4, y - height * 0.1, x + height * 0.4, y + height * 1.1)


def _street(c: Canvas, frame: Box, street: Street) -> None:
    """Draw a road as a grey-edged white band, a railway as a dashed line, a river in blue."""
    points = [_at(frame, p) for p in street.points]
    segments = list(pairwise(points))
    if street.kind == "road":
        layers: tuple[tuple[Color, float], ...] = ((ROAD_EDGE, 9.0), (white, 6.5))
    elif street.kind == "rail":
        layers = ((RAIL, 2.5),)
    else:
        layers = ((RIVER, 7.0),)
    c.setLineCap(1)
    for colour, width in layers:
        c.setStrokeColor(colour)
        c.setLineWidth(width)
        if street.kind == "rail":
            c.setDash(8, 4)
        for (x1, y1), (x2, y2) in segments:
            c.line(x1, y1, x2, y2)
        c.setDash()
    c.setLineCap(0)


def _north_arrow(c: Canvas, frame: Box) -> None:
    """Draw a small north arrow in the top-right corner of the map frame."""
    x, y = frame.x + frame.width - 24, frame.top - 46
    c.setFillColor(black)
    path = c.beginPath()
    path.moveTo(x, y + 26)
    path.lineTo(x - 7, y)
    path.lineTo(x + 7, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    c.setFont("Helvetica-Bold", 10)
    c.drawCentredString(x, y - 12, "N")


def _heading(c: Canvas, exhibit: Exhibit, box: Box) -> float:
    """Draw the exhibit heading (reference, description, producer); return the y below it."""
    c.setFillColor(black)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(box.x, box.top - 20, f"Exhibit {exhibit.ref}")
    y = _paragraph(c, exhibit.description, box.x, box.top - 30, box.width, size=12)
    y = _paragraph(
        c,
        f"Produced by {exhibit.produced_by}",
        box.x,
        y - 4,
        box.width,
        size=11,
        font="Helvetica-Oblique",
    )
    c.setStrokeColor(black)
    c.setLineWidth(1)
    c.line(box.x, y - 8, box.x + box.width, y - 8)
    return y - 24


def write_exhibit(exhibit: Exhibit, path: Path) -> None:
    """Draw ``exhibit`` and save it as a PDF at ``path``.

    Args:
        exhibit: The exhibit to draw.
        path: Where to write the PDF; its folder must exist.

    Raises:
        ValueError: A page's content runs past the bottom margin (split it over more pages).
    """
    c = Canvas(str(path), pagesize=exhibit.pages[0].size, invariant=1)
    c.setTitle(f"Exhibit {exhibit.ref}: {exhibit.description}")
    c.setAuthor(exhibit.produced_by)
    c.setSubject(f"Synthetic sample exhibit for the spo-bundle sample case {exhibit.sample}")
    c.setCreator("spo-bundle samples/make_exhibits.py")
    c.setKeywords(f"exhibit {exhibit.ref}, synthetic sample data")
    for number, page in enumerate(exhibit.pages, start=1):
        width, height = page.size
        c.setPageSize(page.size)
        top = height - MARGIN
        if number == 1:
            top = _heading(c, exhibit, Box(MARGIN, MARGIN, width - 2 * MARGIN, top - MARGIN))
        box = Box(MARGIN, MARGIN, width - 2 * MARGIN, top - MARGIN)
        if page.draw(c, box) < MARGIN - 1:
            raise ValueError(f"exhibit {exhibit.ref}, page {number}: content runs off the page")
        c.setFillColor(GREY_TEXT)
        c.setFont("Helvetica", 7.5)
        c.drawString(MARGIN, MARGIN / 2, FOOTER)
        c.showPage()
    c.save()


def main(argv: list[str] | None = None) -> int:
    """Regenerate every sample's exhibit PDFs.

    Args:
        argv: Command-line arguments; ``sys.argv[1:]`` when None.

    Returns:
        The process exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="folder holding the sample folders (default: the folder of this script)",
    )
    args = parser.parse_args(argv)
    for exhibit in EXHIBITS:
        path = args.root / exhibit.sample / "exhibits" / f"{exhibit.file}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_exhibit(exhibit, path)
        print(f"wrote {path}")
    return 0


# --- the exhibits of every sample -------------------------------------------------------------

WHITLOCK_MESSAGES = "07700 900502 (number given by Daniel Whitlock)"
PEMBERTON_ACCOUNT = "lp_southbridge79"
FARROW_NOTE = "Sender identified by PC Brooks from the account details and writing style"

EXHIBITS: tuple[Exhibit, ...] = (
    # --- full-with-interim: the spec's example case ----------------------------------------
    Exhibit(
        sample="full-with-interim",
        file="JO-1",
        ref="JO/1",
        description="CCTV stills, workplace car park, 14 March 2026",
        produced_by="DC James Okafor",
        pages=(
            Still(
                title="CCTV still 1 of 3",
                camera="CAM 04 STAFF CAR PARK",
                timestamp="14/03/2026 17:31:52",
                caption="A man in a dark hooded jacket, identified by DC Okafor as Daniel "
                "Whitlock, stands beside the pay machine facing the staff entrance.",
                figures=(Figure(0.7, 0.22, marked=True),),
            ),
            Still(
                title="CCTV still 2 of 3",
                camera="CAM 04 STAFF CAR PARK",
                timestamp="14/03/2026 17:38:10",
                caption="The same man is still by the pay machine, more than six minutes "
                "later. He has not moved and is looking towards the staff entrance.",
                figures=(Figure(0.7, 0.22, marked=True),),
            ),
            Still(
                title="CCTV still 3 of 3",
                camera="CAM 04 STAFF CAR PARK",
                timestamp="14/03/2026 17:40:27",
                caption="Sarah Mitchell (left) walks to her car at the end of her shift. The "
                "man (right) turns to watch her and stays where he is until she drives away "
                "at 17:41.",
                figures=(Figure(0.25, 0.2), Figure(0.72, 0.22, marked=True)),
            ),
        ),
    ),
    Exhibit(
        sample="full-with-interim",
        file="JO-2",
        ref="JO/2",
        description="Screenshots of text messages, 2 November 2026",
        produced_by="DC James Okafor",
        pages=(
            MessageLog(
                title="Text messages received by Sarah Mitchell on 2 November 2026",
                intro="Transcribed from screenshots taken on Sarah Mitchell's phone by DC Okafor "
                "on 3 November 2026. All 43 messages came from one number; the receiving "
                "number is left out of this exhibit.",
                columns=("No.", "Time", "From", "Message"),
                widths=(0.07, 0.1, 0.3, 0.53),
                rows=(
                    ("1", "19:02", WHITLOCK_MESSAGES, "Saw you in town today. You looked well."),
                    ("2", "19:04", WHITLOCK_MESSAGES, "Why won't you answer"),
                    ("3", "19:05", WHITLOCK_MESSAGES, "I only want to talk. Five minutes."),
                    ("4", "19:11", WHITLOCK_MESSAGES, "I know you've read these"),
                    ("5", "19:12", WHITLOCK_MESSAGES, "Sarah"),
                    ("6", "19:12", WHITLOCK_MESSAGES, "Sarah answer me"),
                    (
                        "7",
                        "19:20",
                        WHITLOCK_MESSAGES,
                        "You can't just cut someone off after everything. That's not how it works.",
                    ),
                    (
                        "8",
                        "19:34",
                        WHITLOCK_MESSAGES,
                        "I'll wait outside work tomorrow then. We can talk properly.",
                    ),
                    (
                        "9",
                        "19:35",
                        WHITLOCK_MESSAGES,
                        "Don't bother getting the police involved again, it didn't work last time",
                    ),
                    ("10", "19:51", WHITLOCK_MESSAGES, "Pick up"),
                    ("11", "19:52", WHITLOCK_MESSAGES, "Pick up"),
                    ("12", "19:58", WHITLOCK_MESSAGES, "Fine. I'll keep messaging until you do."),
                ),
            ),
            MessageLog(
                title="Text messages received on 2 November 2026 (continued)",
                columns=("No.", "Time", "From", "Message"),
                widths=(0.07, 0.1, 0.3, 0.53),
                rows=(
                    ("13", "20:06", WHITLOCK_MESSAGES, "I still drive past you know. Every day."),
                    ("14", "20:17", WHITLOCK_MESSAGES, "Your mum would want us to sort this out"),
                    ("15", "20:40", WHITLOCK_MESSAGES, "Answer me"),
                    ("16", "21:02", WHITLOCK_MESSAGES, "I can see you're online"),
                    (
                        "17-42",
                        "21:05 to 23:39",
                        WHITLOCK_MESSAGES,
                        "26 further messages. Each "
                        "asks her to reply or to meet; 14 of them say only 'answer me'. They are "
                        "shown in full in the download held by the officer in the case.",
                    ),
                    ("43", "23:47", WHITLOCK_MESSAGES, "You'll regret ignoring me Sarah."),
                ),
                note="Sarah Mitchell did not reply to any of these messages. She reported them "
                "to police at 23:58 the same evening.",
            ),
        ),
    ),
    Exhibit(
        sample="full-with-interim",
        file="JO-3",
        ref="JO/3",
        description="Map of the proposed exclusion zone",
        produced_by="DC James Okafor",
        pages=(
            SketchMap(
                title="Northtown town centre exclusion zone",
                streets=(
                    Street("High Street", ((0.03, 0.5), (0.97, 0.5)), (0.75, 0.525)),
                    Street("Market Street", ((0.46, 0.08), (0.46, 0.88)), (0.475, 0.8)),
                    Street("Kingsway", ((0.03, 0.26), (0.97, 0.26)), (0.8, 0.275)),
                    Street("Mill Road", ((0.24, 0.08), (0.24, 0.88)), (0.255, 0.8)),
                    Street("Church Lane", ((0.62, 0.5), (0.7, 0.88)), (0.71, 0.8)),
                    Street("Station Road", ((0.1, 0.88), (0.24, 0.62), (0.46, 0.5)), (0.04, 0.76)),
                    Street(
                        "River Wend",
                        ((0.0, 0.12), (0.3, 0.16), (0.6, 0.1), (1.0, 0.14)),
                        (0.62, 0.06),
                        kind="river",
                    ),
                    Street(
                        "Railway to Southbridge",
                        ((0.0, 0.92), (1.0, 0.92)),
                        (0.3, 0.94),
                        kind="rail",
                    ),
                ),
                zones=(((0.31, 0.31), (0.63, 0.29), (0.67, 0.63), (0.5, 0.74), (0.32, 0.66)),),
                places=(
                    Place("Market Square", (0.48, 0.56)),
                    Place("Bus station", (0.34, 0.4)),
                    Place("Northtown railway station", (0.12, 0.86)),
                    Place("St Mary's Church", (0.72, 0.66)),
                    Place("To Eastgate Industrial Estate (outside the zone)", (0.72, 0.4)),
                ),
                legend="Area edged red: the proposed exclusion zone, including the pavements of "
                "the streets that cross it",
            ),
        ),
    ),
    # --- full-until-further-order: British Transport Police, proxy victim -----------------
    Exhibit(
        sample="full-until-further-order",
        file="CD-1",
        ref="CD/1",
        description="CCTV stills, Southbridge railway station and on-train cameras, "
        "June to August 2026",
        produced_by="DC Claire Donnelly",
        pages=(
            Still(
                title="CCTV still 1 of 3",
                camera="SOUTHBRIDGE STN PLATFORM 1 CAM 2",
                timestamp="03/06/2026 07:36:14",
                caption="Lewis Pemberton (circled) waits by the crew door at the north end of "
                "platform 1, six minutes before the 07:42 service to Northtown on which Megan "
                "Carter is the conductor.",
                figures=(Figure(0.35, 0.2, marked=True),),
            ),
            Still(
                title="CCTV still 2 of 3",
                camera="SVR UNIT 4112 CAR B VESTIBULE",
                timestamp="03/06/2026 07:58:40",
                caption="On board the same train he stands in the vestibule next to the "
                "conductor's compartment while Megan Carter (left) checks tickets. He stays "
                "there for the whole journey.",
                figures=(Figure(0.3, 0.18), Figure(0.66, 0.18, marked=True)),
            ),
            Still(
                title="CCTV still 3 of 3",
                camera="SOUTHBRIDGE STN CONCOURSE CAM 5",
                timestamp="28/08/2026 05:51:03",
                caption="He sits on the bench facing the staff entrance at 05:51, before the "
                "start of Megan Carter's early shift. Ticket gate records show he held no "
                "ticket that morning. He leaves at 06:02, after she has gone on duty.",
                figures=(Figure(0.55, 0.2, height=0.3, marked=True),),
            ),
        ),
    ),
    Exhibit(
        sample="full-until-further-order",
        file="CD-2",
        ref="CD/2",
        description="Messages sent to Hannah Carter on social media, July to September 2026",
        produced_by="DC Claire Donnelly",
        pages=(
            MessageLog(
                title="Direct messages to Hannah Carter's social media account",
                intro="Captured from Hannah Carter's phone by DC Donnelly on 4 September 2026. "
                f"Every message came from the account {PEMBERTON_ACCOUNT}. Hannah Carter "
                "replied once (message 5) and then blocked the account; messages 9 to 14 came "
                "from two new accounts opened after that.",
                columns=("No.", "Date and time", "From", "Message"),
                widths=(0.07, 0.17, 0.22, 0.54),
                rows=(
                    (
                        "1",
                        "14/07/2026 21:12",
                        PEMBERTON_ACCOUNT,
                        "Hi Hannah, you don't know me but "
                        "I'm a friend of your sister Megan. Could you pass a message on?",
                    ),
                    (
                        "2",
                        "14/07/2026 21:15",
                        PEMBERTON_ACCOUNT,
                        "Tell her the man from the 07:42 "
                        "says sorry if he scared her. I just want to explain.",
                    ),
                    ("3", "15/07/2026 08:03", PEMBERTON_ACCOUNT, "Did you tell her?"),
                    (
                        "4",
                        "16/07/2026 22:40",
                        PEMBERTON_ACCOUNT,
                        "She's changed her shifts. Do you know which trains she's on now?",
                    ),
                    (
                        "5",
                        "16/07/2026 22:51",
                        "Hannah Carter",
                        "Please leave me and my sister alone.",
                    ),
                    (
                        "6",
                        "16/07/2026 22:52",
                        PEMBERTON_ACCOUNT,
                        "I'm not doing anything wrong. "
                        "I just need her address so I can write to her properly.",
                    ),
                    (
                        "7",
                        "17/07/2026 06:30",
                        PEMBERTON_ACCOUNT,
                        "I know you work at the café on Market Walk. I could just ask you there.",
                    ),
                    ("8", "17/07/2026 06:31", PEMBERTON_ACCOUNT, "Not a threat. Just saying."),
                ),
            ),
            MessageLog(
                title="Direct messages to Hannah Carter (continued)",
                columns=("No.", "Date and time", "From", "Message"),
                widths=(0.07, 0.17, 0.22, 0.54),
                rows=(
                    (
                        "9",
                        "02/08/2026 23:14",
                        "southbridge_lew",
                        "You blocked me. That's a bit childish.",
                    ),
                    (
                        "10",
                        "02/08/2026 23:20",
                        "southbridge_lew",
                        "Megan looked tired today. Tell her to look after herself.",
                    ),
                    (
                        "11",
                        "19/08/2026 19:02",
                        "southbridge_lew",
                        "Why won't either of you talk to me",
                    ),
                    (
                        "12",
                        "30/08/2026 20:45",
                        "l.pemberton.rail",
                        "New account because you keep "
                        "blocking. I will find out where she lives one way or another.",
                    ),
                    ("13", "30/08/2026 20:47", "l.pemberton.rail", "Easier if you just tell me."),
                    (
                        "14",
                        "02/09/2026 07:10",
                        "l.pemberton.rail",
                        "I'll come and see you at work then.",
                    ),
                ),
                note="The three accounts were linked to Lewis Pemberton by the recovery "
                "email address shown in the platform's account records and by the photographs "
                "on their profiles.",
            ),
        ),
    ),
    Exhibit(
        sample="full-until-further-order",
        file="CD-3",
        ref="CD/3",
        description="Posts about Megan Carter on a public rail enthusiasts' forum, 9 August 2026",
        produced_by="DC Claire Donnelly",
        pages=(
            MessageLog(
                title="Thread 'Best crews on the Southbridge line' on a public forum",
                intro="Captured by DC Donnelly on 10 August 2026. The forum removed the posts "
                "on 11 August 2026 at police request. Photographs are described, not "
                "reproduced.",
                columns=("Posted", "Username", "Post"),
                widths=(0.17, 0.2, 0.63),
                rows=(
                    (
                        "09/08/2026 18:22",
                        PEMBERTON_ACCOUNT,
                        "(Photograph of a conductor in "
                        "uniform on platform 1 at Southbridge, face clearly visible.) This is "
                        "Megan, best guard on the line. Weekdays she works the 07:42 and the 16:10 "
                        "back.",
                    ),
                    (
                        "09/08/2026 18:25",
                        PEMBERTON_ACCOUNT,
                        "(Second photograph, the same "
                        "conductor on a train, taken from behind.) Always the rear car. Say hello "
                        "if you see her.",
                    ),
                    (
                        "09/08/2026 19:40",
                        "another user",
                        "Bit odd posting a named member of "
                        "staff and her shifts, mate. Maybe take this down?",
                    ),
                    (
                        "09/08/2026 19:58",
                        PEMBERTON_ACCOUNT,
                        "She won't mind. We go back a "
                        "long way. Her sister runs the cake counter at the Market Walk café as "
                        "well if anyone's passing.",
                    ),
                ),
                note="Megan Carter has never given Lewis Pemberton permission to photograph "
                "her or to publish her name or working pattern.",
            ),
        ),
    ),
    Exhibit(
        sample="full-until-further-order",
        file="CD-4",
        ref="CD/4",
        description="Emails to Shire Valley Railways and subscriber record from Relaymail Inc., "
        "September to October 2026",
        produced_by="DC Claire Donnelly",
        pages=(
            MessageLog(
                title="Emails to Shire Valley Railways customer relations, September 2026",
                intro="Provided by the company's customer relations manager on 22 September "
                "2026. Nine emails from l.pemberton79@relaymail.example; none was answered "
                "with the information asked for.",
                columns=("Date", "Time", "Subject", "Summary"),
                widths=(0.13, 0.09, 0.28, 0.5),
                rows=(
                    (
                        "05/09/2026",
                        "10:14",
                        "Lost property",
                        "Says he left a bag on a train and "
                        "needs the name and rota of 'the blonde conductor' to trace it.",
                    ),
                    (
                        "07/09/2026",
                        "22:31",
                        "Compliment for a member of staff",
                        "Asks which depot Megan Carter works from so he can 'send flowers'.",
                    ),
                    ("08/09/2026", "06:02", "RE: Compliment", "Asks again for her shift times."),
                    (
                        "11/09/2026",
                        "13:47",
                        "Family emergency",
                        "Claims to be her cousin and asks for her home address urgently.",
                    ),
                    ("12/09/2026", "13:50", "RE: Family emergency", "Repeats the request."),
                    (
                        "14/09/2026",
                        "21:19",
                        "Staff conduct",
                        "Complains that staff 'are hiding' Megan Carter from him.",
                    ),
                    ("16/09/2026", "07:05", "No subject", "Asks whether she is on leave."),
                    (
                        "18/09/2026",
                        "23:40",
                        "Final request",
                        "Says he will wait at every station until he finds her.",
                    ),
                    (
                        "20/09/2026",
                        "08:12",
                        "No subject",
                        "Apologises and asks once more for her rota.",
                    ),
                ),
                note="A request for the subscriber details of the sending account was sent to "
                "the email provider, a company based in the United States, on 24 September "
                "2026. Its reply follows on the next page as received (US Letter paper).",
            ),
            Document(
                title="Basic subscriber information",
                letterhead=(
                    "Relaymail, Inc.",
                    "Law Enforcement Response Team, United States",
                    "lert@relaymail.example",
                ),
                paragraphs=(
                    "October 2, 2026",
                    "Re: British Transport Police request BTP-DR-26-0912 dated September 24, 2026",
                    "Relaymail, Inc. voluntarily discloses the basic subscriber information "
                    "below for the account named in the request. No message content is "
                    "disclosed. Times are in Coordinated Universal Time (UTC).",
                ),
                fields=(
                    ("Account", "l.pemberton79@relaymail.example"),
                    ("Name given at sign-up", "Lewis Pemberton"),
                    ("Account created", "April 2, 2019, 18:22 UTC"),
                    ("Recovery phone", "07700 900618 (verified)"),
                    ("Recovery email", "none"),
                    ("Status", "Active"),
                    (
                        "Recent sign-ins",
                        "Sept 5, 2026 09:13 from 198.51.100.23; Sept 11, 2026 "
                        "12:45 from 198.51.100.23; Sept 18, 2026 22:38 from 203.0.113.71; "
                        "Sept 20, 2026 07:10 from 203.0.113.71",
                    ),
                ),
                signature=(
                    "Custodian of Records",
                    "Relaymail, Inc.",
                ),
                size=US_LETTER,
            ),
        ),
    ),
    Exhibit(
        sample="full-until-further-order",
        file="CD-5",
        ref="CD/5",
        description="Plans of Southbridge, Hollin Bridge and Northtown railway stations "
        "showing the excluded areas",
        produced_by="DC Claire Donnelly",
        pages=(
            SketchMap(
                title="Stations on the Southbridge to Northtown line: areas edged red",
                streets=(
                    Street(
                        "Southbridge to Northtown railway line",
                        ((0.02, 0.5), (0.98, 0.5)),
                        (0.24, 0.44),
                        kind="rail",
                    ),
                    Street("Bridge Street", ((0.14, 0.08), (0.14, 0.92)), (0.155, 0.86)),
                    Street("Station Approach", ((0.02, 0.7), (0.14, 0.7)), (0.02, 0.73)),
                    Street("Hollin Lane", ((0.5, 0.08), (0.5, 0.92)), (0.515, 0.86)),
                    Street("Station Road, Northtown", ((0.86, 0.08), (0.86, 0.92)), (0.72, 0.86)),
                    Street("Canal Street", ((0.02, 0.2), (0.3, 0.2)), (0.03, 0.23)),
                ),
                zones=(
                    ((0.08, 0.4), (0.22, 0.4), (0.22, 0.62), (0.08, 0.62)),
                    ((0.45, 0.43), (0.56, 0.43), (0.56, 0.57), (0.45, 0.57)),
                    ((0.8, 0.4), (0.94, 0.4), (0.94, 0.62), (0.8, 0.62)),
                ),
                places=(
                    Place(
                        "Southbridge station, platforms 1-3, concourse and car park", (0.1, 0.66)
                    ),
                    Place("Hollin Bridge station", (0.46, 0.6)),
                    Place("Northtown station and forecourt", (0.81, 0.66)),
                    Place("Southbridge Jobcentre (outside the zones)", (0.24, 0.3)),
                    Place("St Anne's Church (outside the zones)", (0.3, 0.78)),
                ),
                legend="Areas edged red: each station building, its platforms, footbridges, "
                "forecourt and car park",
                note="Schematic plans, not to scale. Each red area follows the railway "
                "boundary fence of the station.",
            ),
        ),
    ),
    # --- youth-court: a 17-year-old defendant ----------------------------------------------
    Exhibit(
        sample="youth-court",
        file="NB-1",
        ref="NB/1",
        description="Sign-in history of Isla Whitfield's social media account, 12 September 2026",
        produced_by="PC Natalie Brooks",
        pages=(
            MessageLog(
                title="Sign-in history shown in the account's security settings",
                intro="Captured from Isla Whitfield's phone by PC Brooks on 13 September 2026, "
                "with her and her mother present. Internet addresses are shown as the platform "
                "displays them.",
                columns=("Date and time", "Device", "Internet address", "Activity"),
                widths=(0.18, 0.25, 0.2, 0.37),
                rows=(
                    ("11/09/2026 16:02", "Isla's phone", "192.0.2.15", "Normal use"),
                    (
                        "12/09/2026 21:14",
                        "Android phone, model not shared",
                        "198.51.100.140",
                        "New device sign-in. Private messages opened.",
                    ),
                    (
                        "12/09/2026 21:19",
                        "Android phone, model not shared",
                        "198.51.100.140",
                        "Profile picture changed to a photograph of Isla and Callum together.",
                    ),
                    (
                        "12/09/2026 21:26",
                        "Android phone, model not shared",
                        "198.51.100.140",
                        "Messages to two friends read; none sent.",
                    ),
                    (
                        "12/09/2026 21:41",
                        "Isla's phone",
                        "192.0.2.15",
                        "Password changed by Isla; other devices signed out.",
                    ),
                ),
                note="Isla Whitfield says she told Callum Farrow her password while they were "
                "together and never gave him permission to use it after they split up on "
                "6 September 2026. The internet address at 21:14 is the home broadband "
                "connection used by his household (police enquiry with the provider).",
            ),
        ),
    ),
    Exhibit(
        sample="youth-court",
        file="NB-2",
        ref="NB/2",
        description="CCTV stills, Greaves Lane and Northtown Leisure Centre, September to "
        "October 2026",
        produced_by="PC Natalie Brooks",
        pages=(
            Still(
                title="CCTV still 1 of 3",
                camera="ST AIDANS GATE 2 CAM 1",
                timestamp="21/09/2026 15:24:37",
                caption="Callum Farrow (circled), wearing his college lanyard, stands by the "
                "railings opposite the school gate on Greaves Lane at the end of the school "
                "day.",
                figures=(Figure(0.6, 0.2, marked=True),),
            ),
            Still(
                title="CCTV still 2 of 3",
                camera="ST AIDANS GATE 2 CAM 1",
                timestamp="21/09/2026 15:31:05",
                caption="Isla Whitfield (left) leaves with a friend. He walks about ten metres "
                "behind them towards the bus stop.",
                figures=(Figure(0.22, 0.2), Figure(0.32, 0.2), Figure(0.6, 0.22, marked=True)),
            ),
            Still(
                title="CCTV still 3 of 3",
                camera="LEISURE CENTRE CYCLE RACK CAM",
                timestamp="20/10/2026 18:47:55",
                caption="At Northtown Leisure Centre he crouches by Isla Whitfield's bicycle "
                "and lets down both tyres, then tucks a folded note under the saddle.",
                figures=(Figure(0.5, 0.18, height=0.25, marked=True),),
            ),
        ),
    ),
    Exhibit(
        sample="youth-court",
        file="NB-3",
        ref="NB/3",
        description="Screenshots of posts by the account isla_exposed_nt, 3 October 2026",
        produced_by="PC Natalie Brooks",
        pages=(
            MessageLog(
                title="Posts by isla_exposed_nt",
                intro="Screenshots taken by a friend of Isla Whitfield on 3 October 2026 and "
                "passed to PC Brooks. The platform removed the account on 4 October 2026 after "
                "a police request. Photographs are described, not reproduced.",
                columns=("Posted", "Post"),
                widths=(0.2, 0.8),
                rows=(
                    (
                        "03/10/2026 19:05",
                        "(Photograph of Isla Whitfield in her school uniform, "
                        "taken from across the road.) Caption: 'Who wants to know what she's "
                        "really like'",
                    ),
                    (
                        "03/10/2026 19:20",
                        "(Photograph of Isla with a friend at a bus stop.) "
                        "Caption: 'Moved on fast didn't she'",
                    ),
                    (
                        "03/10/2026 20:02",
                        "Text post naming Isla, her school and the bus she "
                        "takes home, and inviting followers to 'ask her about it'.",
                    ),
                    (
                        "03/10/2026 21:48",
                        "(Photograph Isla had sent privately to Callum Farrow "
                        "while they were together.) Caption: 'Miss me yet'",
                    ),
                ),
                note="The account was opened at 18:51 on 3 October 2026 from the same "
                "household broadband connection as the sign-in recorded on 12 September 2026.",
            ),
        ),
    ),
    Exhibit(
        sample="youth-court",
        file="NB-4",
        ref="NB/4",
        description="Messages to Isla Whitfield from new numbers and accounts, 29 October to "
        "1 November 2026",
        produced_by="PC Natalie Brooks",
        pages=(
            MessageLog(
                title="Messages received by Isla Whitfield, 29 October to 1 November 2026",
                intro="64 messages arrived from three mobile numbers and two social media "
                "accounts that Isla Whitfield did not know. A selection is shown. "
                f"{FARROW_NOTE}.",
                columns=("No.", "Date and time", "From", "Message"),
                widths=(0.08, 0.17, 0.22, 0.53),
                rows=(
                    ("1", "29/10/2026 16:40", "07700 900871", "It's me. Don't block this one."),
                    ("2", "29/10/2026 16:41", "07700 900871", "Police can't stop me texting."),
                    ("7", "29/10/2026 22:03", "07700 900871", "I saw your bike got sorted. Lucky."),
                    (
                        "15",
                        "30/10/2026 07:12",
                        "07700 900872",
                        "Blocked again. I've got loads of numbers.",
                    ),
                    (
                        "22",
                        "30/10/2026 15:35",
                        "07700 900872",
                        "Saw you come out of school. Nice hair.",
                    ),
                    ("31", "30/10/2026 23:58", "07700 900873", "You owe me a conversation"),
                ),
            ),
            MessageLog(
                title="Messages received by Isla Whitfield (continued)",
                columns=("No.", "Date and time", "From", "Message"),
                widths=(0.08, 0.17, 0.22, 0.53),
                rows=(
                    (
                        "38",
                        "31/10/2026 12:20",
                        "cf_nt_2009",
                        "Halloween party tonight? I'll find you.",
                    ),
                    ("45", "31/10/2026 21:07", "cf_nt_2009", "Everyone knows what you did"),
                    (
                        "52",
                        "01/11/2026 09:30",
                        "nt.callum.f",
                        "Last chance to talk before I post the rest.",
                    ),
                    ("60", "01/11/2026 18:44", "nt.callum.f", "Fine. Your choice."),
                    ("64", "01/11/2026 23:10", "nt.callum.f", "Night Isla x"),
                ),
                note="Isla Whitfield's mother reported the messages to police on 2 November "
                "2026. The three numbers are pay-as-you-go SIM cards bought at Northtown bus "
                "station shop on 28 October 2026; the shop's CCTV is being obtained.",
            ),
        ),
    ),
    Exhibit(
        sample="youth-court",
        file="NB-5",
        ref="NB/5",
        description="Map of the proposed exclusion zone around St Aidan's Academy",
        produced_by="PC Natalie Brooks",
        pages=(
            SketchMap(
                title="Greaves Lane exclusion zone, Northtown",
                streets=(
                    Street("Greaves Lane", ((0.05, 0.62), (0.95, 0.62)), (0.07, 0.645)),
                    Street("Beacon Road", ((0.5, 0.05), (0.5, 0.95)), (0.515, 0.9)),
                    Street("Moss Street", ((0.05, 0.35), (0.95, 0.35)), (0.07, 0.375)),
                    Street("Pit Lane", ((0.86, 0.62), (0.86, 0.95)), (0.875, 0.9)),
                    Street("Hawthorn Avenue", ((0.1, 0.05), (0.1, 0.35)), (0.115, 0.08)),
                ),
                zones=(((0.28, 0.5), (0.78, 0.5), (0.78, 0.8), (0.28, 0.8)),),
                places=(
                    Place("St Aidan's Academy", (0.42, 0.7)),
                    Place("Greaves Lane bus stops", (0.53, 0.56)),
                    Place("Northtown Sixth Form College (outside the zone)", (0.55, 0.2)),
                    Place("Northtown Leisure Centre (outside the zone)", (0.04, 0.44)),
                ),
                legend="Area edged red: exclusion zone (St Aidan's Academy, its grounds "
                "and the Greaves Lane bus stops)",
                note="Sketch map, not to scale. His route from Hawthorn Avenue to the college "
                "along Moss Street stays outside the zone.",
                size=PORTRAIT,
            ),
        ),
    ),
    # --- variation: the protected person has moved town ------------------------------------
    Exhibit(
        sample="variation",
        file="TG-1",
        ref="TG/1",
        description="Copy of the Stalking Protection Order made at Northtown Magistrates' "
        "Court on 12 June 2025",
        produced_by="DS Thomas Greenhalgh",
        pages=(
            Document(
                title="Stalking Protection Order (Stalking Protection Act 2019, section 1)",
                paragraphs=(
                    "Court: Northtown Magistrates' Court. Order reference NMC/SPO/2025/014.",
                    "Defendant: Mark Stephen Ashdown, born 27 November 1983.",
                    "Applicant: the Chief Constable of North Shire Police.",
                    "On 12 June 2025 the court, having heard the evidence, was satisfied that "
                    "the defendant has carried out acts associated with stalking, that he "
                    "poses a risk associated with stalking to Rachel Turnbull, and that this "
                    "order is necessary to protect her from that risk.",
                    "The court found these acts proved: repeated messages and gifts between "
                    "November 2024 and March 2025; waiting near her then home and workplace "
                    "in Northtown between January and May 2025; and following her from work "
                    "and photographing her on 18 April 2025.",
                    "It is ordered that for 36 months from today the defendant must comply "
                    "with the following terms.",
                ),
            ),
            Document(
                title="Terms of the order",
                paragraphs=(
                    "T1. Not to contact or attempt to contact Rachel Turnbull directly or "
                    "indirectly by any means, including through social media or third parties.",
                    "T2. Not to enter the area of Northtown bounded by Kingsway, Mill Road, the "
                    "River Wend and Station Road, as shown on the map attached to this order.",
                    "T3. Not to follow Rachel Turnbull, and if he sees her in any public place, "
                    "to move away from her at once.",
                    "The defendant must tell the police his name and home address within "
                    "three days of this order (sections 9 to 11 of the Act). Breaking any term "
                    "of this order without reasonable excuse is a criminal offence punishable "
                    "with up to five years' imprisonment.",
                    "Made by the justices sitting at Northtown Magistrates' Court on 12 June 2025.",
                ),
                signature=(
                    "Signed: Andrew Colley, Legal Adviser",
                    "By order of the court",
                ),
            ),
        ),
    ),
    Exhibit(
        sample="variation",
        file="TG-2",
        ref="TG/2",
        description="Messages and call record from former colleagues and Brightwater "
        "Logistics HR, October 2026",
        produced_by="DS Thomas Greenhalgh",
        pages=(
            MessageLog(
                title="Reports received by police, October 2026",
                intro="Each entry was reported to DS Greenhalgh by the person named and is "
                "supported by their own phone records or the company's call log.",
                columns=("Date and time", "Reported by", "What happened"),
                widths=(0.18, 0.24, 0.58),
                rows=(
                    (
                        "06/10/2026 20:30",
                        "Gemma Rowe, former colleague",
                        "In the Red Lion, "
                        "Northtown, Mark Ashdown asked her and Kieran Boyd where Rachel had "
                        "moved to, saying 'I just want to know she's safe'.",
                    ),
                    (
                        "06/10/2026 20:45",
                        "Kieran Boyd, former colleague",
                        "Mark Ashdown "
                        "offered him £50 to 'find out where she's gone'. He refused and left.",
                    ),
                    (
                        "07/10/2026 09:12",
                        "Gemma Rowe",
                        "Text from 07700 900748: 'No hard "
                        "feelings about last night. If you hear anything let me know.'",
                    ),
                    (
                        "19/10/2026 11:04",
                        "Brightwater Logistics HR",
                        "Caller from 07700 "
                        "900748 said he was a solicitor's clerk and asked for Rachel Turnbull's "
                        "forwarding address for a 'personal injury matter'. Refused; call "
                        "logged and reported.",
                    ),
                    (
                        "19/10/2026 11:20",
                        "Brightwater Logistics HR",
                        "Second call from the "
                        "same number asking for the name of her new employer. Refused.",
                    ),
                ),
                note="07700 900748 is the mobile number Mark Ashdown gave police when he "
                "notified his details under the order in June 2025.",
            ),
        ),
    ),
    Exhibit(
        sample="variation",
        file="TG-3",
        ref="TG/3",
        description="Map of the proposed Eastmere exclusion zone",
        produced_by="DS Thomas Greenhalgh",
        pages=(
            SketchMap(
                title="Eastmere exclusion zone: Eastmere, Low Fold and Carr End",
                streets=(
                    Street(
                        "A620 Northtown Road", ((0.0, 0.45), (0.3, 0.5), (0.95, 0.55)), (0.02, 0.49)
                    ),
                    Street("Eastmere bypass", ((0.25, 0.1), (0.55, 0.08), (0.9, 0.2)), (0.6, 0.05)),
                    Street("Carr Lane", ((0.7, 0.55), (0.85, 0.9)), (0.79, 0.7)),
                    Street("Fold Road", ((0.35, 0.5), (0.3, 0.88)), (0.335, 0.6)),
                    Street(
                        "Eastmere Water",
                        ((0.2, 0.0), (0.5, 0.3), (0.62, 1.0)),
                        (0.54, 0.36),
                        kind="river",
                    ),
                    Street("Railway", ((0.0, 0.72), (1.0, 0.66)), (0.05, 0.75), kind="rail"),
                ),
                zones=(
                    (
                        (0.22, 0.15),
                        (0.8, 0.12),
                        (0.93, 0.45),
                        (0.9, 0.92),
                        (0.25, 0.92),
                        (0.18, 0.55),
                    ),
                ),
                places=(
                    Place("Eastmere town centre", (0.5, 0.52)),
                    Place("Eastmere station", (0.45, 0.62)),
                    Place("Low Fold", (0.32, 0.8)),
                    Place("Carr End", (0.78, 0.78)),
                    Place("To Northtown (9 km west)", (0.02, 0.38)),
                ),
                legend="Area edged red: the proposed zone, the whole of Eastmere and the "
                "villages of Low Fold and Carr End",
                note="Sketch map, not to scale. The zone is drawn wide on purpose: it does not "
                "point to any one street.",
            ),
        ),
    ),
    # --- discharge-with-consent: within two years, both sides consent ----------------------
    Exhibit(
        sample="discharge-with-consent",
        file="AB-1",
        ref="AB/1",
        description="Letter from Hargreaves Lund Solicitors confirming the defendant's consent "
        "to discharge, 12 November 2026",
        produced_by="DC Alan Birch",
        pages=(
            Document(
                title="Neil Patrick Kerrigan: Stalking Protection Order SMC/SPO/2025/003",
                letterhead=(
                    "Hargreaves Lund Solicitors",
                    "9 Chapel Yard, Southbridge, ZZ1 2LN",
                    "Telephone 01632 960455. Email crime@hargreaveslund.example",
                ),
                paragraphs=(
                    "12 November 2026",
                    "South Shire Police Legal Services, Police Headquarters, Southbridge. "
                    "For the attention of Owen Pritchard. Your reference SSP/SPO/26/009.",
                    "We act for Mr Kerrigan. We have explained to him your proposal to apply "
                    "to Southbridge Magistrates' Court to discharge the Stalking Protection "
                    "Order made on 7 February 2025, because the restraining order made at "
                    "Southbridge Crown Court on 18 September 2026 now protects Ms Marsden "
                    "with no end date.",
                    "Mr Kerrigan understands that the restraining order is unaffected by the "
                    "discharge and that he remains bound by every term of it. He understands "
                    "that the Stalking Protection Order cannot be discharged within two years "
                    "of its making without his consent and that of the Chief Constable.",
                    "On his instructions we confirm that Mr Kerrigan consents to the "
                    "discharge of the order. He does not wish to attend the hearing and asks "
                    "that the application be dealt with in his absence. He has signed a copy "
                    "of this letter, which we hold on file.",
                ),
                signature=(
                    "Yours faithfully,",
                    "Joanna Lund, Partner, Hargreaves Lund Solicitors",
                    "Signed by the client: Neil Kerrigan, 12 November 2026",
                ),
            ),
        ),
    ),
    Exhibit(
        sample="discharge-with-consent",
        file="AB-2",
        ref="AB/2",
        description="Copy of the restraining order made at Southbridge Crown Court on "
        "18 September 2026",
        produced_by="DC Alan Birch",
        pages=(
            Document(
                title="Restraining order on conviction (Sentencing Act 2020, section 360)",
                paragraphs=(
                    "In the Crown Court at Southbridge. The King against Neil Patrick Kerrigan.",
                    "On 18 September 2026 the defendant was convicted of stalking involving "
                    "serious alarm or distress, contrary to section 4A of the Protection from "
                    "Harassment Act 1997, committed against Chloe Marsden between June and "
                    "October 2024.",
                    "For the purpose of protecting Chloe Marsden from conduct which amounts to "
                    "harassment or will cause a fear of violence, the court orders that until "
                    "further order the defendant must comply with the terms on the next page.",
                ),
            ),
            Document(
                title="Terms of the restraining order",
                paragraphs=(
                    "1. Not to contact or attempt to contact Chloe Marsden directly or "
                    "indirectly by any means, including through social media or any third "
                    "party other than his solicitor.",
                    "2. Not to enter the area of Southbridge edged red on the map attached to "
                    "this order.",
                    "3. Not to publish any image of, or information about, Chloe Marsden on any "
                    "website, social media platform or messaging service.",
                    "4. Not to follow Chloe Marsden or remain in any place where he becomes "
                    "aware she is present.",
                    "This order lasts until a further order is made. Doing anything it "
                    "prohibits without reasonable excuse is a criminal offence.",
                ),
                signature=(
                    "Signed: Her Honour Judge Whitcombe",
                    "18 September 2026",
                ),
            ),
        ),
    ),
)


if __name__ == "__main__":
    sys.exit(main())
