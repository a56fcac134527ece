"""Write an output folder all at once: built beside it, moved into place only when complete.

A failure or Ctrl-C never leaves a half-written OUTDIR (issue #4): the work happens in a hidden
folder next to OUTDIR (same file system, so the final move is a rename), which is removed on any
error. Two runs writing the same OUTDIR at once are refused by a lock next to it: the second gets
a clear error, the first's result is whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import EnvironmentFailure, InputError

_BUSY = "another spo run is writing this folder now; wait for it to finish"


@contextlib.contextmanager
def _lock(outdir: Path) -> Iterator[None]:
    """Hold ``.OUTDIR.lock`` beside OUTDIR; a second run is refused at once.

    The lock file is removed when the run ends, so a run that opened it just before may end up
    locking a file that is no longer there, while a third run creates and locks a new one: each
    run checks, once it holds the lock, that its file is still the one at the lock's path.
    """
    lock_path = outdir.parent / f".{outdir.name}.lock"
    try:
        handle = lock_path.open("a")
    except OSError as exc:
        raise EnvironmentFailure(
            f"{outdir.parent}: cannot write here ({exc.strerror or exc}); choose another output folder"
        ) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(handle.fileno()).st_ino != lock_path.stat().st_ino:
                raise BlockingIOError  # the lock file was removed and made again meanwhile
        except OSError as exc:
            raise InputError(f"{outdir}: {_BUSY}") from exc
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                lock_path.unlink()


@contextlib.contextmanager
def atomic_outdir(outdir: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield an empty work folder that becomes ``outdir`` when the block ends without error.

    Args:
        outdir: The folder to write.
        force: Replace ``outdir`` if it exists; without it an existing folder is an error.

    Raises:
        InputError: ``outdir`` exists (without ``force``), is a file, or is being written by
            another run (exit 2).
        EnvironmentFailure: The parent folder cannot be written (exit 3).
    """
    outdir = outdir.absolute()
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: is a file, not a folder; choose another output folder")
    if outdir.exists() and not force:
        raise InputError(f"{outdir}: already exists; use --force to replace it")
    try:
        outdir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(
            f"{outdir.parent}: cannot create the folder ({exc.strerror or exc})"
        ) from exc
    with _lock(outdir):
        # Again, now that no other run can write it: another run may have finished it meanwhile.
        if outdir.exists() and not force:
            raise InputError(f"{outdir}: already exists; use --force to replace it")
        work = outdir.parent / f".{outdir.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            work.mkdir()
        except OSError as exc:
            raise EnvironmentFailure(
                f"{outdir.parent}: cannot write here ({exc.strerror or exc}); choose another "
                "output folder"
            ) from exc
        try:
            yield work
            _replace(work, outdir)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _replace(work: Path, outdir: Path) -> None:
    """Put ``work`` in place of ``outdir``; the old folder goes only once the new one is there."""
    old = outdir.parent / f".{outdir.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    if outdir.exists():
        outdir.rename(old)
    try:
        work.rename(outdir)
    except OSError:
        if old.exists():
            old.rename(outdir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def clear_leftovers(outdir: Path, pid: int) -> None:
    """Remove what a run in process ``pid`` left beside ``outdir`` when it died mid-run.

    A killed process cannot clean up: its work folder and its (no longer held) lock file stay.
    Only that process's own work folders are touched, and the lock file only when no live run
    holds it.
    """
    outdir = outdir.absolute()
    for leftover in outdir.parent.glob(f".{outdir.name}.tmp-{pid}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    with contextlib.suppress(InputError, EnvironmentFailure), _lock(outdir):
        pass  # held and released: _lock removes the file when it ends
