"""Typed results shared by the stages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

JsonObject = dict[str, Any]

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def one_line(text: str) -> str:
    r"""Text with its line breaks and other control characters escaped (``0\n``), for messages.

    Messages echo what was given (case values, file names), which may hold them; a finding or
    an error is one line.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Severity(StrEnum):
    """How much a finding matters: errors block assembly, warnings do not."""

    error = "error"
    warning = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a case file.

    Attributes:
        rule: The rule id from ``case-model.md`` (``schema``, ``duration_minimum``...).
        severity: ``error`` or ``warning``.
        path: JSON Pointer of the field at fault (``/terms/1/justification``); ``""`` is the
            whole file.
        message: A sentence a police lawyer understands, saying how to fix it.
    """

    rule: str
    severity: Severity
    path: str
    message: str

    def to_json(self) -> JsonObject:
        """The finding as the JSON report of ``spo validate`` has it."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
        }


def pointer_key(path: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for JSON Pointers: array indices compare as numbers (``/terms/2`` < ``/terms/10``)."""
    if not path:
        return ()
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
    return tuple((0, int(p)) if p.isascii() and p.isdigit() else (1, p) for p in parts)


def pointer(*parts: str | int) -> str:
    """Build a JSON Pointer (RFC 6901) from keys and indices."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every finding about one case file, sorted by path.

    Attributes:
        source: The case file that was checked.
        findings: The findings, sorted by JSON Pointer, then rule id.
    """

    source: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings that block assembly."""
        return tuple(f for f in self.findings if f.severity is Severity.error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings that are reported but do not block."""
        return tuple(f for f in self.findings if f.severity is Severity.warning)

    @property
    def valid(self) -> bool:
        """True when no finding is an error."""
        return not self.errors

    def to_json(self) -> JsonObject:
        """The report in the shape of ``spo validate --format json`` (``cli.md``)."""
        return {"valid": self.valid, "findings": [f.to_json() for f in self.findings]}
