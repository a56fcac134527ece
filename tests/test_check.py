"""The bundle checker (``spo check``) on bundles made by a second, independent producer.

``tests/received.py`` writes SPO bundles with fpdf2, in two layouts unlike the project's own
(fonts, page numbers, index, labelled fields, titles, landscape pages). A clean bundle has no
``fail`` in either layout; each known defect fails exactly the checklist item it breaks.
"""

from __future__ import annotations

import copy
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import check as check_module
from pipeline import checklist as checklist_module
from pipeline.check import FAIL, NEEDS_REVIEW, NOT_APPLICABLE, PASS, CheckReport, check_bundle
from pipeline.checklist import load_checklist
from pipeline.errors import EnvironmentFailure, InputError
from pipeline.pdftext import (
    Line,
    PageText,
    labelled_fields,
    parse_date,
    printed_page_numbers,
    squeeze,
)

from .conftest import Run
from .received import DEFECTS, LAYOUT_A, LAYOUT_B, LAYOUTS, Layout, write_bundle, write_pages

Bundles = Callable[..., Path]
DOCUMENTS = [
    "index",
    "complaint",
    "summons",
    "draft_order",
    "draft_interim_order",
    "notification_notice",
    "authorisation",
    "mg11_oic",
    "exhibits",
    "exhibits",
    "exhibits",
]


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory, example_data: dict[str, Any]) -> Bundles:
    """Write (once per session) the bundle of the example case in a layout, with a defect."""
    folder = tmp_path_factory.mktemp("received")
    made: dict[tuple[str, str | None], Path] = {}

    def bundle(layout: Layout = LAYOUT_A, defect: str | None = None) -> Path:
        key = (layout.name, defect)
        if key not in made:
            made[key] = write_bundle(
                example_data, folder / f"{layout.name}-{defect or 'clean'}.pdf", layout, defect
            )
        return made[key]

    return bundle


@pytest.fixture(scope="session")
def reports(bundles: Bundles, example_data: dict[str, Any]) -> Callable[..., CheckReport]:
    cache: dict[tuple[str, str | None], CheckReport] = {}

    def report(layout: Layout = LAYOUT_A, defect: str | None = None) -> CheckReport:
        key = (layout.name, defect)
        if key not in cache:
            cache[key] = check_bundle(bundles(layout, defect), example_data)
        return cache[key]

    return report


def _status(report: CheckReport) -> dict[str, str]:
    return {item.id: item.status for item in report.items}


def _item(report: CheckReport, item_id: str) -> Any:
    return next(item for item in report.items if item.id == item_id)


# --- clean bundles -----------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: f"layout-{layout.name}")
def test_a_clean_bundle_passes_in_both_layouts(
    layout: Layout, reports: Callable[..., CheckReport]
) -> None:
    report = reports(layout)
    assert [i.id for i in report.items if i.status == FAIL] == []
    assert report.fileable, [i for i in report.items if i.status != PASS]
    assert [d.item for d in report.documents] == DOCUMENTS
    # The documents tile the bundle: each runs until the next starts.
    assert report.documents[0].first_page == 1
    for before, after in zip(report.documents, report.documents[1:], strict=False):
        assert after.first_page == before.last_page + 1
    assert report.documents[-1].last_page == report.pages
    # Nothing is "not applicable" by accident: only the documents this case does not need.
    assert {i.id for i in report.items if i.status == NOT_APPLICABLE} == {
        "variation_complaint",
        "hearsay_notice",
    }


def test_a_landscape_a4_exhibit_reading_left_to_right_is_not_a_defect(
    reports: Callable[..., CheckReport], bundles: Bundles
) -> None:
    for layout in LAYOUTS:
        report = reports(layout)
        last = report.documents[-1]
        with pikepdf.open(bundles(layout)) as pdf:
            page = pdf.pages[last.first_page - 1]
            box = [float(v) for v in page.mediabox]
            turned = int(page.get("/Rotate", 0))
        # Layout A draws a landscape page; layout B a portrait page shown by /Rotate 90.
        assert (box[2] > box[3]) == (layout is LAYOUT_A)
        assert turned == (90 if layout is LAYOUT_B else 0)
        assert _status(report)["page_format"] == PASS


