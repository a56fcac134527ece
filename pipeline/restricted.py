"""Find a protected person's restricted details in text, however they are written.

A protected person with ``restrict_address`` must never have their address, postcode, phone,
email or date of birth in a document served on the defendant (``case-model.md`` rule
``restricted_details``; checklist item ``restricted_details``). People write these details in
many ways, so each kind is matched in a normalised form: any case and spacing, phone numbers with
``+44`` or ``(0)``, postcodes with or without their space, dates of birth in the usual British
and ISO formats. The validator uses this on the case text; the bundle checker on the PDF text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_NON_WORD = re.compile(r"[^0-9a-z]+")
_PHONE_RUN = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
_UNIT_WORDS = {"flat", "apartment", "apt", "unit", "room", "floor", "suite", "house"}


@dataclass(frozen=True, slots=True)
class RestrictedDetail:
    """One detail that must not be disclosed.

    Attributes:
        kind: ``address``, ``postcode``, ``phone``, ``email`` or ``date of birth``.
        pattern: A compiled pattern that finds the detail in normalised text (see ``_fold``).
    """

    kind: str
    pattern: re.Pattern[str]


def _fold(text: str) -> str:
    """Lower case, every run of non-alphanumerics one space, padded with spaces."""
    return f" {_NON_WORD.sub(' ', text.casefold()).strip()} "


def _words(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(_fold(text)))


def _address_patterns(line: str) -> list[re.Pattern[str]]:
    """The whole line, and each part of it that names a street (``9 Orchard Row``).

    A part that only names a flat (``Flat 2``) is too common to search for alone.
    """
    patterns = [_words(line)] if _fold(line).strip() else []
    for part in line.split(","):
        words = _fold(part).split()
        names = [w for w in words if w.isalpha() and w not in _UNIT_WORDS]
        if len(words) >= 2 and names and part.strip() != line.strip():
            patterns.append(_words(part))
        street = [w for w in words if not any(c.isdigit() for c in w)]
        if len(street) >= 2 and not set(street) & _UNIT_WORDS:
            patterns.append(_words(" ".join(street)))
    return patterns


def _postcode_pattern(postcode: str) -> re.Pattern[str]:
    chars = [c for c in postcode.casefold() if c.isalnum()]
    return re.compile(r"(?<![0-9a-z])" + r"\s*".join(map(re.escape, chars)) + r"(?![0-9a-z])")


def phone_digits(text: str) -> str:
    """A phone number as its national digits: ``+44 (0)7700 900456`` -> ``07700900456``."""
    digits = re.sub(r"\D", "", text)
    for prefix in ("00440", "0044", "440", "44"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 9:
            return "0" + digits[len(prefix) :]
    return digits


def _date_forms(day: dt.date) -> list[str]:
    months = [day.strftime("%B"), day.strftime("%b")]
    if day.strftime("%B") == "September":
        months.append("Sept")
    d, m, y = day.day, day.month, day.year
    suffix = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = [day.isoformat(), f"{y}/{m:02d}/{d:02d}"]
    for dd in {f"{d}", f"{d:02d}"}:
        for mm in {f"{m}", f"{m:02d}"}:
            for yy in (f"{y}", f"{y % 100:02d}"):
                forms += [f"{dd}/{mm}/{yy}", f"{dd}.{mm}.{yy}", f"{dd}-{mm}-{yy}"]
    for month in months:
        forms += [f"{d} {month} {y}", f"{d}{suffix} {month} {y}", f"{month} {d}, {y}"]
        forms += [f"{d}{suffix} of {month} {y}", f"{month} {d}{suffix}, {y}"]
    return forms


def _date_pattern(iso: str) -> re.Pattern[str] | None:
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return None
    # Dates are matched on the raw (case-folded) text: folding would make 30/09/1991 and
    # 30.09.1991 the same, which is right, but also glue digits to neighbouring numbers.
    alternatives = sorted(
        {re.escape(f.casefold()) for f in _date_forms(day)}, key=len, reverse=True
    )
    return re.compile(r"(?<![0-9])(?:" + "|".join(alternatives) + r")(?![0-9])")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def restricted_details(person: Any) -> list[RestrictedDetail]:
    """The details of a protected person that must not be disclosed.

    Args:
        person: A ``protected_persons[]`` entry (any shape; missing parts are skipped).

    Returns:
        An empty list unless the person has ``restrict_address: true``.
    """
    if not isinstance(person, dict) or person.get("restrict_address") is not True:
        return []
    found: list[RestrictedDetail] = []
    address = _mapping(person.get("address"))
    for key in ("line1", "line2"):
        line = _text(address.get(key))
        if line:
            found += [RestrictedDetail("address", p) for p in _address_patterns(line)]
    postcode = _text(address.get("postcode"))
    if postcode and any(c.isalnum() for c in postcode):
        found.append(RestrictedDetail("postcode", _postcode_pattern(postcode)))
    contact = _mapping(person.get("contact"))
    phone = _text(contact.get("phone"))
    if phone and len(phone_digits(phone)) >= 6:
        found.append(RestrictedDetail("phone", re.compile(re.escape(phone_digits(phone)))))
    email = _text(contact.get("email"))
    if email:
        found.append(RestrictedDetail("email", re.compile(re.escape(email.strip().casefold()))))
    dob = _text(person.get("date_of_birth"))
    pattern = _date_pattern(dob) if dob else None
    if pattern:
        found.append(RestrictedDetail("date of birth", pattern))
    return found


def _phones_in(text: str) -> str:
    return " ".join(phone_digits(m.group()) for m in _PHONE_RUN.finditer(text))


def find_restricted(text: str, details: Iterable[RestrictedDetail]) -> list[str]:
    """Which kinds of restricted detail a text discloses.

    Args:
        text: Any text: a field of the case, or the text of a PDF page.
        details: The details to look for (from :func:`restricted_details`).

    Returns:
        The kinds found, each once, in the order of ``details``.
    """
    folded = _fold(text)
    raw = " ".join(text.casefold().split())
    phones: str | None = None
    kinds: list[str] = []
    for detail in details:
        if detail.kind in kinds:
            continue
        if detail.kind == "phone":
            phones = _phones_in(text) if phones is None else phones
            hit = detail.pattern.search(phones) is not None
        elif detail.kind in ("email", "date of birth"):
            hit = detail.pattern.search(raw) is not None
        else:
            hit = detail.pattern.search(folded if detail.kind == "address" else raw) is not None
        if hit:
            kinds.append(detail.kind)
    return kinds
