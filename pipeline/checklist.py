"""Load the bundle checklist (``checklists/magistrates-spo.toml``) into typed items.

The checklist is data so that a force's legal team can edit the wording, the title phrases and
when each document is required without touching code (``shared/spec/checklist.md``). The file's
header documents every field and the vocabulary of conditions. A broken file is a one-line
error naming the item and the field: exit 2 when the file was named on the command line
(``--checklist``), exit 3 when the built-in one is broken (the installation is at fault).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pipeline.errors import EnvironmentFailure, InputError, SpoError
from pipeline.paths import ROOT

CHECKLIST = ROOT / "checklists" / "magistrates-spo.toml"
"""The built-in checklist."""

BUNDLE_CHECKS = frozenset(
    {
        "text_layer",
        "page_numbers",
        "index_matches",
        "bookmarks",
        "page_format",
        "open_view",
        "file_size",
        "mg11_declaration",
        "signatures",
        "no_placeholders",
        "consistent_identity",
        "restricted_details",
        "terms_match",
    }
)
"""The checks the program makes: the only ids a ``kind = "bundle"`` item may have."""

CONDITIONS = frozenset(
    {
        "always",
        "application:new",
        "application:variation",
        "application:renewal",
        "application:discharge",
        "interim",
        "hearsay",
        "exhibits",
        "draft_order",
        "soa_notification",
    }
)
"""The vocabulary of ``required_when`` and ``unless`` (documented at the top of the file)."""

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_COMMON = {"id", "kind", "wording"}
_FIELDS = {
    "document": _COMMON | {"title", "with_phrase", "find", "on_pages", "required_when", "unless"},
    "bundle": _COMMON | {"severity", "needs_case", "limit_mb", "tolerance_mm", "patterns"},
    "person": _COMMON | {"needs_signoff"},
}


class ItemKind(StrEnum):
    """What an item is about."""

    document = "document"
    """A document the bundle must hold, found by its title."""
    bundle = "bundle"
    """A check on the whole bundle, made by the program."""
    person = "person"
    """Something only a person can confirm (a sign-off)."""


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One item of the checklist.

    Attributes:
        id: The item id of ``checklist.md`` (``complaint``, ``page_numbers``, ``legal_review``).
        kind: Document, bundle check or person.
        wording: What a person reads.
        titles: Documents: the title phrases that start the document.
        with_phrase: Documents: a phrase that must also be on the first page (``MG11``).
        find: Documents: ``title``, or ``exhibit_refs`` for the exhibits.
        on_pages: Documents: the pages the document must be on (empty: anywhere).
        required_when: Documents: conditions, any of which makes the document required.
        unless: Documents: conditions, any of which makes it not required.
        severity: Bundle checks: ``fail`` or ``warning``, what a finding makes the item.
        needs_case: Bundle checks: the check needs the case file.
        limit_mb: ``file_size``: the largest file in MB.
        tolerance_mm: ``page_format``: how far a page may be from A4.
        patterns: ``no_placeholders``: regular expressions of leftover template text.
        needs_signoff: Person items: passes only with a ``signoffs[]`` entry.
    """

    id: str
    kind: ItemKind
    wording: str
    titles: tuple[str, ...] = ()
    with_phrase: str | None = None
    find: str = "title"
    on_pages: tuple[int, ...] = ()
    required_when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    severity: str = "fail"
    needs_case: bool = False
    limit_mb: float | None = None
    tolerance_mm: float | None = None
    patterns: tuple[str, ...] = ()
    needs_signoff: bool = False


@dataclass(frozen=True, slots=True)
class Checklist:
    """The checklist: its items in report order.

    Attributes:
        name: The checklist's name.
        version: Its version, as the file gives it.
        source: The file it was read from.
        items: The items, in the order of the file.
    """

    name: str
    version: str
    source: Path
    items: tuple[ChecklistItem, ...]

    @property
    def documents(self) -> tuple[ChecklistItem, ...]:
        """The document items."""
        return tuple(i for i in self.items if i.kind is ItemKind.document)

    def get(self, item_id: str) -> ChecklistItem | None:
        """The item with this id, or None."""
        return next((i for i in self.items if i.id == item_id), None)


class _Broken(Exception):
    """A problem in the checklist file; the loader turns it into the right SpoError."""


