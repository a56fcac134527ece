"""Dates as the case file writes them (ISO 8601) and as people write them (month names)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
"""Each month's names, full and abbreviated, January first."""


def iso_date(value: Any) -> dt.date | None:
    """``YYYY-MM-DD`` as a date; None for anything else (other types, other forms, 2026-02-30)."""
    if not isinstance(value, str) or not _ISO.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def long_date(value: Any) -> str:
    """``2026-11-20`` -> ``20 November 2026`` (other values unchanged)."""
    day = iso_date(value)
    return f"{day.day} {day:%B %Y}" if day else ("" if value is None else str(value))


def short_date(value: Any) -> str:
    """``2026-11-20`` -> ``20/11/2026`` (other values unchanged)."""
    day = iso_date(value)
    return f"{day:%d/%m/%Y}" if day else ("" if value is None else str(value))


def age_on(born: dt.date, on: dt.date) -> int:
    """Age in whole years on a day; a birthday on that day counts."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
