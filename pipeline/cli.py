"""The ``spo`` command: parse, call the library, format the result, map errors to exit codes.

Results go to stdout; errors go to stderr as one line, ``Error: <message>``, with the exit code of
``shared/spec/cli.md``. No command prompts.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline import __version__
from pipeline.errors import ExitCode, InputError, SpoError
from pipeline.lint import LintReport, lint_templates
from pipeline.models import Finding, ValidationReport
from pipeline.paths import TEMPLATES_DIR
from pipeline.validate import validate_case

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
    r"""Build and check Stalking Protection Order bundles for the magistrates' court.

    \b
    Exit status: 0 all passed, 1 findings failed, 2 could not start (bad usage or an
    unreadable input), 3 the environment failed (a tool missing, output not writable).
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("case_file", type=click.Path(path_type=Path, dir_okay=True))
@format_option
def validate(case_file: Path, fmt: str) -> None:
    r"""Check CASE_FILE against the case schema and the rules of the 2019 Act.

    Every finding is reported in one run, each with its rule id, severity and the JSON Pointer
    of the field at fault. Errors block assembly; warnings do not.

    \b
    Example:
        spo validate samples/full-with-interim/case.json
        spo validate case.json --format json
    """
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
    r"""Check that every template parses and uses only known variables.

    Every variable must be a field of the case schema or a documented extra of the render
    context (templates/README.md), nested paths included. Run it after editing a template.

    \b
    Example:
        spo templates lint
        spo templates lint --templates my-force-templates/ --format json
    """
    if not templates_dir.is_dir():
        raise InputError(f"{templates_dir}: no such folder of templates")
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


def main(argv: Sequence[str] | None = None) -> None:
    """Run ``spo``; exit with the code of ``cli.md``, never with a traceback for bad input."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="spo", standalone_mode=False)
    except SpoError as exc:
        _echo(f"Error: {exc.message}", err=True)
        sys.exit(int(exc.exit_code))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitCode.cannot_start)
    except click.Abort:
        _echo("Error: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
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
            f"Error: internal error ({type(exc).__name__}: {exc}); this is a bug in spo-bundle: "
            "run again with --debug and report the traceback",
            err=True,
        )
        sys.exit(int(ExitCode.environment))
    sys.exit(int(ExitCode.ok))