def _strings(value: Any, where: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Broken(f"{where} must be a list of non-empty strings")
    if not value and not allow_empty:
        raise _Broken(f"{where} must not be empty")
    return tuple(v.strip() for v in value)


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _Broken(f"{where} must be true or false")
    return value


def _positive(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _Broken(f"{where} must be a positive number")
    return float(value)


def _conditions(value: Any, where: str) -> tuple[str, ...]:
    conditions = _strings(value, where)
    unknown = [c for c in conditions if c not in CONDITIONS]
    if unknown:
        raise _Broken(
            f"{where}: unknown condition {unknown[0]!r}; use one of {', '.join(sorted(CONDITIONS))}"
        )
    return conditions


def _document(raw: dict[str, Any], where: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    find = raw.get("find", "title")
    if find not in ("title", "exhibit_refs"):
        raise _Broken(f'{where}.find must be "title" or "exhibit_refs"')
    fields["find"] = find
    if find == "title":
        if "title" not in raw:
            raise _Broken(f"{where} needs a title (the phrase that starts the document)")
        fields["titles"] = _strings(raw["title"], f"{where}.title")
    if "with_phrase" in raw:
        fields["with_phrase"] = _strings(raw["with_phrase"], f"{where}.with_phrase")[0]
    if "on_pages" in raw:
        pages = raw["on_pages"]
        if not isinstance(pages, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in pages
        ):
            raise _Broken(f"{where}.on_pages must be a list of page numbers (1, 2...)")
        fields["on_pages"] = tuple(pages)
    if "required_when" not in raw:
        raise _Broken(f'{where} needs required_when (a list of conditions, e.g. ["always"])')
    fields["required_when"] = _conditions(raw["required_when"], f"{where}.required_when")
    if "unless" in raw:
        fields["unless"] = _conditions(raw["unless"], f"{where}.unless")
    return fields


def _bundle(item_id: str, raw: dict[str, Any], where: str) -> dict[str, Any]:
    if item_id not in BUNDLE_CHECKS:
        raise _Broken(
            f"{where}: no check is built for a bundle item {item_id!r}; bundle items are "
            f"{', '.join(sorted(BUNDLE_CHECKS))}"
        )
    fields: dict[str, Any] = {}
    severity = raw.get("severity", "fail")
    if severity not in ("fail", "warning"):
        raise _Broken(f'{where}.severity must be "fail" or "warning"')
    fields["severity"] = severity
    if "needs_case" in raw:
        fields["needs_case"] = _boolean(raw["needs_case"], f"{where}.needs_case")
    if "limit_mb" in raw:
        fields["limit_mb"] = _positive(raw["limit_mb"], f"{where}.limit_mb")
    if "tolerance_mm" in raw:
        fields["tolerance_mm"] = _positive(raw["tolerance_mm"], f"{where}.tolerance_mm")
    if "patterns" in raw:
        patterns = _strings(raw["patterns"], f"{where}.patterns")
        for number, pattern in enumerate(patterns, start=1):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise _Broken(f"{where}.patterns[{number}] is not a valid pattern: {exc}") from exc
        fields["patterns"] = patterns
    return fields


def _item(raw: Any, number: int, seen: set[str]) -> ChecklistItem:
    where = f"item {number}"
    if not isinstance(raw, dict):
        raise _Broken(f"{where} must be a table ([[item]])")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not _ID.match(item_id):
        raise _Broken(f'{where}.id must be lower case letters, digits and _ (e.g. "summons")')
    where = f"item {item_id!r}"
    if item_id in seen:
        raise _Broken(f"{where} appears twice; ids must be unique")
    seen.add(item_id)
    kind = raw.get("kind")
    if kind not in _FIELDS:
        raise _Broken(f'{where}.kind must be "document", "bundle" or "person"')
    unknown = sorted(set(raw) - _FIELDS[kind])
    if unknown:
        raise _Broken(f"{where}: unknown field {unknown[0]!r} for a {kind} item")
    wording = raw.get("wording")
    if not isinstance(wording, str) or not wording.strip():
        raise _Broken(f"{where}.wording must be the text a person reads")
    fields: dict[str, Any]
    if kind == "document":
        fields = _document(raw, where)
    elif kind == "bundle":
        fields = _bundle(item_id, raw, where)
    else:
        fields = {
            "needs_signoff": _boolean(raw.get("needs_signoff", False), f"{where}.needs_signoff")
        }
    return ChecklistItem(id=item_id, kind=ItemKind(kind), wording=wording.strip(), **fields)


def _parse(path: Path) -> Checklist:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise _Broken("no such file") from exc
    except IsADirectoryError as exc:
        raise _Broken("is a folder, not a checklist file") from exc
    except OSError as exc:
        raise _Broken(f"cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise _Broken("not UTF-8 text; save the checklist as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise _Broken(f"not valid TOML: {exc}") from exc
    head = raw.get("checklist", {})
    if not isinstance(head, dict):
        raise _Broken("[checklist] must be a table with name and version")
    items = raw.get("item")
    if not isinstance(items, list) or not items:
        raise _Broken("no [[item]] tables: the checklist has no items")
    unknown = sorted(set(raw) - {"checklist", "item"})
    if unknown:
        raise _Broken(f"unknown table {unknown[0]!r}; the file holds [checklist] and [[item]]")
    seen: set[str] = set()
    parsed = tuple(_item(item, number, seen) for number, item in enumerate(items, start=1))
    return Checklist(
        name=str(head.get("name", path.stem)),
        version=str(head.get("version", "")),
        source=path,
        items=parsed,
    )


def load_checklist(path: Path | None = None) -> Checklist:
    """Read and validate a checklist file.

    Args:
        path: A checklist named on the command line; None for the built-in one
            (``checklists/magistrates-spo.toml``).

    Returns:
        The checklist.

    Raises:
        InputError: The named file is missing, unreadable or broken (exit 2).
        EnvironmentFailure: The built-in checklist is missing or broken (exit 3).
    """
    source = CHECKLIST if path is None else path
    try:
        return _parse(source)
    except _Broken as exc:
        error: type[SpoError] = InputError if path is not None else EnvironmentFailure
        fix = (
            "correct the file (its header documents every field)"
            if path is not None
            else "the built-in checklist is broken; restore it from the repository"
        )
        raise error(f"{source}: {exc}; {fix}") from None
