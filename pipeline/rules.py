"""The legal rules of a case file (``case-model.md``, "Rules the validator enforces").

Each rule is a function from the case (parsed JSON, which may also have failed the schema) to
findings. The rules read the case through the small helpers below, which give ``None`` or an
empty container for anything missing or of the wrong type, so a case with schema errors still
gets every legal finding that can be made from the rest of it, in the same run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline.dates import add_years, age_on, iso_date
from pipeline.exhibits import exhibit_pages, exhibit_problem
from pipeline.models import Finding, Severity, one_line, pointer
from pipeline.restricted import find_in_folded, fold, restricted_details

ERROR, WARNING = Severity.error, Severity.warning
MIN_ORDER_MONTHS = 24  # s3(5): a fixed full order lasts at least two years
HEARSAY_NOTICE_DAYS = 21  # Magistrates' Courts (Hearsay Evidence in Civil Proceedings) Rules 1999
DISCHARGE_CONSENT_YEARS = 2  # s4: no discharge within 2 years without both consents

# Superintendent and above, in the territorial forces, the Metropolitan Police and the City of
# London Police; "Detective" ranks are the same ranks.
_AUTHORISING_RANKS = {
    "superintendent",
    "supt",
    "chief superintendent",
    "ch supt",
    "chief supt",
    "c supt",
    "commander",
    "cmdr",
    "assistant chief constable",
    "acc",
    "deputy chief constable",
    "dcc",
    "chief constable",
    "deputy assistant commissioner",
    "dac",
    "assistant commissioner",
    "deputy commissioner",
    "commissioner",
}
_RANK_PREFIXES = ("detective ", "det ", "acting ", "temporary ", "a ", "t ")


# -- reading the case safely ---------------------------------------------------------------------


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _arr(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _at(data: Any, *keys: str) -> Any:
    for key in keys:
        data = _obj(data).get(key)
    return data


def _months(duration: Any) -> int | None:
    """Months of a fixed duration; None for until_further_order or a broken duration."""
    if _obj(duration).get("type") == "fixed":
        return _int(_obj(duration).get("months"))
    return None


def _term_lists(case: Any) -> Iterator[tuple[tuple[str, ...], list[Any]]]:
    """The term lists of a case with their location: ``terms`` and ``variation.proposed_terms``."""
    yield ("terms",), _arr(_obj(case).get("terms"))
    yield ("variation", "proposed_terms"), _arr(_at(case, "variation", "proposed_terms"))


def _terms(case: Any) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    for where, terms in _term_lists(case):
        for i, term in enumerate(terms):
            if isinstance(term, dict):
                yield (*where, i), term


def _finding(rule: str, severity: Severity, path: tuple[str | int, ...], message: str) -> Finding:
    return Finding(rule, severity, pointer(*path), one_line(message))


Rule = Callable[[Any, Path], Iterator[Finding]]


# -- the rules -----------------------------------------------------------------------------------


def _normal_rank(rank: str) -> str:
    rank = " ".join(re.sub(r"[^a-z ]+", " ", rank.casefold()).split())
    changed = True
    while changed:
        changed = False
        for prefix in _RANK_PREFIXES:
            if rank.startswith(prefix):
                rank, changed = rank.removeprefix(prefix), True
    return rank


def authoriser_rank(case: Any, _: Path) -> Iterator[Finding]:
    """The authority to apply is given at Superintendent rank or above."""
    rank = _str(_at(case, "authorisation", "officer", "rank"))
    if rank is not None and rank.strip() and _normal_rank(rank) not in _AUTHORISING_RANKS:
        yield _finding(
            "authoriser_rank",
            ERROR,
            ("authorisation", "officer", "rank"),
            f'The rank "{rank}" is below Superintendent: an application for a stalking protection '
            "order must be authorised by a Superintendent or a more senior officer. Have an officer "
            "of that rank authorise it, or correct the rank.",
        )


def authorisation_decision(case: Any, _: Path) -> Iterator[Finding]:
    """Only an authorised application may be made."""
    decision = _at(case, "authorisation", "decision")
    if isinstance(decision, str) and decision != "authorised":
        yield _finding(
            "authorisation_decision",
            ERROR,
            ("authorisation", "decision"),
            f'The authorising officer\'s decision is "{decision}": the application can be made only '
            'once it is "authorised".',
        )


def authorisation_signed(case: Any, _: Path) -> Iterator[Finding]:
    """The authority must be signed."""
    if _at(case, "authorisation", "signed") is False:
        yield _finding(
            "authorisation_signed",
            ERROR,
            ("authorisation", "signed"),
            "The authorisation is not signed. Have the authorising officer sign it, then set "
            '"signed" to true.',
        )


def authorisation_date(case: Any, _: Path) -> Iterator[Finding]:
    """The authority comes before the complaint."""
    given = iso_date(_at(case, "authorisation", "date"))
    applied = iso_date(_at(case, "case", "application_date"))
    if given and applied and given > applied:
        yield _finding(
            "authorisation_date",
            ERROR,
            ("authorisation", "date"),
            f"The authorisation is dated {given}, after the application date {applied}: the "
            "application must be authorised before the complaint is made. Correct either date.",
        )


def hearing_date(case: Any, _: Path) -> Iterator[Finding]:
    """The hearing cannot be before the complaint is made."""
    heard = iso_date(_at(case, "hearing", "date"))
    applied = iso_date(_at(case, "case", "application_date"))
    if heard and applied and heard < applied:
        yield _finding(
            "hearing_date",
            ERROR,
            ("hearing", "date"),
            f"The hearing date {heard} is before the application date {applied}. Correct either "
            "date.",
        )


def jurisdiction_basis(case: Any, _: Path) -> Iterator[Finding]:
    """s1(3) applies to territorial forces only; BTP and MoD Police apply as non-territorial."""
    territorial = _at(case, "applicant", "territorial")
    basis = _at(case, "applicant", "jurisdiction_basis")
    if not isinstance(basis, str) or not isinstance(territorial, bool):
        return
    if territorial and basis == "non_territorial":
        message = (
            'A territorial force cannot rely on "non_territorial": give the s1(3) basis '
            "(resides_in_area, believed_in_area or intends_to_come), or set territorial to false "
            "for British Transport Police or Ministry of Defence Police."
        )
    elif not territorial and basis != "non_territorial":
        message = (
            f'A force that is not territorial has no police area, so "{basis}" (s1(3)) does not '
            'apply: use "non_territorial", or set territorial to true.'
        )
    else:
        return
    yield _finding("jurisdiction_basis", ERROR, ("applicant", "jurisdiction_basis"), message)


def youth_court(case: Any, _: Path) -> Iterator[Finding]:
    """A defendant under 18 on the application date goes to the youth court, others do not."""
    born = iso_date(_at(case, "defendant", "date_of_birth"))
    applied = iso_date(_at(case, "case", "application_date"))
    court_type = _at(case, "court", "court_type")
    if not (born and applied and court_type in ("magistrates", "youth")):
        return
    age = age_on(born, applied)
    expected = "youth" if age < 18 else "magistrates"
    if court_type != expected:
        yield _finding(
            "youth_court",
            ERROR,
            ("court", "court_type"),
            f"The defendant is {age} on the application date {applied}, so the court type must be "
            f'"{expected}", not "{court_type}". Correct the court, or the date of birth.',
        )


def unique_ids(case: Any, _: Path) -> Iterator[Finding]:
    """Ids and exhibit refs are used to link things, so each names one thing."""
    lists: list[tuple[tuple[str, ...], str, str]] = [
        (("protected_persons",), "id", "protected person"),
        (("incidents",), "id", "incident"),
        (("terms",), "id", "term"),
        (("exhibits",), "ref", "exhibit"),
        (("variation", "proposed_terms"), "id", "proposed term"),
        (("existing_order", "terms"), "id", "term of the existing order"),
    ]
    for where, key, noun in lists:
        first: dict[str, int] = {}
        for i, item in enumerate(_arr(_at(case, *where))):
            value = _str(_obj(item).get(key))
            if value is None:
                continue
            if value in first:
                yield _finding(
                    "unique_ids",
                    ERROR,
                    (*where, i, key),
                    f'The {key} "{value}" is already used by {pointer(*where, first[value])}: give '
                    f"each {noun} its own {key}.",
                )
            else:
                first[value] = i


def _known(case: Any, where: str, key: str) -> set[str]:
    return {
        v for v in (_obj(x).get(key) for x in _arr(_obj(case).get(where))) if isinstance(v, str)
    }


def _missing_refs(
    path: tuple[str | int, ...], values: Any, known: set[str], noun: str
) -> Iterator[Finding]:
    for j, value in enumerate(_arr(values)):
        if isinstance(value, str) and value not in known:
            listed = ", ".join(sorted(known)) or "none"
            yield _finding(
                "references",
                ERROR,
                (*path, j),
                f'No {noun} has the id "{value}" (the case has: {listed}). Correct it, or add the '
                f"{noun}.",
            )


def references(case: Any, _: Path) -> Iterator[Finding]:
    """Every id or exhibit ref used to link things names something in the case."""
    people = _known(case, "protected_persons", "id")
    incidents = _known(case, "incidents", "id")
    exhibits = _known(case, "exhibits", "ref")
    for i, incident in enumerate(_arr(_obj(case).get("incidents"))):
        incident = _obj(incident)
        where: tuple[str | int, ...] = ("incidents", i)
        persons = incident.get("protected_person_ids")
        yield from _missing_refs(
            (*where, "protected_person_ids"), persons, people, "protected person"
        )
        refs = incident.get("exhibit_refs")
        yield from _missing_refs((*where, "exhibit_refs"), refs, exhibits, "exhibit")
    for where, term in _terms(case):
        persons = term.get("protected_person_ids")
        yield from _missing_refs(
            (*where, "protected_person_ids"), persons, people, "protected person"
        )
        yield from _missing_refs(
            (*where, "incident_ids"), term.get("incident_ids"), incidents, "incident"
        )
        ref = _obj(term.get("locality")).get("map_exhibit_ref")
        if isinstance(ref, str) and ref not in exhibits:
            listed = ", ".join(sorted(exhibits)) or "none"
            yield _finding(
                "references",
                ERROR,
                (*where, "locality", "map_exhibit_ref"),
                f'No exhibit has the ref "{ref}" (the case has: {listed}). Correct it, or add the map '
                "as an exhibit.",
            )


def incident_dates(case: Any, _: Path) -> Iterator[Finding]:
    """Incidents happen before the complaint, and end after they start."""
    applied = iso_date(_at(case, "case", "application_date"))
    for i, incident in enumerate(_arr(_obj(case).get("incidents"))):
        start = iso_date(_obj(incident).get("date"))
        end = iso_date(_obj(incident).get("date_end"))
        if start and applied and start > applied:
            yield _finding(
                "incident_dates",
                ERROR,
                ("incidents", i, "date"),
                f"The incident is dated {start}, after the application date {applied}. Correct the "
                "date, or leave the incident out of this application.",
            )
        if start and end and end < start:
            yield _finding(
                "incident_dates",
                ERROR,
                ("incidents", i, "date_end"),
                f"The incident ends on {end}, before it starts on {start}. Correct the dates.",
            )
        elif end and applied and end > applied:
            yield _finding(
                "incident_dates",
                ERROR,
                ("incidents", i, "date_end"),
                f"The incident ends on {end}, after the application date {applied}. Correct the "
                "date.",
            )


def term_conflicts(case: Any, _: Path) -> Iterator[Finding]:
    """s2(3): terms avoid conflict with religion and with work or education."""
    labels = {"religion": "religious beliefs", "work_education": "work or education"}
    for where, term in _terms(case):
        checked = _obj(term.get("conflicts_checked"))
        for key, label in labels.items():
            if checked.get(key) is False:
                yield _finding(
                    "term_conflicts",
                    ERROR,
                    (*where, "conflicts_checked", key),
                    f"The term has not been checked against the defendant's {label}: s2(3) requires "
                    "terms to avoid such conflict so far as practicable. Check it, reword the term if "
                    "needed, then set this to true.",
                )


def term_incidents(case: Any, _: Path) -> Iterator[Finding]:
    """s2(2): each term must be necessary, shown by the incidents it answers."""
    for where, term in _terms(case):
        ids = term.get("incident_ids")
        if isinstance(ids, list) and not ids:
            yield _finding(
                "term_incidents",
                ERROR,
                (*where, "incident_ids"),
                "The term is linked to no incident: each term must be shown to be necessary (s2(2)). "
                "List the incidents it answers in incident_ids.",
            )


def duration_minimum(case: Any, _: Path) -> Iterator[Finding]:
    """s3(5): a fixed full order lasts at least two years."""
    months = _months(_obj(case).get("duration"))
    if months is not None and months < MIN_ORDER_MONTHS:
        yield _finding(
            "duration_minimum",
            ERROR,
            ("duration", "months"),
            f"A full order for a fixed period must last at least {MIN_ORDER_MONTHS} months (s3); this "
            f'one is {months}. Make it {MIN_ORDER_MONTHS} or more, or "until_further_order".',
        )


def term_duration(case: Any, _: Path) -> Iterator[Finding]:
    """s3: a term may be shorter than the order, never longer."""
    order = _obj(_obj(case).get("duration"))
    order_type = order.get("type")
    order_months = _months(order)
    if order_type != "fixed" or order_months is None:
        return  # an order until further order outlasts any term
    for where, term in _terms(case):
        own = _obj(term.get("duration"))
        if own.get("type") == "until_further_order":
            too_long = "until further order"
        elif (months := _months(own)) is not None and months > order_months:
            too_long = f"{months} months"
        else:
            continue
        yield _finding(
            "term_duration",
            ERROR,
            (*where, "duration"),
            f"The term lasts {too_long}, longer than the order's {order_months} months. Shorten the "
            "term, or lengthen the order.",
        )


def interim_period(case: Any, _: Path) -> Iterator[Finding]:
    """s5(6): an interim order is for a fixed period, which must run past the hearing."""
    interim = _obj(_obj(case).get("interim"))
    if interim.get("requested") is not True:
        return
    end = interim.get("end_date")
    days = interim.get("period_days")
    if end is None and days is None:
        yield _finding(
            "interim_period",
            ERROR,
            ("interim",),
            "An interim order must be for a fixed period (s5(6)): give end_date or period_days.",
        )
    elif end is not None and days is not None:
        yield _finding(
            "interim_period",
            ERROR,
            ("interim", "period_days"),
            "Give the interim order's end_date or its period_days, not both.",
        )
    heard = iso_date(_at(case, "hearing", "date"))
    ends = iso_date(end)
    if heard and ends and ends <= heard:
        yield _finding(
            "interim_period",
            ERROR,
            ("interim", "end_date"),
            f"The interim order would end on {ends}, on or before the hearing date {heard}. Give an "
            "end date after the hearing.",
        )


_S4_TYPES = ("variation", "renewal", "discharge")


def interim_type(case: Any, _: Path) -> Iterator[Finding]:
    """s5(1): an interim order is made only while a main application is pending."""
    kind = _at(case, "case", "application_type")
    if kind in _S4_TYPES and _at(case, "interim", "requested") is True:
        yield _finding(
            "interim_type",
            ERROR,
            ("interim", "requested"),
            f"An interim order cannot be sought on a {kind}: s5 applies only while an application "
            "for a new order is pending. Remove the interim application.",
        )


_S4_PAST = {"variation": "varied", "renewal": "renewed", "discharge": "discharged"}


def existing_order(case: Any, _: Path) -> Iterator[Finding]:
    """s4 applications concern an order already made, and say what is asked of the court."""
    kind = _at(case, "case", "application_type")
    if kind not in _S4_TYPES:
        return
    needs = {
        "existing_order": f"the order to be {_S4_PAST[kind]}",
        "variation": "the grounds, the proposed terms and the consents",
    }
    for key, what in needs.items():
        if key not in _obj(case):
            yield _finding(
                "existing_order",
                ERROR,
                (key,),
                f'An application for {kind} needs "{key}": {what}. Add it.',
            )


def discharge_consent(case: Any, _: Path) -> Iterator[Finding]:
    """s4: no discharge within two years of the order without both consents."""
    if _at(case, "case", "application_type") != "discharge":
        return
    made = iso_date(_at(case, "existing_order", "date_made"))
    heard = iso_date(_at(case, "hearing", "date"))
    consent = _obj(_at(case, "variation", "consent"))
    if not (made and heard and consent):
        return
    two_years = add_years(made, DISCHARGE_CONSENT_YEARS)
    missing = [who for who in ("defendant", "chief_officer") if consent.get(who) is not True]
    if heard < two_years and missing:
        names = " and ".join(m.replace("_", " ") for m in missing)
        yield _finding(
            "discharge_consent",
            ERROR,
            ("variation", "consent", missing[0]),
            f"The order was made on {made}; before {two_years} it can be discharged only with the "
            f"consent of the defendant and the chief officer (s4), and the {names} has not "
            "consented. Record the consent, or apply after that date.",
        )


def _bundle_texts(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text of the case that can reach a document, with its path.

    Left out: each protected person's own address, contact details, date of birth and name
    (they go only to the confidential contact sheet), exhibit file paths and sign-offs.
    """
    skip_person = {"address", "contact", "date_of_birth", "name"}
    stack: list[tuple[tuple[str | int, ...], Any]] = [(path, value)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            yield where, node
        elif isinstance(node, list):
            stack += [((*where, i), v) for i, v in reversed(list(enumerate(node)))]
        elif isinstance(node, dict):
            for key in reversed(list(node)):
                if len(where) == 2 and where[0] == "protected_persons" and key in skip_person:
                    continue
                if where == () and key == "signoffs":
                    continue
                if len(where) == 2 and where[0] == "exhibits" and key == "file":
                    continue
                stack.append(((*where, key), node[key]))


_REMOVE_HINT = {
    True: "Remove it, and describe the place without the address.",
    False: "Remove it.",
}


def _page_list(numbers: list[int]) -> str:
    shown = [str(n) for n in numbers[:10]] + (["..."] if len(numbers) > 10 else [])
    return f"page{'s' if len(numbers) > 1 else ''} {', '.join(shown)}"


def _exhibit_files(case: Any) -> Iterator[tuple[int, str]]:
    for i, exhibit in enumerate(_arr(_obj(case).get("exhibits"))):
        name = _obj(exhibit).get("file")
        if isinstance(name, str) and name.strip():
            yield i, name


def restricted_details_rule(case: Any, folder: Path) -> Iterator[Finding]:
    """A restricted person's address, contacts and date of birth never reach the bundle.

    The case's texts are searched, and so is the text of every exhibit: an exhibit goes into
    the bundle whole.
    """
    people = [
        (_str(_obj(person).get("id")) or f"number {i + 1}", details)
        for i, person in enumerate(_arr(_obj(case).get("protected_persons")))
        if (details := restricted_details(person))
    ]
    if not people:
        return
    # Each text is folded once, whoever is looked for in it.
    texts = [(where, fold(text)) for where, text in _bundle_texts(case)]
    exhibits = [
        (n, [(page.number, fold(page.text)) for page in exhibit_pages(folder, name)])
        for n, name in _exhibit_files(case)
    ]
    for pid, details in people:
        for where, folded in texts:
            kinds = find_in_folded(folded, details)
            if kinds:
                yield _finding(
                    "restricted_details",
                    ERROR,
                    where,
                    f"This text contains the {' and '.join(kinds)} of protected person {pid}, whose "
                    "details are restricted, and it goes into the bundle served on the defendant. "
                    + _REMOVE_HINT[bool({"address", "postcode"} & set(kinds))],
                )
        for n, pages_folded in exhibits:
            found: dict[str, None] = {}
            pages: list[int] = []
            for number, folded in pages_folded:
                kinds = find_in_folded(folded, details)
                if kinds:
                    found.update(dict.fromkeys(kinds))
                    pages.append(number)
            if pages:
                yield _finding(
                    "restricted_details",
                    ERROR,
                    ("exhibits", n, "file"),
                    f"The exhibit's {_page_list(pages)} contain{'s' if len(pages) == 1 else ''} "
                    f"the {' and '.join(found)} of protected person {pid}, whose details are "
                    "restricted, and the exhibit goes into the bundle served on the defendant. "
                    "Redact the exhibit (remove the text, not only cover it) and save it again.",
                )


def exhibit_files(case: Any, folder: Path) -> Iterator[Finding]:
    """Each exhibit is a readable PDF inside the case folder.

    A readable exhibit whose pages are scans without a text layer gets the warning
    ``exhibit_ocr`` (our addition, ``docs/case-file.md``): the checklist's ``text_layer`` item
    would fail on those pages of the bundle.
    """
    for i, name in _exhibit_files(case):
        problem = exhibit_problem(folder, name)
        if problem:
            yield _finding("exhibit_files", ERROR, ("exhibits", i, "file"), problem)
            continue
        scans = [page.number for page in exhibit_pages(folder, name) if page.scanned]
        if scans:
            yield _finding(
                "exhibit_ocr",
                WARNING,
                ("exhibits", i, "file"),
                f"The exhibit's {_page_list(scans)} {'are scans' if len(scans) > 1 else 'is a scan'} "
                "with no text layer: the bundle's text_layer check will fail on them, and nobody "
                "can search them. Run OCR on the exhibit (e.g. ocrmypdf) and save it again.",
            )


def hearsay_deadline(case: Any, _: Path) -> Iterator[Finding]:
    """Hearsay notices are served at least 21 days before the hearing (SI 1999/681)."""
    heard = iso_date(_at(case, "hearing", "date"))
    if not heard:
        return
    latest = heard - dt.timedelta(days=HEARSAY_NOTICE_DAYS)
    for i, notice in enumerate(_arr(_obj(case).get("hearsay_notices"))):
        served = iso_date(_obj(notice).get("served_date"))
        if served and served > latest:
            yield _finding(
                "hearsay_deadline",
                WARNING,
                ("hearsay_notices", i, "served_date"),
                f"The hearsay notice was served on {served}, less than {HEARSAY_NOTICE_DAYS} days "
                f"before the hearing on {heard} (due by {latest}). Ask the court for a direction, "
                "or be ready to explain the late service.",
            )


def victim_views(case: Any, _: Path) -> Iterator[Finding]:
    """The protected person's views are sought, or the reason they were not is recorded."""
    for i, person in enumerate(_arr(_obj(case).get("protected_persons"))):
        views = _obj(_obj(person).get("views"))
        reason = views.get("reason_not_consulted")
        if views.get("consulted") is False and not (isinstance(reason, str) and reason.strip()):
            yield _finding(
                "victim_views",
                WARNING,
                ("protected_persons", i, "views", "reason_not_consulted"),
                "The protected person was not consulted and no reason is recorded. Consult them, or "
                "give the reason in reason_not_consulted.",
            )


_SPO = re.compile(r"\bstalking protection order\b|\bspo\b", re.IGNORECASE)


def existing_spo(case: Any, _: Path) -> Iterator[Finding]:
    """s2(6)-(7): a new order must not be incompatible with an SPO already in force."""
    varied = _at(case, "existing_order", "reference")
    for i, order in enumerate(_arr(_at(case, "defendant", "existing_orders"))):
        kind = _str(_obj(order).get("type"))
        if not kind or not _SPO.search(kind):
            continue
        if varied is not None and _obj(order).get("reference") == varied:
            continue  # the order this application varies, renews or discharges
        yield _finding(
            "existing_spo",
            WARNING,
            ("defendant", "existing_orders", i),
            "The defendant is already subject to a stalking protection order: no term of the new "
            "order may be incompatible with it (s2(6)-(7)). Have a lawyer compare the terms.",
        )


def requirement_provider(case: Any, _: Path) -> Iterator[Finding]:
    """A requirement names who provides or supervises it."""
    for where, term in _terms(case):
        provider = term.get("provider")
        if term.get("kind") == "requirement" and not (
            isinstance(provider, str) and provider.strip()
        ):
            yield _finding(
                "requirement_provider",
                WARNING,
                (*where, "provider"),
                "The requirement names no provider: say who will provide or supervise it, so the "
                "court can see it is workable.",
            )


RULES: dict[str, Rule] = {
    "authoriser_rank": authoriser_rank,
    "authorisation_decision": authorisation_decision,
    "authorisation_signed": authorisation_signed,
    "authorisation_date": authorisation_date,
    "hearing_date": hearing_date,
    "jurisdiction_basis": jurisdiction_basis,
    "youth_court": youth_court,
    "unique_ids": unique_ids,
    "references": references,
    "incident_dates": incident_dates,
    "term_conflicts": term_conflicts,
    "term_incidents": term_incidents,
    "duration_minimum": duration_minimum,
    "term_duration": term_duration,
    "interim_period": interim_period,
    "interim_type": interim_type,
    "existing_order": existing_order,
    "discharge_consent": discharge_consent,
    "restricted_details": restricted_details_rule,
    "exhibit_files": exhibit_files,
    "hearsay_deadline": hearsay_deadline,
    "victim_views": victim_views,
    "existing_spo": existing_spo,
    "requirement_provider": requirement_provider,
}
"""Every legal rule, by its rule id (``case-model.md``); ``schema`` is in :mod:`pipeline.schema`."""


def rule_findings(case: Any, folder: Path) -> list[Finding]:
    """Run every legal rule on a case.

    Args:
        case: The parsed case file (any JSON value).
        folder: The folder that holds the case file; exhibit paths are relative to it.

    Returns:
        The findings of every rule, unsorted.
    """
    return [finding for rule in RULES.values() for finding in rule(case, folder)]
