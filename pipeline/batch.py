"""Assemble many cases at once: ``spo assemble CASE.json [CASE.json ...] -o OUTROOT --jobs N``.

Each case goes to ``OUTROOT/<URN>/``, written whole or not at all as a single run is. A case
that fails is reported and the others still complete.

Why processes and a kept-running LibreOffice: the floor of a run is LibreOffice's own work. A
one-case run starts LibreOffice once (about 1 s) and pays for it; a batch keeps one LibreOffice
per job running (:class:`~pipeline.convert.UnoConverter`, about 0.05 s a document once warm), so
twenty cases pay the start-up twice, not twenty times; it starts as the job starts, while the
job's first case is rendered, and each job compiles the templates once, not once per case. Each job is a separate process, so one
case's Python work (rendering, bundling, checking) runs while another job's LibreOffice converts,
on another core; threads would serialise that work on the interpreter lock.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path

from pipeline.assemble import CaseInvalidError, assemble_case
from pipeline.casefile import read_case_file
from pipeline.convert import Converter, require_soffice
from pipeline.errors import ExitCode, SpoError
from pipeline.tools.uno import EarlyStart

_URN = re.compile(r"^[0-9]{2}[A-Z]{2}[0-9]{7}$")
_converter: Converter | None = None  # one per job process, made by _start_job


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


def _start_job(program: Path) -> None:
    """Runs once in each job process: its own LibreOffice, stopped when the process ends."""
    global _converter
    # Started now, so the job's first case renders while LibreOffice starts.
    converter = EarlyStart.of(program, once=False)
    _converter = converter
    # multiprocessing ends its workers without running atexit; its own finalizers do run.
    Finalize(converter, converter.close, exitpriority=10)


def _assemble_one(case: Path, outdir: Path, force: bool) -> CaseOutcome:
    try:
        result = assemble_case(case, outdir, force=force, converter=_converter)
    except CaseInvalidError as exc:
        count = len(exc.report.errors)
        return CaseOutcome(
            case, outdir, exc.exit_code, f"not valid ({count} errors); not assembled"
        )
    except SpoError as exc:
        return CaseOutcome(case, outdir, exc.exit_code, exc.message)
    except Exception as exc:  # one case's bug must not stop the others
        return CaseOutcome(
            case, outdir, ExitCode.environment, f"internal error ({type(exc).__name__}: {exc})"
        )
    failed = [i.id for i in result.checklist.items if i.status == "fail"]
    verdict = "fileable" if result.checklist.fileable else "not fileable"
    message = f"{result.pages} pages, {verdict}" + (
        f", failed: {', '.join(failed)}" if failed else ""
    )
    code = ExitCode.findings if failed else ExitCode.ok
    return CaseOutcome(case, outdir, code, message, result.pages, result.checklist.fileable)


def assemble_cases(
    cases: Sequence[Path],
    outroot: Path,
    *,
    jobs: int = 1,
    force: bool = False,
    on_done: Callable[[CaseOutcome], None] | None = None,
) -> tuple[CaseOutcome, ...]:
    """Assemble every case into ``outroot/<URN>/``, ``jobs`` at a time.

    Args:
        cases: The case files.
        outroot: The folder that receives one folder per case.
        jobs: How many cases at once, each with its own LibreOffice (about 250 MB each).
        force: Replace a case's existing folder.
        on_done: Called with each outcome as soon as its case is finished.

    Returns:
        One outcome per case, in the order given.

    Raises:
        ToolMissingError: LibreOffice is not installed (exit 3; nothing is attempted).
        ValueError: ``jobs`` is less than 1.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    program = require_soffice()
    outcomes: dict[int, CaseOutcome] = {}
    planned: dict[int, Path] = {}
    seen: dict[str, Path] = {}
    for number, case in enumerate(cases):
        name = _folder_name(case)
        if name in seen:
            outcome = CaseOutcome(
                case, outroot / name, ExitCode.cannot_start,
                f"same URN as {seen[name]}: each case needs its own folder; not assembled",
            )  # fmt: skip
            outcomes[number] = outcome
            if on_done:
                on_done(outcome)
        else:
            seen[name] = case
            planned[number] = outroot / name
    if planned:
        context = multiprocessing.get_context("fork")
        workers = min(jobs, len(planned))
        with ProcessPoolExecutor(workers, context, _start_job, (program,)) as pool:
            futures: dict[Future[CaseOutcome], int] = {
                pool.submit(_assemble_one, cases[n], outdir, force): n
                for n, outdir in planned.items()
            }
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[futures[future]] = outcome
                if on_done:
                    on_done(outcome)
    return tuple(outcomes[n] for n in range(len(cases)))
