"""The ``spo`` command: parse, call the library, format the result, map errors to exit codes.

Results go to stdout; errors go to stderr as one line, ``Error: <message>``, with the exit code of
``shared/spec/cli.md``. No command prompts.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import sys
import textwrap
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pipeline import __version__
from pipeline.errors import ExitCode, InputError, SpoError
from pipeline.models import Finding, ValidationReport, one_line
from pipeline.paths import TEMPLATES_DIR

if TYPE_CHECKING:
    from pipeline.batch import CaseOutcome
    from pipeline.check import CheckReport, ItemResult
    from pipeline.lint import LintReport
    from pipeline.tools.uno import EarlyStart

# Each command imports the stages it uses when it runs, so `spo check` does not pay for
# loading the template engine, and `spo validate` not for the PDF libraries.

F = TypeVar("F", bound=Callable[..., Any])


def format_option(function: F) -> F:
    """The ``--format text|json`` option every command takes (``cli.md``)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text for people, json for CI and other programs.",
    )(function)


def _color() -> bool | None:
    """Colour only on a terminal (click decides), and never with NO_COLOR set."""
    return False if os.environ.get("NO_COLOR") else None


def _echo(text: str = "", *, err: bool = False) -> None:
    click.echo(text, err=err, color=_color())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="spo")