def test_the_json_report_is_exactly_the_cli_contract(reports: Callable[..., CheckReport]) -> None:
    data = reports(LAYOUT_B).to_json()
    assert list(data) == ["fileable", "pages", "documents", "items"]
    assert data["fileable"] is True
    assert data["pages"] == reports(LAYOUT_B).pages
    assert all(list(d) == ["item", "title", "first_page", "last_page"] for d in data["documents"])
    assert all(list(i) == ["id", "status", "message", "pages"] for i in data["items"])
    ids = [item.id for item in load_checklist().items]
    assert [i["id"] for i in data["items"]] == ids
    json.dumps(data)


# --- one defect each ---------------------------------------------------------------------------

PAGES = {
    # defect: the pages the failing item names, per layout (a, b)
    "unnumbered_page": ((3,), (3,)),
    "scanned_page": ((12,), (11,)),
    "us_letter_page": ((14,), (13,)),
    "upside_down_page": ((14,), (13,)),
    "placeholder": ((3,), (3,)),
    "mg11_page_count": ((9,), (8,)),
    "authorisation_unsigned": ((8,), (7,)),
    "restricted_phone": ((9,), (8,)),
    "term_reworded": ((4,), (4,)),
    "summons_dob": ((3,), (3,)),
    "index_offset": ((1,), (1,)),
    "missing_document": ((), ()),
}


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: f"layout-{layout.name}")
@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_each_defect_fails_exactly_the_item_it_breaks(
    defect: str, layout: Layout, reports: Callable[..., CheckReport]
) -> None:
    report = reports(layout, defect)
    failed = {item.id for item in report.items if item.status == FAIL}
    assert failed == {DEFECTS[defect]}
    item = _item(report, DEFECTS[defect])
    assert item.message.endswith(".")
    if defect in PAGES:
        assert item.pages == PAGES[defect][LAYOUTS.index(layout)], item
    # Nothing else moved: every other item has the status it has on the clean bundle.
    clean = _status(reports(layout))
    changed = {k for k, v in _status(report).items() if v != clean[k]}
    expected = {DEFECTS[defect]} | ({"open_view"} if defect == "no_bookmarks" else set())
    assert changed == expected


def test_what_the_failing_items_say(reports: Callable[..., CheckReport]) -> None:
    message = _item(reports(LAYOUT_A, "summons_dob"), "consistent_identity").message
    assert "summons (page 3)" in message and "12 May 1988" in message and "12 April 1988" in message
    message = _item(reports(LAYOUT_B, "term_reworded"), "terms_match").message
    assert "T2" in message and "draft order" in message
    message = _item(reports(LAYOUT_A, "mg11_page_count"), "mg11_declaration").message
    assert "1 page(s)" in message and "2" in message
    message = _item(reports(LAYOUT_A, "index_offset"), "index_matches").message
    assert '"Summons" gives page 5; it starts on page 3' in message
    assert "upside down" in _item(reports(LAYOUT_B, "upside_down_page"), "page_format").message
    assert "216 x 279 mm" in _item(reports(LAYOUT_A, "us_letter_page"), "page_format").message
    assert "[HEARING DATE]" in _item(reports(LAYOUT_A, "placeholder"), "no_placeholders").message
    assert "OCR" in _item(reports(LAYOUT_A, "scanned_page"), "text_layer").message


def test_a_restricted_detail_is_named_by_page_never_by_value(
    reports: Callable[..., CheckReport], example_data: dict[str, Any]
) -> None:
    item = _item(reports(LAYOUT_A, "restricted_phone"), "restricted_details")
    assert "page 9" in item.message and "phone" in item.message
    phone = example_data["protected_persons"][0]["contact"]["phone"]
    assert phone not in item.message and phone.replace(" ", "") not in item.message


# --- without the case file, sign-offs --------------------------------------------------------


