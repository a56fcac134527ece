"""Assemble many cases at once: ``spo assemble CASE.json [CASE.json ...] -o OUTROOT --jobs N``.

Each case goes to ``OUTROOT/<URN>/``, written whole or not at all as a single run is. A case
that fails is reported and the others still complete; so does a job whose process dies (its
cases in hand are reported, the others go to the other jobs).

Why processes and a kept-running LibreOffice: the floor of a run is LibreOffice's own work. A
one-case run starts LibreOffice once (about 1 s) and pays for it; a batch keeps one LibreOffice
per job running (:class:`~pipeline.convert.UnoConverter`, about 0.05 s a document once warm), so
twenty cases pay the start-up twice, not twenty times. It starts as the job starts, while the
job's first case is rendered, and each job compiles the templates once, not once per case.

Each job is a process with two cases in hand: while its LibreOffice converts one case's
documents (in a thread that only waits on LibreOffice), the process validates and renders the
next case and bundles and checks the previous one, so neither the job's Python nor its
LibreOffice waits for the other (:func:`pipeline.assemble.assemble_steps`). PDFium, which is not
thread-safe, is only ever used by the job's main thread. A job asks the parent for its next
case when it is ready for one, so a slow case does not hold up the others; each job has its
own pipe for them, so a job that dies holds nothing the others need.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, cast

from pipeline.assemble import (
    AssembleSteps,
    CaseInvalidError,
    ConversionLane,
    assemble_steps,
    last_step,
)
from pipeline.casefile import read_case_file
from pipeline.convert import Converter, require_soffice
from pipeline.errors import ExitCode, SpoError
from pipeline.models import one_line
from pipeline.outdir import clear_leftovers
from pipeline.tools.uno import EarlyStart

_URN = re.compile(r"^[0-9]{2}[A-Z]{2}[0-9]{7}$")
_WANT, _DONE = "want", "done"
_POLL = 0.2  # seconds between looks at the jobs while waiting for news
_STOP_GRACE = 15.0  # seconds an interrupted job gets to stop LibreOffice and clean up

ConverterFactory = Callable[[], Converter]
"""Makes the converter of one job, in its process (tests give a fake one)."""


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    """What happened to one case of a batch.

    Attributes:
        case: The case file.
        outdir: Its output folder, ``OUTROOT/<URN>``.
        exit_code: What ``spo assemble`` of this case alone would have exited with.
        message: One line: the bundle and its verdict, or the error.
        pages: The bundle's page count, when one was made.
        fileable: Whether the checklist is fileable, when a bundle was made.
    """

    case: Path
    outdir: Path
    exit_code: int
    message: str
    pages: int | None = None
    fileable: bool | None = None

    @property
    def ok(self) -> bool:
        """True when the case was assembled and no checklist item failed."""
        return self.exit_code == ExitCode.ok

    def to_json(self) -> dict[str, object]:
        """The outcome as ``spo assemble --format json`` reports it for a batch."""
        return {
            "case": str(self.case),
            "outdir": str(self.outdir),
            "exit_code": self.exit_code,
            "message": self.message,
            "pages": self.pages,
            "fileable": self.fileable,
        }


def _folder_name(case: Path) -> str:
    """The case's URN (the folder a court would look for), or its file name when unreadable."""
    try:
        urn = read_case_file(case).data["case"]["urn"]
    except (SpoError, KeyError, TypeError):
        urn = None
    if isinstance(urn, str) and _URN.match(urn):
        return urn
    return re.sub(r"[^A-Za-z0-9._-]+", "-", f"{case.parent.name}-{case.stem}").strip("-.")


def _failed(case: Path, outdir: Path, exc: Exception) -> CaseOutcome:
    """The outcome of a case whose run raised ``exc``."""
    if isinstance(exc, CaseInvalidError):
        count = len(exc.report.errors)
        return CaseOutcome(
            case, outdir, exc.exit_code, f"not valid ({count} errors); not assembled"
        )
    if isinstance(exc, SpoError):
        return CaseOutcome(case, outdir, exc.exit_code, exc.message)
    # One case's bug must not stop the others.
    message = f"internal error ({type(exc).__name__}: {exc})"
    return CaseOutcome(case, outdir, ExitCode.environment, message)


def _finished(case: Path, outdir: Path, steps: AssembleSteps) -> CaseOutcome:
    """Run a case's last steps (waiting for its PDFs) and say how it went."""
    try:
        result = last_step(steps)
    except Exception as exc:
        return _failed(case, outdir, exc)
    failed = [i.id for i in result.checklist.items if i.status == "fail"]
    verdict = "fileable" if result.checklist.fileable else "not fileable"
    message = f"{result.pages} pages, {verdict}" + (
        f", failed: {', '.join(failed)}" if failed else ""
    )
    code = ExitCode.findings if failed else ExitCode.ok
    return CaseOutcome(case, outdir, code, message, result.pages, result.checklist.fileable)


