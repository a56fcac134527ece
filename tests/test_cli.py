"""The command line: exact one-line errors for unreadable inputs, exit codes, report formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest

from pipeline import launch
from pipeline.casefile import MAX_CASE_BYTES

from .conftest import EXAMPLE, ROOT, Run


def _write(tmp_path: Path, content: bytes, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_missing_file(tmp_path: Path, spo: Callable[..., Run]) -> None:
    missing = tmp_path / "nope.json"
    result = spo("validate", missing)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"Error: {missing}: no such file; check the path to the case file\n"


def test_a_directory(tmp_path: Path, spo: Callable[..., Run]) -> None:
    result = spo("validate", tmp_path)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"Error: {tmp_path}: is a folder, not a case file; give the path of its .json file\n"
    )


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"], ids=["empty", "whitespace"])
def test_an_empty_file(content: bytes, tmp_path: Path, spo: Callable[..., Run]) -> None:
    path = _write(tmp_path, content)
    result = spo("validate", path)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"Error: {path}: the file is empty; a case file is a JSON object (see samples/)\n"
    )


def test_invalid_utf8(tmp_path: Path, spo: Callable[..., Run]) -> None:
    path = _write(tmp_path, b'{\n  "case": "caf\xe9"\n}\n')
    result = spo("validate", path)
    assert result.code == 2
    assert result.err == (
        f"Error: {path}: not UTF-8 text (byte 0xe9 at line 2, column 15); "
        "save the case file as UTF-8\n"
    )


def test_not_json(tmp_path: Path, spo: Callable[..., Run]) -> None:
    path = _write(tmp_path, b'{\n  "case": {"urn": "47NS0123426",}\n}\n')
    result = spo("validate", path)
    assert result.code == 2
    assert result.err == (
        f"Error: {path}: not valid JSON at line 2, column 33: "
        "Expecting property name enclosed in double quotes\n"
    )


def test_duplicate_keys(tmp_path: Path, spo: Callable[..., Run]) -> None:
    path = _write(tmp_path, b'{"case": {"urn": "47NS0123426", "urn": "47NS0999926"}}')
    result = spo("validate", path)
    assert result.code == 2
    assert result.err == (
        f'Error: {path}: duplicate key "urn" in the object at /case; keep only one of them\n'
    )


def test_duplicate_keys_deep_in_a_list_are_located(tmp_path: Path, spo: Callable[..., Run]) -> None:
    path = _write(tmp_path, b'{"terms": [{"id": "T1"}, {"id": "T2", "text": "a", "text": "b"}]}')
    result = spo("validate", path)
    assert result.err == (
        f'Error: {path}: duplicate key "text" in the object at /terms/1; keep only one of them\n'
    )


def test_a_50_mb_file(tmp_path: Path, spo: Callable[..., Run]) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.write(b'{"padding": "')
        handle.write(b"x" * 50_000_000)
        handle.write(b'"}')
    result = spo("validate", path)
    assert result.code == 2
    assert result.err == (
        f"Error: {path}: the file is 50.0 MB, over the {MAX_CASE_BYTES // 2**20} MB limit for a "
        "case file; check that this is the case file and not an exhibit\n"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"a": NaN}', "NaN is not a JSON value; write a number or null"),
        (b'{"a": 1e999}', "a number is too large"),
        (b'{"a": ' + b"9" * 5000 + b"}", "Exceeds the limit (4300 digits)"),
    ],
    ids=["nan", "overflow", "huge-integer"],
)
def test_numbers_json_does_not_allow(
    content: bytes, reason: str, tmp_path: Path, spo: Callable[..., Run]
) -> None:
    path = _write(tmp_path, content)
    result = spo("validate", path)
    assert result.code == 2
    assert result.err.startswith(f"Error: {path}: not valid JSON")
    assert reason in result.err
    assert result.err.count("\n") == 1


def test_deeply_nested_json(tmp_path: Path, spo: Callable[..., Run]) -> None:
    path = _write(tmp_path, b"[" * 100_000 + b"]" * 100_000)
    result = spo("validate", path)
    assert result.code == 2
    assert result.err == f"Error: {path}: not a case file: the JSON is nested too deeply\n"


def test_a_byte_order_mark_is_accepted(
    example: dict[str, Any], write_case: Callable[[Any], Path], spo: Callable[..., Run]
) -> None:
    path = write_case(example)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert spo("validate", path).code == 0


def test_json_that_is_not_an_object_is_a_finding(tmp_path: Path, spo: Callable[..., Run]) -> None:
    result = spo("validate", _write(tmp_path, b"[1, 2]"), "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["valid"] is False
    assert [(f["rule"], f["path"]) for f in report["findings"]] == [("schema", "")]


def test_the_json_report_has_exactly_the_fields_of_the_spec(
    example: dict[str, Any], write_case: Callable[[Any], Path], spo: Callable[..., Run]
) -> None:
    example["duration"]["months"] = 12
    example["terms"][2]["provider"] = None
    result = spo("validate", write_case(example), "--format", "json")
    report = json.loads(result.out)
    assert list(report) == ["valid", "findings"]
    assert report["findings"] == [
        {
            "rule": "duration_minimum",
            "severity": "error",
            "path": "/duration/months",
            "message": report["findings"][0]["message"],
        },
        {
            "rule": "requirement_provider",
            "severity": "warning",
            "path": "/terms/2/provider",
            "message": report["findings"][1]["message"],
        },
    ]
    assert "24 months" in report["findings"][0]["message"]
    assert result.err == ""


def test_the_text_report_groups_errors_and_warnings_without_colour_off_a_terminal(
    example: dict[str, Any], write_case: Callable[[Any], Path], spo: Callable[..., Run]
) -> None:
    example["duration"]["months"] = 12
    example["terms"][2]["provider"] = None
    path = write_case(example)
    result = spo("validate", path)
    assert result.code == 1
    assert "\x1b[" not in result.out
    lines = result.out.splitlines()
    assert lines[0] == f"{path}: 1 error, 1 warning"
    assert lines.index("Errors (these block assembly)") < lines.index(
        "Warnings (reported; they do not block)"
    )
    assert "  /duration/months  [duration_minimum]" in lines
    assert "  /terms/2/provider  [requirement_provider]" in lines
    assert lines[-1] == "Not valid: correct the 1 error above and run spo validate again."


def test_a_valid_case_says_so(
    example: dict[str, Any], write_case: Callable[[Any], Path], spo: Callable[..., Run]
) -> None:
    result = spo("validate", write_case(example))
    assert result.code == 0
    assert result.out.splitlines()[-1] == "Valid: the case can be assembled."


def test_bad_usage_exits_2(spo: Callable[..., Run]) -> None:
    assert spo("validate").code == 2
    assert spo("validate", "x.json", "--format", "xml").code == 2
    assert spo("no-such-command").code == 2


def test_help_and_version(spo: Callable[..., Run]) -> None:
    result = spo("--help")
    assert result.code == 0
    assert "validate" in result.out
    assert spo("validate", "--help").code == 0
    assert spo("--version").out.startswith("spo, version ")


@pytest.mark.parametrize(
    "entry", [["-m", "pipeline"], ["-c", "from pipeline.cli import main; main()"]]
)
def test_a_real_process_gives_one_line_and_no_traceback(entry: list[str], tmp_path: Path) -> None:
    bad = _write(tmp_path, b"{")
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, *entry, "validate", str(bad)],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_real_process_exits_with_the_code_and_all_of_its_output(
    tmp_path: Path, example: dict[str, Any], write_case: Callable[[Any], Path]
) -> None:
    # The program ends without the interpreter's clean-up (cli._exit_at_once): what it printed
    # must all be there, and the exit code that of the run.
    example["duration"]["months"] = 12
    for number in range(600):  # a report longer than a pipe's buffer: a finding for each
        example[f"unknown_field_{number}"] = number
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", write_case(example), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) > 600
    assert len(result.stdout) > 65536
    assert "duration_minimum" in {finding["rule"] for finding in findings}


def test_the_console_script_validates_the_sample() -> None:
    spo_bin = Path(sys.executable).parent / "spo"
    if not spo_bin.exists():
        pytest.skip(f"no console script at {spo_bin} (install with `make install`)")
    result = subprocess.run(
        [spo_bin, "validate", EXAMPLE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _commands() -> list[list[str]]:
    from pipeline.cli import cli

    names = []
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            names += [[name, sub] for sub in command.commands]
        else:
            names.append([name])
    return names


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help_and_is_in_the_readme(
    command: list[str], spo: Callable[..., Run]
) -> None:
    result = spo(*command, "--help")
    assert result.code == 0
    assert "\\b" not in result.out  # click's no-rewrap marker must not show literally
    assert "--format" in result.out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"spo {' '.join(command)}" in readme


def test_the_entry_point_knows_which_assemble_options_take_a_value() -> None:
    # pipeline.launch reads the command line before click is loaded: it must skip the same
    # option values click does, or it would count them as cases.
    from pipeline.cli import cli

    taking = {
        opt
        for param in cli.commands["assemble"].params
        if isinstance(param, click.Option) and not param.is_flag
        for opt in param.opts
    }
    assert taking == launch._WITH_VALUE


@pytest.mark.parametrize(
    ("args", "one_case"),
    [
        (["assemble", "case.json", "-o", "out"], True),
        (["--debug", "assemble", "-q", "case.json", "--format", "json", "-o", "out"], True),
        (["assemble", "-o", "out", "--jobs", "2", "case.json"], True),
        (["assemble", "a.json", "b.json", "-o", "out"], False),
        (["assemble", "case.json", "-o", "out", "--help"], False),
        (["assemble", "-o", "out"], False),
        (["validate", "case.json"], False),
        (["--version"], False),
        ([], False),
    ],
)
def test_libreoffice_is_started_first_only_for_one_case_to_assemble(
    args: list[str], one_case: bool
) -> None:
    assert launch.one_case_to_assemble(args) is one_case


@pytest.mark.parametrize("command", ["validate", "check", "assemble"])
def test_a_file_name_with_a_line_break_is_still_one_line(
    command: str, tmp_path: Path, spo: Callable[..., Run]
) -> None:
    missing = tmp_path / "two\nlines.json"
    extra = ["-o", str(tmp_path / "out")] if command == "assemble" else []
    result = spo(command, missing, *extra)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "two\\nlines" in result.err
