"""Find a protected person's restricted details in text, however they are written.

A protected person with ``restrict_address`` must never have their address, postcode, phone,
email or date of birth in a document served on the defendant (``case-model.md`` rule
``restricted_details``; checklist item ``restricted_details``). People write these details in
many ways, so every text is first normalised (:func:`normalise`) and each kind is then matched
in that form:

- any case, any spacing and any punctuation between the words, or none (``9, Orchard Row``,
  ``9-ORCHARD-ROW``, ``9 OrchardRow``); accents, zero-width and other invisible characters, soft hyphens,
  right-to-left marks and full-width or other scripts' digits do not hide a detail;
- street types in full or abbreviated (``Road`` / ``Rd``, ``Street`` / ``St``...);
- postcodes with or without their space, or with any separator (``NT2 3LD``, ``nt23ld``);
- phone numbers in national or international form (``07700 900456``, ``+44 (0)7700-900-456``,
  ``0044 7700 900456``, ``7700 900456``): the number is found among the digits of the text;
- email addresses, also spaced out or written ``name at domain dot com``;
- dates of birth in the usual British, ISO and US forms, numeric or with the month's name,
  with or without ordinals, commas and ``of`` (``30/9/91``, ``30th of September, 1991``,
  ``Sept. 30 1991``, ``19910930``).

The validator uses this on the case text and on the text of exhibits; the bundle checker on the
PDF text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.dates import MONTH_NAMES, iso_date

_SEPARATORS = re.compile(r"[\W_]+")
_UNIT_WORDS = {"flat", "apartment", "apt", "unit", "room", "floor", "suite", "house"}
_MIN_PHONE_DIGITS = 6
_PHONE_KEY_DIGITS = 9
"""A phone number outside the UK is looked for by its last nine digits (its subscriber part)."""

# Characters that show nothing, or only change how their neighbours look: they must not split a
# detail into pieces that no longer match. Combining marks (accents, after NFKD), soft hyphen,
# zero-width spaces and joiners, direction marks, embeddings, overrides and isolates, word joiner
# and invisible operators, byte-order mark, interlinear annotation marks, tag characters.
_INVISIBLE = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")

# Street types are matched whatever way they are written: each word maps to one spelling.
_STREET_WORDS = {
    "road": "rd",
    "street": "st",
    "avenue": "ave",
    "av": "ave",
    "lane": "ln",
    "drive": "dr",
    "close": "cl",
    "crescent": "cres",
    "court": "ct",
    "place": "pl",
    "terrace": "ter",
    "terr": "ter",
    "gardens": "gdns",
    "square": "sq",
    "grove": "gr",
    "mount": "mt",
    "parade": "pde",
    "highway": "hwy",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
}
_ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
"""ASCII's characters that :data:`_SEPARATORS` matches, each to a space: ``str.translate`` is
several times faster than the pattern on the ASCII text most pages hold."""


@dataclass(frozen=True, slots=True)
class RestrictedDetail:
    """One detail that must not be disclosed.

    Attributes:
        kind: ``address``, ``postcode``, ``phone``, ``email`` or ``date of birth``.
        pattern: A compiled pattern that finds the detail in folded text (:func:`fold`); for a
            phone, in the digits of the text (each run of digits, spacing and punctuation
            removed: the folded text without its spaces).
        hint: A piece of text every match holds, or empty: folded text without it cannot hold
            the detail, so the pattern is not tried (a date of birth's year).
    """

    kind: str
    pattern: re.Pattern[str]
    hint: str = ""


def normalise(text: str) -> str:
    """Text as compared: compatibility forms, no accents or invisible characters, ASCII digits.

    Full-width letters, ``Órchard`` and ``Or`` + zero-width space + ``chard`` all become ``orchard``.
    """
    if text.isascii():
        return text.lower()  # ASCII has nothing to decompose or remove; casefold is lower
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKD", text))
    if not text.isascii():
        text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)
    return text.casefold()


def fold(text: str) -> str:
    """Normalised, every run of other characters one space, street types in one spelling.

    The result is padded with spaces, so a pattern `` 9 orchard row `` matches whole words.
    """
    normal = normalise(text)
    if normal.isascii():
        words = normal.translate(_ASCII_SEPARATORS).split()
    else:
        words = _SEPARATORS.sub(" ", normal).split()
    if not _STREET_WORDS.keys().isdisjoint(words):
        words = [_STREET_WORDS.get(word, word) for word in words]
    return " " + " ".join(words) + " "


def _words(text: str) -> re.Pattern[str]:
    """The words of a text in this order, with or without spaces between them (``OrchardRow``)."""
    return re.compile(" " + " ?".join(map(re.escape, fold(text).split())) + " ")


def _address_patterns(line: str) -> list[re.Pattern[str]]:
    """The whole line, and each part of it that names a street (``9 Orchard Row``).

    A part that only names a flat (``Flat 2``) is too common to search for alone.
    """
    patterns = [_words(line)] if fold(line).strip() else []
    for part in line.split(","):
        words = fold(part).split()
        names = [w for w in words if w.isalpha() and w not in _UNIT_WORDS]
        if len(words) >= 2 and names and part.strip() != line.strip():
            patterns.append(_words(part))
        street = [w for w in words if not any(c.isdigit() for c in w)]
        if len(street) >= 2 and not set(street) & _UNIT_WORDS:
            patterns.append(_words(" ".join(street)))
    return patterns


def _postcode_pattern(postcode: str) -> re.Pattern[str]:
    chars = fold(postcode).replace(" ", "")
    # A leading space rather than a look-behind: the search then skips to each space.
    return re.compile(" " + " ?".join(map(re.escape, chars)) + "(?= )")


def phone_digits(text: str) -> str:
    """A phone number as its national digits: ``+44 (0)7700 900456`` -> ``07700900456``."""
    digits = re.sub(r"\D", "", normalise(text))
    for prefix in ("00440", "0044", "440", "44"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 9:
            return "0" + digits[len(prefix) :]
    return digits


def _phone_key(phone: str) -> str:
    """What to look for among a text's digits: the number without its country or trunk prefix.

    ``07700 900456`` and ``+44 7700 900456`` give ``7700900456``, found in every way of writing
    it. A number of another country gives its last nine digits.
    """
    raw = normalise(phone).strip()
    national = phone_digits(raw)
    international = raw.startswith("+") or national.startswith("00")
    if national.startswith("0") and not national.startswith("00"):
        return national[1:]
    if international:
        return national[-_PHONE_KEY_DIGITS:]
    return national


def _email_pattern(email: str) -> re.Pattern[str] | None:
    words = fold(email).split()
    if not words:
        return None
    return re.compile(" " + " ?(?:(?:at|dot) )?".join(map(re.escape, words)) + " ")


def _date_forms(day: dt.date) -> list[str]:
    """The ways of writing a date, as folded text (words separated by one space)."""
    d, m, y = day.day, day.month, day.year
    suffix = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    days = {f"{d}", f"{d:02d}", f"{d}{suffix}"}
    months = {f"{m}", f"{m:02d}"}
    names = set(MONTH_NAMES[m - 1])
    years = {f"{y}", f"{y % 100:02d}"}
    forms = [f"{y}{m:02d}{d:02d}", f"{d:02d}{m:02d}{y}"]
    for yy in years:
        for dd in days:
            for name in names:
                forms += [f"{dd} {name} {yy}", f"{dd} of {name} {yy}", f"{name} {dd} {yy}"]
            for mm in months:
                forms.append(f"{dd} {mm} {yy}")
                if len(yy) == 4:
                    forms += [f"{mm} {dd} {yy}", f"{yy} {mm} {dd}"]
    return forms


def _date_detail(iso: str) -> RestrictedDetail | None:
    day = iso_date(iso)
    if day is None:
        return None
    forms = _date_forms(day)
    # Forms with the month's name also match without their spaces (30September1991); numeric
    # ones do not, or "30 9 91" would match any 30991.
    alternatives = sorted(
        {
            " ?".join(map(re.escape, f.split())) if re.search("[a-z]", f) else re.escape(f)
            for f in forms
        },
        key=len,
        reverse=True,
    )
    # A leading space rather than a look-behind: the search then skips to each space.
    pattern = re.compile(" (?:" + "|".join(alternatives) + ")(?= )")
    # The pattern has a hundred alternatives; the year, in some word of every form, rules out
    # most pages before they are tried.
    years = (f"{day.year % 100:02d}", f"{day.year}")
    hint = next((y for y in years if all(any(y in w for w in f.split()) for f in forms)), "")
    return RestrictedDetail("date of birth", pattern, hint)


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
    if postcode and fold(postcode).strip():
        found.append(RestrictedDetail("postcode", _postcode_pattern(postcode)))
    contact = _mapping(person.get("contact"))
    phone = _text(contact.get("phone"))
    key = _phone_key(phone) if phone else ""
    if len(key) >= _MIN_PHONE_DIGITS:
        found.append(RestrictedDetail("phone", re.compile(re.escape(key))))
    email = _text(contact.get("email"))
    pattern = _email_pattern(email) if email else None
    if pattern:
        found.append(RestrictedDetail("email", pattern))
    dob = _text(person.get("date_of_birth"))
    detail = _date_detail(dob) if dob else None
    if detail:
        found.append(detail)
    return found


def find_restricted(text: str, details: Iterable[RestrictedDetail]) -> list[str]:
    """Which kinds of restricted detail a text discloses.

    Args:
        text: Any text: a field of the case, or the text of a PDF page.
        details: The details to look for (from :func:`restricted_details`).

    Returns:
        The kinds found, each once, in the order of ``details``.
    """
    return find_in_folded(fold(text), details)


def find_in_folded(folded: str, details: Iterable[RestrictedDetail]) -> list[str]:
    """As :func:`find_restricted`, in a text already folded: one folding for several people.

    Args:
        folded: A text as :func:`fold` gives it.
        details: The details to look for (from :func:`restricted_details`).

    Returns:
        The kinds found, each once, in the order of ``details``.
    """
    # A phone number is looked for in each run of digits, spacing and punctuation removed. In
    # folded text every separator is one space, so dropping the spaces joins each run of digits
    # while letters still end it: the number's digits cannot span two runs.
    digits: str | None = None
    kinds: list[str] = []
    for detail in details:
        if detail.kind in kinds or (detail.hint and detail.hint not in folded):
            continue
        if detail.kind == "phone":
            digits = folded.replace(" ", "") if digits is None else digits
            hit = detail.pattern.search(digits) is not None
        else:
            hit = detail.pattern.search(folded) is not None
        if hit:
            kinds.append(detail.kind)
    return kinds