@dataclass(slots=True)
class _InHand:
    """A case whose documents are converting while its job works on another."""

    number: int
    case: Path
    outdir: Path
    steps: AssembleSteps


def _job(
    make_converter: ConverterFactory, tasks: Connection, results: Connection, force: bool
) -> None:
    """One job's process: its converter, and cases from ``tasks`` two at a time.

    Each job has its own pipe of cases, and asks the parent for the next one: a queue shared by
    the jobs has a lock, and a job that died holding it (reading the next case while its
    conversion crashed) would leave the others waiting for ever.

    Ctrl-C reaches every job (they share the terminal's process group) and the parent passes
    it on too: a job then kills its LibreOffice, removes its work folders and ends quietly;
    the parent alone says "interrupted".
    """
    # Our own handler, whatever the parent installed: the interrupt is handled here, once.
    signal.signal(signal.SIGINT, _interrupted)
    try:
        _work(make_converter, tasks, results, force)
    except (KeyboardInterrupt, BrokenPipeError):
        pass  # cleaned up on the way out; the parent says "interrupted" (or is gone)
    except Exception as exc:
        # A bug outside any one case: one line, not multiprocessing's traceback. The parent
        # sees this job end and reports the cases it held.
        name = multiprocessing.current_process().name
        print(
            f"{name}: internal error ({type(exc).__name__}: {one_line(str(exc))})", file=sys.stderr
        )
        sys.exit(3)


def _interrupted(signum: int, frame: object) -> None:
    # The terminal's Ctrl-C and the parent's pass-on both arrive: the second must not cut the
    # clean-up of the first short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _work(
    make_converter: ConverterFactory, tasks: Connection, results: Connection, force: bool
) -> None:
    converter = make_converter()
    conversion = ConversionLane(converter)

    pid = os.getpid()
    in_hand: list[_InHand] = []  # at most two: one converting, one being finished
    completed = False
    try:
        while (task := _next_case(pid, tasks, results)) is not None:
            number, case, outdir = task
            steps = assemble_steps(case, outdir, force=force)
            try:
                next(steps)  # validate
                steps.send(conversion)  # render, and hand the documents to LibreOffice
            except Exception as exc:
                results.send((_DONE, pid, number, _failed(case, outdir, exc)))
                continue
            in_hand.append(_InHand(number, case, outdir, steps))
            if len(in_hand) == 2:  # finish the earlier case while this one's documents convert
                _report_finished(in_hand.pop(0), pid, results)
        while in_hand:
            _report_finished(in_hand.pop(0), pid, results)
        completed = True
    finally:
        # Conversions end before the work folders they write into are removed; when
        # interrupted, LibreOffice is killed first, which also ends a conversion under way.
        conversion.close(abort=not completed)
        if completed:
            _close(converter)
        for held in in_hand:
            held.steps.close()  # its work folder is removed; OUTDIR is never half-written


def _next_case(pid: int, tasks: Connection, results: Connection) -> Any:
    """Ask the parent for a case; (number, case file, OUTDIR), or None when there are no more."""
    results.send((_WANT, pid, -1, None))
    return tasks.recv()


def _report_finished(held: _InHand, pid: int, results: Connection) -> None:
    results.send((_DONE, pid, held.number, _finished(held.case, held.outdir, held.steps)))


def _close(converter: Converter) -> None:
    close = getattr(converter, "close", None)
    if close is not None:
        close()


def _libreoffice(program: Path) -> ConverterFactory:
    def make() -> Converter:
        # Started now, so the job's first case renders while LibreOffice starts.
        return EarlyStart.of(program, once=False)

    return make


