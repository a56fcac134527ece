"""A restricted protected person's details, however written, are caught in the case text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.restricted import (
    find_in_folded,
    find_restricted,
    fold,
    normalise,
    restricted_details,
)
from pipeline.validate import validate_case

Case = dict[str, Any]

# The example's protected person P1: Flat 2, 9 Orchard Row, Northtown NT2 3LD;
# 07700 900456; s.mitchell@mail.example; born 1991-09-30.
LEAKS = [
    ("address", "She now lives at 9 Orchard Row."),
    ("address", "seen outside FLAT 2,  9 ORCHARD ROW at night"),
    ("address", "He walked up and down Orchard Row."),
    ("postcode", "Her postcode is NT2 3LD."),
    ("postcode", "letters sent to NT23LD"),
    ("postcode", "nt2 3ld"),
    ("phone", "He rang 07700 900456 forty times."),
    ("phone", "texts to +44 7700 900456"),
    ("phone", "texts to +44 (0)7700-900-456"),
    ("phone", "texts to 0044 7700 900456"),
    ("phone", "texts to 07700900456"),
    ("email", "emails to S.Mitchell@Mail.Example daily"),
    ("date of birth", "a card on her birthday, 30/09/1991"),
    ("date of birth", "born 30.9.91"),
    ("date of birth", "born on 30th September 1991"),
    ("date of birth", "born September 30, 1991"),
    ("date of birth", "born 30 Sept 1991"),
    ("date of birth", "1991-09-30"),
]

NOT_LEAKS = [
    "Outside the victim's workplace, Northtown",
    "Flat 2 of the defendant's building",  # a flat number alone names nowhere
    "Forty-three messages on 30/09/2026",
    "Phone 07700 900457",
    "Reference 130/09/1991",
    "The NT2 bus",
]


@pytest.mark.parametrize(("kind", "text"), LEAKS)
def test_each_way_of_writing_a_detail_is_caught(
    kind: str, text: str, example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["incidents"][1]["description"] = text
    findings = validate_case(write_case(example)).findings
    assert [(f.rule, f.path) for f in findings] == [
        ("restricted_details", "/incidents/1/description")
    ]
    assert kind in findings[0].message


@pytest.mark.parametrize("text", NOT_LEAKS)
def test_text_that_only_looks_similar_is_not_a_leak(text: str, example: Case) -> None:
    details = restricted_details(example["protected_persons"][0])
    assert find_restricted(text, details) == []


@pytest.mark.parametrize(
    "where",
    [
        ("terms", 0, "text"),
        ("terms", 1, "justification"),
        ("terms", 1, "locality", "description"),
        ("incidents", 0, "location"),
        ("authorisation", "rationale", "victim_views"),
        ("interim", "justification"),
        ("risk_assessment", "summary"),
        ("protected_persons", 0, "views", "summary"),
        ("exhibits", 2, "description"),
    ],
)
def test_every_text_that_reaches_the_bundle_is_searched(
    where: tuple[str | int, ...], example: Case, write_case: Callable[[Any], Path]
) -> None:
    node: Any = example
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = "Near 9 Orchard Row, NT2 3LD"
    findings = validate_case(write_case(example)).findings
    assert [(f.rule, f.path) for f in findings] == [
        ("restricted_details", "/" + "/".join(map(str, where)))
    ]
    assert "address and postcode" in findings[0].message


def test_the_message_never_repeats_the_restricted_detail(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["incidents"][0]["location"] = "07700 900456, NT2 3LD, 9 Orchard Row"
    (finding,) = validate_case(write_case(example)).findings
    for secret in ("900456", "NT2", "Orchard"):
        assert secret not in finding.message


def test_details_are_free_when_the_address_is_not_restricted(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["protected_persons"][0]["restrict_address"] = False
    example["incidents"][0]["location"] = "Outside 9 Orchard Row, NT2 3LD"
    assert validate_case(write_case(example)).findings == ()


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_is_folded_as_any_other_text(text: str) -> None:
    # ASCII takes a short cut (no Unicode normalisation, a table for the separators); a
    # zero-width space, or a section sign at the end, sends the same text the general way.
    assert normalise(text) == normalise(text + "\u200b")
    assert fold(text) == fold(text + " \u00a7")


def test_a_phone_number_is_found_in_one_run_of_digits_only(example: Case) -> None:
    details = restricted_details(example["protected_persons"][0])
    assert find_restricted("call 7 7 0 0 9 0 0-4-5-6 now", details) == ["phone"]
    assert find_restricted("call 77009004 then 56", details) == []
    assert find_restricted("call 7700 900x456", details) == []


def test_one_folding_serves_several_people(example: Case) -> None:
    text = "Born 30 September 1991 at 9 Orchard Row"
    details = restricted_details(example["protected_persons"][0])
    assert find_in_folded(fold(text), details) == find_restricted(text, details)
    assert find_restricted(text, details) == ["address", "date of birth"]
