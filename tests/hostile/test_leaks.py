"""Item 3: a restricted detail, however it is written, is caught in the case and in a bundle.

The example's protected person P1 (``restrict_address: true``) lives at Flat 2, 9 Orchard Row,
Northtown NT2 3LD, phone 07700 900456, email s.mitchell@mail.example, born 1991-09-30. Every
way of writing these below must be caught by ``spo validate`` in the case text, by
``spo validate`` in an exhibit's text, and by ``spo check --case`` in a bundle's text (and in
what a viewer shows besides the text: annotations, bookmarks, document properties).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, OutlineItem
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pipeline.assemble import assemble_case
from pipeline.check import check_bundle

from ..conftest import EXAMPLE, Run, make_pdf
from ..textconverter import TextConverter
from .helpers import pages_text

Case = dict[str, Any]

VARIANTS: list[tuple[str, str]] = [
    # address: any case, spacing, punctuation; street types abbreviated; invisible characters
    ("address", "9 Orchard Row"),
    ("address", "FLAT 2,  9 ORCHARD ROW"),
    ("address", "9-orchard-row"),
    ("address", "9,Orchard\tRow"),  # a PDF drops the tab: "9,OrchardRow"
    ("address", "9 OrchardRow"),
    ("address", "Orchard Row"),
    ("address", "9 Or\u200bchard Row"),
    ("address", "9 Orc\u00adhard Row"),
    ("address", "9 \u00d3rchard Row"),
    # postcode: with or without its space, any separator, letter-spaced, full-width
    ("postcode", "NT2 3LD"),
    ("postcode", "nt23ld"),
    ("postcode", "NT2-3LD"),
    ("postcode", "N T 2 3 L D"),
    ("postcode", "NT2\u00a03LD"),
    ("postcode", "NT2\u200b3LD"),
    ("postcode", "\uff2e\uff34\uff12 \uff13\uff2c\uff24"),
    # phone: national, +44, (0), 0044, spaced, dotted, split by other numbers, invisible chars
    ("phone", "07700 900456"),
    ("phone", "07700900456"),
    ("phone", "+44 7700 900456"),
    ("phone", "+447700900456"),
    ("phone", "+44 (0)7700-900-456"),
    ("phone", "+44(0)7700 900 456"),
    ("phone", "0044 7700 900456"),
    ("phone", "00 44 7700 900 456"),
    ("phone", "(07700) 900 456"),
    ("phone", "07700.900.456"),
    ("phone", "0 7 7 0 0 9 0 0 4 5 6"),
    ("phone", "44 7700 900456"),
    ("phone", "7700 900456"),
    ("phone", "tel:+447700900456"),
    ("phone", "07700\u200b900456"),
    ("phone", "\uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff14\uff15\uff16"),
    # email: any case, spaced, obfuscated
    ("email", "s.mitchell@mail.example"),
    ("email", "S.MITCHELL@MAIL.EXAMPLE"),
    ("email", "s.mitchell @ mail.example"),
    ("email", "mailto:s.mitchell@mail.example"),
    ("email", "s.mitchell at mail dot example"),
    ("email", "s.mitchell [at] mail.example"),
    # date of birth: ISO, British, US, with names, ordinals, commas, "of", compact
    ("date of birth", "1991-09-30"),
    ("date of birth", "30/09/1991"),
    ("date of birth", "30/9/91"),
    ("date of birth", "30.09.1991"),
    ("date of birth", "30-09-1991"),
    ("date of birth", "30 September 1991"),
    ("date of birth", "30th September 1991"),
    ("date of birth", "the 30th of September, 1991"),
    ("date of birth", "30 Sept 1991"),
    ("date of birth", "30 SEP 91"),
    ("date of birth", "30-Sep-1991"),
    ("date of birth", "September 30, 1991"),
    ("date of birth", "September 30 1991"),
    ("date of birth", "Sept. 30th, 1991"),
    ("date of birth", "09/30/1991"),
    ("date of birth", "1991/09/30"),
    ("date of birth", "1991.09.30"),
    ("date of birth", "19910930"),
    ("date of birth", "30091991"),
    ("date of birth", "30\u200b/09/1991"),
]
IDS = [f"{kind.replace(' ', '-')}-{n}" for n, (kind, _) in enumerate(VARIANTS)]

SECRETS = ("Orchard", "ORCHARD", "NT2", "3LD", "900456", "7700", "mitchell@", "1991")
"""Parts of the details a report must never repeat."""


# -- the validator, in the case text --------------------------------------------------------------


@pytest.mark.parametrize(("kind", "text"), VARIANTS, ids=IDS)
def test_the_validator_catches_every_form_in_the_case_text(
    kind: str,
    text: str,
    example: Case,
    write_case: Callable[[Any], Path],
    spo: Callable[..., Run],
) -> None:
    example["incidents"][1]["description"] = f"Seen near {text} that evening."
    result = spo("validate", write_case(example), "--format", "json")
    assert result.code == 1
    findings = json.loads(result.out)["findings"]
    assert [(f["rule"], f["path"]) for f in findings] == [
        ("restricted_details", "/incidents/1/description")
    ]
    assert kind in findings[0]["message"] and "P1" in findings[0]["message"]
    assert not any(secret in findings[0]["message"] for secret in SECRETS)


@pytest.mark.parametrize(
    "text",
    [
        "Phone 07700 900457",
        "Reference 130/09/1991",
        "Forty-three messages on 30/09/2026",
        "The NT2 bus",
        "Flat 2 of the defendant's building",
        "Orchard Road",  # another street
        "1991: the defendant moved away",
    ],
)
def test_near_misses_are_not_leaks(
    text: str, example: Case, write_case: Callable[[Any], Path], spo: Callable[..., Run]
) -> None:
    example["incidents"][1]["description"] = text
    assert spo("validate", write_case(example)).code == 0


# -- the validator, in an exhibit's text ----------------------------------------------------------


def _font() -> str:
    for folder, name in (
        ("/usr/share/fonts/truetype/dejavu", "DejaVuSans.ttf"),
        ("/usr/share/fonts/truetype/liberation", "LiberationSans-Regular.ttf"),
    ):
        if (Path(folder) / name).is_file():
            pdfmetrics.registerFont(TTFont("LeakSans", str(Path(folder) / name)))
            return "LeakSans"
    return "Helvetica"  # pragma: no cover - the Debian fonts are a dependency


def _leak_pages(path: Path, texts: list[str]) -> Path:
    """A PDF with one text per page, drawn with an embedded Unicode font."""
    path.parent.mkdir(parents=True, exist_ok=True)
    font = _font()
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for text in texts:
        canvas.setFont(font, 12)
        canvas.drawString(72, 700, f"Statement continued: {text} was written here.")
        canvas.showPage()
    canvas.save()
    return path


def test_the_validator_catches_a_detail_in_an_exhibit_and_names_its_pages(
    example: Case, write_case: Callable[[Any], Path], spo: Callable[..., Run], tmp_path: Path
) -> None:
    path = write_case(example)
    _leak_pages(path.parent / example["exhibits"][1]["file"], ["nothing", "+44 7700 900456"])
    result = spo("validate", path, "--format", "json")
    assert result.code == 1
    (finding,) = json.loads(result.out)["findings"]
    assert (finding["rule"], finding["path"]) == ("restricted_details", "/exhibits/1/file")
    assert "page 2 " in finding["message"] and "phone" in finding["message"]
    assert not any(secret in finding["message"] for secret in SECRETS)
    out = tmp_path / "out"
    assert spo("assemble", path, "-o", out).code == 1
    assert not out.exists()


# -- the checker, in a bundle ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A bundle assembled from the example (no leak in it), and its case file."""
    folder = tmp_path_factory.mktemp("clean")
    case: Case = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for exhibit in case["exhibits"]:
        make_pdf(folder / "case" / exhibit["file"])
    path = folder / "case" / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    result = assemble_case(path, folder / "out", converter=TextConverter())
    restricted = next(i for i in result.checklist.items if i.id == "restricted_details")
    assert restricted.status == "pass"
    return result.bundle, path


