"""JSON Schema validation of a case file, with messages written for people.

``schemas/case.schema.json`` is the one source of truth for the shape of a case. jsonschema's own
messages are for programmers; here each error becomes a :class:`~pipeline.models.Finding` with
the rule id ``schema``, the JSON Pointer of the field at fault (for a missing field: the field's
own pointer) and a sentence that uses the schema's ``description`` of the field.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from pipeline.errors import EnvironmentFailure
from pipeline.models import Finding, JsonObject, Severity, pointer
from pipeline.paths import CASE_SCHEMA

_JSON_TYPES = {
    "object": "an object { ... }",
    "array": "a list [ ... ]",
    "string": "text in quotes",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def load_schema() -> JsonObject:
    """The case schema, read once.

    Raises:
        EnvironmentFailure: The schema file is missing or broken (an installation problem).
    """
    try:
        schema: JsonObject = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EnvironmentFailure(
            f"{CASE_SCHEMA}: the case schema cannot be read ({exc}); reinstall spo-bundle"
        ) from exc
    return schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _description(schema: Any) -> str:
    if isinstance(schema, dict):
        description = schema.get("description")
        if isinstance(description, str):
            return description
    return "this field"


def resolve_node(node: Any) -> Any:
    """Follow local ``$ref`` links and step into the non-null branch of ``anyOf``.

    A node that is neither (a plain field schema) comes back as it is, the same object.
    """
    root = load_schema()
    for _ in range(10):
        if not isinstance(node, dict):
            return {}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node = root["$defs"].get(ref.removeprefix("#/$defs/"), {})
            continue
        branches = [b for b in node.get("anyOf", []) if b != {"type": "null"}]
        if branches and "properties" not in node and "items" not in node:
            node = branches[0]
            continue
        return node
    return node


def _field_description(parts: Any) -> str:
    """The schema's description of the field at an instance path, as the parent words it."""
    node: Any = load_schema()
    for part in parts:
        parent = resolve_node(node)
        node = (
            parent.get("items") if isinstance(part, int) else parent.get("properties", {}).get(part)
        )
        if node is None:
            return "this field"
    description = _description(node)
    return description if description != "this field" else _description(resolve_node(node))


def _expected(types: Any) -> str:
    names = [types] if isinstance(types, str) else list(types)
    return " or ".join(_JSON_TYPES.get(t, t) for t in names)


def _pick(error: ValidationError) -> ValidationError:
    """For anyOf (a value or null), explain the branch that is not null."""
    if error.validator == "anyOf" and error.context:
        not_null = [
            e for e in error.context if e.validator != "type" or e.validator_value != "null"
        ]
        picked: ValidationError = best_match(not_null or error.context)
        return picked
    return error


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _findings_for(error: ValidationError) -> Iterator[tuple[str, str]]:
    """Yield (pointer, message) for one jsonschema error."""
    error = _pick(error)
    where = pointer(*error.absolute_path)
    kind, value, schema = error.validator, error.instance, error.schema
    if kind == "required":
        props = schema.get("properties", {}) if isinstance(schema, dict) else {}
        present = value if isinstance(value, dict) else {}
        for key in _listed(error.validator_value):
            if key not in present:
                described = _field_description([*error.absolute_path, key])
                if described == "this field":
                    described = _description(props.get(key))
                yield (
                    where + pointer(key),
                    f'Missing field "{key}": {_lower_first(described)}. Add it.',
                )

        return
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {})) if isinstance(schema, dict) else []
        for key in value if isinstance(value, dict) else {}:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f' Did you mean "{close[0]}"?' if close else " Remove it or correct its name."
            yield where + pointer(key), f"Unknown field {_shown(key)}.{hint}"
        return
    if kind == "not" and isinstance(value, dict) and "months" in value:
        yield where + "/months", 'A duration "until_further_order" has no "months"; remove it.'
        return
    yield where, _message(error, kind, value, schema)


def _message(error: ValidationError, kind: Any, value: Any, schema: Any) -> str:
    what = _field_description(error.absolute_path)
    if kind == "type":
        return f"{what} must be {_expected(error.validator_value)}, not {_json_type(value)}."
    if kind == "enum":
        allowed = ", ".join(str(v) for v in _listed(error.validator_value))
        return f"{_shown(value)} is not allowed here ({_lower_first(what)}). Use one of: {allowed}."
    if kind == "const":
        return f"{_shown(value)} is not allowed here: it must be {_shown(error.validator_value)}."
    if kind in ("pattern", "format"):
        if isinstance(value, str) and not value.strip():
            return f"{what} must not be empty."
        if schema.get("format") == "date":
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(value)):
                return f"{_shown(value)} is not a date written as YYYY-MM-DD (e.g. 2026-11-20)."
            return f"{_shown(value)} is not a real date; check the day and month."
        return f"{_shown(value)} is not valid here: expected {_lower_first(_description(schema))}."
    if kind == "minLength":
        return f"{what} must not be empty."
    if kind == "maxLength":
        return f"{what} is too long ({len(value)} characters; at most {error.validator_value})."
    if kind == "minItems":
        return f"{what} must have at least {error.validator_value} entry; add one."
    if kind == "uniqueItems":
        return f"{what} lists the same value twice; remove the repeat."
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return f"{what} must be {bound} {error.validator_value}, not {_shown(value)}."
    return f"{what} is not valid: {error.message}."


def schema_findings(data: Any) -> list[Finding]:
    """Check a parsed case file against ``schemas/case.schema.json``.

    Args:
        data: The parsed JSON value.

    Returns:
        One ``schema`` finding per field at fault, however many ways it is wrong.
    """
    by_path: dict[str, str] = {}
    for error in _validator().iter_errors(data):
        for where, message in _findings_for(error):
            by_path.setdefault(where, message)
    return [Finding("schema", Severity.error, where, msg) for where, msg in by_path.items()]
