"""Item 1: generated case files, valid and mutated, through ``validate`` and ``assemble``.

Whatever the case file holds: never a traceback, exit 0, 1, 2 or 3 only, and every error names
the field at fault by a JSON Pointer that leads to it (or, for a missing field, to its parent).
``assemble`` runs through the library with the fast text converter, through the command line
with a fake LibreOffice, and a few times with the real one.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.assemble import CaseInvalidError, assemble_case
from pipeline.cli import main
from pipeline.errors import SpoError

from ..conftest import SAMPLES, hidden_leftovers, make_pdf
from ..strategies import json_paths, json_values
from ..textconverter import TextConverter
from .helpers import needs_soffice, outdir_is_whole, use_converter

BASES: list[tuple[str, dict[str, Any]]] = [
    (p.parent.name, json.loads(p.read_text(encoding="utf-8")))
    for p in sorted(SAMPLES.glob("*/case.json"))
]

# Free-text fields of the samples: any text is valid there (the schema only asks for one
# character that is not white space), so changing them keeps a case valid.
FREE_TEXT = [
    ("court", "name"),
    ("court", "address"),
    ("defendant", "forenames"),
    ("defendant", "surname"),
    ("defendant", "work_pattern"),
    ("protected_persons", 0, "display_name"),
    ("protected_persons", 0, "relationship_to_defendant"),
    ("incidents", 0, "location"),
    ("incidents", 0, "description"),
    ("risk_assessment", "summary"),
    ("terms", 0, "justification"),
    ("officer_in_case", "station"),
    ("exhibits", 0, "description"),
]

STRUCTURAL_ITEMS = {
    "index",
    "text_layer",
    "page_numbers",
    "page_format",
    "open_view",
    "restricted_details",
}
"""Checklist items that no text in a valid case may make fail: the bundle's own structure.

Items that depend on finding where each document starts (bookmarks, index_matches,
mg11_declaration, terms_match) are judged on the real LibreOffice runs below: the text
converter prints each table cell on a line of its own, so an incident's exhibit reference can
stand alone at the head of a page, which the checker rightly reads as an exhibit's first page.
"""

texts = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=80
).filter(lambda t: t.strip() != "")


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


@st.composite
def valid_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A sample with free texts replaced by arbitrary text (control, RTL, emoji...)."""
    _, base = draw(st.sampled_from(BASES))
    case = copy.deepcopy(base)
    for path in draw(st.lists(st.sampled_from(FREE_TEXT), min_size=1, max_size=5, unique=True)):
        with contextlib.suppress(KeyError, IndexError, TypeError):
            parent = _get(case, path[:-1])
            if isinstance(parent.get(path[-1]), str):
                parent[path[-1]] = draw(texts)
    return case


