"""Batches: every case assembled by job processes that keep two cases in hand.

These use the fast text converter; tests/test_assemble.py runs a batch with the real
LibreOffice and compares its bytes with a single run's.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from pipeline.batch import CaseOutcome, assemble_cases
from pipeline.tools.process import ToolRun

from .conftest import ROOT, SAMPLES, hidden_leftovers
from .textconverter import TextConverter

SAMPLE_CASES = sorted(SAMPLES.glob("*/case.json"))


def _urn(case: Path) -> str:
    urn: str = json.loads(case.read_text(encoding="utf-8"))["case"]["urn"]
    return urn


def test_every_case_is_assembled_and_reported_once_in_the_order_given(tmp_path: Path) -> None:
    seen: list[CaseOutcome] = []
    outcomes = assemble_cases(
        SAMPLE_CASES, tmp_path / "out", jobs=2, on_done=seen.append, converter=TextConverter
    )
    assert [o.case for o in outcomes] == SAMPLE_CASES
    assert sorted(o.case for o in seen) == sorted(SAMPLE_CASES)
    for case, outcome in zip(SAMPLE_CASES, outcomes, strict=True):
        assert outcome.outdir == tmp_path / "out" / _urn(case)
        assert (outcome.outdir / "bundle.pdf").is_file(), outcome.message
        assert outcome.pages and outcome.pages > 1
        manifest = json.loads((outcome.outdir / "manifest.json").read_text())
        assert manifest["case"]["urn"] == _urn(case)
    assert hidden_leftovers(tmp_path / "out") == []


def test_one_job_gives_the_same_bundles_as_two(tmp_path: Path) -> None:
    one = assemble_cases(SAMPLE_CASES, tmp_path / "one", jobs=1, converter=TextConverter)
    two = assemble_cases(SAMPLE_CASES, tmp_path / "two", jobs=2, converter=TextConverter)
    for a, b in zip(one, two, strict=True):
        assert a.exit_code == b.exit_code
        for name in ("bundle.pdf", "manifest.json", "checklist.json"):
            assert (a.outdir / name).read_bytes() == (b.outdir / name).read_bytes(), name


def test_an_invalid_case_between_good_ones_is_reported_and_the_rest_complete(
    tmp_path: Path, example: dict[str, Any], write_case: Callable[[Any], Path]
) -> None:
    bad = copy.deepcopy(example)
    bad["case"]["urn"] = "47NS0999926"
    bad["authorisation"]["signed"] = False
    cases = [SAMPLE_CASES[0], write_case(bad, name="bad.json"), *SAMPLE_CASES[1:3]]
    outcomes = assemble_cases(cases, tmp_path / "out", jobs=2, converter=TextConverter)
    assert outcomes[1].exit_code == 1 and "not valid" in outcomes[1].message
    assert not (tmp_path / "out" / "47NS0999926").exists()
    assert all((o.outdir / "bundle.pdf").is_file() for i, o in enumerate(outcomes) if i != 1)


class _DiesOn:
    """Converts as the text converter does, but kills its whole process on one case's files."""

    def __init__(self, urn: str) -> None:
        self.urn = urn
        self.text = TextConverter()

    def convert(self, sources: Sequence[Path], outdir: Path) -> ToolRun:
        if any(self.urn in str(source) for source in sources):
            os._exit(9)  # a crash in the job process, as PDFium or LibreOffice's bridge might
        return self.text.convert(sources, outdir)


def test_a_job_that_dies_costs_only_the_cases_it_held(tmp_path: Path) -> None:
    victim = SAMPLE_CASES[0]
    outcomes = assemble_cases(
        SAMPLE_CASES, tmp_path / "out", jobs=2, converter=lambda: _DiesOn(_urn(victim))
    )
    lost = [o for o in outcomes if not (o.outdir / "bundle.pdf").exists()]
    assert victim in [o.case for o in lost]
    # The dead job had at most two cases in hand; the other job did the rest.
    assert 1 <= len(lost) <= 2
    for outcome in lost:
        assert outcome.exit_code == 3
        assert "job process stopped with exit status 9" in outcome.message
    assert hidden_leftovers(tmp_path / "out") == []  # its work folders and locks are cleared too


def test_when_every_job_dies_every_case_is_still_reported(tmp_path: Path) -> None:
    class DiesAlways(_DiesOn):
        def __init__(self) -> None:
            super().__init__("")

    started = time.monotonic()
    outcomes = assemble_cases(SAMPLE_CASES, tmp_path / "out", jobs=2, converter=DiesAlways)
    assert time.monotonic() - started < 30
    assert len(outcomes) == len(SAMPLE_CASES)
    assert all(o.exit_code == 3 for o in outcomes)


def test_ctrl_c_during_a_batch_is_one_line_exit_130_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "SPO_TEST_CONVERTER": "slow-text"}
    with subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "hostile" / "spo_with_converter.py"), "assemble",
         *map(str, SAMPLE_CASES), "-o", str(out), "--jobs", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    ) as run:  # fmt: skip
        time.sleep(2.5)
        os.killpg(run.pid, signal.SIGINT)  # as a terminal does: every process of the group
        _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert err.strip().splitlines()[-1] == "Error: interrupted"
    assert "Traceback" not in err
    if out.exists():
        for folder in out.iterdir():
            assert not folder.name.startswith("."), folder  # no work folder left
            assert (folder / "manifest.json").is_file()  # each finished case is whole


def _broken_converter() -> Any:
    raise RuntimeError("no converter today")


def test_a_job_that_cannot_start_says_one_line_and_every_case_is_reported(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    outcomes = assemble_cases(
        SAMPLE_CASES[:3], tmp_path / "out", jobs=2, converter=_broken_converter
    )
    assert [o.exit_code for o in outcomes] == [3, 3, 3]
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert "internal error (RuntimeError: no converter today)" in err
