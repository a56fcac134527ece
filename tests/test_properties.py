"""Property tests: whatever JSON arrives, the validator answers, and only with 0, 1 or 2."""

from __future__ import annotations

import contextlib
import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.casefile import CaseFile
from pipeline.cli import main
from pipeline.models import pointer_key
from pipeline.validate import check_case

from .conftest import EXAMPLE
from .strategies import json_paths, json_values

EXAMPLE_DATA: Any = json.loads(EXAMPLE.read_text(encoding="utf-8"))
SAMPLE_FOLDER = EXAMPLE.parent


ALL_PATHS = json_paths(EXAMPLE_DATA)[1:]


@st.composite
def mutated_cases(draw: st.DrawFn) -> Any:
    """The example with a few fields replaced by arbitrary values, or deleted."""
    case = copy.deepcopy(EXAMPLE_DATA)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        node = case
        try:
            for key in path[:-1]:
                node = node[key]
            if draw(st.booleans()) and isinstance(node, dict):
                node.pop(path[-1], None)
            else:
                node[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this part
    return case


def _run_cli(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["validate", str(path), "--format", "json"])
        except SystemExit as exited:
            code = exited.code
    return (code if isinstance(code, int) else -1), out.getvalue(), err.getvalue()


def _assert_well_formed(data: Any) -> None:
    report = check_case(CaseFile(path=EXAMPLE, folder=SAMPLE_FOLDER, data=data))
    paths = [f.path for f in report.findings]
    assert paths == sorted(paths, key=pointer_key)
    for finding in report.findings:
        assert finding.path == "" or finding.path.startswith("/")
        assert finding.message and "\n" not in finding.message


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_gets_a_report(data: Any) -> None:
    _assert_well_formed(data)


@settings(max_examples=400, deadline=None)
@given(mutated_cases())
def test_any_mutated_case_gets_a_report(data: Any) -> None:
    _assert_well_formed(data)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(json_values, mutated_cases()))
def test_the_command_exits_0_1_or_2_and_never_raises(data: Any, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run_cli(path)
    assert code in (0, 1), err
    report = json.loads(out)
    assert report["valid"] is (code == 0)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_give_a_report_or_one_line(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(raw)
    code, out, err = _run_cli(path)
    assert code in (0, 1, 2)
    if code == 2:
        assert out == ""
        assert err.startswith("Error: ") and err.count("\n") == 1
    else:
        json.loads(out)


@pytest.mark.parametrize("value", [[], {}, "", 0, None, True, "x" * 10_000])
def test_simple_values_in_place_of_the_whole_case(value: Any) -> None:
    _assert_well_formed(value)
