"""Rendering without LibreOffice: lean styles, and templates compiled once per process."""

from __future__ import annotations

import copy
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from pipeline import render
from pipeline.casefile import read_case_file
from pipeline.render import render_documents

from .conftest import SAMPLES

SAMPLE_CASES = sorted(SAMPLES.glob("*/case.json"))
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
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
def test_rendered_documents_define_every_style_they_use(case: Path, tmp_path: Path) -> None:
    rendered = render_documents(read_case_file(case).data, tmp_path)
    for document in rendered:
        parts = _parts(document.path)
        defined = set(_DEFINED.findall(parts["word/styles.xml"]))
        referenced = {ref for xml in parts.values() for ref in _REFERENCE.findall(xml)}
        assert referenced <= defined, (document.path.name, referenced - defined)


def _with_words_styles(template: Path, target: Path) -> Path:
    """``template`` with the ~170 built-in style definitions of a blank Word document."""
    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as archive:
        words = etree.fromstring(archive.read("word/styles.xml"))
    with zipfile.ZipFile(template) as archive:
        ours = etree.fromstring(archive.read("word/styles.xml"))
    style, style_id = f"{{{_W}}}style", f"{{{_W}}}styleId"
    have = {s.get(style_id) for s in ours.iter(style)}
    for extra in words.iter(style):
        if extra.get(style_id) not in have:
            ours.append(copy.deepcopy(extra))
    bloated = etree.tostring(ours, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = bloated if info.filename == "word/styles.xml" else source.read(info)
            out.writestr(info, data)
    return target


def test_a_template_with_words_styles_renders_lean(tmp_path: Path, example: dict[str, Any]) -> None:
    """A template saved by Word with every built-in style still gives a lean document."""
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES_DIR, templates)
    summons = _with_words_styles(render.TEMPLATES_DIR / "summons.docx", templates / "summons.docx")
    with zipfile.ZipFile(summons) as archive:
        template_styles = set(_DEFINED.findall(archive.read("word/styles.xml").decode()))
    assert "LightShading" in template_styles  # Word's table styles: what made LibreOffice slow
    rendered = {d.spec.kind: d.path for d in render_documents(example, tmp_path / "out", templates)}
    parts = _parts(rendered["summons"])
    defined = set(_DEFINED.findall(parts["word/styles.xml"]))
    referenced = {ref for xml in parts.values() for ref in _REFERENCE.findall(xml)}
    assert referenced <= defined
    assert "LightShading" not in defined
    assert len(defined) < len(template_styles) / 3


def test_the_templates_define_only_styles_they_use() -> None:
    for template in sorted(render.TEMPLATES_DIR.glob("*.docx")):
        parts = _parts(template)
        defined = set(_DEFINED.findall(parts["word/styles.xml"]))
        referenced = {ref for xml in parts.values() for ref in _REFERENCE.findall(xml)}
        assert len(defined) <= 40, (template.name, len(defined))
        assert referenced <= defined, (template.name, referenced - defined)


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
