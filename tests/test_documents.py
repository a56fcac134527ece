"""Rendered documents, converted by LibreOffice: what a lawyer would check on the PDFs."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.context import long_date, time_of_day
from pipeline.convert import convert_documents, find_soffice
from pipeline.render import RenderedDocument, documents_for, render_documents
from pipeline.restricted import find_restricted, restricted_details

from .conftest import EXAMPLE, SAMPLES

pytestmark = [
    pytest.mark.needs_soffice,
    pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed: make install"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed"),
]

TITLES = {
    "complaint": "COMPLAINT FOR A STALKING PROTECTION ORDER",
    "variation_complaint": "COMPLAINT TO VARY, RENEW OR DISCHARGE",
    "summons": "SUMMONS",
    "draft_order": "DRAFT STALKING PROTECTION ORDER",
    "draft_interim_order": "DRAFT INTERIM STALKING PROTECTION ORDER",
    "notification_notice": "NOTIFICATION REQUIREMENTS",
    "authorisation": "AUTHORISATION TO APPLY FOR A STALKING PROTECTION ORDER",
    "mg11_oic": "WITNESS STATEMENT",
    "hearsay_notice": "HEARSAY NOTICE",
    "mg11_contact_sheet": "MG11 CONFIDENTIAL CONTACT DETAILS",
}
SAMPLE_CASES = sorted(SAMPLES.glob("*/case.json"))


@dataclass(frozen=True)
class Built:
    case: dict[str, Any]
    documents: tuple[RenderedDocument, ...]
    pages: dict[str, list[str]]  # kind -> text of each page

    def text(self, kind: str) -> str:
        return "\n".join(self.pages[kind])

    def served(self) -> dict[str, str]:
        return {
            d.spec.kind: self.text(d.spec.kind) for d in self.documents if not d.spec.confidential
        }


def _flat(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def build(case: dict[str, Any], outdir: Path) -> Built:
    documents = render_documents(case, outdir)
    pdfs = convert_documents([d.path for d in documents], outdir / "pdf")
    pages = {d.spec.kind: pdf_pages(p.pdf) for d, p in zip(documents, pdfs, strict=True)}
    return Built(case, documents, pages)


@pytest.fixture(scope="session")
def samples_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    built = {}
    for path in SAMPLE_CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        built[path.parent.name] = build(case, tmp_path_factory.mktemp(path.parent.name))
    return built


@pytest.fixture(scope="session")
def example_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("sample", [p.parent.name for p in SAMPLE_CASES])
def test_every_document_of_every_sample_renders_with_its_title_first(
    sample: str, samples_built: dict[str, Built]
) -> None:
    built = samples_built[sample]
    assert set(built.pages) == {spec.kind for spec in documents_for(built.case)}
    for kind, pages in built.pages.items():
        head = _flat(" ".join(pages[0].splitlines()[:12])).upper()
        assert _flat(TITLES[kind]) in head, (kind, head)
        if kind == "mg11_oic":
            assert "MG11" in pages[0]


@pytest.mark.parametrize("sample", [p.parent.name for p in SAMPLE_CASES])
def test_no_template_residue_or_placeholder(sample: str, samples_built: dict[str, Built]) -> None:
    for kind, pages in samples_built[sample].pages.items():
        text = "\n".join(pages)
        for residue in ("{{", "}}", "{%", "%}", "TBC", "XX/XX", "Lorem ipsum"):
            assert residue not in text, (kind, residue)
        assert not re.search(r"\[[^\]]*\]", text), (kind, re.search(r"\[[^\]]*\]", text))


@pytest.mark.parametrize("sample", [p.parent.name for p in SAMPLE_CASES])
def test_the_documents_carry_the_case(sample: str, samples_built: dict[str, Built]) -> None:
    built = samples_built[sample]
    case = built.case
    for kind, text in built.served().items():
        flat = _flat(text)
        assert case["case"]["urn"] in flat, kind
        assert case["defendant"]["surname"].upper() in flat.upper(), kind
    summons = _flat(built.text("summons"))
    assert long_date(case["hearing"]["date"]) in summons
    assert time_of_day(case["hearing"]["time"]) in summons
    assert case["court"]["name"] in summons
    complaint = "complaint" if "complaint" in built.pages else "variation_complaint"
    for term in case["terms"]:
        for kind in (complaint, "draft_order", "draft_interim_order", "mg11_oic"):
            if kind in built.pages:
                assert _flat(term["text"]) in _flat(built.text(kind)), (kind, term["id"])


@pytest.mark.parametrize("sample", [p.parent.name for p in SAMPLE_CASES])
def test_restricted_details_are_only_on_the_confidential_sheet(
    sample: str, samples_built: dict[str, Built]
) -> None:
    built = samples_built[sample]
    restricted = [p for p in built.case["protected_persons"] if p["restrict_address"]]
    assert restricted, "every sample has a restricted protected person"
    for person in restricted:
        details = restricted_details(person)
        for kind, text in built.served().items():
            assert find_restricted(text, details) == [], (kind, person["id"])
        sheet = find_restricted(built.text("mg11_contact_sheet"), details)
        assert {"postcode", "date of birth"} <= set(sheet)


def _declared_pages(text: str) -> int:
    match = re.search(r"consisting of\s+(\d+)\s+page", _flat(text))
    assert match, "the MG11 has its s9 declaration"
    return int(match.group(1))


@pytest.mark.parametrize("sample", [p.parent.name for p in SAMPLE_CASES])
def test_the_mg11_states_its_true_page_count(sample: str, samples_built: dict[str, Built]) -> None:
    pages = samples_built[sample].pages["mg11_oic"]
    assert _declared_pages("\n".join(pages)) == len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Signature" in page


def test_a_long_mg11_states_its_true_page_count(
    example_data: dict[str, Any], tmp_path: Path
) -> None:
    case = copy.deepcopy(example_data)
    base = case["incidents"][1]
    case["incidents"] = [
        {**base, "id": f"I{n}", "date": f"2026-{1 + n % 10:02d}-{1 + n % 27:02d}",
         "description": "The defendant sent a long series of messages. " * 12}
        for n in range(1, 41)
    ]  # fmt: skip
    for term in case["terms"]:
        term["incident_ids"] = ["I1"]
    pages = build(case, tmp_path).pages["mg11_oic"]
    assert len(pages) >= 5
    assert _declared_pages("\n".join(pages)) == len(pages)


HOSTILE = {
    "xml": "Smith & Sons <Holdings> \"Ltd\" 'quoted'",
    "jinja": "{{ 7*7 }} and {% for x in terms %}loop{% endfor %} and {# c #}",
    "rtl": "\u05e9\u05dc\u05d5\u05dd and \u0645\u0631\u062d\u0628\u0627",
    "welsh": "Ŵyn Llŷr Łukasz Seán",
}


def test_hostile_values_are_printed_literally(example_data: dict[str, Any], tmp_path: Path) -> None:
    case = copy.deepcopy(example_data)
    long_text = ("A very long description of what happened. " * 120)[:5000]
    case["defendant"]["forenames"] = HOSTILE["welsh"]
    case["incidents"][0]["location"] = HOSTILE["xml"]
    case["incidents"][0]["description"] = HOSTILE["jinja"] + " " + long_text
    case["incidents"][1]["description"] = HOSTILE["rtl"] + "\u200b\u202e end"
    case["terms"][0]["justification"] = HOSTILE["xml"] + " " + HOSTILE["jinja"]
    case["terms"][1]["text"] = "Not to enter Y Drenewydd & Llanfair {{ 7*7 }}."
    case["risk_assessment"]["summary"] = long_text
    built = build(case, tmp_path)
    everything = _flat("\n".join(built.text(kind) for kind in built.pages))
    assert "49" not in everything
    assert _flat(HOSTILE["xml"]) in everything
    assert _flat(HOSTILE["jinja"]) in everything
    assert "Ŵyn Llŷr Łukasz Seán" in everything
    assert "\u05e9\u05dc\u05d5\u05dd" in everything or "\u05dd\u05d5\u05dc\u05e9" in everything
    assert "Not to enter Y Drenewydd & Llanfair {{ 7*7 }}." in _flat(built.text("draft_order"))
    # Across page breaks the MG11's running header and signature lines interrupt the text.
    running = re.compile(r"^(URN \S+|Page \d+ of \d+|Signature:.*)$")
    body = [ln for ln in built.text("mg11_oic").splitlines() if not running.match(ln.strip())]
    assert _flat(long_text) in _flat("\n".join(body))


def test_documents_embed_fonts_that_cover_latin_extended(
    samples_built: dict[str, Built], tmp_path: Path
) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    built = samples_built["full-with-interim"]
    for document in built.documents:
        pdf = document.path.parent.parent / "pdf" / (document.path.stem + ".pdf")
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
        rows = fonts.stdout.splitlines()[2:]
        assert rows, document.spec.kind
        for row in rows:
            name, embedded = row.split()[0], row.split()[-5]
            assert embedded == "yes", (document.spec.kind, row)
            assert "Liberation" in name, (document.spec.kind, row)