def test_without_the_case_the_items_that_need_it_are_not_applicable(bundles: Bundles) -> None:
    report = check_bundle(bundles(LAYOUT_B))
    status = _status(report)
    assert [k for k, v in status.items() if v == FAIL] == []
    for item_id in ("consistent_identity", "restricted_details", "terms_match"):
        assert status[item_id] == NOT_APPLICABLE
        assert "--case" in _item(report, item_id).message
    # The interim order is required because the complaint asks for one; the exhibits because
    # the index lists them.
    assert status["draft_interim_order"] == status["exhibits"] == PASS
    assert status["legal_review"] == status["terms_enforceable"] == NEEDS_REVIEW
    assert not report.fileable


def test_a_person_item_passes_only_with_its_signoff(
    bundles: Bundles, example: dict[str, Any]
) -> None:
    example["signoffs"] = [{"item": "legal_review", "by": "Priya Natarajan", "date": "2026-11-19"}]
    report = check_bundle(bundles(LAYOUT_A), example)
    assert _item(report, "legal_review").status == PASS
    assert (
        _item(report, "legal_review").message
        == "Signed off by Priya Natarajan on 19 November 2026."
    )
    assert _item(report, "terms_enforceable").status == NEEDS_REVIEW
    assert not report.fileable
    assert not report.failed


def test_the_case_decides_which_documents_are_required(
    bundles: Bundles, example: dict[str, Any]
) -> None:
    example["hearsay_notices"] = [
        {"statement_of": "A witness", "reason_not_called": "abroad", "served_date": "2026-11-20"}
    ]
    example["exhibits"].append(
        {"ref": "JO/4", "description": "x", "produced_by": "DC Okafor", "file": "x.pdf"}
    )
    report = check_bundle(bundles(LAYOUT_A), example)
    assert {i.id for i in report.items if i.status == FAIL} == {"hearsay_notice", "exhibits"}
    assert "JO/4" in _item(report, "exhibits").message


# --- finding documents -------------------------------------------------------------------------


def _found(path: Path) -> list[tuple[str, int, int]]:
    return [(d.item, d.first_page, d.last_page) for d in check_bundle(path).documents]


def test_similar_titles_are_told_apart(tmp_path: Path) -> None:
    path = write_pages(
        tmp_path / "titles.pdf",
        [
            ["COMPLAINT TO VARY, RENEW OR DISCHARGE A STALKING PROTECTION ORDER", "text"],
            ["DRAFT INTERIM STALKING PROTECTION ORDER", "text"],
            ["Draft Stalking Protection Order", "text"],
        ],
    )
    assert _found(path) == [
        ("variation_complaint", 1, 1),
        ("draft_interim_order", 2, 2),
        ("draft_order", 3, 3),
    ]


def test_running_text_cross_references_and_running_titles_start_nothing(tmp_path: Path) -> None:
    path = write_pages(
        tmp_path / "running.pdf",
        [
            ["INDEX", "Summons ....... 2", "Witness statement (MG11) ....... 3"],
            ["SUMMONS", "You are summoned to appear."],
            ["MG11", "WITNESS STATEMENT", "This statement (consisting of 2 pages)"],
            ["MG11 WITNESS STATEMENT (continued)", "I served the summons on him."],
            ["see the SUMMONS at page 2", "Exhibit JO/3 shows the area.", "WITNESS STATEMENT"],
        ],
    )
    # Page 4 repeats the running title; page 5 mentions titles in running text and
    # cross-references, and "WITNESS STATEMENT" without MG11: all continuation pages.
    assert _found(path) == [("index", 1, 1), ("summons", 2, 2), ("mg11_oic", 3, 5)]


def test_a_document_without_its_title_in_the_text_is_found_by_its_bookmark(
    tmp_path: Path,
) -> None:
    path = write_pages(
        tmp_path / "scan.pdf",
        [["INDEX"], ["SUMMONS"], ["(a scanned authorisation)"]],
        bookmarks=[
            ("Index", 1),
            ("Summons", 2),
            ("Authorisation to apply for a stalking protection order", 3),
        ],
    )
    assert _found(path)[-1] == ("authorisation", 3, 3)