@click.option("--debug", is_flag=True, hidden=True, help="Show a traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build and check Stalking Protection Order bundles for the magistrates' court.

    \b
    Exit status: 0 all passed, 1 findings failed, 2 could not start (bad usage or an
    unreadable input), 3 the environment failed (a tool missing, output not writable).
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("case_file", type=click.Path(path_type=Path, dir_okay=True))
@format_option
def validate(case_file: Path, fmt: str) -> None:
    """Check CASE_FILE against the case schema and the rules of the 2019 Act.

    Every finding is reported in one run, each with its rule id, severity and the JSON Pointer
    of the field at fault. Errors block assembly; warnings do not.

    \b
    Example:
        spo validate samples/full-with-interim/case.json
        spo validate case.json --format json
    """
    from pipeline.validate import validate_case

    report = validate_case(case_file)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_report(report)
    raise SystemExit(ExitCode.ok if report.valid else ExitCode.findings)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _print_group(title: str, colour: str, findings: Sequence[Finding], width: int) -> None:
    _echo(click.style(title, fg=colour, bold=True))
    for finding in findings:
        where = finding.path or "(the whole file)"
        _echo(f"  {click.style(where, bold=True)}  [{finding.rule}]")
        for line in textwrap.wrap(finding.message, width=max(width - 4, 40)):
            _echo(f"    {line}")
    _echo()


def _print_report(report: ValidationReport) -> None:
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    errors, warnings = report.errors, report.warnings
    counts = f"{_plural(len(errors), 'error')}, {_plural(len(warnings), 'warning')}"
    _echo(f"{report.source}: {counts}")
    _echo()
    if errors:
        _print_group("Errors (these block assembly)", "red", errors, width)
    if warnings:
        _print_group("Warnings (reported; they do not block)", "yellow", warnings, width)
    if report.valid:
        _echo(click.style("Valid", fg="green", bold=True) + ": the case can be assembled.")
    else:
        _echo(
            click.style("Not valid", fg="red", bold=True)
            + f": correct the {_plural(len(errors), 'error')} above and run spo validate again."
        )


@cli.command()
@click.argument("case_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
    help="OUTDIR for one case; for several, OUTROOT with one folder per case, named by URN.",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Replace an output folder that exists.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
    help="Cases at once, each with its own LibreOffice kept running (several cases only).",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
@format_option
def assemble(
    case_files: tuple[Path, ...], outdir: Path, force: bool, jobs: int, quiet: bool, fmt: str
) -> None:
    """Validate a case, draw up every document, and build the court bundle in OUTDIR.

    Stops on validation errors. The bundle is checked against the checklist (as spo check
    does); OUTDIR is written whole or not at all. Given several cases, each goes to
    OUTROOT/<URN>/; a case that fails is reported and the others still complete (exit 1 if any
    failed).

    \b
    Examples:
        spo assemble samples/full-with-interim/case.json -o out/
        spo assemble samples/*/case.json -o out/bundles --jobs 2
    """
    if len(case_files) > 1:
        _assemble_batch(case_files, outdir, force=force, jobs=jobs, quiet=quiet, fmt=fmt)
    # LibreOffice first, before the heavy imports: its start-up is the longest single step.
    early = _start_libreoffice()
    try:
        from pipeline.assemble import CaseInvalidError, assemble_case

        progress = None if quiet else _progress
        try:
            result = assemble_case(
                case_files[0], outdir, force=force, progress=progress, starting=early
            )
            # OUTDIR is in place: what is left (LibreOffice's stop, the summary) is not worth
            # an "interrupted" for a run that has done its work.
            _ignore_interrupts()
        except CaseInvalidError as exc:
            if fmt == "json":
                click.echo(json.dumps(exc.report.to_json(), indent=2, ensure_ascii=False))
            else:
                _print_report(exc.report)
            raise
    finally:
        if early is not None:
            early.close()
    report = result.checklist
    if fmt == "json":
        payload = {"outdir": str(result.outdir), "bundle": str(result.bundle), **report.to_json()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _echo(f"Bundle: {result.bundle} ({_plural(result.pages, 'page')})")
        _print_checklist_summary(report)
        _echo(f"Manifest: {result.outdir / 'manifest.json'}")
    failed = any(item.status == "fail" for item in report.items)
    raise SystemExit(ExitCode.findings if failed else ExitCode.ok)


def _start_libreoffice() -> EarlyStart | None:
    """LibreOffice starting in the background; None when it is not installed.

    When it is missing or cannot run, ``assemble_case`` says so (exit 3) after validating the
    case, as it always has: an invalid case is reported first.
    """
    from pipeline.launch import take_early_start

    started = take_early_start()  # by the program's entry point, before click loaded
    if started is not None:
        return started
    from pipeline.tools.soffice import require_soffice
    from pipeline.tools.uno import EarlyStart

    try:
        program = require_soffice()
    except SpoError:
        return None
    return EarlyStart.of(program)


def _progress(message: str) -> None:
    _echo(message[:1].upper() + message[1:], err=True)


def _assemble_batch(
    cases: tuple[Path, ...], outroot: Path, *, force: bool, jobs: int, quiet: bool, fmt: str
) -> None:
    def done(outcome: CaseOutcome) -> None:
        if not quiet:
            status = "ok" if outcome.ok else f"exit {outcome.exit_code}"
            _echo(f"{status:<7} {outcome.case} -> {outcome.outdir}: {outcome.message}", err=True)

    from pipeline.batch import assemble_cases

    outcomes = assemble_cases(cases, outroot, jobs=jobs, force=force, on_done=done)
    failed = [o for o in outcomes if not o.ok]
    if fmt == "json":
        payload = {"ok": not failed, "cases": [o.to_json() for o in outcomes]}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for outcome in outcomes:
            mark = click.style("ok", fg="green") if outcome.ok else click.style("FAILED", fg="red")
            _echo(f"{mark:<6} {outcome.outdir}: {outcome.message}")
        _echo(f"{len(outcomes) - len(failed)} of {_plural(len(outcomes), 'case')} assembled.")
    raise SystemExit(ExitCode.findings if failed else ExitCode.ok)


def _print_checklist_summary(report: CheckReport) -> None:
    counts: dict[str, int] = {}
    for item in report.items:
        counts[item.status] = counts.get(item.status, 0) + 1
    order = ("pass", "fail", "warning", "needs_review", "not_applicable")
    summary = ", ".join(f"{counts[s]} {s.replace('_', ' ')}" for s in order if s in counts)
    if report.fileable:
        verdict = click.style("fileable", fg="green", bold=True)
    else:
        verdict = click.style("not fileable", fg="red", bold=True)
    _echo(f"Checklist: {verdict} ({summary})")
    for item in report.items:
        if item.status in ("fail", "warning", "needs_review"):
            pages = f" (pages {', '.join(map(str, item.pages))})" if item.pages else ""
            _echo(f"  {item.status:<12} {item.id}{pages}: {one_line(item.message)}")


@cli.command("export")
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", "target", type=click.Path(path_type=Path), required=True,
    help="The package .zip, or a folder to write it into under its standard name.",
)  # fmt: skip
@format_option
def export_command(outdir: Path, target: Path, fmt: str) -> None:
    """Pack an assembled OUTDIR as an e-filing package (bundle, manifest, checklist).

    Refused while the checklist is not fileable. Nothing from confidential/ is packed.

    \b
    Example:
        spo export out/ -o .      # writes <URN>_<SURNAME>_SPO_<hearing date>.zip here
    """
    from pipeline.export import export_package

    result = export_package(outdir, target)
    if fmt == "json":
        payload = {
            "package": str(result.package),
            "size": result.size,
            "email_subject": result.email_subject,
            "over_email_limit": result.over_email_limit,
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _echo(f"Package: {result.package} ({result.size / 1_000_000:.1f} MB)")
        _echo(f"E-mail subject: {result.email_subject}")
    if result.over_email_limit:
        _echo(
            "Warning: the bundle is over 36 MB, a common limit for court e-mail addresses; "
            "ask the court how to send it",
            err=True,
        )


@cli.command("verify")
@click.argument("package", type=click.Path(path_type=Path))
@format_option
def verify_command(package: Path, fmt: str) -> None:
    """Re-hash every file of PACKAGE against its manifest.

    Exit 1, naming each file, when one has changed, is missing or was added.

    \b
    Example:
        spo verify 47NS0123426_WHITLOCK_SPO_2026-12-18.zip
    """
    from pipeline.export import verify_package

    report = verify_package(package)
    if fmt == "json":
        payload = {
            "ok": report.ok,
            "checked": list(report.checked),
            "problems": list(report.problems),
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for name in report.checked:
            _echo(f"  ok       {name}")
        for problem in report.problems:
            _echo(f"  {click.style('FAILED', fg='red', bold=True)}   {problem}")
        verdict = (
            "Verified: every file matches the manifest."
            if report.ok
            else (f"Not verified: {_plural(len(report.problems), 'problem')}.")
        )
        _echo(verdict)
    raise SystemExit(ExitCode.ok if report.ok else ExitCode.findings)


@cli.command("check")
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option(
    "--case", "case_file", type=click.Path(path_type=Path),
    help="The case file: checks the items that need its data (identity, restricted details, terms) and the sign-offs.",
)  # fmt: skip
@click.option(
    "--checklist", "checklist_file", type=click.Path(path_type=Path),
    help="A checklist file to use instead of the built-in checklists/magistrates-spo.toml.",
)  # fmt: skip
@format_option
def check_command(
    bundle: Path, case_file: Path | None, checklist_file: Path | None, fmt: str
) -> None:
    """Check BUNDLE, a bundle PDF made by anyone, against the magistrates' court checklist.

    Exit 1 when an item fails. Items a person must confirm (legal review, enforceable terms)
    pass only with a sign-off in the case file's signoffs[]; until then the bundle is not yet
    fileable, but the check itself does not fail.

    \b
    Example:
        spo check bundle.pdf
        spo check bundle.pdf --case case.json --format json
    """
    from pipeline.casefile import read_case_file
    from pipeline.check import check_bundle
    from pipeline.checklist import load_checklist

    checklist = load_checklist(checklist_file)
    case: dict[str, Any] | None = None
    if case_file is not None:
        data = read_case_file(case_file).data
        if not isinstance(data, dict):
            raise InputError(f"{case_file}: not a case file (a JSON object); see samples/")
        case = data
    report = check_bundle(bundle, case, checklist)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_check(bundle, report, with_case=case is not None)
    raise SystemExit(ExitCode.findings if report.failed else ExitCode.ok)


_CHECK_STATUS = {
    "pass": ("PASS", "green"),
    "fail": ("FAIL", "red"),
    "warning": ("WARN", "yellow"),
    "needs_review": ("REVIEW", "cyan"),
    "not_applicable": ("N/A", "bright_black"),
}


def _print_check(bundle: Path, report: CheckReport, *, with_case: bool) -> None:
    width = min(shutil.get_terminal_size((100, 24)).columns, 110)
    found = _plural(len(report.documents), "document")
    _echo(f"{bundle}: {_plural(report.pages, 'page')}, {found} found")
    _echo()
    for document in report.documents:
        pages = _page_runs(range(document.first_page, document.last_page + 1))
        _echo(f"  p. {pages:<9} {document.item:<20} {textwrap.shorten(document.title, 60)}")
    _echo()
    for item in report.items:
        _print_check_item(item, width)
    _echo()
    counts = {s: sum(1 for i in report.items if i.status == s) for s in _CHECK_STATUS}
    summary = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in counts.items() if n)
    if report.failed:
        verdict = click.style("Not fileable", fg="red", bold=True)
        advice = f"correct the {_plural(len(report.failed), 'failing item')} and check again"
    elif not report.fileable:
        verdict = click.style("Not yet fileable", fg="yellow", bold=True)
        advice = "a person must review the items marked REVIEW and sign them off in the case file"
        if not with_case:
            advice += " (run with --case CASE.json)"
    else:
        verdict = click.style("Fileable", fg="green", bold=True)
        advice = "every item passed or does not apply"
    _echo(f"{verdict}: {advice}. ({summary})")


def _page_runs(pages: Sequence[int]) -> str:
    """``3-5, 9``: consecutive pages as ranges."""
    runs: list[list[int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _print_check_item(item: ItemResult, width: int) -> None:
    word, colour = _CHECK_STATUS.get(item.status, (item.status.upper(), "white"))
    status = click.style(f"{word:<6}", fg=colour, bold=item.status == "fail")
    pages = f"p. {_page_runs(item.pages)}" if item.pages else ""
    if len(pages) > 10:
        pages = f"p. {item.pages[0]}+"
    indent = 2 + 6 + 1 + 20 + 1 + 10 + 1
    lines = textwrap.wrap(one_line(item.message), width=max(width - indent, 40)) or [""]
    _echo(f"  {status} {item.id:<20} {pages:<10} {lines[0]}")
    for line in lines[1:]:
        _echo(" " * indent + line)


@cli.group()
def templates() -> None:
    """Work with the Word templates in templates/."""


@templates.command("lint")
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=TEMPLATES_DIR,
    show_default=True,
    help="The folder of templates to check.",
)
@format_option
def templates_lint(templates_dir: Path, fmt: str) -> None:
    """Check that every template parses and uses only known variables.

    Every variable must be a field of the case schema or a documented extra of the render
    context (templates/README.md), nested paths included. Run it after editing a template.

    \b
    Example:
        spo templates lint
        spo templates lint --templates my-force-templates/ --format json
    """
    if not templates_dir.is_dir():
        raise InputError(f"{templates_dir}: no such folder of templates")
    from pipeline.lint import lint_templates

    report = lint_templates(templates_dir)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_lint(report)
    raise SystemExit(ExitCode.ok if report.ok else ExitCode.findings)


def _print_lint(report: LintReport) -> None:
    for problem in report.problems:
        where = f"{problem.template}" + (f" ({problem.part})" if problem.part != "body" else "")
        variable = f" {problem.variable}:" if problem.variable else ""
        _echo(f"{click.style(where, bold=True)}:{variable} {problem.message}")
        if problem.near:
            _echo(f"    near: {problem.near}")
    count = len(report.templates)
    if report.ok:
        _echo(click.style("OK", fg="green", bold=True) + f": {_plural(count, 'template')} checked.")
    else:
        _echo(
            click.style("Problems", fg="red", bold=True)
            + f": {_plural(len(report.problems), 'problem')} in {_plural(count, 'template')}."
        )


class Interrupted(BaseException):
    """Ctrl-C, raised by our SIGINT handler.

    Not a KeyboardInterrupt, which click would catch and answer with a blank line; a
    BaseException, so no ``except Exception`` on the way swallows it.
    """


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


def _ignore_interrupts() -> None:
    """Ctrl-C does nothing from now on, until :func:`main` ends.

    Called from Python (the tests), the caller's handler comes back then.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def main(argv: Sequence[str] | None = None) -> None:
    """Run ``spo``; exit with the code of ``cli.md``, never with a traceback for bad input."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, _interrupt)
    try:
        _run(args, debug)
    except SystemExit as done:
        if argv is None:
            from pipeline.launch import discard_early_start

            discard_early_start()  # started for a command that turned out otherwise
            _exit_at_once(done)
        raise
    finally:
        if previous is not None:
            # As the program, the run is over and the process about to exit: a Ctrl-C now
            # would only turn its exit status into a death by signal. Called from Python (the
            # tests), the caller's handler comes back.
            signal.signal(signal.SIGINT, signal.SIG_IGN if argv is None else previous)


def _exit_at_once(done: SystemExit) -> None:
    """End the program now, without the interpreter's clean-up, when nothing else is running.

    That clean-up frees every object one by one: 20 ms after checking a 500-page bundle, which
    the operating system does at once. Exit handlers still run and the output is flushed first.
    Another thread (LibreOffice being stopped) or a child process still running, an exit code
    that is not a number, or output that cannot be flushed (a closed pipe) leave the exit to
    the interpreter, as does a Python without ``atexit._run_exitfuncs``.
    """
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    multiprocessing = sys.modules.get("multiprocessing")
    if (
        run_handlers is None
        or not isinstance(done.code, int | None)
        or threading.active_count() > 1
        or (multiprocessing is not None and multiprocessing.active_children())
    ):
        return
    try:
        run_handlers()
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(done.code or 0)


def _run(args: list[str], debug: bool) -> None:
    try:
        cli.main(args=args, prog_name="spo", standalone_mode=False)
    except SpoError as exc:
        _echo(f"Error: {one_line(exc.message)}", err=True)
        sys.exit(int(exc.exit_code))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitCode.cannot_start)
    except (click.Abort, Interrupted, KeyboardInterrupt):
        _echo("Error: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (spo ... | head): nothing more to say to it.
        sys.stderr.close()
        sys.exit(int(ExitCode.ok))
    except Exception as exc:
        if debug:
            raise
        _echo(
            f"Error: internal error ({type(exc).__name__}: {one_line(str(exc))}); this is a bug "
            "in spo-bundle: "
            "run again with --debug and report the traceback",
            err=True,
        )
        sys.exit(int(ExitCode.environment))
    sys.exit(int(ExitCode.ok))
