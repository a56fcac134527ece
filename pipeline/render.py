"""The render stage: each document of the application, from its Word template.

Rendering uses docxtpl with a sandboxed Jinja environment, autoescaping on (``&``, ``<`` and
``>`` in a value would otherwise silently drop text, ``tooling.md`` §2) and strict undefined
(a variable missing from the context is an error naming the template and the variable). Case
values are data: they are inserted after the template is parsed, so a value that looks like
template code (``{{ 7*7 }}``) is printed as it is.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

from pipeline.context import FILTERS, render_context
from pipeline.errors import EnvironmentFailure, TemplateError
from pipeline.models import JsonObject
from pipeline.paths import TEMPLATES_DIR
from pipeline.zips import fixed_entry


def _kind(case: JsonObject) -> str:
    return str(case["case"]["application_type"])


def _has_draft_order(case: JsonObject) -> bool:
    return _kind(case) != "discharge"


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """One document of an application.

    Attributes:
        kind: The checklist item id of the document (``complaint``, ``mg11_oic``...).
        title: Its title, as the index and bookmarks show it.
        section: ``A`` (the application), ``B`` (the evidence), or ``confidential``.
        applies: Whether a case needs this document.
    """

    kind: str
    title: str
    section: str
    applies: Callable[[JsonObject], bool]

    @property
    def template(self) -> str:
        """The template's file name in ``templates/``."""
        return f"{self.kind}.docx"

    @property
    def confidential(self) -> bool:
        """True for material that is never served or bundled."""
        return self.section == "confidential"


# In bundle order (checklist.md; the bundle layout of issue #4): section A is the application,
# section B the evidence. The contact sheet goes to confidential/ and never into the bundle.
DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec("complaint", "Complaint for a stalking protection order", "A",
                 lambda c: _kind(c) == "new"),
    DocumentSpec("variation_complaint", "Complaint to vary, renew or discharge", "A",
                 lambda c: _kind(c) != "new"),
    DocumentSpec("summons", "Summons", "A", lambda c: True),
    DocumentSpec("draft_order", "Draft stalking protection order", "A", _has_draft_order),
    DocumentSpec("draft_interim_order", "Draft interim stalking protection order", "A",
                 lambda c: (c.get("interim") or {}).get("requested") is True),
    DocumentSpec("notification_notice", "Notice of the notification requirements", "A",
                 lambda c: _has_draft_order(c)
                 and not c["defendant"]["sexual_offences_notification"]),
    DocumentSpec("authorisation", "Authorisation to apply for a stalking protection order", "B",
                 lambda c: _kind(c) == "new"),
    DocumentSpec("mg11_oic", "Witness statement (MG11) of the officer in the case", "B",
                 lambda c: True),
    DocumentSpec("hearsay_notice", "Hearsay notice", "B",
                 lambda c: bool(c.get("hearsay_notices"))),
    DocumentSpec("mg11_contact_sheet", "MG11 witness contact details (confidential)",
                 "confidential", lambda c: True),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A document rendered from its template.

    Attributes:
        spec: Which document it is.
        template: The template it came from.
        path: The rendered ``.docx``.
    """

    spec: DocumentSpec
    template: Path
    path: Path


@functools.cache
def jinja_environment() -> SandboxedEnvironment:
    """The Jinja environment every template is rendered and linted with, one per process."""
    return _RememberingEnvironment()


class _RememberingEnvironment(SandboxedEnvironment):
    """The rendering environment, compiling each distinct template part once per process.

    Compiling a template's XML into Python is most of the cost of rendering (about 0.25 s a
    case); the parts are the same for every case, so a batch (:mod:`pipeline.batch`) pays it
    once per job instead of once per case. The key is the whole source text, so an edited
    template is a different key and is compiled afresh. Compiled templates hold no case data:
    the context is given to each ``render`` call.
    """

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self.filters.update(FILTERS)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, remembering its XML clean-up (a pure function of the text)."""

    _patched: ClassVar[dict[str, str]] = {}  # shared by every instance in the process

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched


def documents_for(case: JsonObject) -> tuple[DocumentSpec, ...]:
    """The documents a case needs, in bundle order (the contact sheet last)."""
    return tuple(spec for spec in DOCUMENTS if spec.applies(case))


