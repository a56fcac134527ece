"""The render context: everything a document template may use, and nothing more.

Templates see the case file's own fields by their schema names (``defendant.surname``,
``terms``, ``hearing.date``...), a few derived values (:data:`EXTRAS`) and a few filters
(:data:`FILTERS`). ``spo templates lint`` checks every variable a template uses against exactly
this list.

Victims' safety is built in: the context of a document served on the defendant holds, for each
protected person, only :data:`SERVED_PERSON_FIELDS`. Their name, address, contact details and
date of birth are not in it, so no template, however edited, can print them; only the
confidential contact sheet gets the full case.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from docxtpl import Listing
from jinja2 import pass_context
from jinja2.runtime import Context

from pipeline.dates import age_on, iso_date, long_date, short_date
from pipeline.models import JsonObject

SERVED_PERSON_FIELDS = (
    "id",
    "display_name",
    "role",
    "relationship_to_defendant",
    "restrict_address",
    "views",
)
"""The fields of ``protected_persons[]`` that documents served on the defendant may use."""

EXTRAS: dict[str, str] = {
    "defendant_name": "the defendant's forenames and SURNAME, e.g. Daniel Robert WHITLOCK",
    "defendant_age": "the defendant's age in years on the application date",
    "protected_names": "the display names of the protected persons, e.g. Sarah Mitchell and Ann Lee",
    "display_names": "a mapping from protected person id to display name",
    "chronology": "the incidents in date order (each shaped as incidents[])",
    "interim_sought": "true when an interim order is sought",
    "interim_period_text": 'how long the interim order lasts: "until 18 February 2027" or "for 56 days"',
    "order_duration_text": 'how long the full order lasts: "for 24 months" or "until further order"',
    "application_title": 'e.g. "vary" for a variation: the verb of a s4 application, or "" for new',
    "requirements": "the terms whose kind is requirement",
    "prohibitions": "the terms whose kind is prohibition",
}
"""Values derived from the case, by name, with what each holds (``templates/README.md``)."""

# XML 1.0 cannot hold these characters; a case value carrying one would make a document
# that Word and LibreOffice refuse to open. Also removed: the explicit direction controls
# (embeddings, overrides, isolates: U+202A-U+202E, U+2066-U+2069), with which a value would be
# shown in another order than it is written ("\u202eevil" prints as "live"), so the wording of
# an order could read differently on paper than in the case file. Right-to-left scripts still
# print right to left: that comes from the letters themselves.
_XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)

_BEHAVIOURS = {
    "following": "following",
    "contact_or_attempt": "contacting or attempting to contact",
    "publishing": "publishing material",
    "monitoring_electronic": "monitoring electronic communications",
    "loitering": "loitering",
    "interfering_property": "interfering with property",
    "watching_spying": "watching or spying",
    "other": "other acts associated with stalking",
}
_S4_VERB = {"variation": "vary", "renewal": "renew", "discharge": "discharge"}


def time_of_day(value: Any) -> str:
    """``10:00`` -> ``10.00 am``; ``14:30`` -> ``2.30 pm`` (court listing style)."""
    match = re.fullmatch(r"(\d{2}):(\d{2})", value) if isinstance(value, str) else None
    if not match:
        return "" if value is None else str(value)
    hours, minutes = int(match[1]), match[2]
    return f"{(hours - 1) % 12 + 1}.{minutes} {'am' if hours < 12 else 'pm'}"


def duration_text(value: Any) -> str:
    """A duration object -> ``24 months`` or ``until further order``."""
    if isinstance(value, dict):
        if value.get("type") == "until_further_order":
            return "until further order"
        months = value.get("months")
        if isinstance(months, int):
            return f"{months} month{'' if months == 1 else 's'}"
    return ""


def behaviours_text(value: Any) -> str:
    """Behaviour codes -> words: ``['loitering', 'watching_spying']`` -> ``loitering; watching or spying``."""
    codes = value if isinstance(value, list) else []
    return "; ".join(_BEHAVIOURS.get(str(code), str(code)) for code in codes)


@pass_context
def names_of(context: Context, value: Any) -> str:
    """Protected person ids -> their display names, joined with commas and "and"."""
    names = context.get("display_names", {})
    return join_names([names.get(pid, pid) for pid in value if isinstance(pid, str)])


def multiline(value: Any) -> Listing:
    """Keep the line breaks of a long text (docxtpl's Listing, escaped like any value)."""
    return Listing("" if value is None else str(value))


FILTERS: dict[str, Callable[..., Any]] = {
    "longdate": long_date,
    "shortdate": short_date,
    "time12": time_of_day,
    "duration": duration_text,
    "behaviours": behaviours_text,
    "names": names_of,
    "multiline": multiline,
}
"""Filters templates may use, e.g. ``{{ hearing.date|longdate }}`` (``templates/README.md``)."""


def join_names(names: list[str]) -> str:
    """``[a]`` -> ``a``; ``[a, b]`` -> ``a and b``; ``[a, b, c]`` -> ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def clean_text(value: Any) -> Any:
    """Every string with the characters XML cannot hold removed, at any depth."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    if isinstance(value, list):
        return [clean_text(v) for v in value]
    if isinstance(value, dict):
        return {k: clean_text(v) for k, v in value.items()}
    return value


def _age_on(born: dt.date | None, on: dt.date | None) -> int | None:
    return age_on(born, on) if born and on else None


def _interim_text(interim: JsonObject) -> str:
    if interim.get("end_date"):
        return f"until {long_date(interim['end_date'])}"
    days = interim.get("period_days")
    return f"for {days} days" if isinstance(days, int) else ""


def _extras(case: JsonObject) -> JsonObject:
    defendant = case.get("defendant", {})
    people = case.get("protected_persons", [])
    display = {p["id"]: p["display_name"] for p in people}
    interim = case.get("interim") or {}
    duration = case.get("duration", {})
    terms = case.get("terms", [])
    return {
        "defendant_name": f"{defendant.get('forenames', '')} {defendant.get('surname', '').upper()}",
        "defendant_age": _age_on(
            iso_date(defendant.get("date_of_birth")),
            iso_date(case.get("case", {}).get("application_date")),
        ),
        "protected_names": join_names(list(display.values())),
        "display_names": display,
        "chronology": sorted(case.get("incidents", []), key=lambda i: (i["date"], i["id"])),
        "interim_sought": interim.get("requested") is True,
        "interim_period_text": _interim_text(interim),
        "order_duration_text": (
            "until further order"
            if duration.get("type") == "until_further_order"
            else f"for {duration_text(duration)}"
        ),
        "application_title": _S4_VERB.get(case.get("case", {}).get("application_type", ""), ""),
        "requirements": [t for t in terms if t.get("kind") == "requirement"],
        "prohibitions": [t for t in terms if t.get("kind") == "prohibition"],
    }


def served_view(case: JsonObject) -> JsonObject:
    """The case as a document served on the defendant may see it.

    Args:
        case: A validated case.

    Returns:
        A copy in which each protected person keeps only :data:`SERVED_PERSON_FIELDS`.
    """
    view = copy.deepcopy(case)
    view["protected_persons"] = [
        {k: p[k] for k in SERVED_PERSON_FIELDS if k in p} for p in case.get("protected_persons", [])
    ]
    return view


def render_context(case: JsonObject, *, confidential: bool = False) -> JsonObject:
    """The context a template is rendered with.

    Args:
        case: A case that has passed ``spo validate`` (no errors).
        confidential: True only for documents that never reach the bundle (the contact sheet).

    Returns:
        The case's fields (restricted to :data:`SERVED_PERSON_FIELDS` for protected persons
        unless ``confidential``), plus :data:`EXTRAS`, every text cleaned of characters XML
        cannot hold.
    """
    base = clean_text(case if confidential else served_view(case))
    return {**base, **_extras(base)}
