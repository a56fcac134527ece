"""A LibreOffice that stays running, driven over UNO: :class:`UnoConverter`.

Each worker is one LibreOffice driven over UNO by ``uno_worker.py``, a small script run by
Debian's ``/usr/bin/python3`` (the only Python ``python3-uno`` can be imported into). The worker
starts ``soffice --accept=pipe,...`` as its child, polls until it answers, then converts one
document per JSON line it reads on stdin.

Why this and not unoserver, measured on the project machine in one run (3-page documents with
a table, header and footer; medians):

* ``soffice --convert-to``, one document a run: 1.18 s a document;
* ``soffice --convert-to``, three documents a run: 1.36 s, so 0.45 s a document;
* this worker (:class:`UnoConverter`): first PDF 1.23 s after start, then 0.12 s a document;
* unoserver 3.7: first PDF 10.4 s after start, then 0.19 s a document.

unoserver sleeps 7 s on every start (so on every restart), needs a second venv with a pip
package in it, and listens on two TCP ports. This worker listens on a named pipe, which only our
user can open; any local user can connect to a loopback port and, through UNO, run programs as
us.

The parent (this module) keeps the worker honest: a conversion over ``timeout`` kills the
worker's whole process group (LibreOffice with it) and is reported for that document only; a
worker that crashed on a document is reported for it and replaced for the next one, and one
found dead between documents is replaced and the document sent again (once); after
``max_conversions`` documents the worker is stopped and the next document starts a fresh one,
because LibreOffice's memory grows with every document. Every start gets a private profile in a
temporary folder, copied from a clean one when one is kept (:mod:`pipeline.tools.profiles`).

When ``python3-uno`` (or ``/usr/bin/python3``) is missing, a worker logs a warning and converts
with :class:`~pipeline.tools.soffice.SofficeConverter` instead: one ``soffice`` run per call.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from pipeline.errors import ConversionError
from pipeline.tools.process import ToolRun, describe_status, kill_group, tail
from pipeline.tools.profiles import forget_profile, keep_profile, kept_profile
from pipeline.tools.soffice import (
    DEFAULT_TIMEOUT,
    INSTALL_COMMAND,
    PDF_EXPORT_OPTIONS,
    SofficeConverter,
    child_environment,
    require_soffice,
)

log = logging.getLogger(__name__)

DEBIAN_PYTHON = Path("/usr/bin/python3")
"""The interpreter Debian's ``python3-uno`` is built for."""

WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")
"""The script each worker runs (see its docstring for the protocol)."""

DEFAULT_MAX_CONVERSIONS = 200
"""Documents a worker converts before it is replaced: soffice.bin grew from 145 to 199 MiB over
290 conversions (``tooling.md``), so a long batch restarts it now and then (about 1 s each)."""

DEFAULT_START_TIMEOUT = 60.0
"""Seconds LibreOffice may take to start; it takes about 1 s."""

STOP_GRACE = 10.0
"""Seconds a worker gets to shut LibreOffice down before its process group is killed."""

UNO_INSTALL_COMMAND = "apt-get install --no-install-recommends python3-uno"