def render_document(template: Path, context: JsonObject, target: Path) -> None:
    """Render one template with a context into ``target``.

    Raises:
        TemplateError: The template is missing, is not a Word document, or fails to render
            (syntax error or a variable the context lacks).
        EnvironmentFailure: The document cannot be written (exit 3).
    """
    if not template.is_file():
        raise TemplateError(f"{template}: template not found; restore it from the repository")
    try:
        document = _Template(template)
        document.render(context, jinja_env=jinja_environment(), autoescape=True)
        drop_unused_styles(document.docx)
        buffer = io.BytesIO()
        document.save(buffer)
    except JinjaTemplateError as exc:
        near = getattr(exc, "docx_context", None)
        where = f" near {_snippet(near)!r}" if near else ""
        raise TemplateError(
            f"{template}: {exc.message or type(exc).__name__}{where}; correct the template "
            "(spo templates lint lists every problem)"
        ) from exc
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"{template}: not a readable Word document ({exc})") from exc
    _write(target, _normalised(buffer.getvalue()))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STYLE_TAGS = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")
"""The elements that name a style (``w:val``)."""
_STYLE_XPATH = " | ".join(f".//w:{tag}/@w:val" for tag in _STYLE_TAGS)
_STYLE_REFERENCE = re.compile(
    rb"<w:(?:" + "|".join(_STYLE_TAGS).encode() + rb')\b[^>]*\bw:val="([^"]+)"'
)


def drop_unused_styles(document: Any) -> int:
    """Remove the style definitions no part of a rendered document refers to; return how many.

    Word's built-in styles come with every template: about 170 of them, mostly table styles
    with conditional formatting (400 KB of styles.xml), and LibreOffice imports every one for
    every document. Without them it converts 21 documents in 1.3 s of CPU instead of 2.3 s, and
    the pages come out pixel for pixel the same (measured on every template, docs/bundle.md).
    Kept: every style a part names, the defaults, and the styles those are based on, link to or
    are followed by; the latent-style list (Word's menu of styles) stays as it is.

    Args:
        document: A python-docx ``Document`` (``DocxTemplate.docx`` after rendering).
    """
    styles = document.styles.element
    used: set[str] = set()
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is styles or not str(part.partname).startswith("/word/"):
            continue
        if element is not None:  # parsed by python-docx: no need to serialise it again
            used.update(str(value) for value in element.xpath(_STYLE_XPATH))
        else:
            found = _STYLE_REFERENCE.findall(part.blob)
            used.update(value.decode("utf-8", "replace") for value in found)
    defined = {style.get(f"{_W}styleId"): style for style in styles.iterchildren(f"{_W}style")}
    used.update(i for i, style in defined.items() if style.get(f"{_W}default") == "1" and i)
    pending = list(used)
    while pending:
        style = defined.get(pending.pop())
        if style is None:
            continue
        for tag in ("basedOn", "next", "link"):
            linked = style.find(f"{_W}{tag}")
            value = linked.get(f"{_W}val") if linked is not None else None
            if value and value not in used:
                used.add(value)
                pending.append(value)
    unused = [style for i, style in defined.items() if i not in used]
    for style in unused:
        styles.remove(style)
    return len(unused)


def _normalised(data: bytes) -> bytes:
    """A rendered .docx with fixed entry times (as :func:`pipeline.zips.normalise_zip`), in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(fixed_entry(info.filename), source.read(info))
    return out.getvalue()


def _write(target: Path, data: bytes) -> None:
    """Write a rendered document whole; a write that fails (disk full, read-only) is exit 3.

    The document is built in memory first: a zip written straight to a file that fails half-way
    is closed again by the garbage collector, which prints a traceback.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        raise EnvironmentFailure(
            f"{target}: cannot write the document ({exc.strerror or exc}); check that the "
            "output folder is writable and the disk is not full"
        ) from exc


def _snippet(lines: Any) -> str:
    text = " ".join(str(line).strip() for line in (lines or []) if str(line).strip())
    return text if len(text) <= 80 else text[:77] + "..."


def render_documents(
    case: JsonObject, outdir: Path, templates_dir: Path = TEMPLATES_DIR
) -> tuple[RenderedDocument, ...]:
    """Render every document a case needs.

    Args:
        case: A case that passed validation.
        outdir: Where to write: ``documents/NN_<kind>.docx`` for the bundle and
            ``confidential/<kind>.docx`` for the contact sheet.
        templates_dir: The folder of ``<kind>.docx`` templates.

    Returns:
        The rendered documents, in bundle order, the confidential ones last.

    Raises:
        TemplateError: A template is missing or fails to render.
    """
    served = render_context(case)
    confidential = render_context(case, confidential=True)
    rendered = []
    for number, spec in enumerate(documents_for(case), start=1):
        if spec.confidential:
            target = outdir / "confidential" / spec.template
        else:
            target = outdir / "documents" / f"{number:02d}_{spec.template}"
        template = templates_dir / spec.template
        render_document(template, confidential if spec.confidential else served, target)
        rendered.append(RenderedDocument(spec=spec, template=template, path=target))
    return tuple(rendered)