def assemble_cases(
    cases: Sequence[Path],
    outroot: Path,
    *,
    jobs: int = 1,
    force: bool = False,
    on_done: Callable[[CaseOutcome], None] | None = None,
    converter: ConverterFactory | None = None,
) -> tuple[CaseOutcome, ...]:
    """Assemble every case into ``outroot/<URN>/``, ``jobs`` at a time.

    Args:
        cases: The case files.
        outroot: The folder that receives one folder per case.
        jobs: How many job processes, each with its own LibreOffice (about 250 MB each).
        force: Replace a case's existing folder.
        on_done: Called with each outcome as soon as its case is finished.
        converter: Makes each job's converter, in the job's process (default: a LibreOffice
            kept running).

    Returns:
        One outcome per case, in the order given.

    Raises:
        ToolMissingError: LibreOffice is not installed (exit 3; nothing is attempted).
        ValueError: ``jobs`` is less than 1.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    make_converter = converter or _libreoffice(require_soffice())
    outcomes: dict[int, CaseOutcome] = {}

    def report(number: int, outcome: CaseOutcome) -> None:
        outcomes[number] = outcome
        if on_done:
            on_done(outcome)

    planned: dict[int, Path] = {}
    seen: dict[str, Path] = {}
    for number, case in enumerate(cases):
        name = _folder_name(case)
        if name in seen:
            report(number, CaseOutcome(
                case, outroot / name, ExitCode.cannot_start,
                f"same URN as {seen[name]}: each case needs its own folder; not assembled",
            ))  # fmt: skip
        else:
            seen[name] = case
            planned[number] = outroot / name
    if planned:
        _run_jobs(cases, planned, min(jobs, len(planned)), make_converter, force, report)
    return tuple(outcomes[n] for n in range(len(cases)))


def _run_jobs(
    cases: Sequence[Path],
    planned: dict[int, Path],
    workers: int,
    make_converter: ConverterFactory,
    force: bool,
    report: Callable[[int, CaseOutcome], None],
) -> None:
    """Start the job processes, hand out the cases, and report each as it ends."""
    context = multiprocessing.get_context("fork")
    news: dict[Connection, BaseProcess] = {}
    to_job: dict[int, Connection] = {}
    for n in range(workers):
        reader, writer = context.Pipe(duplex=False)
        task_reader, task_writer = context.Pipe(duplex=False)
        process: BaseProcess = context.Process(
            target=_job, args=(make_converter, task_reader, writer, force),
            name=f"spo job {n + 1}", daemon=True,
        )  # fmt: skip
        process.start()
        writer.close()  # the job holds the only writing end: its end is ours to see
        task_reader.close()
        news[reader] = process
        to_job[process.pid or 0] = task_writer
    waiting = [(number, cases[number], outdir) for number, outdir in planned.items()]
    waiting.reverse()  # handed out from the end: in the order given
    ledger = _Ledger(cases, planned, {process.pid or 0: set() for process in news.values()}, report)
    try:
        while ledger.remaining and news:
            for ready in wait(list(news), timeout=_POLL):
                reader = cast("Connection", ready)
                try:
                    kind, pid, number, outcome = reader.recv()
                except EOFError:  # the job has ended, whether done, failed or killed
                    ledger.ended(news.pop(reader))
                    continue
                if kind == _WANT:
                    task = waiting.pop() if waiting else None
                    if task is not None:  # in its hands from now: lost with it if it dies
                        ledger.in_hand[pid].add(task[0])
                    with contextlib.suppress(OSError):  # it died meanwhile: its EOF comes next
                        to_job[pid].send(task)
                else:
                    ledger.done(pid, number, outcome)
        ledger.nobody_left()
    finally:
        processes = list(news.values())
        for process in processes:
            if ledger.remaining and process.is_alive():  # interrupted: jobs clean up and end
                with contextlib.suppress(OSError):
                    os.kill(process.pid or 0, signal.SIGINT)
        for process in processes:
            process.join(timeout=None if not ledger.remaining else _STOP_GRACE)
            if process.is_alive():
                process.kill()
        for task_writer in to_job.values():
            task_writer.close()


@dataclass
class _Ledger:
    """What each job has in hand, what is left, and the reporting of each case once."""

    cases: Sequence[Path]
    planned: dict[int, Path]
    in_hand: dict[int, set[int]]  # by job pid
    report: Callable[[int, CaseOutcome], None]
    remaining: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.remaining = set(self.planned)

    def done(self, pid: int, number: int, outcome: CaseOutcome | None) -> None:
        """A job has finished a case."""
        if number in self.remaining and outcome is not None:
            self.in_hand[pid].discard(number)
            self._done(number, outcome)

    def ended(self, process: BaseProcess) -> None:
        """A job has ended: the cases it still held are lost with it (it died)."""
        held = sorted(self.in_hand.pop(process.pid or 0, set()) & self.remaining)
        if not held:
            return
        process.join(timeout=5)  # for its exit status
        for number in held:
            clear_leftovers(self.planned[number], process.pid or 0)
            self._lost(number, (
                f"internal error (its job process stopped with {_status(process.exitcode)}); "
                "not assembled: run it again, alone, and report the problem if it recurs"
            ))  # fmt: skip

    def nobody_left(self) -> None:
        """Every job has ended: report the cases none of them reached."""
        for number in sorted(self.remaining):
            self._lost(number, "not assembled: every job process had stopped before it was reached")

    def _done(self, number: int, outcome: CaseOutcome) -> None:
        self.remaining.discard(number)
        self.report(number, outcome)

    def _lost(self, number: int, message: str) -> None:
        self._done(number, CaseOutcome(self.cases[number], self.planned[number],
                                       ExitCode.environment, message))  # fmt: skip


def _status(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"signal {-exitcode}"
    return f"exit status {exitcode}"