@st.composite
def mutated_cases(draw: st.DrawFn) -> Any:
    """A sample with fields replaced by any JSON value, set to null, deleted or repeated."""
    _, base = draw(st.sampled_from(BASES))
    case = copy.deepcopy(base)
    paths = json_paths(case)[1:]
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths))
        try:
            parent = _get(case, path[:-1])
            action = draw(st.sampled_from(["value", "null", "delete", "repeat", "text"]))
            if action == "delete" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif action == "repeat" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[path[-1]]))
            elif action == "null":
                parent[path[-1]] = None
            elif action == "text":
                parent[path[-1]] = draw(texts)
            else:
                parent[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this part
    return case


def _write(folder: Path, case: Any) -> Path:
    """The case in a folder of its own, with a one-page PDF for each exhibit it can name."""
    folder.mkdir(parents=True)
    exhibits = case.get("exhibits") if isinstance(case, dict) else None
    for exhibit in exhibits if isinstance(exhibits, list) else []:
        name = exhibit.get("file") if isinstance(exhibit, dict) else None
        if not isinstance(name, str) or not name.endswith(".pdf") or "\x00" in name:
            continue
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            target = (folder / name).resolve()
            if target.is_relative_to(folder.resolve()) and not target.exists():
                make_pdf(target)
    path = folder / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return path


@contextlib.contextmanager
def _fresh(tmp_path: Path) -> Iterator[Path]:
    """A new folder for one generated example, removed after it."""
    run = Path(tempfile.mkdtemp(dir=tmp_path))
    try:
        yield run
    finally:
        shutil.rmtree(run, ignore_errors=True)


def _cli(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code: Any = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exited:
            code = exited.code
    return (code if isinstance(code, int) else -1), out.getvalue(), err.getvalue()


def _names_a_field(case: Any, path: str) -> bool:
    """The pointer leads to a value of the case, or to a missing key of an object that exists."""
    if path == "":
        return not isinstance(case, dict)
    keys = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
    node = case
    for depth, key in enumerate(keys):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return depth == len(keys) - 1 and isinstance(node, dict)
    return True


def _assert_clean_stderr(err: str) -> None:
    assert "Traceback" not in err
    assert "internal error" not in err
    assert [line for line in err.splitlines() if line.startswith("Error:")] == [
        line for line in err.splitlines() if "Error" in line
    ]


def _validate_and_check(case: Any, path: Path) -> dict[str, Any]:
    code, out, err = _cli("validate", path, "--format", "json")
    _assert_clean_stderr(err)
    assert code in (0, 1), err
    report: dict[str, Any] = json.loads(out)
    assert report["valid"] is (code == 0)
    for finding in report["findings"]:
        assert finding["message"] and "\n" not in finding["message"]
        if finding["severity"] == "error":
            assert _names_a_field(case, finding["path"]), finding
    return report


def _assemble_and_check(path: Path, out: Path, valid: bool) -> None:
    try:
        result = assemble_case(path, out, converter=TextConverter())
    except CaseInvalidError as exc:
        assert not valid
        assert exc.report.errors
        assert not out.exists()
    except SpoError as exc:  # pragma: no cover - a generated case must not reach here
        pytest.fail(f"exit {int(exc.exit_code)}: {exc.message}")
    else:
        assert valid
        outdir_is_whole(result.outdir)
        failed = {i.id for i in result.checklist.items if i.status == "fail"}
        assert not failed & STRUCTURAL_ITEMS, [
            i.message for i in result.checklist.items if i.id in failed & STRUCTURAL_ITEMS
        ]
    assert hidden_leftovers(out.parent) == []


_SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


@settings(max_examples=25, **_SETTINGS)  # type: ignore[arg-type]
@given(case=valid_cases())
def test_valid_cases_with_any_text_validate_and_assemble(
    case: dict[str, Any], tmp_path: Path
) -> None:
    with _fresh(tmp_path) as run:
        path = _write(run / "case", case)
        report = _validate_and_check(case, path)
        assert report["valid"], report["findings"]
        _assemble_and_check(path, run / "out", valid=True)


@settings(max_examples=60, **_SETTINGS)  # type: ignore[arg-type]
@given(case=mutated_cases())
def test_mutated_cases_validate_and_assemble_or_stop_cleanly(case: Any, tmp_path: Path) -> None:
    with _fresh(tmp_path) as run:
        path = _write(run / "case", case)
        report = _validate_and_check(case, path)
        _assemble_and_check(path, run / "out", valid=report["valid"])


@settings(max_examples=12, **_SETTINGS)  # type: ignore[arg-type]
@given(case=st.one_of(valid_cases(), mutated_cases()))
def test_the_assemble_command_exits_0_1_2_or_3_and_reports_in_json(
    case: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The whole command (options, reports, exit codes), with the text converter for speed.
    use_converter(monkeypatch, TextConverter)
    with _fresh(tmp_path) as run:
        path = _write(run / "case", case)
        code, out, err = _cli("assemble", path, "-o", run / "out", "-q", "--format", "json")
        _assert_clean_stderr(err)
        assert code in (0, 1, 2, 3)
        report = json.loads(out)
        if "valid" in report:  # the validation report of a case that was not assembled
            assert code == 1 and not report["valid"] and not (run / "out").exists()
        else:
            assert code == (1 if any(i["status"] == "fail" for i in report["items"]) else 0)
            outdir_is_whole(run / "out")
        assert hidden_leftovers(run) == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda c: c["case"].__setitem__("urn", "47NS01234\ud800"), "\\ud800 in /case/urn"),
        (lambda c: c["incidents"][0].__setitem__("\udc00", 1), "\\udc00 in a key of the object"),
    ],
    ids=["value", "key"],
)
def test_a_lone_surrogate_escape_is_one_line_exit_2(
    change: Any, words: str, example: dict[str, Any], tmp_path: Path
) -> None:
    # JSON's "\ud800" escape without its partner parses, but is no character: before the fix,
    # printing the report crashed (exit 3, "internal error: UnicodeEncodeError").
    change(example)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(example), encoding="ascii")  # ascii: the escape stays an escape
    for command in (["validate", path], ["assemble", path, "-o", tmp_path / "out"]):
        code, out, err = _cli(*command)
        assert code == 2, err
        assert out == ""
        assert err.count("\n") == 1 and err.startswith("Error: ") and words in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "name",
    [
        "exhibits/" + "a" * 300 + ".pdf",  # a name longer than the file system allows
        "exhibits/loop-a.pdf",  # a loop of symbolic links
        "exhibits/nul\x00.pdf",
    ],
    ids=["name-too-long", "symlink-loop", "nul"],
)
def test_exhibit_paths_the_file_system_refuses_are_findings(
    name: str, example: dict[str, Any], tmp_path: Path
) -> None:
    # Before the fix, each of these was exit 3 "internal error" (OSError, RuntimeError).
    path = _write(tmp_path / "case", example)
    (path.parent / "exhibits/loop-a.pdf").symlink_to("loop-b.pdf")
    (path.parent / "exhibits/loop-b.pdf").symlink_to("loop-a.pdf")
    example["exhibits"][0]["file"] = name
    path.write_text(json.dumps(example), encoding="utf-8")
    code, out, err = _cli("validate", path, "--format", "json")
    _assert_clean_stderr(err)
    assert code == 1
    findings = json.loads(out)["findings"]
    assert [(f["rule"], f["path"]) for f in findings] == [("exhibit_files", "/exhibits/0/file")]


