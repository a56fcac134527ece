"""Page geometry for the bundle: A4 fitting, text direction and the page-number stamp.

Helpers of :mod:`pipeline.bundle`, kept apart because they work on one page at a time and know
nothing of items, sections or the index. Coordinates are PDF points. "Displayed" means the page
as a viewer shows it, after its ``/Rotate``: the checklist's ``page_format`` and
``page_numbers`` items, and the judiciary's e-bundle guidance, are about what the reader sees.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pikepdf
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
from pikepdf import Array, Dictionary, Name
from reportlab.pdfbase.pdfmetrics import stringWidth

log = logging.getLogger(__name__)

A4_WIDTH: Final = 595.28
A4_HEIGHT: Final = 841.89
A4_TOLERANCE: Final = 2 * 72 / 25.4
"""Checklist ``page_format``: A4 within 2 mm."""

STAMP_FONT: Final = "Helvetica-Bold"
STAMP_SIZE: Final = 11.0

Matrix = tuple[float, float, float, float, float, float]
"""A PDF transformation matrix ``[a b c d e f]``."""

# Attributes a page may inherit from the page tree (ISO 32000-1, 7.7.3.4).
_INHERITABLE: Final = (Name.Resources, Name.MediaBox, Name.CropBox, Name.Rotate)
_OTHER_BOXES: Final = (Name.CropBox, Name.BleedBox, Name.TrimBox, Name.ArtBox)

# The keys read on every page, built once: ``Name.X`` builds a new name each time it is
# evaluated, which costs twice the lookup it is for.
_MEDIA_BOX: Final = Name.MediaBox
_CROP_BOX: Final = Name.CropBox
_ROTATE: Final = Name.Rotate
_PARENT: Final = Name.Parent
_CONTENTS: Final = Name.Contents
_RESOURCES: Final = Name.Resources

# The stamp sits this far from the right and bottom edges of the page as displayed; clear of
# the LibreOffice footers (centred) and inside the printable area of office printers.
_STAMP_RIGHT: Final = 28.0
_STAMP_BASELINE: Final = 20.0
_STAMP_PAD: Final = 3.5

# Text direction: a page is turned only when enough of its text objects agree.
_ENOUGH_VOTES: Final = 200
_MAX_FORM_DEPTH: Final = 4
_MIN_VOTES: Final = 3
_MAJORITY: Final = 0.75
_SLANT: Final = 15.0


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in a page's user space, normalised so ``llx < urx`` and ``lly < ury``."""

    llx: float
    lly: float
    urx: float
    ury: float

    @property
    def width(self) -> float:
        """Width in points."""
        return self.urx - self.llx

    @property
    def height(self) -> float:
        """Height in points."""
        return self.ury - self.lly


def push_inherited_attributes(pdf: pikepdf.Pdf) -> None:
    """Copy what each page inherits from the page tree onto the page itself.

    pikepdf copies page objects but not the ``/Pages`` nodes above them, so a page that
    inherits its resources, boxes or rotation would lose them in the bundle.

    Args:
        pdf: A source PDF, changed in memory only.
    """
    for page in pdf.pages:
        obj = page.obj
        for key in _INHERITABLE:
            if key in obj:
                continue
            node = obj.get(_PARENT)
            for _ in range(64):  # a bound, in case a damaged tree loops
                if not isinstance(node, Dictionary):
                    break
                if key in node:
                    obj[key] = node[key]
                    break
                node = _get(node, _PARENT)  # the root has none


def page_box(page: pikepdf.Page) -> Box:
    """The visible rectangle of a page: its CropBox clipped to its MediaBox."""
    media = _rect(page.obj.get(_MEDIA_BOX)) or Box(0.0, 0.0, A4_WIDTH, A4_HEIGHT)
    crop = _rect(_get(page.obj, _CROP_BOX))
    if crop is None:
        return media
    clipped = Box(
        max(media.llx, crop.llx),
        max(media.lly, crop.lly),
        min(media.urx, crop.urx),
        min(media.ury, crop.ury),
    )
    return clipped if clipped.width > 1 and clipped.height > 1 else media


