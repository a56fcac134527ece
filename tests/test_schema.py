"""The case schema: the spec's contract, with a description on every field and plain messages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pipeline.schema import load_schema
from pipeline.validate import validate_case

Case = dict[str, Any]


def _walk(node: Any, where: str = "#") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        yield where, node
        for key, child in node.items():
            yield from _walk(child, f"{where}/{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _walk(child, f"{where}/{i}")


def _in_condition(where: str) -> bool:
    """Properties inside if/then/else/not refine a field described elsewhere."""
    return bool({"if", "then", "else", "not"} & set(where.split("/")))


def _findings(write_case: Callable[[Any], Path], case: Case) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.message) for f in validate_case(write_case(case)).findings]


def test_the_schema_is_valid_json_schema_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_property_has_a_description() -> None:
    undescribed = [
        f"{where}/properties/{name}"
        for where, node in _walk(load_schema())
        for name, prop in node.get("properties", {}).items()
        if "description" not in prop and not _in_condition(where)
    ]
    assert undescribed == []


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("case/application_type", ["new", "variation", "renewal", "discharge"]),
        ("court/court_type", ["magistrates", "youth"]),
        ("applicant/jurisdiction_basis",
         ["resides_in_area", "believed_in_area", "intends_to_come", "non_territorial"]),
        ("authorisation/decision", ["authorised", "refused", "returned"]),
        ("incidents/source", ["victim", "witness", "cctv", "digital", "police", "other"]),
        ("incidents/behaviours", ["following", "contact_or_attempt", "publishing",
                                  "monitoring_electronic", "loitering", "interfering_property",
                                  "watching_spying", "other"]),
        ("risk_assessment/tool", ["DASH", "S-DASH", "SST", "other"]),
        ("risk_assessment/level", ["standard", "medium", "high"]),
        ("protected_persons/role", ["victim", "proxy"]),
    ],
)  # fmt: skip
def test_the_enums_of_the_spec(path: str, values: list[str]) -> None:
    node: Any = load_schema()
    for key in path.split("/"):
        node = node["properties"][key]
        node = node.get("items", node)
    assert node["enum"] == values


def test_term_kinds_and_durations() -> None:
    defs = load_schema()["$defs"]
    assert defs["term"]["properties"]["kind"]["enum"] == ["prohibition", "requirement"]
    assert defs["duration"]["properties"]["type"]["enum"] == ["fixed", "until_further_order"]


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda c: c["case"].update(urn="47NS012342"), "/case/urn", "Unique Reference Number"),
        (lambda c: c["defendant"]["address"].update(postcode="nt4 7qp"),
         "/defendant/address/postcode", "UK postcode"),
        (lambda c: c["defendant"].update(date_of_birth="12/04/1988"),
         "/defendant/date_of_birth", "YYYY-MM-DD"),
        (lambda c: c["hearing"].update(date="2026-02-30"), "/hearing/date", "not a real date"),
        (lambda c: c["hearing"].update(time="25:00"), "/hearing/time", "HH:MM"),
        (lambda c: c["hearing"].update(time_estimate_minutes="60"),
         "/hearing/time_estimate_minutes", "must be a whole number, not text"),
        (lambda c: c["incidents"][1]["behaviours"].append("shouting"),
         "/incidents/1/behaviours/1", "Use one of: following"),
        (lambda c: c["defendant"].update(date_of_brith="1988-04-12"),
         "/defendant/date_of_brith", 'Did you mean "date_of_birth"?'),
        (lambda c: c["protected_persons"][0]["contact"].update(phone="call me"),
         "/protected_persons/0/contact/phone", "UK phone number"),
        (lambda c: c["terms"][0].update(text="   "), "/terms/0/text", "must not be empty"),
        (lambda c: c.update(duration={"type": "until_further_order", "months": 24}),
         "/duration/months", "has no \"months\""),
        (lambda c: c.update(duration={"type": "fixed"}), "/duration/months", "Missing field"),
        (lambda c: c.update(schema_version="2.0"), "/schema_version", '"1.0"'),
        (lambda c: c["exhibits"][0].update(file="exhibits/JO-1.docx"), "/exhibits/0/file", "PDF"),
    ],
    ids=["urn", "postcode", "date-format", "impossible-date", "time", "type", "enum",
         "unknown-field", "phone", "blank-text", "months-on-ufo", "months-missing", "version",
         "not-pdf-name"],
)  # fmt: skip
def test_schema_errors_name_the_field_and_say_what_is_expected(
    change: Callable[[Case], None],
    path: str,
    words: str,
    example: Case,
    write_case: Callable[[Any], Path],
) -> None:
    change(example)
    found = [(rule, p, msg) for rule, p, msg in _findings(write_case, example) if p == path]
    assert found, _findings(write_case, example)
    assert found[0][0] == "schema"
    assert words in found[0][2]


def test_a_missing_field_is_reported_at_its_own_pointer(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    del example["terms"][1]["justification"]
    assert _findings(write_case, example) == [
        (
            "schema",
            "/terms/1/justification",
            'Missing field "justification": why this term is necessary to protect the person '
            "from the risk (s2(2)). Add it.",
        )
    ]


def test_no_fixed_abode_needs_no_address(example: Case, write_case: Callable[[Any], Path]) -> None:
    example["defendant"]["no_fixed_abode"] = True
    example["defendant"]["address"] = None
    assert _findings(write_case, example) == []
    example["defendant"]["no_fixed_abode"] = False
    assert [p for _, p, _ in _findings(write_case, example)] == ["/defendant/address"]
    del example["defendant"]["address"]
    assert [p for _, p, _ in _findings(write_case, example)] == ["/defendant/address"]


def test_an_interim_application_needs_the_authorisers_interim_reasons(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    del example["authorisation"]["rationale"]["interim"]
    assert [p for _, p, _ in _findings(write_case, example)] == ["/authorisation/rationale/interim"]
    del example["interim"]
    assert _findings(write_case, example) == []


def test_a_new_application_needs_a_term_and_an_incident(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["terms"] = []
    example["incidents"] = []
    paths = {p for rule, p, _ in _findings(write_case, example) if rule == "schema"}
    assert paths == {"/terms", "/incidents"}


def test_optional_parts_may_be_left_out(example: Case, write_case: Callable[[Any], Path]) -> None:
    for key in ("interim", "hearsay_notices", "signoffs"):
        example.pop(key)
    del example["authorisation"]["rationale"]["interim"]
    assert _findings(write_case, example) == []