def test_a_document_found_by_its_bookmark_after_an_exhibit_is_checked_in_full(
    tmp_path: Path,
) -> None:
    # Read in order, page 4 looks like a page of exhibit JO/1, whose pages are not kept; the
    # bookmark makes it the authorisation, whose text is then read again and checked.
    path = write_pages(
        tmp_path / "after.pdf",
        [["INDEX"], ["SUMMONS"], ["Exhibit JO/1", "A photograph"], ["Signed: [NAME]"]],
        bookmarks=[
            ("Index", 1),
            ("Summons", 2),
            ("Exhibit JO/1", 3),
            ("Authorisation to apply for a stalking protection order", 4),
        ],
    )
    report = check_bundle(path)
    assert [(d.item, d.first_page) for d in report.documents][-1] == ("authorisation", 4)
    assert _item(report, "no_placeholders").pages == (4,)


def test_pages_numbered_out_of_order_and_a_blank_page(tmp_path: Path) -> None:
    path = write_pages(
        tmp_path / "numbers.pdf",
        [["INDEX"], ["SUMMONS"], [], ["text"]],
        numbers={2: "3", 4: "Page 4 of 4"},
    )
    report = check_bundle(path)
    item = _item(report, "page_numbers")
    assert item.status == FAIL and item.pages == (2,)
    assert item.message.startswith("Page 2 is numbered 3.")
    # Page 3 shows nothing but its number: blank, not a scan that needs OCR.
    text_layer = _item(report, "text_layer")
    assert text_layer.status == PASS and "page 3 blank" in text_layer.message


def test_index_entries_with_leaders_columns_and_wrapped_titles(tmp_path: Path) -> None:
    path = write_pages(
        tmp_path / "index.pdf",
        [
            [
                "INDEX",
                ("Summons", "2"),
                "Exhibit JO/1 Copy of the order made at Northtown on 18",
                "September 2026 ........................ 3 - 4",
            ],
            ["SUMMONS"],
            ["Exhibit JO/1"],
            ["the order, page 2"],
        ],
    )
    report = check_bundle(path)
    assert _found(path)[-1] == ("exhibits", 3, 4)
    assert _item(report, "index_matches").status == PASS
    assert "2 index entries" in _item(report, "index_matches").message


def test_an_exhibit_reference_printed_another_way_is_the_case_s(tmp_path: Path) -> None:
    path = write_pages(
        tmp_path / "refs.pdf",
        [["INDEX", "Exhibit JO-1 ............ 2"], ["EXHIBIT JO 1 - CCTV stills"], ["JO/2"]],
        bookmarks=[("Exhibit JO-1 CCTV stills", 2)],
    )
    case = {"exhibits": [{"ref": "JO/1"}, {"ref": "JO/2"}]}
    report = check_bundle(path, case)
    assert [(d.item, d.first_page) for d in report.documents][1:] == [
        ("exhibits", 2),
        ("exhibits", 3),
    ]
    assert _item(report, "exhibits").status == PASS
    assert _item(report, "index_matches").status == PASS
    bookmarks = _item(report, "bookmarks")
    assert bookmarks.status == FAIL and bookmarks.pages == (3,)  # JO/2 has no bookmark


# --- reading pages -----------------------------------------------------------------------------


def _page(*lines: tuple[str, ...], number: int = 12) -> PageText:
    return PageText(number, 595.0, 842.0, 0, tuple(Line(cells) for cells in lines), ())


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([("Page 12 of 40",), ("text",)], {12}),
        ([("text",), ("- 12 -",)], {12}),
        ([("text",), ("12",)], {12}),
        (
            [
                ("URN 47NS0123426", "Page 1 of 6"),
                ("MG11",),
                ("text",),
                ("body",),
                ("foot",),
                ("12",),
            ],
            {1, 12},
        ),
        ([("text",), ("Signature: ......", "12")], {12}),
        ([("SPO bundle - WHITLOCK 12",), ("text",)], {12}),
        ([("Summons", "4"), ("text",)], set()),  # an index entry's page column
        ([("Date: 19 November 2026",)], set()),
    ],
)
def test_printed_page_numbers(lines: list[tuple[str, ...]], expected: set[int]) -> None:
    assert printed_page_numbers(_page(*lines))[0] == expected