def page_rotation(page: pikepdf.Page) -> int:
    """The page's ``/Rotate`` as 0, 90, 180 or 270 (clockwise, as the PDF defines it)."""
    value = _get(page.obj, _ROTATE)
    try:
        degrees = float(value) if value is not None else 0.0
    except (TypeError, ValueError):
        return 0
    return (round(degrees / 90) * 90) % 360


def displayed_size(box: Box, rotation: int) -> tuple[float, float]:
    """Width and height of a box as displayed with a rotation."""
    return (box.height, box.width) if rotation in (90, 270) else (box.width, box.height)


def is_a4(width: float, height: float) -> bool:
    """Whether a displayed size is A4, portrait or landscape, within 2 mm."""

    def near(a: float, b: float) -> bool:
        return abs(a - b) <= A4_TOLERANCE

    return (near(width, A4_WIDTH) and near(height, A4_HEIGHT)) or (
        near(width, A4_HEIGHT) and near(height, A4_WIDTH)
    )


def display_to_user(box: Box, rotation: int) -> Matrix:
    """The matrix from displayed coordinates (origin at the displayed bottom left) to user space."""
    return {
        0: (1.0, 0.0, 0.0, 1.0, box.llx, box.lly),
        90: (0.0, 1.0, -1.0, 0.0, box.urx, box.lly),
        180: (-1.0, 0.0, 0.0, -1.0, box.urx, box.ury),
        270: (0.0, -1.0, 1.0, 0.0, box.llx, box.ury),
    }[rotation]


def _user_to_display(box: Box, rotation: int) -> Matrix:
    return {
        0: (1.0, 0.0, 0.0, 1.0, -box.llx, -box.lly),
        90: (0.0, -1.0, 1.0, 0.0, -box.lly, box.urx),
        180: (-1.0, 0.0, 0.0, -1.0, box.urx, box.ury),
        270: (0.0, 1.0, -1.0, 0.0, box.ury, -box.llx),
    }[rotation]