class _Worker:
    """One running ``uno_worker.py`` with its LibreOffice, its folder and its output threads."""

    def __init__(
        self,
        command: list[str],
        home: Path,
        pipe: str,
        on_clean_exit: Callable[[Path], object] | None = None,
    ) -> None:
        self.home = home
        self.pipe = pipe
        self.on_clean_exit = on_clean_exit  # given the profile once LibreOffice has quit
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.stderr: deque[str] = deque(maxlen=200)
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_environment(home),
            cwd=home,
            # Its own group: one killpg stops the worker, the launcher and soffice.bin.
            start_new_session=True,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self._readers = [
            threading.Thread(target=self._read_messages, args=(self.process.stdout,), daemon=True),
            threading.Thread(target=self._read_stderr, args=(self.process.stderr,), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_messages(self, stream: IO[str]) -> None:
        for line in stream:
            try:
                message = json.loads(line)
            except ValueError:
                message = None
            if isinstance(message, dict):
                self.messages.put(message)
            else:
                self.stderr.append(line)  # not the protocol: keep it for the error message
        self.messages.put(None)  # end of output: the worker has exited

    def _read_stderr(self, stream: IO[str]) -> None:
        for line in stream:
            self.stderr.append(line)
            log.debug("worker %d: %s", self.process.pid, line.rstrip())

    def receive(self, timeout: float) -> dict[str, Any] | None:
        """The worker's next message; None when it exited. Raises queue.Empty on timeout."""
        return self.messages.get(timeout=timeout)

    def send(self, message: dict[str, str]) -> bool:
        """Send a request; False when the worker is gone."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):
            return False
        return True

    def status(self) -> int | None:
        """The worker's exit status once it has exited (waiting a moment for it)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.process.wait(timeout=2)
        return self.process.poll()

    def stop(self, grace: float = STOP_GRACE) -> None:
        """End of input: the worker quits LibreOffice. Then kill whatever is left."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            if self.process.wait(timeout=grace) == 0 and self.on_clean_exit is not None:
                self.on_clean_exit(self.home / "profile")
        self.kill()

    def end_now(self, grace: float = STOP_GRACE) -> None:
        """The worker kills LibreOffice without a clean exit, waits for it and ends.

        As quick as :meth:`kill`, but LibreOffice is reaped by its parent, so its time and
        memory stay in this process's accounts (``time``, the benchmarks). Then :meth:`kill`.
        """
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGUSR1)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=grace)
        self.kill()

    def kill(self) -> None:
        """Kill the whole group (a no-op once it is gone) and remove the worker's folder."""
        kill_group(self.process)
        for reader in self._readers:
            reader.join(timeout=5)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.close()
        shutil.rmtree(self.home, ignore_errors=True)
        # A killed LibreOffice leaves its pipe's socket file behind in /tmp.
        with contextlib.suppress(OSError):
            Path(f"/tmp/OSL_PIPE_{os.getuid()}_{self.pipe}").unlink(missing_ok=True)


class UnoConverter:
    """One LibreOffice kept running between calls; it converts one document at a time.

    Use it from one thread at a time (a batch job has one of its own). Close it,
    or use it as a context manager, so LibreOffice is stopped and its profile removed; a
    converter that is garbage-collected or still open at exit is killed.

    Attributes:
        program: The ``soffice`` program.
        name: How messages name this worker (``LibreOffice worker 1``).
        timeout: Seconds one document may take before LibreOffice is declared hung.
        start_timeout: Seconds LibreOffice may take to start.
        max_conversions: Documents converted before LibreOffice is replaced.
        conversions: Documents converted by the running LibreOffice.
    """

    def __init__(
        self,
        program: Path | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        start_timeout: float = DEFAULT_START_TIMEOUT,
        max_conversions: int = DEFAULT_MAX_CONVERSIONS,
        python: Path = DEBIAN_PYTHON,
        worker: Path = WORKER_SCRIPT,
        name: str = "LibreOffice worker",
    ) -> None:
        """Prepare a converter; LibreOffice starts with the first document.

        Args:
            program: The ``soffice`` program; found with ``find_soffice`` when None.
            timeout: Seconds one document may take.
            start_timeout: Seconds LibreOffice may take to accept connections.
            max_conversions: Documents after which LibreOffice is replaced.
            python: The interpreter that can ``import uno``.
            worker: The worker script (tests pass a fake one).
            name: How messages name this converter.

        Raises:
            ToolMissingError: LibreOffice is not installed, or ``program`` cannot run.
            ValueError: A timeout or ``max_conversions`` is not positive.
        """
        if timeout <= 0 or start_timeout <= 0 or max_conversions < 1:
            raise ValueError("timeouts and max_conversions must be positive")
        self.program = require_soffice(program)
        self.name = name
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.max_conversions = max_conversions
        self.python = python
        self.worker = worker
        self.conversions = 0
        self._starts = 0
        self._aborted = False
        self._running: _Worker | None = None
        self._launched: tuple[bool, float] | None = None  # (seeded, began) of a launch()
        self._fallback: SofficeConverter | None = None
        self._finalizer: weakref.finalize[..., UnoConverter] | None = None

    def __enter__(self) -> UnoConverter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def starts(self) -> int:
        """How many times this converter has started LibreOffice (its fallback's runs included)."""
        return self._starts + (self._fallback.starts if self._fallback is not None else 0)

    @property
    def fallback(self) -> bool:
        """True when ``python3-uno`` is missing and each call runs ``soffice`` once instead."""
        return self._fallback is not None

    def close(self, *, cleanly: bool = True) -> None:
        """Stop LibreOffice and remove its profile.

        Args:
            cleanly: Ask LibreOffice to quit (then kill it after a grace period), which lets a
                profile be kept; without, it is killed at once (but still waited for).
        """
        self._retire("stop" if cleanly else "end")
        if self._fallback is not None:
            self._fallback.close()

    def abort(self) -> None:
        """Kill LibreOffice at once, from any thread, even while it is starting; no grace period.

        The converter is finished with: nothing is started again.
        """
        self._aborted = True
        self._retire("kill")
        if self._fallback is not None:
            self._fallback.close()

    def start(self) -> None:
        """Start LibreOffice now rather than at the first conversion (it takes about a second).

        Raises:
            ConversionError: LibreOffice could not start.
        """
        if self._needs_start():
            self._start()

    def _needs_start(self) -> bool:
        """No LibreOffice running (nor a fallback instead), or one launched and not yet ready."""
        return self._fallback is None and (self._running is None or self._launched is not None)

    reports_each = True
    """:meth:`convert` can say when each document is done (see ``each``)."""

    def convert(
        self, sources: Sequence[Path], outdir: Path, each: Callable[[int], object] | None = None
    ) -> ToolRun:
        """Convert every source to ``outdir/<stem>.pdf``, one document at a time.

        Args:
            sources: The .docx files; their stems must differ.
            outdir: An existing folder for the PDFs.
            each: Called with a source's index as soon as its PDF is written, in order, so the
                caller can use the first PDFs while the others convert.

        Returns:
            What the worker did, for the caller's checks of each PDF.

        Raises:
            ConversionError: LibreOffice could not open a document, hung on it (it is killed and
                replaced), crashed on it (it is replaced), or could not start.
        """
        try:
            return self._convert_all(sources, outdir, each or _nothing)
        except BaseException as exc:
            if not isinstance(exc, Exception):
                # Ctrl-C: kill LibreOffice before the caller removes the folder it writes into,
                # or the document it was converting would make the folder again.
                self._retire("kill")
            raise

    def _convert_all(
        self, sources: Sequence[Path], outdir: Path, each: Callable[[int], object]
    ) -> ToolRun:
        for index, source in enumerate(sources):
            pdf = outdir / f"{source.stem}.pdf"
            # A LibreOffice that died while idle is replaced and the document sent again, once:
            # the document is not to blame for that.
            for attempt in (1, 2):
                if self._needs_start():
                    self._start()
                if self._fallback is not None:
                    run = self._fallback.convert(sources[index:], outdir)
                    for rest in range(index, len(sources)):
                        each(rest)
                    return run
                if self._convert_one(source, pdf, last_attempt=attempt == 2):
                    break
            each(index)
        return ToolRun(self.name, None, self._stderr_tail())

    def _start(self) -> None:
        if self._aborted:
            raise ConversionError(f"{self.name}: stopped before LibreOffice was needed")
        if self._start_once(warm=True):
            # LibreOffice did not start from the kept profile: forget it and start afresh.
            forget_profile(self.program)
            self._start_once(warm=False)

    def launch(self) -> None:
        """Start the worker, and LibreOffice under it, without waiting for it to be ready.

        ``spo assemble`` calls this first thing, from its main thread (a thread of its own
        would wait for the interpreter while the main thread imports); :meth:`start` or the
        first conversion waits for it.
        """
        if self._fallback is None and self._running is None and not self._aborted:
            self._launched = self._launch(warm=True)

    def _start_once(self, *, warm: bool) -> bool:
        """Start a worker; True when it failed from a kept profile and is worth a fresh try."""
        launched, self._launched = self._launched, None
        if launched is None or not warm:
            launched = self._launch(warm=warm)
        if launched is None:
            return False  # the worker's Python cannot run: the fallback converts
        seeded, began = launched
        worker = self._running
        if worker is None:  # aborted from another thread meanwhile
            raise ConversionError(f"{self.name}: stopped before LibreOffice was ready")
        try:
            message = worker.receive(timeout=self.start_timeout + 2)
        except queue.Empty:
            message = {"event": "failed", "error": "the worker did not answer in time"}
        event = message.get("event") if message else None
        if event == "ready":
            assert message is not None
            self._starts += 1
            log.info(
                "%s: LibreOffice (pid %s) ready in %.2f s",
                self.name,
                message.get("pid"),
                time.monotonic() - began,
            )
            return False
        self._retire("kill")
        if event == "no-uno":
            assert message is not None
            self._use_fallback(f"python3-uno is not installed ({message.get('error')})")
            return False
        if seeded and not self._aborted:
            return True
        reason = message.get("error") if message else None
        raise ConversionError(
            f"{self.program}: LibreOffice did not start ({reason or 'the worker exited'}; "
            f"{self._describe(worker)}); check that `{self.program} --headless --version` runs, "
            f"or reinstall it with: {INSTALL_COMMAND}"
        )

    def _launch(self, *, warm: bool) -> tuple[bool, float] | None:
        """Start a worker process; (whether from the kept profile, when), or None if it cannot run."""
        home = Path(tempfile.mkdtemp(prefix="spo-uno-"))
        seed = kept_profile(self.program) if warm else None
        seeded = seed is not None
        pipe = f"spo-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        command = [
            str(self.python),
            "-I",  # only the standard library and Debian's dist-packages: no venv, no cwd
            "-S",  # dist-packages once LibreOffice is starting: the worker runs site itself
            str(self.worker),
            "--soffice",
            str(self.program),
            "--profile",
            str(home / "profile"),
            "--pipe",
            pipe,
            "--start-timeout",
            str(self.start_timeout),
            "--options",
            json.dumps(dict(PDF_EXPORT_OPTIONS)),
            *(["--seed", str(seed)] if seed is not None else []),
        ]
        self.conversions = 0
        began = time.monotonic()
        keep = None if seeded else functools.partial(keep_profile, self.program)
        try:
            worker = _Worker(command, home, pipe, on_clean_exit=keep)
        except OSError as exc:
            shutil.rmtree(home, ignore_errors=True)
            self._use_fallback(f"{self.python} cannot run ({exc.strerror or exc})")
            return None
        # Whatever happens to this object, LibreOffice must not outlive it (or the program).
        self._finalizer = weakref.finalize(self, worker.stop)
        self._running = worker
        return seeded, began

    def _use_fallback(self, reason: str) -> None:
        log.warning(
            "%s: %s; converting with one soffice run per call instead of a running LibreOffice "
            "(slower; to fix: %s)",
            self.name,
            reason,
            UNO_INSTALL_COMMAND,
        )
        self._fallback = SofficeConverter(self.program, timeout=self.timeout)

    def _convert_one(self, source: Path, pdf: Path, *, last_attempt: bool) -> bool:
        """Convert one document; False when LibreOffice had died before it (send it again)."""
        worker = self._running
        assert worker is not None
        request = {"source": str(source.absolute()), "pdf": str(pdf.absolute())}
        message: dict[str, Any] | None = None
        if worker.send(request):
            try:
                message = worker.receive(timeout=self.timeout)
            except queue.Empty:
                self._retire("kill")
                raise ConversionError(
                    f"{source}: LibreOffice hung converting it and was killed after "
                    f"{self.timeout:g} s ({self._describe(worker)}); LibreOffice is restarted "
                    "for the next document; open this one in LibreOffice Writer to check it, or "
                    "allow more time"
                ) from None
        if message is None:
            # No answer: the worker (or LibreOffice under it) died mid-conversion.
            self._retire("kill")
            raise ConversionError(
                f"{source}: LibreOffice crashed converting it ({self._describe(worker)}); "
                "LibreOffice is restarted for the next document; open this one in LibreOffice "
                "Writer to check it, then run again"
            )
        if message.get("fatal"):
            self._retire("kill")
            if message.get("retry") and not last_attempt:
                log.warning("%s: %s; restarting it", self.name, message.get("error"))
                return False
            raise ConversionError(
                f"{source}: LibreOffice crashed converting it ({message.get('error')}; "
                f"{self.name}); LibreOffice is restarted for the next document; open this one in "
                "LibreOffice Writer to check it, then run again"
            )
        if not message.get("ok"):
            raise ConversionError(
                f"{source}: LibreOffice could not convert it ({message.get('error')}; "
                f"{self.name}); check that the document opens in LibreOffice Writer, then run "
                "again"
            )
        self.conversions += 1
        if self.conversions >= self.max_conversions:
            log.info(
                "%s: %d documents converted; restarting LibreOffice", self.name, self.conversions
            )
            self._retire("stop")
        return True

    def _retire(self, how: Literal["stop", "end", "kill"]) -> None:
        """``stop`` (quit cleanly), ``end`` (killed by the worker) or ``kill`` (group killed)."""
        worker, self._running = self._running, None
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if worker is None:
            return
        if how == "stop":
            worker.stop()
        elif how == "end":
            worker.end_now()
        else:
            worker.kill()

    def _describe(self, worker: _Worker) -> str:
        status = worker.status()
        state = "still running" if status is None else describe_status(status)
        lines = tail(worker.stderr)
        said = f'its stderr ended "{" | ".join(lines)}"' if lines else "it wrote nothing to stderr"
        return f"{self.name} {state}; {said}"

    def _stderr_tail(self) -> tuple[str, ...]:
        return tail(self._running.stderr) if self._running is not None else ()


class EarlyStart:
    """A LibreOffice started at once, in the background, before the first document is ready.

    LibreOffice's start-up (about a second) is the largest single cost of a one-case run.
    Started before anything else, it overlaps the Python imports, validation and rendering on
    the other core. With ``once`` (a one-case run), it is stopped in the background straight
    after its one :meth:`convert`, so the shutdown overlaps bundling and checking; without it (a
    batch job), it keeps running for the next case. Use :meth:`close` when done (it waits for a
    shutdown under way), and on any error before the conversion (it kills a LibreOffice still
    starting rather than wait for it).
    """

    def __init__(self, converter: UnoConverter, *, once: bool = True) -> None:
        self._converter = converter
        self._once = once
        self._converted = False
        self._stopping: threading.Thread | None = None
        with contextlib.suppress(Exception):  # met again, and reported, by the conversion
            converter.launch()
        self._started = threading.Thread(target=self._start, name="LibreOffice start", daemon=True)
        self._started.start()

    @classmethod
    def of(cls, program: Path, *, once: bool = True) -> EarlyStart:
        """Start a worker for the ``soffice`` at ``program``."""
        return cls(UnoConverter(program), once=once)

    def _start(self) -> None:
        # A failure here is met again, and reported, by the conversion.
        with contextlib.suppress(Exception):
            self._converter.start()

    reports_each = True
    """:meth:`convert` can say when each document is done, as :meth:`UnoConverter.convert`."""

    @property
    def name(self) -> str:
        """How messages name its LibreOffice worker."""
        return self._converter.name

    def convert(
        self, sources: Sequence[Path], outdir: Path, each: Callable[[int], object] | None = None
    ) -> ToolRun:
        """Convert every source (once LibreOffice has started), as :meth:`UnoConverter.convert`.

        Raises:
            ConversionError: As :meth:`UnoConverter.convert`.
            RuntimeError: A second call with ``once``.
        """
        if self._once and self._converted:
            raise RuntimeError("this EarlyStart has converted once and stopped LibreOffice")
        self._converted = True
        self._started.join()
        try:
            return self._converter.convert(sources, outdir, each)
        finally:
            if self._once:
                self._stopping = threading.Thread(
                    target=self._stop, name="LibreOffice stop", daemon=True
                )
                self._stopping.start()

    def _stop(self) -> None:
        """Quit LibreOffice, or kill it when a clean exit has nothing to give.

        A clean exit is what keeps a profile for the next start (:mod:`pipeline.tools.profiles`)
        and takes LibreOffice a tenth of a second, longer than the bundling and checking that
        follow; once a profile is kept, a LibreOffice that has finished its work is killed.
        """
        self._converter.close(cleanly=kept_profile(self._converter.program) is None)

    def close(self) -> None:
        """Stop LibreOffice: wait for a shutdown under way, stop a used one, kill an unused one."""
        if self._stopping is not None:
            self._stopping.join()
        elif self._converted:
            self._converter.close()
        else:
            # An error came before any conversion: kill rather than wait for a start no one needs.
            self.abort()

    def abort(self) -> None:
        """Kill LibreOffice at once (an interrupt), even while it is starting or converting."""
        # The start thread may still be spawning it, so kill until that thread has finished.
        while True:
            self._converter.abort()
            self._started.join(timeout=0.05)
            if not self._started.is_alive():
                break
        self._converter.abort()


def _nothing(index: int) -> None:
    """The default ``each``: no one is waiting for single documents."""