def test_labelled_fields_are_read_as_a_person_reads_them() -> None:
    lines = [
        Line(("Name: Daniel Robert WHITLOCK",)),
        Line(("Date of birth:",)),
        Line(("12 April 1988",)),
        Line(("Defendant:",)),
        Line(("URN: 47NS0123426",)),
        Line(("Address", "14 Larch Close")),
        Line(("Signature: ..........  Date: 19 November 2026",)),
    ]
    fields = [(f.label, f.value) for f in labelled_fields(lines)]
    assert fields == [
        ("name", "Daniel Robert WHITLOCK"),
        ("date of birth", "12 April 1988"),
        ("urn", "47NS0123426"),
        ("signature", ".........."),
        ("date", "19 November 2026"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_is_squeezed_as_any_other_text(text: str) -> None:
    # ASCII takes a short cut (lower case, no Unicode normalisation); a closing quote at the
    # end sends the same text the general way, and is folded to an apostrophe.
    assert squeeze(text + "\u2019") == squeeze(text) + "'"


@pytest.mark.parametrize(
    "text",
    ["12 April 1988", "12th April 1988", "12/04/1988", "12.04.88", "1988-04-12", "April 12, 1988"],
)
def test_dates_in_the_forms_documents_print_them(text: str) -> None:
    assert str(parse_date(f"born {text}.")) == "1988-04-12"


# --- the checklist file ------------------------------------------------------------------------


def test_the_checklist_is_data_a_legal_team_can_extend(tmp_path: Path, bundles: Bundles) -> None:
    text = checklist_module.CHECKLIST.read_text(encoding="utf-8")
    extra = (
        '\n[[item]]\nid = "chronology"\nkind = "document"\nwording = "A chronology"\n'
        'title = ["CHRONOLOGY"]\nrequired_when = ["always"]\n'
    )
    path = tmp_path / "force.toml"
    path.write_text(text + extra, encoding="utf-8")
    report = check_bundle(bundles(LAYOUT_A), None, load_checklist(path))
    assert _item(report, "chronology").status == FAIL


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t.replace('kind = "person"', 'kind = "people"', 1), "kind must be"),
        (lambda t: t.replace('["application:new"]', '["new"]', 1), "unknown condition 'new'"),
        (lambda t: t.replace('id = "summons"', 'id = "complaint"'), "appears twice"),
        (
            lambda t: t + '\n[[item]]\nid = "ocr"\nkind = "bundle"\nwording = "x"\n',
            "no check is built",
        ),
        (lambda t: t.replace("[checklist]", "[checklist"), "not valid TOML"),
    ],
)
def test_a_broken_checklist_is_one_line(
    change: Callable[[str], str], words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(
        change(checklist_module.CHECKLIST.read_text(encoding="utf-8")), encoding="utf-8"
    )
    with pytest.raises(InputError, match=words) as named:
        load_checklist(path)
    assert "\n" not in named.value.message
    monkeypatch.setattr(checklist_module, "CHECKLIST", path)
    with pytest.raises(EnvironmentFailure, match="built-in checklist"):
        load_checklist()


# --- the command line --------------------------------------------------------------------------


def test_spo_check_exit_codes_and_reports(
    spo: Callable[..., Run],
    bundles: Bundles,
    write_case: Callable[[Any], Path],
    example: dict[str, Any],
) -> None:
    case = write_case(example)
    clean = spo("check", bundles(LAYOUT_A), "--case", case)
    assert clean.code == 0, clean.out
    assert "Fileable" in clean.out and "PASS" in clean.out and "\x1b[" not in clean.out
    failed = spo("check", bundles(LAYOUT_B, "summons_dob"), "--case", case, "--format", "json")
    assert failed.code == 1
    data = json.loads(failed.out)
    assert data["fileable"] is False
    assert [i["id"] for i in data["items"] if i["status"] == "fail"] == ["consistent_identity"]
    # Without the case: nothing fails, but a person still has to sign off.
    unsigned = spo("check", bundles(LAYOUT_A))
    assert unsigned.code == 0
    assert "Not yet fileable" in unsigned.out and "REVIEW" in unsigned.out


def _text(path: Path, source: Path) -> Path:
    path.write_text("just text", encoding="utf-8")
    return path


def _empty(path: Path, source: Path) -> Path:
    path.write_bytes(b"")
    return path


def _truncated(path: Path, source: Path) -> Path:
    path.write_bytes(source.read_bytes()[:6000])
    return path


def _encrypted(path: Path, source: Path) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="user"))
    return path