def _smuggled(clean: Path, target: Path, texts: list[str]) -> tuple[Path, list[int]]:
    """The clean bundle with one page per text added at its end: the pages a leak is on."""
    leaks = _leak_pages(target.with_name("leaks.pdf"), texts)
    shutil.copy(clean, target)
    with pikepdf.open(target, allow_overwriting_input=True) as pdf, pikepdf.open(leaks) as extra:
        first = len(pdf.pages) + 1
        pdf.pages.extend(extra.pages)
        pdf.save(target)
    return target, list(range(first, first + len(texts)))


IN_PDF = [(kind, text) for kind, text in VARIANTS if "\uff10" not in text and "\uff2e" not in text]
"""The forms the test font can draw (it has no full-width letters: those are checked on text)."""


def test_full_width_forms_are_caught_in_text_as_a_pdf_gives_it(clean_bundle: Any) -> None:
    from pipeline.restricted import find_restricted, restricted_details

    details = restricted_details(
        json.loads(EXAMPLE.read_text(encoding="utf-8"))["protected_persons"][0]
    )
    for kind, text in VARIANTS:
        if (kind, text) not in IN_PDF:
            assert find_restricted(f"Statement: {text} here", details) == [kind]


def test_the_checker_catches_every_form_in_a_bundle_and_names_its_page(
    clean_bundle: tuple[Path, Path], tmp_path: Path, spo: Callable[..., Run]
) -> None:
    clean, case = clean_bundle
    bundle, pages = _smuggled(clean, tmp_path / "bundle.pdf", [text for _, text in IN_PDF])
    read = pages_text(bundle)
    for page in pages:
        assert "was written here" in read[page - 1]  # the leak is in the text layer
    case_data = json.loads(case.read_text(encoding="utf-8"))
    item = next(i for i in check_bundle(bundle, case_data).items if i.id == "restricted_details")
    assert item.status == "fail"
    missed = [IN_PDF[n] for n, page in enumerate(pages) if page not in item.pages]
    assert missed == []
    assert set(item.pages) == set(pages)  # and nothing else: the clean pages stay clean
    result = spo("check", bundle, "--case", case, "--format", "json")
    assert result.code == 1
    reported = next(i for i in json.loads(result.out)["items"] if i["id"] == "restricted_details")
    assert reported["status"] == "fail" and reported["pages"] == pages
    assert f"page {pages[0]} (P1: address)" in reported["message"]
    assert not any(secret in reported["message"] for secret in SECRETS)


