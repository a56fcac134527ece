"""``spo templates lint``: every template parses, and uses only what the render context holds.

For each ``templates/*.docx`` the body, headers and footers are prepared as docxtpl prepares
them, parsed and compiled with the same Jinja environment as rendering (so an unknown filter is
caught too), and every variable path is checked against the case schema and the documented
extras of :mod:`pipeline.context`, nested paths and loop variables included
(``{% for t in terms %}{{ t.locality.description }}``). A served document may use only the
served fields of a protected person: ``protected_persons[0].address`` in the summons is reported,
not left to fail at render time.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateSyntaxError, nodes

from pipeline.context import EXTRAS, SERVED_PERSON_FIELDS
from pipeline.render import DOCUMENTS, jinja_environment
from pipeline.schema import load_schema, resolve_node

ANY: dict[str, Any] = {}
"""A schema node that accepts any attribute (values the lint cannot follow)."""

_PARTS = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header": "header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer": "footer",
}


@dataclass(frozen=True, slots=True)
class LintProblem:
    """One problem in one template.

    Attributes:
        template: The template file.
        part: ``body``, ``header`` or ``footer``.
        variable: The variable path as written (``defendant.surnam``), or ``""`` for syntax.
        message: What is wrong and how to fix it.
        near: The text around the problem, as the template shows it in Word.
    """

    template: Path
    part: str
    variable: str
    message: str
    near: str

    def to_json(self) -> dict[str, str]:
        """The problem as ``spo templates lint --format json`` reports it."""
        return {
            "template": self.template.name,
            "part": self.part,
            "variable": self.variable,
            "message": self.message,
            "near": self.near,
        }


@dataclass(frozen=True, slots=True)
class LintReport:
    """The templates checked and the problems found."""

    templates: tuple[Path, ...]
    problems: tuple[LintProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when no template has a problem."""
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        """The report as ``spo templates lint --format json`` prints it."""
        return {
            "ok": self.ok,
            "templates": [t.name for t in self.templates],
            "problems": [p.to_json() for p in self.problems],
        }


# -- where a template's Jinja source comes from ------------------------------------------------


def _sources(path: Path) -> Iterator[tuple[str, str]]:
    """(part name, Jinja source) for the body, headers and footers, as docxtpl renders them."""
    document = Document(str(path))
    template = DocxTemplate(path)
    body = template.patch_xml(template.xml_to_string(document.element.body))
    yield "body", _one_paragraph_per_line(body)
    for rel in document.part.rels.values():
        part = _PARTS.get(rel.reltype)
        if part and rel.target_part.blob:
            xml = template.xml_to_string(parse_xml(rel.target_part.blob))
            yield part, _one_paragraph_per_line(template.patch_xml(xml))


def _one_paragraph_per_line(xml: str) -> str:
    # As docxtpl does before rendering, so line numbers point at paragraphs.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _near(source: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:97] + "..."


# -- what the context holds --------------------------------------------------------------------


def _extra_shapes() -> dict[str, Any]:
    props = load_schema()["properties"]
    shapes: dict[str, Any] = {name: {"type": "string"} for name in EXTRAS}
    shapes["chronology"] = props["incidents"]
    shapes["requirements"] = props["terms"]
    shapes["prohibitions"] = props["terms"]
    shapes["display_names"] = ANY
    shapes["defendant_age"] = {"type": "integer"}
    shapes["interim_sought"] = {"type": "boolean"}
    return shapes


def _served_person(node: Any) -> Any:
    props = node.get("properties", {})
    return {**node, "properties": {k: props[k] for k in SERVED_PERSON_FIELDS if k in props}}


class _Scope:
    """Names a template can use, each with the schema node of its value."""

    def __init__(self, confidential: bool) -> None:
        schema = load_schema()
        people = schema["properties"]["protected_persons"]
        if not confidential:
            people = {**people, "items": _served_person(people["items"])}
        self.names: dict[str, Any] = {**schema["properties"], "protected_persons": people}
        self.names.update(_extra_shapes())
        self.names["loop"] = ANY

    def child(self, **bound: Any) -> _Scope:
        scope = _Scope.__new__(_Scope)
        scope.names = {**self.names, **bound}
        return scope