def _no_pages(path: Path, source: Path) -> Path:
    with pikepdf.open(source) as pdf:
        del pdf.pages[:]
        pdf.save(path)
    return path


def _folder(path: Path, source: Path) -> Path:
    path.mkdir()
    return path


def _missing(path: Path, source: Path) -> Path:
    return path


def _pipe(path: Path, source: Path) -> Path:
    os.mkfifo(path)  # PDFium would wait on it for ever
    return path


def _loop(path: Path, source: Path) -> Path:
    path.symlink_to(path.with_name("other.pdf"))
    path.with_name("other.pdf").symlink_to(path)
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_text, "not a PDF"),
        (_empty, "empty"),
        (_truncated, "truncated"),
        (_encrypted, "encrypted"),
        (_no_pages, "no pages"),
        (_folder, "is a folder"),
        (_missing, "no such file"),
        (_pipe, "not a regular file"),
        (_loop, "symbolic link to nothing"),
    ],
    ids=[
        "not-pdf", "empty", "truncated", "encrypted", "zero-pages", "folder", "missing", "pipe",
        "symlink-loop",
    ],
)  # fmt: skip
def test_an_unreadable_bundle_is_exit_2_with_one_line(
    make: Callable[[Path, Path], Path],
    words: str,
    tmp_path: Path,
    bundles: Bundles,
    spo: Callable[..., Run],
    two_processes: Callable[[], list[int]],
) -> None:
    path = make(tmp_path / "bundle.pdf", bundles(LAYOUT_A))
    # As if the bundle were long and two cores free: the second process is never started on it.
    children = two_processes()
    run = spo("check", path)
    assert children == []
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("Error: ") and words in run.err
    assert run.err.count("\n") == 1 and "Traceback" not in run.err


def test_an_unreadable_case_or_checklist_is_exit_2(
    tmp_path: Path, bundles: Bundles, spo: Callable[..., Run]
) -> None:
    bad = tmp_path / "case.json"
    bad.write_text("{", encoding="utf-8")
    assert spo("check", bundles(LAYOUT_A), "--case", bad).code == 2
    bad.write_text("[]", encoding="utf-8")
    run = spo("check", bundles(LAYOUT_A), "--case", bad)
    assert run.code == 2 and "not a case file" in run.err
    run = spo("check", bundles(LAYOUT_A), "--checklist", tmp_path / "none.toml")
    assert run.code == 2 and "no such file" in run.err


def test_a_case_without_signoffs_or_exhibits_is_read_leniently(
    bundles: Bundles, example: dict[str, Any]
) -> None:
    trimmed = copy.deepcopy(example)
    for key in ("signoffs", "exhibits", "interim", "terms"):
        trimmed.pop(key)
    report = check_bundle(bundles(LAYOUT_A), trimmed)
    status = _status(report)
    assert status["exhibits"] == PASS  # exhibits found, none required
    assert status["terms_match"] == NOT_APPLICABLE
    assert status["legal_review"] == NEEDS_REVIEW


# --- a long bundle is read in two processes ----------------------------------------------------

# The expected reports come from `reports`, read in one process: each test asks for its report
# before switching to two.


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[int]]:
    """Switch to reading every bundle in two processes, however short; the children's ids."""

    def switch() -> list[int]:
        children: list[int] = []
        fork = os.fork

        def counted() -> int:
            pid = fork()
            if pid:
                children.append(pid)
            return pid

        monkeypatch.setattr(check_module, "_TWO_PROCESSES", 1)
        monkeypatch.setattr(check_module, "_may_fork", lambda: True)
        monkeypatch.setattr(os, "fork", counted)
        return children

    return switch


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: f"layout-{layout.name}")
@pytest.mark.parametrize("defect", [None, *sorted(DEFECTS)])
def test_two_processes_give_the_report_one_gives(
    defect: str | None,
    layout: Layout,
    bundles: Bundles,
    reports: Callable[..., CheckReport],
    example_data: dict[str, Any],
    two_processes: Callable[[], list[int]],
) -> None:
    expected = reports(layout, defect)
    children = two_processes()
    assert check_bundle(bundles(layout, defect), example_data) == expected
    assert len(children) == 1 and _gone(children[0])


