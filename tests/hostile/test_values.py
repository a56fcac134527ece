"""Item 2: values that attack the documents.

Template syntax, XML specials, control characters, zero-width and right-to-left characters,
10,000-character fields, 500 incidents and 200 terms: the documents still open in LibreOffice
and show the text literally. Characters XML cannot hold (controls) are removed; everything else
is printed as written.
"""

from __future__ import annotations

import copy
import json
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docx import Document

from pipeline.assemble import assemble_case
from pipeline.restricted import normalise

from ..conftest import Run
from ..textconverter import TextConverter
from .helpers import needs_soffice, outdir_is_whole, pages_text

Case = dict[str, Any]

ATTACKS = {
    "jinja": "{{ 7*7 }} {% if true %}yes{% endif %} {# c #} {{ protected_persons[0].name }}",
    "jinja-escape": "{% raw %}{{ x }}{% endraw %} {{- y -}} {%- z %} ${x} [[y]]",
    "xml": "a & b < c > d \"q\" 'a' ]]> <w:t>x</w:t> &amp; &#x41; <!-- c --> <![CDATA[z]]>",
    "docxtpl": "{%p if x %} {%tr for r in rows %} {{r x }} {%- cellbg 'FF0000' %}",
    "zero-width": "zero\u200bwidth\u200c\u200djoin\u2060er\ufeffbom soft\u00adhyphen",
    "right-to-left": "rtl \u202eevil\u202c \u2067isolate\u2069 \u200fmark مرحبا שלום",
    "emoji-and-scripts": "\U0001f600 \u00e9\u0301 \u0142\u0175\u0177 Ελληνικά Кириллица 漢字",
}
"""Each attack, written into a free text of the case; it must come out as written."""

CONTROLS = "start\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\ufffe\uffff end"
"""Characters XML 1.0 cannot hold: removed from the documents, never breaking them."""

FIELDS = [
    ("incidents", 0, "description"),
    ("terms", 0, "text"),
    ("risk_assessment", "summary"),
    ("authorisation", "rationale", "acts"),
]


_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _printed(value: str) -> str:
    """The value as the documents print it: direction overrides, embeddings, isolates removed."""
    return _DIRECTION_CONTROLS.sub("", value)


def _set(case: Case, where: tuple[str | int, ...], value: str) -> None:
    node: Any = case
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value


def _docx_text(path: Path) -> str:
    """Every piece of text of a .docx, read from its XML (the document as Word opens it)."""
    document = Document(str(path))
    body = document.element.body
    return "".join(node.text or "" for node in body.iter() if node.tag.endswith("}t"))


def _visible(text: str) -> str:
    """What a reader sees: invisible characters and spacing do not count."""
    return "".join(normalise(text).split())