@needs_soffice
@pytest.mark.parametrize("sample", [name for name, _ in BASES[:3]])
def test_generated_valid_cases_through_real_libreoffice(sample: str, tmp_path: Path) -> None:
    _real_libreoffice_case(sample, tmp_path)


def _real_libreoffice_case(sample: str, tmp_path: Path) -> None:
    case = copy.deepcopy(dict(BASES)[sample])
    # The same hostile texts in every run: a property test would draw new ones each time.
    hostile = (
        "Ünïcødé \u202eevil\u202c \u200b{{ x }} & <b> \x07 \U0001f600 \u05e9\u05dc\u05d5\u05dd"
    )
    for path in FREE_TEXT:
        with contextlib.suppress(KeyError, IndexError, TypeError):
            parent = _get(case, path[:-1])
            if isinstance(parent.get(path[-1]), str):
                parent[path[-1]] = f"{parent[path[-1]]} {hostile}"
    path = _write(tmp_path / "case", case)
    assert _validate_and_check(case, path)["valid"]
    out = tmp_path / "out"
    code, _, err = _cli("assemble", path, "-o", out, "-q", "--format", "json")
    _assert_clean_stderr(err)
    assert code in (0, 1)
    outdir_is_whole(out)
    checklist = json.loads((out / "checklist.json").read_text(encoding="utf-8"))
    failed = {i["id"] for i in checklist["items"] if i["status"] == "fail"}
    assert failed <= {"no_placeholders"}, checklist  # "{{" printed literally looks unfilled
