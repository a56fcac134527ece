"""Rendering without LibreOffice: lean styles, and templates compiled once per process."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from pipeline import render
from pipeline.casefile import read_case_file
from pipeline.render import render_documents

from .conftest import SAMPLES

SAMPLE_CASES = sorted(SAMPLES.glob("*/case.json"))
_REFERENCE = re.compile(
    r'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink|basedOn|next|link)\b[^>]*w:val="([^"]+)"'
)
_DEFINED = re.compile(r'<w:style\b[^>]*w:styleId="([^"]+)"')


def _parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }


@pytest.mark.parametrize("case", SAMPLE_CASES, ids=lambda p: p.parent.name)
def test_rendered_documents_define_every_style_they_use_and_no_more(
    case: Path, tmp_path: Path
) -> None:
    rendered = render_documents(read_case_file(case).data, tmp_path)
    for document in rendered:
        parts = _parts(document.path)
        defined = set(_DEFINED.findall(parts["word/styles.xml"]))
        referenced = {ref for xml in parts.values() for ref in _REFERENCE.findall(xml)}
        assert referenced <= defined, (document.path.name, referenced - defined)
        with zipfile.ZipFile(document.template) as archive:
            template_styles = set(_DEFINED.findall(archive.read("word/styles.xml").decode()))
        # Word's table styles ("Light Shading Accent 1"...) are what made LibreOffice slow.
        assert "LightShading" in template_styles
        assert "LightShading" not in defined
        assert len(defined) < len(template_styles) / 3


def _values(docx: Path) -> str:
    return re.sub(r"<[^>]+>", "", _parts(docx)["word/document.xml"])


def test_a_second_case_in_one_process_gets_its_own_values(tmp_path: Path) -> None:
    """Compiled templates are reused across cases: no case's values may stick to them."""
    first, second = SAMPLE_CASES[0], SAMPLE_CASES[1]
    one = render_documents(read_case_file(first).data, tmp_path / "one")
    two = render_documents(read_case_file(second).data, tmp_path / "two")
    again = render_documents(read_case_file(first).data, tmp_path / "again")
    urn_one = read_case_file(first).data["case"]["urn"]
    urn_two = read_case_file(second).data["case"]["urn"]
    assert urn_one != urn_two
    summons = {d.spec.kind: d.path for d in two}["summons"]
    assert urn_two in _values(summons) and urn_one not in _values(summons)
    for before, after in zip(one, again, strict=True):
        assert before.path.read_bytes() == after.path.read_bytes(), before.path.name


def test_an_edited_template_is_compiled_afresh(tmp_path: Path, example: dict[str, Any]) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES_DIR, templates)
    render_documents(example, tmp_path / "before", templates)
    summons = templates / "summons.docx"
    with zipfile.ZipFile(summons) as archive:
        entries = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(summons, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == "word/document.xml":
                data = data.replace(b"SUMMONS", b"SUMMONS (EDITED)", 1)
            archive.writestr(info, data)
    after = render_documents(example, tmp_path / "after", templates)
    text = _values({d.spec.kind: d.path for d in after}["summons"])
    assert "SUMMONS (EDITED)" in text
