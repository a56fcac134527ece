"""Item 5: the environment fails under a run.

The converter crashes, hangs, writes an empty PDF or is missing; the output cannot be written
(its parent is a file, it is under /proc, the disk fills up half-way); two runs write the same
OUTDIR at once; Ctrl-C mid-run. After each: a clear one-line message, the exit code of the
spec, no OUTDIR and nothing hidden left beside it.

Root ignores directory permissions (the tests run as root in CI), so "read-only" is made
without them: a parent that is a file, a path under /proc (where nothing can be created), and a
file-size limit (RLIMIT_FSIZE) that makes writes fail with EFBIG as a full disk fails them with
ENOSPC. A truly read-only mount (EROFS) needs mount privileges and is not tested.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from pipeline.assemble import assemble_case
from pipeline.convert import SofficeConverter
from pipeline.errors import ConversionError, InputError
from pipeline.tools.process import ToolRun

from ..conftest import Run, hidden_leftovers
from ..textconverter import TextConverter
from .helpers import (
    FAKES,
    RUNNER,
    needs_soffice,
    outdir_is_whole,
    use_converter,
)

Case = dict[str, Any]


def _processes_mentioning(text: str) -> list[int]:
    """The processes whose command line holds ``text`` (a test's own temporary path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(int(entry.name))
    return found


def _kill(pids: Sequence[int]) -> None:
    """Stop processes this test started and left behind (their groups: the fakes fork)."""
    for pid in pids:
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(pid, signal.SIGKILL)


def _one_error_line(err: str) -> str:
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return errors[0]


# -- the converter ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fake", "words"),
    [
        ("soffice_crash.py", "LibreOffice failed to convert it to PDF"),
        ("soffice_killed.py", "was killed by SIGKILL"),
        ("soffice_empty.py", "is empty"),
        ("soffice_garbage.py", "cannot be read"),
        ("soffice_no_pages.py", "has no pages"),
        ("soffice_silent.py", "no PDF was written"),
    ],
)
def test_a_failing_converter_is_exit_3_with_one_line_and_no_outdir(
    fake: str,
    words: str,
    example: Case,
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    spo: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One `soffice --convert-to` run of a fake that fails as LibreOffice does.
    use_converter(monkeypatch, lambda: SofficeConverter(FAKES / fake))
    out = tmp_path / "out"
    result = spo("assemble", write_case(example), "-o", out)
    assert result.code == 3
    assert words in _one_error_line(result.err)
    assert result.err.rstrip().splitlines()[-1].startswith("Error: ")
    assert not out.exists() and hidden_leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("program", "words"),
    [
        ("soffice_crash.py", "LibreOffice did not start"),  # what LibreOffice over UNO sees
        ("no-such-soffice", "no such program"),
    ],
)
def test_a_libreoffice_that_cannot_start_is_exit_3_with_no_outdir(
    program: str,
    words: str,
    example: Case,
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    spo: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPO_SOFFICE", str(FAKES / program))
    out = tmp_path / "out"
    result = spo("assemble", write_case(example), "-o", out)
    assert result.code == 3
    assert words in _one_error_line(result.err)
    assert not out.exists() and hidden_leftovers(tmp_path) == []


def test_a_hung_converter_is_killed_with_its_children_and_nothing_is_left(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    converter = SofficeConverter(FAKES / "soffice_hang.py", timeout=2)
    started = time.monotonic()
    with pytest.raises(ConversionError, match="hung converting it and was killed after 2 s"):
        assemble_case(write_case(example), out, converter=converter)
    assert time.monotonic() - started < 20
    converter.close()
    assert not out.exists() and hidden_leftovers(tmp_path) == []
    assert _processes_mentioning(str(tmp_path)) == []


# -- output that cannot be written --------------------------------------------------------------


def test_an_outdir_whose_parent_is_a_file_is_exit_3(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path, spo: Callable[..., Run]
) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    result = spo("assemble", write_case(example), "-o", tmp_path / "file" / "out")
    assert result.code == 3
    assert "cannot create the folder" in _one_error_line(result.err)
    assert (tmp_path / "file").read_text(encoding="utf-8") == "not a folder"


def test_an_outdir_under_proc_is_exit_3(
    example: Case, write_case: Callable[[Any], Path], spo: Callable[..., Run]
) -> None:
    result = spo("assemble", write_case(example), "-o", "/proc/spo-hostile-test/out")
    assert result.code == 3
    assert "/proc/spo-hostile-test" in _one_error_line(result.err)


def _limited(limit: int) -> Callable[[], None]:
    def limit_writes() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_writes


@pytest.mark.parametrize(
    ("limit", "words"),
    [
        (8_000, "cannot write the document"),  # at the first .docx
        (40_000, "cannot write the bundle"),  # every document fits; bundle.pdf does not
    ],
    ids=["documents", "bundle"],
)
def test_a_disk_that_fills_up_mid_run_is_exit_3_and_leaves_nothing(
    limit: int, words: str, example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    # Before the fix: at the documents, exit 3 "internal error" and a zipfile traceback on
    # stderr; at the bundle, qpdf aborted the whole process (SIGABRT, exit -6), leaving the
    # work folder, the lock and a partial bundle behind.
    case = write_case(example)
    env = {**os.environ, "SPO_TEST_CONVERTER": f"soffice:{FAKES / 'soffice_ok.py'}:60"}
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(RUNNER), "assemble", str(case), "-o", str(out)],
        preexec_fn=_limited(limit),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert words in _one_error_line(done.stderr)
    assert not out.exists() and hidden_leftovers(tmp_path) == []


# -- two runs, one OUTDIR -----------------------------------------------------------------------


class _SlowConverter(TextConverter):
    """Converts only once told to, and says when it has started."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.go = threading.Event()

    def convert(self, sources: Sequence[Path], outdir: Path) -> ToolRun:
        self.started.set()
        assert self.go.wait(60)
        return super().convert(sources, outdir)


def test_two_runs_on_one_outdir_one_wins_and_the_other_is_refused(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path, spo: Callable[..., Run]
) -> None:
    case = write_case(example)
    out = tmp_path / "out"
    slow = _SlowConverter()
    outcome: dict[str, Any] = {}

    def first() -> None:
        try:
            outcome["first"] = assemble_case(case, out, force=True, converter=slow)
        except Exception as exc:  # pragma: no cover - reported below
            outcome["first"] = exc

    runner = threading.Thread(target=first)
    runner.start()
    try:
        assert slow.started.wait(60)  # the first run holds the lock and is converting
        for force in (False, True):
            with pytest.raises(InputError, match="another spo run is writing this folder now"):
                assemble_case(case, out, force=force, converter=TextConverter())
        second = spo("assemble", case, "-o", out, "--force")
        assert second.code == 2
        assert _one_error_line(second.err) == (
            f"Error: {out.absolute()}: another spo run is writing this folder now; wait for it "
            "to finish"
        )
    finally:
        slow.go.set()
        runner.join(60)
    assert not isinstance(outcome["first"], Exception), outcome["first"]
    outdir_is_whole(out)
    assert hidden_leftovers(tmp_path) == []


def test_a_run_that_waited_past_the_winner_does_not_replace_its_outdir(
    example: Case,
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The second run looks for OUTDIR before the first has made it, then takes the lock once
    # the first has finished. Before the fix it then replaced the first run's OUTDIR although
    # it was run without --force.
    import pipeline.outdir as outdir_module

    case = write_case(example)
    out = tmp_path / "out"
    original = outdir_module._lock
    first_done = threading.Event()

    def late_lock(path: Path) -> Iterator[None]:
        if threading.current_thread().name == "second":
            assert first_done.wait(60)
        return original(path)  # type: ignore[no-any-return]

    monkeypatch.setattr(outdir_module, "_lock", late_lock)
    result: dict[str, Any] = {}

    def second() -> None:
        try:
            result["second"] = assemble_case(case, out, converter=TextConverter())
        except Exception as exc:
            result["second"] = exc

    runner = threading.Thread(target=second, name="second")
    runner.start()
    time.sleep(0.2)  # the second run has passed its first look at OUTDIR
    assemble_case(case, out, converter=TextConverter())
    manifest = (out / "manifest.json").read_bytes()
    marker = out / "documents" / "first-run.txt"
    marker.write_text("the first run's folder", encoding="utf-8")
    first_done.set()
    runner.join(60)
    assert isinstance(result["second"], InputError)
    assert "already exists; use --force" in str(result["second"])
    assert marker.exists() and (out / "manifest.json").read_bytes() == manifest
    assert hidden_leftovers(tmp_path) == []


def test_a_lock_file_replaced_under_a_run_is_not_trusted(
    example: Case,
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A run that locked a lock file which another run had just removed (and a third made
    # again) would think it held the lock: the file it locked must be the one at the path.
    import pipeline.outdir as outdir_module

    real_fstat = os.fstat

    def moved(fd: int) -> os.stat_result:
        fields = list(real_fstat(fd))
        fields[1] += 1  # st_ino: another file than the one now at the path
        return os.stat_result(fields)

    monkeypatch.setattr(outdir_module.os, "fstat", moved)
    with pytest.raises(InputError, match="another spo run is writing this folder now"):
        assemble_case(write_case(example), tmp_path / "out", converter=TextConverter())
    assert not (tmp_path / "out").exists()


# -- Ctrl-C -------------------------------------------------------------------------------------


def _interrupt_while_converting(case: Path, out: Path, marker: str) -> tuple[int, str, list[int]]:
    """Run spo assemble with a LibreOffice that hangs; Ctrl-C it once the fake is running."""
    env = {**os.environ, "SPO_TEST_CONVERTER": f"soffice:{FAKES / 'soffice_hang.py'}:120"}
    with subprocess.Popen(
        [sys.executable, str(RUNNER), "assemble", str(case), "-o", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as run:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if [p for p in _processes_mentioning(marker) if p != run.pid]:
                break
            time.sleep(0.1)
        else:  # pragma: no cover
            run.kill()
            pytest.fail("the fake LibreOffice never started")
        time.sleep(0.3)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=30)
    time.sleep(0.5)
    return run.returncode, err, _processes_mentioning(marker)


def test_ctrl_c_mid_run_is_exit_130_with_no_outdir(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, err, left = _interrupt_while_converting(write_case(example), out, str(tmp_path))
    _kill(left)
    assert code == 130
    assert _one_error_line(err) == "Error: interrupted"
    assert err.rstrip().splitlines()[-1] == "Error: interrupted"
    assert not out.exists() and hidden_leftovers(tmp_path) == []


def test_ctrl_c_mid_run_leaves_no_libreoffice_running(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, _, left = _interrupt_while_converting(write_case(example), out, str(tmp_path))
    _kill(left)
    assert code == 130
    assert left == []


def test_the_json_report_of_a_refused_run_is_not_written(
    example: Case, write_case: Callable[[Any], Path], tmp_path: Path, spo: Callable[..., Run]
) -> None:
    # A run stopped by the environment prints no half report on stdout: only the one line.
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = spo("assemble", write_case(example), "-o", tmp_path / "file" / "o", "--format", "json")
    assert result.code == 3 and result.out == ""


@needs_soffice
@pytest.mark.parametrize("delay", [0.6, 1.1, 1.3])  # starting, converting, late
def test_ctrl_c_with_the_real_libreoffice_stops_it_and_leaves_nothing(
    delay: float, example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    # spo assemble's own converter: LibreOffice kept running over UNO, started at once. Its
    # profile goes under TMPDIR, so its processes name this test's folder.
    private = tmp_path / "tmp"
    private.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(private)}
    with subprocess.Popen(
        [
            str(Path(sys.executable).parent / "spo"),
            "assemble",
            str(write_case(example)),
            "-o",
            str(out),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as run:
        time.sleep(delay)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
    time.sleep(0.5)
    left = _processes_mentioning(str(private))
    _kill(left)
    if run.returncode == 0:  # pragma: no cover - a fast machine finished first
        pytest.skip("the run finished before Ctrl-C")
    assert run.returncode == 130, err
    assert err.rstrip().splitlines()[-1] == "Error: interrupted"
    assert not out.exists() and hidden_leftovers(tmp_path) == []
    assert left == []


@pytest.mark.parametrize(
    ("args", "code"), [([], 2), (["-o", "OUT", "--jobs", "0"], 2), (["-o", "OUT", "--help"], 0)]
)
def test_libreoffice_started_for_a_command_that_does_not_run_is_killed(
    args: list[str], code: int, example: Case, write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    # The program starts LibreOffice before click reads the command line (pipeline.launch);
    # a usage error or --help must not leave it running, nor wait for its start-up: here a
    # LibreOffice that never starts (waiting for it would take the minute of its start timeout).
    private = tmp_path / "tmp"
    private.mkdir()
    never = private / "soffice"  # named in its command line, as LibreOffice's profile is
    never.write_text("#!/bin/sh\nexec sleep 600\n", encoding="utf-8")
    never.chmod(0o755)
    command = [
        str(Path(sys.executable).parent / "spo"),
        "assemble",
        str(write_case(example)),
        *(str(tmp_path / "out") if arg == "OUT" else arg for arg in args),
    ]
    started = time.monotonic()
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=90,
        env={**os.environ, "TMPDIR": str(private), "SPO_SOFFICE": str(never)},
    )  # fmt: skip
    took = time.monotonic() - started
    time.sleep(0.5)
    left = _processes_mentioning(str(private))
    _kill(left)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert left == []
    assert took < 5  # its start-up was not waited for
    assert not (tmp_path / "out").exists()
