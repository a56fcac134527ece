"""Run an external program in a process group of its own, and stop the whole group.

LibreOffice is a launcher (``oosplash``) with the real program (``soffice.bin``) as its child:
killing only the process we started would leave ``soffice.bin`` running, holding the output
pipes open and the profile locked. So every program starts a new session
(``start_new_session=True``) and is stopped with :func:`os.killpg`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

STDERR_LINES = 5
"""How many of a program's last stderr lines an error message quotes."""

_NOISE = ("failed to launch javaldx",)
"""Harmless lines LibreOffice prints on every run (no Java installed); never worth quoting."""


@dataclass(frozen=True, slots=True)
class ToolRun:
    """What an external converter did: the facts an error message quotes.

    Attributes:
        tool: The program as messages name it (its path, or ``LibreOffice worker 2``).
        status: Its exit status (negative: killed by that signal); None while it keeps running.
        stderr: The last lines it wrote to stderr, without LibreOffice's harmless noise.
        timed_out: True when it was stopped because it ran past its timeout.
    """

    tool: str
    status: int | None
    stderr: tuple[str, ...] = ()
    timed_out: bool = False

    def describe(self) -> str:
        """The tool, its exit status and the tail of its stderr, as one clause.

        Returns:
            For example ``/usr/bin/soffice exited with status 0; its stderr ended "Error: source
            file could not be loaded"``.
        """
        if self.timed_out:
            what = f"{self.tool} was stopped (timed out)"
        elif self.status is None:
            what = f"{self.tool} is running"
        else:
            what = f"{self.tool} {describe_status(self.status)}"
        if not self.stderr:
            return f"{what}; it wrote nothing to stderr"
        return f'{what}; its stderr ended "{" | ".join(self.stderr)}"'


def describe_status(status: int) -> str:
    """An exit status in words: ``exited with status 1``, ``was killed by signal SIGSEGV``."""
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"was killed by {name}"
    return f"exited with status {status}"


def tail(lines: Iterable[str], count: int = STDERR_LINES) -> tuple[str, ...]:
    """The last ``count`` meaningful lines: blank lines and known noise dropped."""
    kept = [
        line.strip()
        for line in lines
        if line.strip() and not any(noise in line for noise in _NOISE)
    ]
    return tuple(kept[-count:])


def run_in_group(
    command: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str],
    cwd: Path | None = None,
    started: Callable[[subprocess.Popen[bytes] | None], object] | None = None,
) -> tuple[int | None, str]:
    """Run a program in a new session; kill its whole process group on timeout.

    Args:
        command: The program and its arguments.
        timeout: Seconds to wait before the group is killed.
        env: The program's whole environment.
        cwd: Its working folder.
        started: Told the process once it runs, and None once it has ended: so another thread
            can kill its group (:func:`kill_group`) while this one waits.

    Returns:
        The exit status (None when it timed out and was killed) and everything it wrote to
        stderr.

    Raises:
        OSError: The program cannot be started (not found, not executable).
    """
    with subprocess.Popen(
        list(command),
        stdin=subprocess.DEVNULL,
        # stdout only says "convert a -> b"; stderr carries the errors worth quoting.
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(env),
        cwd=cwd,
        start_new_session=True,
    ) as process:
        if started is not None:
            started(process)
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            try:
                # Every process of the group is dead, so the pipe closes and this returns.
                _, err = process.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                err = b""
            return None, err.decode("utf-8", "replace")
        except BaseException:
            # Ctrl-C or any error while waiting: the program runs in its own session, so the
            # terminal's interrupt never reaches it; it must not outlive us.
            kill_group(process)
            raise
        finally:
            if started is not None:
                started(None)
        return process.returncode, err.decode("utf-8", "replace")


def kill_group(process: subprocess.Popen[Any]) -> None:
    """Kill a process started with ``start_new_session=True`` and all its descendants.

    Args:
        process: The process; its pid is also its process group id.
    """
    # ProcessLookupError: the group is gone already (its leader and every child exited).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be ignored
        log.warning("process %d did not exit after SIGKILL", process.pid)
