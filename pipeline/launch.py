"""The ``spo`` program's entry point: for ``spo assemble`` of one case, LibreOffice starts first.

LibreOffice's start-up (0.8 s) is the critical path of a one-case run, so it starts before the
command-line interface is loaded (click and the package take 30 ms). The command line is only
glanced at here; click reads it properly afterwards (:mod:`pipeline.cli`), takes the LibreOffice
started here (:func:`take_early_start`), and kills it unused when the command turns out to be
something else (a usage error, ``--help``, several cases).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.tools.uno import EarlyStart

_WITH_VALUE = frozenset({"-o", "--output", "-j", "--jobs", "--format"})
"""``spo assemble``'s options that take a value as the next word."""

_early: EarlyStart | None = None


def one_case_to_assemble(args: list[str]) -> bool:
    """Whether a command line reads as ``spo [--debug] assemble CASE ...`` with one case.

    A guess, wrong only in cost: a LibreOffice started for nothing is killed, and one not
    started here is started by the command as before.
    """
    words = iter(args)
    for word in words:
        if word in ("-h", "--help", "--version"):
            return False
        if not word.startswith("-"):
            if word != "assemble":
                return False
            break
    else:
        return False
    cases = 0
    for word in words:
        if word in ("-h", "--help"):
            return False
        if word in _WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            cases += 1
    return cases == 1


def take_early_start() -> EarlyStart | None:
    """The LibreOffice started for this command before it was read, once; None if none was."""
    global _early
    early, _early = _early, None
    return early


def discard_early_start() -> None:
    """Kill a LibreOffice started for this command that the command did not take."""
    early = take_early_start()
    if early is not None:
        early.close()


def _start_early(args: list[str]) -> None:
    global _early
    if not one_case_to_assemble(args):
        return
    try:
        from pipeline.tools.soffice import require_soffice
        from pipeline.tools.uno import EarlyStart

        _early = EarlyStart.of(require_soffice())
    except Exception:  # the command starts one itself, and says what is wrong
        _early = None


def main() -> None:
    """Run ``spo``: LibreOffice first for a one-case ``spo assemble``, then the command."""
    try:
        _start_early(sys.argv[1:])
        from pipeline.cli import main as run
    except KeyboardInterrupt:
        discard_early_start()
        print("Error: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    run()
