"""``spo templates lint``: broken syntax and unknown variables are caught, with where they are."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from pipeline.lint import lint_template, lint_templates
from pipeline.paths import TEMPLATES_DIR
from pipeline.render import DOCUMENTS

from .conftest import Run


def make_template(path: Path, *paragraphs: str, header: str | None = None) -> Path:
    """A .docx whose body has one paragraph per argument (each typed as one run)."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _problems(path: Path, *, confidential: bool = False) -> list[tuple[str, str, str]]:
    return [(p.variable, p.message, p.near) for p in lint_template(path, confidential=confidential)]


def test_known_variables_loops_and_filters_pass(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "ok.docx",
        "{{ defendant_name }} born {{ defendant.date_of_birth|longdate }}, URN {{ case.urn }}",
        "{%p for t in terms %}",
        "{{ loop.index }}. {{ t.text }} {% if t.locality %}{{ t.locality.description }}{% endif %}",
        "{{ t.protected_person_ids|names }} {% if t.duration is defined %}{{ t.duration|duration }}{% endif %}",
        "{%p endfor %}",
        "{% for i in chronology %}{{ i.location }} {{ i.behaviours|behaviours }}{% endfor %}",
        "{% for p in protected_persons %}{{ p.display_name }} {{ p.views.summary }}{% endfor %}",
        "{% set first = terms[0] %}{{ first.justification|multiline }}",
        "{{ defendant.surname.upper() }} {{ display_names['P1'] }}",
        header="{{ court.name }} URN {{ case.urn }}",
    )  # fmt: skip
    assert _problems(path) == []


def test_an_unknown_variable_is_named_with_a_suggestion_and_where_it_is(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "Intro", "Defendant: {{ defendant.surnam }}")
    assert _problems(path) == [
        (
            "defendant.surnam",
            'defendant has no field "surnam"; did you mean "surname"?',
            "Defendant: {{ defendant.surnam }}",
        )
    ]


def test_an_unknown_name_in_a_loop_and_in_the_header(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        "{% for t in terms %}{{ t.wording }}{% endfor %}",
        "{{ hearing_place }}",
        header="{{ court.nmae }}",
    )
    found = [(p.part, p.variable) for p in lint_template(path)]
    assert found == [("body", "t.wording"), ("body", "hearing_place"), ("header", "court.nmae")]


def test_broken_syntax_names_the_surrounding_text(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "Start", "{% if interim_sought %}Interim", "End")
    ((variable, message, near),) = _problems(path)
    assert variable == ""
    assert message.startswith("syntax error: Unexpected end of template")
    assert near in ("End", "{% if interim_sought %}Interim")


def test_an_unknown_filter_is_a_problem(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", "{{ hearing.date|frenchdate }}")
    ((_, message, _),) = _problems(path)
    assert "frenchdate" in message


def test_restricted_fields_are_not_in_a_served_documents_context(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        "{% for p in protected_persons %}{{ p.address.postcode }} {{ p.name }}{% endfor %}",
        "{{ protected_persons[0].date_of_birth }}",
    )
    served = [v for v, _, _ in _problems(path)]
    assert served == ["p.address.postcode", "p.name", "protected_persons[0].date_of_birth"]
    assert _problems(path, confidential=True) == []


def test_a_file_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_text("not a zip", encoding="utf-8")
    ((_, message, _),) = _problems(path)
    assert message.startswith("not a readable Word document")


def test_a_missing_template_is_reported(tmp_path: Path) -> None:
    for spec in DOCUMENTS[1:]:
        make_template(tmp_path / spec.template, "{{ case.urn }}")
    report = lint_templates(tmp_path)
    assert [(p.template.name, p.part) for p in report.problems] == [(DOCUMENTS[0].template, "file")]


def test_the_shipped_templates_pass(spo: Callable[..., Run]) -> None:
    result = spo("templates", "lint")
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1] == f"OK: {len(DOCUMENTS)} templates checked."


def test_the_command_fails_on_a_bad_template_and_reports_json(
    tmp_path: Path, spo: Callable[..., Run]
) -> None:
    shutil.copytree(TEMPLATES_DIR, tmp_path, dirs_exist_ok=True)
    make_template(tmp_path / "summons.docx", "{{ defendant.surnam }}")
    result = spo("templates", "lint", "--templates", tmp_path, "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["ok"] is False
    assert [(p["template"], p["variable"]) for p in report["problems"]] == [
        ("summons.docx", "defendant.surnam")
    ]


def test_a_missing_templates_folder_is_exit_2(tmp_path: Path, spo: Callable[..., Run]) -> None:
    result = spo("templates", "lint", "--templates", tmp_path / "nope")
    assert result.code == 2
    assert result.err == f"Error: {tmp_path / 'nope'}: no such folder of templates\n"


@pytest.mark.parametrize("spec", DOCUMENTS, ids=[s.kind for s in DOCUMENTS])
def test_each_shipped_template_exists(spec: object) -> None:
    assert (TEMPLATES_DIR / spec.template).is_file()  # type: ignore[attr-defined]