def transform(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    """A point through a matrix."""
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def top_left(page: pikepdf.Page) -> tuple[float, float]:
    """The user-space point shown at the top left of a page, for ``/XYZ`` destinations."""
    box = page_box(page)
    rotation = page_rotation(page)
    _, height = displayed_size(box, rotation)
    return transform(display_to_user(box, rotation), 0.0, height)


def normalise_page(page: pikepdf.Page, turn: int = 0) -> bool:
    """Turn a page and make it A4 as displayed.

    A page already A4 (within 2 mm) after the turn keeps its content untouched: only its
    ``/Rotate`` changes. Any other page is scaled to fit A4 in its displayed orientation
    (portrait when taller than wide, landscape otherwise), aspect ratio kept and centred; its
    rotation is then drawn into the content so that every box starts at the origin.

    Args:
        page: A page of the bundle.
        turn: Degrees clockwise to add to the page's rotation (0, 90, 180 or 270).

    Returns:
        True when the page was scaled.
    """
    obj = page.obj
    box = page_box(page)
    rotation = (page_rotation(page) + turn) % 360
    width, height = displayed_size(box, rotation)
    if is_a4(width, height):
        _set_rotation(obj, rotation)
        if _rect(obj.get(_MEDIA_BOX)) != box:
            # Checkers read the MediaBox or the CropBox: make them agree on what is shown.
            obj.MediaBox = Array([box.llx, box.lly, box.urx, box.ury])
            _drop_boxes(obj)
        return False
    a4_width, a4_height = (A4_HEIGHT, A4_WIDTH) if width >= height else (A4_WIDTH, A4_HEIGHT)
    scale = min(a4_width / width, a4_height / height)
    matrix = _concat(
        _user_to_display(box, rotation),
        (
            scale,
            0.0,
            0.0,
            scale,
            (a4_width - width * scale) / 2,
            (a4_height - height * scale) / 2,
        ),
    )
    # The clip keeps what lay outside the CropBox hidden, as it was before.
    page.contents_add(
        b"q "
        + _numbers(matrix)
        + b" cm "
        + _numbers((box.llx, box.lly, box.width, box.height))
        + b" re W n\n",
        prepend=True,
    )
    page.contents_add(b"\nQ\n", prepend=False)
    obj.MediaBox = Array([0, 0, a4_width, a4_height])
    _drop_boxes(obj)
    _set_rotation(obj, 0)
    _move_annotations(obj, matrix)
    return True


def stamp_page(
    page: pikepdf.Page, text: str, font: pikepdf.Object, opening: pikepdf.Stream
) -> None:
    """Stamp text at the bottom right of a page as displayed, upright, on a small white box.

    Args:
        page: A page of the bundle, already normalised.
        text: What to print (the bundle page number).
        font: An indirect Helvetica-Bold font dictionary of the bundle.
        opening: An indirect content stream holding ``q``, shared by every page: it saves the
            graphics state before the page's own content, so the stamp starts from the
            default state whatever the page left behind.
    """
    name = _font_name(page.obj, font)
    box = page_box(page)
    rotation = page_rotation(page)
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stamp = (
        _stamp_start(box, rotation, stringWidth(text, STAMP_FONT, STAMP_SIZE), name)
        + escaped.encode("latin-1")
        + b") Tj ET Q\n"
    )
    page.contents_add(opening, prepend=True)
    page.contents_add(stamp, prepend=False)


@functools.lru_cache(maxsize=64)
def _stamp_start(box: Box, rotation: int, text_width: float, font_name: str) -> bytes:
    """The stamp's content up to its text, which most pages of a bundle share.

    Pages of one size and rotation differ only by their number, and the digits of Helvetica
    are all as wide: the same few beginnings serve a whole bundle.
    """
    width, _ = displayed_size(box, rotation)
    x = width - _STAMP_RIGHT - text_width
    y = _STAMP_BASELINE
    rect = (
        x - _STAMP_PAD,
        y - _STAMP_PAD,
        text_width + 2 * _STAMP_PAD,
        STAMP_SIZE * 0.72 + 2 * _STAMP_PAD,
    )
    return (
        b"\nQ q "
        + _numbers(display_to_user(box, rotation))
        + b" cm 1 g 0.6 G 0.5 w "
        + _numbers(rect)
        + b" re B 0 g BT "
        + font_name.encode()
        + b" "
        + _numbers((STAMP_SIZE,))
        + b" Tf "
        + _numbers((x, y))
        + b" Td ("
    )


def upright_turns(source: pikepdf.Pdf, path: Path) -> tuple[int, ...]:
    """How far each page of a PDF must turn for its text to read left to right, upright.

    pdfium reads the matrix of each page's text objects, the direction of their baselines as
    displayed. Its text layer would give each glyph, but costs eight times more (500 dense
    pages: 0.95 s against 0.12 s here), and pdfminer is sixty times slower again
    (``tooling.md`` §4). A page turns only when at least three text objects were read and
    three quarters of them agree; diagonal text (watermarks) and mirrored text do not vote.
    A page without text is left as it is.

    Most pages are settled before pdfium is asked (:func:`_reads_upright`): on a page that is
    not rotated and whose content never turns or flips the coordinates, every text object
    runs left to right, so no vote could turn it. pdfium opens the file only for the others.

    Args:
        source: The PDF, opened by pikepdf, with its inherited attributes pushed onto its pages.
        path: The same PDF on disk, for pdfium.

    Returns:
        For each page, 0, 90, 180 or 270: degrees clockwise to add to its ``/Rotate``. Empty
        when pdfium cannot read the file.
    """
    forms: dict[tuple[int, int], bool] = {}
    turns = [0] * len(source.pages)
    undecided = []
    for index, page in enumerate(source.pages):
        upright = _reads_upright(page, forms)
        if source.get_warnings():
            # qpdf repaired a stream it read; pdfium may read it otherwise, so it decides.
            upright = False
            forms.clear()
        if not upright:
            undecided.append(index)
    if not undecided:
        return tuple(turns)
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        log.warning("%s: text direction not checked, pdfium cannot read it (%s)", path, exc)
        return ()
    try:
        for index in undecided:
            if index >= len(document):
                continue
            page = pdfium_c.FPDF_LoadPage(document.raw, index)
            if not page:
                continue
            try:
                turns[index] = _page_turn(page, int(pdfium_c.FPDFPage_GetRotation(page)) * 90)
            finally:
                pdfium_c.FPDF_ClosePage(page)
        return tuple(turns)
    finally:
        document.close()


# A ``cm`` or ``Tm`` that may turn text, searched for in the content written backwards: each
# attempt then starts at the operator, which the regular expression engine finds quickly
# (forwards, it would try every number in the text). Upright operands are ``a 0 0 d e f`` with
# ``a`` and ``d`` not negative, six tokens apart only by white space, the first after white
# space or a delimiter other than ``/`` (a name); any other ``cm`` or ``Tm`` matches.
_SPACE: Final = rb"[\x00\t\n\x0c\r ]++"
_ANY: Final = rb"[-+\d.]++"
_ZERO: Final = rb"[0.]++[+-]?"
_UNSIGNED: Final = rb"[\d.]++\+?"
_TURNING_MATRIX_REVERSED: Final = re.compile(
    rb"m[cT](?!"
    + _SPACE
    + _SPACE.join((_ANY, _ANY, _UNSIGNED, _ZERO, _ZERO, _UNSIGNED))
    + rb"(?![^\x00\t\n\x0c\r ()<>\[\]{}%]))"
)


def _reads_upright(page: pikepdf.Page, forms: dict[tuple[int, int], bool]) -> bool:
    """Whether no text object of a page can vote for a turn, decided without pdfium.

    True when the page is not rotated and each matrix its content (and the forms it may draw)
    sets is ``a 0 0 d e f`` with ``a`` and ``d`` not negative: products of such matrices are
    such matrices, so every text object's baseline runs left to right or the object does not
    vote (a zero scale). False whenever in doubt (a rotation, a matrix written any other way,
    a form without resources of its own, a stream that does not decode); pdfium then decides.
    A false match, such as ``cm`` inside a string, can only make the answer False.
    """
    obj = page.obj
    rotate = _get(obj, _ROTATE)
    if rotate is not None and not (isinstance(rotate, int) and rotate % 360 == 0):
        return False
    contents = obj.get(_CONTENTS)
    if contents is None:
        return True
    streams = list(contents) if isinstance(contents, Array) else [contents]
    if not all(isinstance(stream, pikepdf.Stream) for stream in streams):
        return False
    try:
        # pdfium joins a page's content streams with a space between them.
        content = b" ".join(stream.read_bytes() for stream in streams)
    except (pikepdf.PdfError, NotImplementedError):
        return False
    return _upright_content(content) and _upright_forms(obj.get(_RESOURCES), forms, 0)


def _upright_content(content: bytes) -> bool:
    """Every ``cm`` and ``Tm`` of a content stream keeps text upright.

    ``cm`` (the coordinates) and ``Tm`` (the text matrix) are the only operators that turn
    text. Every ``cm`` or ``Tm`` in the bytes, operator or not (``20cm`` in a string), must be
    preceded by upright operands: any other is left to pdfium. So is a stream with a ``%``
    anywhere (in a string, most often), since a comment could hide an operator's real operands
    from the pattern.
    """
    return b"%" not in content and _TURNING_MATRIX_REVERSED.search(content[::-1]) is None


def _upright_forms(resources: object, forms: dict[tuple[int, int], bool], depth: int) -> bool:
    """Every form XObject in the resources places and draws its text upright, recursively."""
    xobjects = _get(resources, Name.XObject) if isinstance(resources, Dictionary) else None
    if not isinstance(xobjects, Dictionary):
        return True
    for xobject in xobjects.values():
        if not isinstance(xobject, pikepdf.Stream) or xobject.get(Name.Subtype) == Name.Image:
            continue  # an image holds no text; anything else is read as a form
        key = xobject.objgen
        if key not in forms:
            forms[key] = False  # a form that draws itself is left to pdfium
            forms[key] = _upright_form(xobject, forms, depth)
        if not forms[key]:
            return False
    return True


def _upright_form(form: pikepdf.Stream, forms: dict[tuple[int, int], bool], depth: int) -> bool:
    if depth >= _MAX_FORM_DEPTH or not isinstance(form.get(Name.Resources), Dictionary):
        return False
    matrix = form.get(Name.Matrix)
    if matrix is not None:
        values = _floats(matrix)
        if values is None or len(values) != 6:
            return False
        a, b, c, d, _, _ = values
        if b != 0 or c != 0 or a < 0 or d < 0:
            return False
    try:
        content = form.read_bytes()
    except (pikepdf.PdfError, NotImplementedError):
        return False
    return _upright_content(content) and _upright_forms(form.Resources, forms, depth + 1)


def _page_turn(page: object, rotation: int) -> int:
    votes: Counter[int] = Counter()
    _vote(
        votes,
        functools.partial(pdfium_c.FPDFPage_GetObject, page),
        int(pdfium_c.FPDFPage_CountObjects(page)),
        (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
        rotation,
        depth=0,
    )
    total = sum(votes.values())
    if total < _MIN_VOTES:
        return 0
    quarter, agreeing = votes.most_common(1)[0]
    # Text whose baseline runs at N degrees anticlockwise reads left to right after the page
    # turns N degrees clockwise.
    return quarter * 90 if agreeing >= _MAJORITY * total else 0


def _vote(
    votes: Counter[int],
    get: Callable[[int], object],
    count: int,
    outer: Matrix,
    rotation: int,
    depth: int,
) -> None:
    """Count the displayed direction of text objects, inside form XObjects too."""
    matrix = pdfium_c.FS_MATRIX()
    for index in range(count):
        # The first couple of hundred text objects tell a page's direction; reading every
        # object of a dense page would not change the answer.
        if votes.total() >= _ENOUGH_VOTES:
            return
        obj = get(index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            continue
        # pdfium gives an object's matrix within its form; the form's own matrix places it.
        placed = _concat((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < _MAX_FORM_DEPTH:
                _vote(
                    votes,
                    functools.partial(pdfium_c.FPDFFormObj_GetObject, obj),
                    int(pdfium_c.FPDFFormObj_CountObjects(obj)),
                    placed,
                    rotation,
                    depth + 1,
                )
            continue
        a, b, c, d, _, _ = placed
        if a * d - b * c <= 0:
            continue
        # The baseline's angle, anticlockwise, in user space, then as displayed: /Rotate
        # turns the page clockwise.
        angle = (math.degrees(math.atan2(b, a)) - rotation) % 360
        quarter = round(angle / 90)
        if abs(angle - quarter * 90) <= _SLANT:
            votes[quarter % 4] += 1


def _get(obj: Dictionary, key: Name | str) -> pikepdf.Object | None:
    """``obj.get(key)``, for a key that is usually missing.

    pikepdf's ``get`` raises and catches a ``KeyError`` for a missing key, which costs four
    times a lookup; on every page of a bundle, that adds up.
    """
    return obj[key] if key in obj else None  # noqa: SIM401 (the point of this function)


def _rect(value: object) -> Box | None:
    if not isinstance(value, Array) or len(value) != 4:
        return None
    try:
        # qpdf reads the four numbers four times faster than Python one by one (twice a page).
        rect = pikepdf.Rectangle(value)
    except TypeError:
        try:
            x1, y1, x2, y2 = (float(v) for v in value)
        except (TypeError, ValueError):
            return None
        return Box(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    return Box(rect.llx, rect.lly, rect.urx, rect.ury)


def _floats(value: object) -> list[float] | None:
    if not isinstance(value, Array):
        return None
    try:
        return [float(v) for v in value]
    except (TypeError, ValueError):
        return None


def _set_rotation(obj: pikepdf.Dictionary, rotation: int) -> None:
    if rotation:
        obj.Rotate = rotation
    elif _ROTATE in obj:
        del obj[_ROTATE]


def _drop_boxes(obj: pikepdf.Dictionary) -> None:
    for key in _OTHER_BOXES:
        if key in obj:
            del obj[key]


def _concat(first: Matrix, then: Matrix) -> Matrix:
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _numbers(values: tuple[float, ...]) -> bytes:
    """Numbers for a content stream: fixed precision, so the same page gives the same bytes."""
    return " ".join(_number(v) for v in values).encode("ascii")


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _move_annotations(obj: pikepdf.Dictionary, matrix: Matrix) -> None:
    """Move a scaled page's annotations with its content, so links and notes stay in place."""
    annots = obj.get(Name.Annots)
    if not isinstance(annots, Array):
        return
    for annot in annots:
        if not isinstance(annot, Dictionary):
            continue
        rect = _rect(annot.get(Name.Rect))
        if rect is not None:
            corners = [
                transform(matrix, x, y) for x in (rect.llx, rect.urx) for y in (rect.lly, rect.ury)
            ]
            xs = [x for x, _ in corners]
            ys = [y for _, y in corners]
            annot.Rect = Array([min(xs), min(ys), max(xs), max(ys)])
        quads = annot.get(Name.QuadPoints)
        if isinstance(quads, Array) and len(quads) % 2 == 0:
            values = [float(v) for v in quads]
            moved: list[float] = []
            for i in range(0, len(values), 2):
                moved.extend(transform(matrix, values[i], values[i + 1]))
            annot.QuadPoints = Array(moved)


def _font_name(obj: pikepdf.Dictionary, font: pikepdf.Object) -> str:
    """Put the stamp font in a page's resources under a name no other font there uses."""
    resources = obj.get(_RESOURCES)
    if not isinstance(resources, Dictionary):
        obj.Resources = Dictionary()
        resources = obj.Resources
    fonts = resources.get(Name.Font)
    if not isinstance(fonts, Dictionary):
        resources.Font = Dictionary()
        fonts = resources.Font
    number = 0
    while True:
        name = f"/SpoStamp{number or ''}"
        existing = _get(fonts, name)
        if existing is None or existing.objgen == font.objgen:
            fonts[name] = font
            return name
        number += 1


# --- active content ----------------------------------------------------------------------------

_SAFE_SCHEMES: Final = ("http://", "https://", "mailto:")
_MEDIA_ANNOTATIONS: Final = (
    Name.FileAttachment,
    Name.Sound,
    Name.Movie,
    Name.Screen,
    Name.RichMedia,
    Name("/3D"),
)
_ACTIVE_KEYS: Final = (Name.AA, Name.JS, Name.JavaScript, Name.EmbeddedFiles, Name.EF, Name.AF)
_ACTIVE_KINDS: Final = {
    "/JavaScript": "JavaScript",
    "/Launch": "a launch action",
    "/ImportData": "a form action",
    "/SubmitForm": "a form action",
    "/ResetForm": "a form action",
    "/GoToE": "a link into an embedded file",
    "/GoToR": "a link to another file",
    "/Rendition": "a media action",
    "/RichMediaExecute": "a media action",
    "/Movie": "a media action",
    "/Sound": "a media action",
}
_ACTIVE_NAME: Final = re.compile(
    b"/(?:"
    + b"|".join(
        re.escape(name.lstrip("/")).encode()
        for name in sorted({*map(str, _ACTIVE_KEYS), *_ACTIVE_KINDS, "/EmbeddedFile"})
    )
    + rb"|S <[^<]|S \d|Type \d)"
)
"""What may mark active content in an object as qpdf writes it out: the names of
:data:`_ACTIVE_KEYS` and :data:`_ACTIVE_KINDS` (and an embedded file's type), and an action
type or object type that qpdf cannot show as plain text (a string in hexadecimal, a reference
to another object). A name one of them begins (``/AAPL``) makes an object walked for nothing,
never missed."""


def _safe_action(action: object) -> Dictionary | None:
    """The action with only what a court bundle may do: go to a page, or open a web address.

    A chained ``/Next`` action is dropped: it may run anything.
    """
    if not isinstance(action, Dictionary):
        return None
    kind = action.get(Name.S)
    if kind == Name.GoTo and Name.D in action:
        return Dictionary(S=Name.GoTo, D=action.D)
    if kind == Name.URI:
        uri = action.get(Name.URI)
        text = bytes(uri).decode("latin-1", "replace").strip().lower() if uri is not None else ""
        if isinstance(uri, pikepdf.String) and text.startswith(_SAFE_SCHEMES):
            return Dictionary(S=Name.URI, URI=uri)
    return None


def _action_kind(action: object) -> str:
    kind = action.get(Name.S) if isinstance(action, Dictionary) else None
    return _ACTIVE_KINDS.get(str(kind), "an action") if kind is not None else "an action"


def strip_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Remove from every page what a viewer would run or open rather than show.

    Page and annotation actions (``/AA``), JavaScript, launch, form and media actions, links to
    other or embedded files, file attachments, sound, movie, screen, rich media and 3D
    annotations, and associated files (``/AF``). Links to a page of the document and to web or
    mail addresses stay; so do the page's text, images and notes. The document-level
    ``/OpenAction``, JavaScript and embedded files are not copied into a bundle at all (only
    pages are).

    Args:
        pdf: A source PDF, changed in memory only.

    Returns:
        What was removed, in words, each kind once (empty when nothing was).
    """
    removed: dict[str, None] = {}
    for page in pdf.pages:
        obj = page.obj
        if Name.AA in obj:
            removed["page actions"] = None
            del obj[Name.AA]
        if Name.AF in obj:
            removed["embedded files"] = None
            del obj[Name.AF]
        annots = _get(obj, Name.Annots)
        if not isinstance(annots, Array):
            if annots is not None:
                del obj[Name.Annots]
            continue
        kept = []
        for annot in annots:
            if not isinstance(annot, Dictionary):
                continue
            subtype = annot.get(Name.Subtype)
            if subtype in _MEDIA_ANNOTATIONS:
                removed["embedded files" if subtype == Name.FileAttachment else "media"] = None
                continue
            for key in (Name.AA, Name.FS, Name.AF):
                if key in annot:
                    removed["embedded files" if key != Name.AA else "page actions"] = None
                    del annot[key]
            if Name.A in annot:
                action = _safe_action(annot.A)
                if action is None:
                    removed[_action_kind(annot.A)] = None
                    del annot[Name.A]
                else:
                    annot.A = action
            if subtype == Name.Link and Name.A not in annot and Name.Dest not in annot:
                continue  # a link that now leads nowhere
            kept.append(annot)
        if len(kept) != len(annots):
            obj.Annots = Array(kept)
    return list(removed)


def remove_active_objects(pdf: pikepdf.Pdf) -> int:
    """The last safeguard before a bundle is saved: no object may carry active content.

    Looks at every object of the file (and the direct objects inside them) and empties any
    action that is not a page or web link, and any JavaScript, additional-action or
    embedded-file entry, wherever it is.

    Args:
        pdf: The bundle, before it is saved.

    Returns:
        How many entries were removed (0 when :func:`strip_active_content` caught them all).
    """
    count = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        elif not isinstance(obj, Dictionary | Array):
            continue
        # One call to qpdf writes the object out, its direct objects included; only an object
        # that names active content anywhere is walked in Python. Most objects do not.
        if _ACTIVE_NAME.search(obj.unparse(resolved=True)):
            count += _remove_active_entries(obj)
    return count


def _remove_active_entries(top: pikepdf.Object) -> int:
    """Empty the active entries of one object and the direct objects inside it."""
    count = 0
    stack: list[pikepdf.Object] = [top]
    while stack:
        node = stack.pop()
        if isinstance(node, Dictionary):
            for key in _ACTIVE_KEYS:
                if key in node:
                    del node[key]
                    count += 1
            kind = node.get(Name.S)
            if str(kind) in _ACTIVE_KINDS or node.get(Name.Type) == Name.EmbeddedFile:
                for name in list(node.keys()):
                    del node[name]
                count += 1
                continue
            stack.extend(v for v in node.values() if _direct(v))
        elif isinstance(node, Array):
            stack.extend(v for v in node if _direct(v))
    return count


def _direct(value: object) -> bool:
    """A dictionary or array held inside another object (indirect ones are walked on their own)."""
    return isinstance(value, Dictionary | Array | pikepdf.Stream) and not value.is_indirect
