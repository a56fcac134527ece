"""The samples: each is valid, invented, documented, and its exhibits rebuild byte for byte."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.validate import validate_case

from .conftest import EXAMPLE, SAMPLES, SPEC

CASES = sorted(SAMPLES.glob("*/case.json"))
NAMES = [c.parent.name for c in CASES]


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def test_the_five_scenarios_of_the_issue_are_there() -> None:
    assert set(NAMES) >= {
        "full-with-interim", "full-until-further-order", "youth-court", "variation",
        "discharge-with-consent",
    }  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=NAMES)
def test_every_sample_is_valid_with_no_warning(case: Path) -> None:
    assert validate_case(case).findings == ()


@pytest.mark.parametrize("case", CASES, ids=NAMES)
def test_every_sample_is_invented(case: Path) -> None:
    text = " ".join(_strings(json.loads(case.read_text(encoding="utf-8"))))
    phones = re.findall(r"\+?\d[\d ()-]{8,}\d", text)
    for phone in phones:
        digits = re.sub(r"\D", "", phone)
        if len(digits) in (10, 11) and digits.startswith("0"):
            assert digits.startswith(("0163296", "07700900")), phone
    for email in re.findall(r"[\w.+-]+@[\w.-]+", text):
        assert email.endswith(".example"), email
    for postcode in re.findall(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", text):
        assert postcode.startswith(("NT", "ZZ")), postcode


def test_the_main_sample_is_the_spec_example_unchanged() -> None:
    spec_example = SPEC / "example-case.json"
    if not spec_example.exists():
        pytest.skip(f"the shared spec is not at {spec_example}")
    assert EXAMPLE.read_bytes() == spec_example.read_bytes()


def test_the_samples_readme_describes_every_sample() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"{name}" in readme


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("*/exhibits/*.pdf"))
    }


def test_the_exhibits_are_rebuilt_byte_for_byte(tmp_path: Path) -> None:
    pytest.importorskip("reportlab", reason="reportlab draws the sample exhibits (make install)")
    subprocess.run(
        [sys.executable, str(SAMPLES / "make_exhibits.py"), "--root", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert _digest(tmp_path) == _digest(SAMPLES)