def _meeting_at(forward_last: int, backward_last: int) -> type:
    """Readers that stop where a test says, instead of where they meet."""

    class Fixed(check_module._Meeting):
        def forwards(self) -> Iterator[int]:
            yield from range(1, min(forward_last, self.count) + 1)

        def backwards(self) -> Iterator[int]:
            yield from range(self.count, max(backward_last, 1) - 1, -1)

    return Fixed


def test_wherever_the_two_processes_meet_the_report_is_the_same(
    bundles: Bundles,
    reports: Callable[..., CheckReport],
    example_data: dict[str, Any],
    two_processes: Callable[[], list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The helper reads back from the last page: its last pages may wait for a start it never
    # reads, inside a document or an exhibit. The readers may both read the page they meet at,
    # or both leave it. The restricted phone number and the wrong date of birth are found in
    # every case.
    defects = ("restricted_phone", "summons_dob")
    expected = {defect: reports(LAYOUT_A, defect) for defect in defects}
    children = two_processes()
    runs = 0
    for defect in defects:
        pages = expected[defect].pages
        for last in range(1, pages):
            for back in (last - 1, last + 1, last + 2):  # both read two, they meet, one is left
                monkeypatch.setattr(check_module, "_Meeting", _meeting_at(last, back))
                report = check_bundle(bundles(LAYOUT_A, defect), example_data)
                assert report == expected[defect], (defect, last, back)
                runs += 1
    assert len(children) == runs
    assert all(_gone(pid) for pid in children)


def test_the_two_processes_share_the_pages_out(
    bundles: Bundles,
    reports: Callable[..., CheckReport],
    example_data: dict[str, Any],
    two_processes: Callable[[], list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each reads some pages, and no page is read twice but the one they may meet at."""
    expected = reports(LAYOUT_B)
    two_processes()
    read: list[int] = []
    parent = os.getpid()
    see = check_module._Reader.see

    def seen_here(self: Any, page: Any, raw: str) -> Any:
        if os.getpid() == parent:
            if not read:
                time.sleep(0.2)  # however late the helper starts, it reads some pages
            read.append(page.number)
        else:
            time.sleep(0.02)  # and however quickly it reads, this process reads some too
        return see(self, page, raw)

    monkeypatch.setattr(check_module._Reader, "see", seen_here)
    assert check_bundle(bundles(LAYOUT_B), example_data) == expected
    here = set(read)
    assert here and min(here) == 1
    assert len(here) < expected.pages  # the helper read the rest
    assert len(read) - len(here) <= 1


def test_when_the_second_process_fails_this_one_reads_its_pages(
    bundles: Bundles,
    reports: Callable[..., CheckReport],
    example_data: dict[str, Any],
    two_processes: Callable[[], list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = reports(LAYOUT_B, "restricted_phone")
    children = two_processes()
    parent = os.getpid()
    read_backwards = check_module._read_backwards

    def failing_in_the_child(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            raise MemoryError
        return read_backwards(*args, **kwargs)

    monkeypatch.setattr(check_module, "_read_backwards", failing_in_the_child)
    assert check_bundle(bundles(LAYOUT_B, "restricted_phone"), example_data) == expected
    assert len(children) == 1 and _gone(children[0])


def test_when_no_second_process_can_be_had_this_one_reads_alone(
    bundles: Bundles,
    reports: Callable[..., CheckReport],
    example_data: dict[str, Any],
    two_processes: Callable[[], list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    expected = reports(LAYOUT_A)
    two_processes()
    monkeypatch.setattr(os, "fork", no_fork)
    assert check_bundle(bundles(LAYOUT_A), example_data) == expected