@pytest.mark.parametrize("attack", list(ATTACKS), ids=list(ATTACKS))
def test_an_attack_value_is_printed_literally(
    attack: str, example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    for where in FIELDS:
        _set(example, where, f"{where[-1]}: {ATTACKS[attack]}")
    value = _printed(ATTACKS[attack])
    result = assemble_case(write_case(example), tmp_path / "out", converter=TextConverter())
    outdir_is_whole(result.outdir)
    documents = sorted((result.outdir / "documents").glob("*.docx"))
    texts = {d.name: _docx_text(d) for d in documents}
    # The term is in the complaint and both draft orders; every field is in one document at least.
    for where in FIELDS:
        wanted = f"{where[-1]}: {value}"
        assert any(wanted in text for text in texts.values()), (where, attack)
    for name in ("01_complaint.docx", "03_draft_order.docx", "04_draft_interim_order.docx"):
        assert f"text: {value}" in texts[name], name
    # Nothing was evaluated: no 49, no "yes" alone, no name of the protected person.
    joined = "\n".join(texts.values())
    assert "Sarah Jane Mitchell" not in joined
    if attack == "jinja":
        assert joined.count("{{ 7*7 }}") >= 4


def test_control_characters_are_removed_and_the_documents_still_open(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    for where in FIELDS:
        _set(example, where, CONTROLS)
    result = assemble_case(write_case(example), tmp_path / "out", converter=TextConverter())
    for document in (result.outdir / "documents").glob("*.docx"):
        with zipfile.ZipFile(document) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", xml), document.name
        Document(str(document))  # parses
    assert "startend" in _docx_text(result.outdir / "documents" / "01_complaint.docx").replace(
        " ", ""
    )


def test_10000_character_fields_are_accepted_where_the_schema_allows_and_printed_whole(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path, spo: Callable[..., Run]
) -> None:
    long_text = ("Word " * 2000).strip()  # 9,999 characters
    example["incidents"][0]["description"] = long_text
    example["terms"][0]["justification"] = long_text
    path = write_case(example)
    assert spo("validate", path).code == 0
    result = assemble_case(path, tmp_path / "out", converter=TextConverter())
    documents = (result.outdir / "documents").glob("*.docx")
    assert sum(_docx_text(d).count(long_text) for d in documents) >= 2  # both fields, whole
    # A short field (2,000 characters at most) gets a finding naming it, not a crash.
    example["defendant"]["surname"] = "X" * 10_000
    report = spo("validate", write_case(example), "--format", "json")
    assert report.code == 1
    findings = json.loads(report.out)["findings"]
    assert [(f["rule"], f["path"]) for f in findings] == [("schema", "/defendant/surname")]
    assert "too long" in findings[0]["message"]


# -- the real LibreOffice ------------------------------------------------------------------------


@needs_soffice
def test_every_attack_at_once_converts_with_libreoffice_and_reads_literally(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path, spo: Callable[..., Run]
) -> None:
    values = list(ATTACKS.values())
    example["incidents"][0]["description"] = " | ".join(values)
    example["incidents"][1]["description"] = CONTROLS
    example["terms"][0]["text"] = ATTACKS["jinja"] + " " + ATTACKS["xml"]
    example["risk_assessment"]["summary"] = ATTACKS["zero-width"] + " " + ATTACKS["right-to-left"]
    example["authorisation"]["rationale"]["acts"] = ("Long rationale " * 1300).strip()[:19_990]
    example["incidents"][0]["location"] = "L" * 1999
    out = tmp_path / "out"
    result = spo("assemble", write_case(example), "-o", out, "-q", "--format", "json")
    assert result.code in (0, 1), result.err
    checklist = json.loads(result.out)
    failed = {i["id"] for i in checklist["items"] if i["status"] == "fail"}
    assert failed == {"no_placeholders"}  # "{{" printed literally looks like an unfilled field
    outdir_is_whole(out)
    for pdf in (out / "documents").glob("*.pdf"):
        with pikepdf.open(pdf) as opened:
            assert len(opened.pages) >= 1
    draft = "\n".join(pages_text(out / "documents" / "03_draft_order.pdf"))
    every = [t for pdf in sorted((out / "documents").glob("*.pdf")) for t in pages_text(pdf)]
    seen = _visible("\n".join(every))
    for value in (ATTACKS["jinja"], ATTACKS["xml"], ATTACKS["docxtpl"], ATTACKS["jinja-escape"]):
        assert _visible(value) in seen, value
    assert _visible(ATTACKS["jinja"] + " " + ATTACKS["xml"]) in _visible(draft)
    assert "startend" in seen  # the control characters are gone, the text around them is not
    for word in ("zerowidthjoinerbom", "softhyphen", "Ελληνικά", "Кириллица"):
        assert _visible(word) in seen, word
    # A right-to-left override would print "evil" as "live": it is removed, so the words read
    # on paper as they are written in the case (before the fix the PDF said "live").
    assert "rtlevilisolate" in seen
    # Right-to-left words come out in their own reading order, whole.
    for word in ("مرحبا", "שלום"):
        assert _visible(word) in seen or _visible(word[::-1]) in seen, word


@needs_soffice
def test_500_incidents_and_200_terms_convert_in_one_run_within_a_minute(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    first_incident, first_term = example["incidents"][0], example["terms"][0]
    example["incidents"] = []
    for n in range(1, 501):
        incident = copy.deepcopy(first_incident)
        incident["id"] = f"I{n}"
        incident["date"] = f"2026-{n % 10 + 1:02d}-{n % 27 + 1:02d}"
        incident["description"] = f"Incident {n}: he waited & watched <{n}> at gate {n}."
        example["incidents"].append(incident)
    example["terms"] = []
    for n in range(1, 201):
        term = copy.deepcopy(first_term)
        term["id"] = f"T{n}"
        term["text"] = f"Term {n}: not to enter street number {n} of the estate {{{{ {n} }}}}."
        term["incident_ids"] = [f"I{n}"]
        example["terms"].append(term)
    path = write_case(example)
    started = time.monotonic()
    result = assemble_case(path, tmp_path / "out")  # the real LibreOffice, one run
    took = time.monotonic() - started
    assert took < 60, f"{took:.1f} s"
    outdir_is_whole(result.outdir)
    failed = {i.id: i.message for i in result.checklist.items if i.status == "fail"}
    # Only the literal "{{" fails (no_placeholders); terms_match must pass for all 200 terms.
    assert set(failed) == {"no_placeholders"}, failed
    every = _visible(
        "\n".join(
            text
            for pdf in sorted((result.outdir / "documents").glob("*.pdf"))
            for text in pages_text(pdf)
        )
    )
    for n in (1, 137, 500):
        assert _visible(f"Incident {n}: he waited & watched <{n}> at gate {n}.") in every
    draft = _visible("\n".join(pages_text(result.outdir / "documents" / "03_draft_order.pdf")))
    for n in (1, 99, 200):
        assert _visible(
            f"Term {n}: not to enter street number {n} of the estate {{{{ {n} }}}}."
        ) in (draft)
