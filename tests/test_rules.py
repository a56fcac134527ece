"""Each legal rule of case-model.md: a case that breaks exactly that rule, and the boundaries."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.rules import RULES
from pipeline.validate import validate_case

from .conftest import SPEC, Run

Case = dict[str, Any]


def _set(*path: str | int, value: Any) -> Callable[[Case], None]:
    def mutate(case: Case) -> None:
        node: Any = case
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def _delete(*path: str | int) -> Callable[[Case], None]:
    def mutate(case: Case) -> None:
        node: Any = case
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


def _existing_order(case: Case) -> Case:
    return {
        "reference": "SPO/2025/0031",
        "court": "Northtown Magistrates' Court",
        "date_made": "2025-01-10",
        "terms": [{"id": "T1", "kind": "prohibition", "text": case["terms"][0]["text"]}],
        "duration": {"type": "fixed", "months": 24},
    }


def _variation(consent_defendant: bool = True) -> Case:
    return {
        "grounds": "The protected person has moved; the exclusion zone must move with her.",
        "proposed_terms": [],
        "consent": {"defendant": consent_defendant, "chief_officer": True},
    }


def _as_s4(kind: str, *, keep_interim: bool = False, **parts: Any) -> Callable[[Case], None]:
    def mutate(case: Case) -> None:
        case["case"]["application_type"] = kind
        if not keep_interim:
            del case["interim"]
        for key, make in parts.items():
            case[key] = make(case) if callable(make) else make

    return mutate


def _discharge_without_consent(case: Case) -> None:
    _as_s4("discharge", existing_order=_existing_order, variation=_variation(False))(case)


def _late_hearsay(case: Case) -> None:
    case["hearsay_notices"] = [
        {
            "statement_of": "Aisha Rahman",
            "reason_not_called": "Lives abroad and cannot attend.",
            "served_date": "2026-12-10",
        }
    ]


def _existing_spo(case: Case) -> None:
    case["defendant"]["existing_orders"] = [
        {
            "type": "Stalking Protection Order",
            "reference": "SPO/2024/0007",
            "court": "Southbridge Magistrates' Court",
            "date_made": "2024-05-02",
            "terms": ["Not to contact Joanne Pike."],
        }
    ]


# rule id, how the example is broken, the pointer of the field at fault, the exit code
BREAKS: list[tuple[str, Callable[[Case], None], str, int]] = [
    ("schema", _delete("defendant", "date_of_birth"), "/defendant/date_of_birth", 1),
    ("authoriser_rank", _set("authorisation", "officer", "rank", value="Chief Inspector"),
     "/authorisation/officer/rank", 1),
    ("authorisation_decision", _set("authorisation", "decision", value="returned"),
     "/authorisation/decision", 1),
    ("authorisation_signed", _set("authorisation", "signed", value=False),
     "/authorisation/signed", 1),
    ("authorisation_date", _set("authorisation", "date", value="2026-11-21"),
     "/authorisation/date", 1),
    ("hearing_date", _set("hearing", "date", value="2026-11-19"), "/hearing/date", 1),
    ("jurisdiction_basis", _set("applicant", "jurisdiction_basis", value="non_territorial"),
     "/applicant/jurisdiction_basis", 1),
    ("youth_court", _set("court", "court_type", value="youth"), "/court/court_type", 1),
    ("unique_ids", _set("terms", 1, "id", value="T1"), "/terms/1/id", 1),
    ("references", _set("terms", 0, "incident_ids", value=["I1", "I2", "I9"]),
     "/terms/0/incident_ids/2", 1),
    ("incident_dates", _set("incidents", 0, "date_end", value="2026-03-13"),
     "/incidents/0/date_end", 1),
    ("term_conflicts", _set("terms", 1, "conflicts_checked", "religion", value=False),
     "/terms/1/conflicts_checked/religion", 1),
    ("term_incidents", _set("terms", 2, "incident_ids", value=[]), "/terms/2/incident_ids", 1),
    ("duration_minimum", _set("duration", "months", value=18), "/duration/months", 1),
    ("term_duration", _set("terms", 0, "duration", value={"type": "fixed", "months": 36}),
     "/terms/0/duration", 1),
    ("interim_period", _delete("interim", "end_date"), "/interim", 1),
    ("interim_type", _as_s4("variation", keep_interim=True, existing_order=_existing_order,
                            variation=_variation()), "/interim/requested", 1),
    ("existing_order", _as_s4("renewal", variation=_variation()), "/existing_order", 1),
    ("discharge_consent", _discharge_without_consent, "/variation/consent/defendant", 1),
    ("restricted_details", _set("incidents", 0, "location", value="Outside 9 Orchard Row"),
     "/incidents/0/location", 1),
    ("exhibit_files", _set("exhibits", 1, "file", value="exhibits/missing.pdf"),
     "/exhibits/1/file", 1),
    ("hearsay_deadline", _late_hearsay, "/hearsay_notices/0/served_date", 0),
    ("victim_views", _set("protected_persons", 0, "views", "consulted", value=False),
     "/protected_persons/0/views/reason_not_consulted", 0),
    ("existing_spo", _existing_spo, "/defendant/existing_orders/0", 0),
    ("requirement_provider", _delete("terms", 2, "provider"), "/terms/2/provider", 0),
]  # fmt: skip


def test_the_example_breaks_no_rule(
    example: Case, write_case: Callable[[Any], Path], spo: Callable[..., Run]
) -> None:
    result = spo("validate", write_case(example), "--format", "json")
    assert result.code == 0, result.out
    assert json.loads(result.out) == {"valid": True, "findings": []}


@pytest.mark.parametrize(("rule", "breaking", "path", "code"), BREAKS, ids=[b[0] for b in BREAKS])
def test_a_case_that_breaks_one_rule_is_reported_under_that_rule(
    rule: str,
    breaking: Callable[[Case], None],
    path: str,
    code: int,
    example: Case,
    write_case: Callable[[Any], Path],
    spo: Callable[..., Run],
) -> None:
    breaking(example)
    result = spo("validate", write_case(example), "--format", "json")
    report = json.loads(result.out)
    assert {f["rule"] for f in report["findings"]} == {rule}
    assert path in [f["path"] for f in report["findings"]]
    assert result.code == code
    assert report["valid"] is (code == 0)
    severity = "error" if code else "warning"
    assert {f["severity"] for f in report["findings"]} == {severity}


def test_every_rule_in_the_spec_has_a_breaking_case_and_an_implementation() -> None:
    tested = {b[0] for b in BREAKS}
    assert tested == set(RULES) | {"schema"}
    model = SPEC / "case-model.md"
    if not model.exists():
        pytest.skip(f"the shared spec is not at {model}")
    table = model.read_text(encoding="utf-8").split("## Rules the validator enforces")[1]
    spec_rules = set(re.findall(r"^\| `([a-z_]+)` \| (?:error|warning) \|", table, re.MULTILINE))
    assert spec_rules == tested


@pytest.mark.parametrize(
    "rank",
    ["Superintendent", "Detective Superintendent", "Chief Superintendent", "Det. Ch. Supt",
     "T/Superintendent", "Acting Chief Superintendent", "Commander", "Assistant Chief Constable",
     "Deputy Chief Constable", "Chief Constable", "Deputy Assistant Commissioner",
     "Assistant Commissioner", "Commissioner", "  superintendent "],
)  # fmt: skip
def test_superintendent_and_above_may_authorise(
    rank: str, example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["authorisation"]["officer"]["rank"] = rank
    assert validate_case(write_case(example)).findings == ()


@pytest.mark.parametrize(
    "rank",
    [
        "Chief Inspector",
        "Inspector",
        "Detective Sergeant",
        "Police Staff",
        "Superintendent's staff officer",
    ],
)
def test_ranks_below_superintendent_may_not_authorise(
    rank: str, example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["authorisation"]["officer"]["rank"] = rank
    assert [f.rule for f in validate_case(write_case(example)).findings] == ["authoriser_rank"]


@pytest.mark.parametrize(
    ("born", "court_type"),
    [
        ("2008-11-20", "magistrates"),  # 18 on the application date, 2026-11-20
        ("2008-11-21", "youth"),  # 18 the day after
        ("2010-02-28", "youth"),
    ],
)
def test_youth_court_follows_the_age_on_the_application_date(
    born: str, court_type: str, example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["defendant"]["date_of_birth"] = born
    example["court"]["court_type"] = court_type
    assert validate_case(write_case(example)).findings == ()
    example["court"]["court_type"] = "youth" if court_type == "magistrates" else "magistrates"
    assert [f.rule for f in validate_case(write_case(example)).findings] == ["youth_court"]


@pytest.mark.parametrize(
    ("made", "needs_consent"),
    [("2024-12-18", False), ("2024-12-19", True), ("2026-01-05", True)],
)
def test_discharge_needs_consent_until_two_years_from_the_order(
    made: str, needs_consent: bool, example: Case, write_case: Callable[[Any], Path]
) -> None:
    _discharge_without_consent(example)  # the hearing is on 2026-12-18
    example["existing_order"]["date_made"] = made
    rules = [f.rule for f in validate_case(write_case(example)).findings]
    assert rules == (["discharge_consent"] if needs_consent else [])


def test_a_variation_of_the_defendants_own_spo_is_not_an_existing_spo_warning(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    _as_s4("variation", existing_order=_existing_order, variation=_variation())(example)
    _existing_spo(example)
    example["defendant"]["existing_orders"][0]["reference"] = "SPO/2025/0031"
    assert validate_case(write_case(example)).findings == ()


def test_hearsay_served_exactly_21_days_before_is_in_time(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    _late_hearsay(example)
    example["hearsay_notices"][0]["served_date"] = "2026-11-27"  # hearing 2026-12-18
    assert validate_case(write_case(example)).findings == ()
    example["hearsay_notices"][0]["served_date"] = "2026-11-28"
    assert [f.rule for f in validate_case(write_case(example)).findings] == ["hearsay_deadline"]


def test_interim_end_date_on_the_hearing_date_is_too_early(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["interim"]["end_date"] = example["hearing"]["date"]
    findings = validate_case(write_case(example)).findings
    assert [(f.rule, f.path) for f in findings] == [("interim_period", "/interim/end_date")]


def test_interim_with_period_days_instead_of_an_end_date_is_valid(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    del example["interim"]["end_date"]
    example["interim"]["period_days"] = 56
    assert validate_case(write_case(example)).findings == ()


def test_a_term_until_further_order_in_a_fixed_order_is_too_long(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["terms"][1]["duration"] = {"type": "until_further_order"}
    assert [f.path for f in validate_case(write_case(example)).findings] == ["/terms/1/duration"]
    example["duration"] = {"type": "until_further_order"}
    assert validate_case(write_case(example)).findings == ()


def test_one_run_reports_every_finding_sorted_by_path(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    for i in range(12):
        example["incidents"].append(
            {**example["incidents"][0], "id": f"X{i}", "date": "2027-01-01"}
        )
    example["duration"]["months"] = 6
    example["authorisation"]["signed"] = False
    del example["court"]["name"]
    paths = [f.path for f in validate_case(write_case(example)).findings]
    assert paths[:3] == ["/authorisation/signed", "/court/name", "/duration/months"]
    assert paths[3:] == [f"/incidents/{i}/date" for i in range(2, 14)]


def test_rules_still_run_when_the_schema_fails_elsewhere(
    example: Case, write_case: Callable[[Any], Path]
) -> None:
    example["hearing"]["time"] = "10am"
    example["duration"]["months"] = 12
    rules = {(f.rule, f.path) for f in validate_case(write_case(example)).findings}
    assert rules == {("schema", "/hearing/time"), ("duration_minimum", "/duration/months")}


def test_a_value_with_a_line_break_is_echoed_on_one_line(
    example: dict[str, Any], write_case: Callable[[Any], Path]
) -> None:
    """Found by Hypothesis: an id ending in a newline split the finding over two lines."""
    example["incidents"][0]["exhibit_refs"] = ["0\n"]
    report = validate_case(write_case(example))
    (finding,) = [f for f in report.errors if f.rule == "references"]
    assert "\n" not in finding.message
    assert 'No exhibit has the id "0\\n"' in finding.message
