"""The validate stage: a case file against the schema and the rules of the 2019 Act."""

from __future__ import annotations

from pathlib import Path

from pipeline.casefile import CaseFile, read_case_file
from pipeline.models import Finding, ValidationReport, pointer_key
from pipeline.rules import rule_findings
from pipeline.schema import schema_findings


def _order(finding: Finding) -> tuple[object, ...]:
    return (pointer_key(finding.path), finding.severity != "error", finding.rule, finding.message)


def check_case(case_file: CaseFile) -> ValidationReport:
    """Judge a case file that has been read: every finding, in one pass.

    Args:
        case_file: The case file as read by :func:`~pipeline.casefile.read_case_file`.

    Returns:
        Every schema and rule finding, sorted by JSON Pointer.
    """
    findings = schema_findings(case_file.data) + rule_findings(case_file.data, case_file.folder)
    unique = sorted(set(findings), key=_order)
    return ValidationReport(source=str(case_file.path), findings=tuple(unique))


def validate_case(path: Path) -> ValidationReport:
    """Read a case file and judge it against the schema and the legal rules.

    Args:
        path: The case file.

    Returns:
        The report; ``report.valid`` is False when any finding is an error.

    Raises:
        InputError: The file cannot be read as JSON (exit 2).
    """
    return check_case(read_case_file(path))