@pytest.mark.parametrize(("kind", "text"), IN_PDF[::7])
def test_one_form_alone_in_a_bundle_fails_the_check(
    kind: str, text: str, clean_bundle: tuple[Path, Path], tmp_path: Path, spo: Callable[..., Run]
) -> None:
    clean, case = clean_bundle
    bundle, (page,) = _smuggled(clean, tmp_path / "bundle.pdf", [text])
    result = spo("check", bundle, "--case", case, "--format", "json")
    assert result.code == 1
    item = next(i for i in json.loads(result.out)["items"] if i["id"] == "restricted_details")
    assert item["pages"] == [page]
    assert f"page {page} (P1: {kind})" in item["message"]


def _annotated(clean: Path, target: Path) -> Path:
    shutil.copy(clean, target)
    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        page = pdf.pages[2].obj
        note = Dictionary(
            Type=Name.Annot,
            Subtype=Name.Text,
            Rect=Array([100, 100, 120, 120]),
            Contents=pikepdf.String("She moved to NT2 3LD"),
        )
        page.Annots = Array([*page.get(Name.Annots, Array()), pdf.make_indirect(note)])
        pdf.save(target)
    return target


def _bookmarked(clean: Path, target: Path) -> Path:
    shutil.copy(clean, target)
    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        with pdf.open_outline() as outline:
            outline.root.append(OutlineItem("Call her on 07700 900456", 2))
        pdf.save(target)
    return target


def _titled(clean: Path, target: Path) -> Path:
    shutil.copy(clean, target)
    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        pdf.docinfo[Name.Keywords] = pikepdf.String("s.mitchell@mail.example")
        pdf.save(target)
    return target


@pytest.mark.parametrize(
    ("make", "page", "words"),
    [
        (_annotated, 3, "P1: postcode in an annotation"),
        (_bookmarked, 3, "P1: phone in a bookmark"),
        (_titled, 1, "P1: email in the document properties"),
    ],
    ids=["annotation", "bookmark", "document-properties"],
)
def test_the_checker_reads_what_a_viewer_shows_besides_the_page_text(
    make: Callable[[Path, Path], Path],
    page: int,
    words: str,
    clean_bundle: tuple[Path, Path],
    tmp_path: Path,
    spo: Callable[..., Run],
) -> None:
    # Before the fix only the page text was searched: a note, a bookmark or the document's
    # keywords carrying a restricted detail passed the check.
    clean, case = clean_bundle
    bundle = make(clean, tmp_path / "bundle.pdf")
    result = spo("check", bundle, "--case", case, "--format", "json")
    assert result.code == 1
    item = next(i for i in json.loads(result.out)["items"] if i["id"] == "restricted_details")
    assert item["pages"] == [page]
    assert words in item["message"]


def test_the_contact_sheet_keeps_the_details_and_the_bundle_never_has_them(
    clean_bundle: tuple[Path, Path],
) -> None:
    clean, _ = clean_bundle
    sheet = clean.parent / "confidential" / "mg11_contact_sheet.pdf"
    assert "07700 900456" in "\n".join(pages_text(sheet))
    text = "\n".join(pages_text(clean))
    for secret in ("Orchard", "NT2 3LD", "900456", "mail.example", "1991"):
        assert secret not in text