def _step(node: Any, key: str | int) -> tuple[Any, str | None]:
    """The schema node one step down, or why there is none."""
    node = resolve_node(node)
    if node is ANY:
        return ANY, None
    if isinstance(key, int) or key == "[]":
        return (node["items"], None) if "items" in node else (None, "is not a list")
    props = node.get("properties")
    if props is not None:
        if key in props:
            return props[key], None
        close = difflib.get_close_matches(key, list(props), n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        return None, f'has no field "{key}"{hint}'
    if "items" in node and key in dir(list):
        return ANY, None
    if node.get("type") in ("string", None) and key in dir(str):
        return ANY, None  # a string method such as upper()
    return None, f'has no field "{key}"'


# -- walking the template ----------------------------------------------------------------------


def _chain(node: nodes.Node) -> tuple[str, list[str | int]] | None:
    """``a.b[0].c`` -> ("a", ["b", 0, "c"]); None when the base is not a plain name."""
    keys: list[str | int] = []
    while True:
        if isinstance(node, nodes.Getattr):
            keys.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            value = node.arg.value
            keys.append(value if isinstance(value, int | str) else "[]")
            node = node.node
        elif isinstance(node, nodes.Getitem):
            keys.append("[]")
            node = node.node
        elif isinstance(node, nodes.Name):
            return node.name, list(reversed(keys))
        else:
            return None


def _written(name: str, keys: list[str | int]) -> str:
    text = name
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else ("[...]" if key == "[]" else f".{key}")
    return text


class _Checker:
    def __init__(self, template: Path, part: str, source: str) -> None:
        self.template, self.part, self.source = template, part, source
        self.problems: list[LintProblem] = []

    def problem(self, node: nodes.Node, variable: str, message: str) -> None:
        near = _near(self.source, getattr(node, "lineno", None))
        self.problems.append(LintProblem(self.template, self.part, variable, message, near))

    def value_of(self, node: nodes.Node, scope: _Scope) -> Any:
        """Check an expression; return the schema node of its value (ANY when unknown)."""
        chain = _chain(node)
        if chain is None:
            self.visit(node, scope)
            return ANY
        name, keys = chain
        for dynamic in self._dynamic_items(node):
            self.visit(dynamic, scope)
        if name not in scope.names:
            close = difflib.get_close_matches(name, list(scope.names), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            self.problem(node, _written(name, keys), f'"{name}" is not in the render context{hint}')
            return ANY
        current = scope.names[name]
        for i, key in enumerate(keys):
            current, why = _step(current, key)
            if why:
                where = _written(name, keys[:i])
                self.problem(node, _written(name, keys), f"{where} {why}")
                return ANY
        return current

    @staticmethod
    def _dynamic_items(node: nodes.Node) -> Iterator[nodes.Node]:
        while isinstance(node, nodes.Getattr | nodes.Getitem):
            if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
                yield node.arg
            node = node.node

    def visit(self, node: nodes.Node, scope: _Scope) -> None:
        if isinstance(node, nodes.For):
            self.visit_for(node, scope)
        elif isinstance(node, nodes.Assign):
            value = self.value_of(node.node, scope)
            if isinstance(node.target, nodes.Name):
                scope.names[node.target.name] = value
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            names = {arg.name: ANY for arg in getattr(node, "args", [])}
            inner = scope.child(**names, caller=ANY, varargs=ANY, kwargs=ANY)
            for child in node.body:
                self.visit(child, inner)
        elif isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.value_of(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def visit_for(self, node: nodes.For, scope: _Scope) -> None:
        collection = self.value_of(node.iter, scope)
        item, _ = _step(collection, "[]")
        targets = node.target.items if isinstance(node.target, nodes.Tuple) else [node.target]
        bound = {t.name: ANY for t in targets if isinstance(t, nodes.Name)}
        if len(targets) == 1 and isinstance(targets[0], nodes.Name):
            bound[targets[0].name] = item if item is not None else ANY
        inner = scope.child(**bound)
        if node.test is not None:
            self.visit(node.test, inner)
        for child in node.body:
            self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)


def lint_template(path: Path, *, confidential: bool = False) -> list[LintProblem]:
    """Check one template.

    Args:
        path: A ``.docx`` template.
        confidential: True for a template whose document is never served (full context).

    Returns:
        Its problems; empty when it is fine.
    """
    env = jinja_environment()
    try:
        sources = list(_sources(path))
    except Exception as exc:  # python-docx raises several types for a file that is not a .docx
        return [LintProblem(path, "file", "", f"not a readable Word document ({exc})", "")]
    problems: list[LintProblem] = []
    for part, source in sources:
        try:
            tree = env.parse(source)
            env.compile(source)  # unknown filters and tests are found when compiling
        except TemplateSyntaxError as exc:
            near = _near(source, exc.lineno)
            problems.append(LintProblem(path, part, "", f"syntax error: {exc.message}", near))
            continue
        except JinjaTemplateError as exc:
            problems.append(LintProblem(path, part, "", f"template error: {exc.message}", ""))
            continue
        checker = _Checker(path, part, source)
        checker.visit(tree, _Scope(confidential))
        problems += checker.problems
    return problems


def lint_templates(templates_dir: Path) -> LintReport:
    """Check every template in a folder, and that every document has its template.

    Args:
        templates_dir: The templates folder (``templates/``).

    Returns:
        The report; ``report.ok`` is False when any template has a problem.
    """
    found = sorted(templates_dir.glob("*.docx"))
    problems: list[LintProblem] = []
    names = {p.name for p in found}
    for spec in DOCUMENTS:
        if spec.template not in names:
            missing = templates_dir / spec.template
            problems.append(
                LintProblem(missing, "file", "", f"missing: the template for {spec.title}", "")
            )
    confidential = {spec.template for spec in DOCUMENTS if spec.confidential}
    for path in found:
        if path.name.startswith("~$"):
            continue  # Word's lock file while a template is open
        problems += lint_template(path, confidential=path.name in confidential)
    return LintReport(templates=tuple(found), problems=tuple(problems))
