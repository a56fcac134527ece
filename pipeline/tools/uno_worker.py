"""Keep one LibreOffice running and convert DOCX files to PDF on request, through UNO.

This is a script, not a module of the package: :mod:`pipeline.tools.uno` runs it with Debian's
``/usr/bin/python3 -I``, the interpreter ``python3-uno`` is built for (the project's own Python
cannot load ``pyuno.so``). It needs only the standard library and ``uno``.

It starts ``soffice`` as its child, in its own process group (so the parent can kill both with
one ``killpg``), listening on a named pipe that only this user can open: unlike a TCP port, no
other local user can connect to it and drive LibreOffice. It polls until LibreOffice accepts
the connection, then speaks JSON lines:

* first line out: ``{"event": "ready", "pid": ..., "seconds": ...}``, or
  ``{"event": "no-uno", "error": ...}`` (exit 3) when ``python3-uno`` is missing, or
  ``{"event": "failed", "error": ...}`` (exit 4) when LibreOffice does not start;
* each line in: ``{"source": "/abs/a.docx", "pdf": "/abs/out/a.pdf"}``;
* each line out: ``{"ok": true}`` or ``{"ok": false, "error": ..., "fatal": bool}``; after a
  fatal error (LibreOffice died) the worker exits 4. ``"retry": true`` means LibreOffice had
  died before the document arrived, so the document is not to blame;
* end of input (the parent closed the pipe, or died): LibreOffice is terminated, then the
  worker exits 0.
"""

from __future__ import annotations

# Only what starting LibreOffice needs is loaded before it starts (every millisecond here is
# on the critical path of a one-case run); json and pyuno come after.
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType
    from typing import IO, Any

uno: Any = None  # loaded by _load_uno(), once LibreOffice is starting
NoConnectException: Any = None
DisposedException: Any = None

WORD_FILTER = "MS Word 2007 XML"
PDF_FILTER = "writer_pdf_Export"


class WorkerError(Exception):
    """A failure to report to the parent as one sentence."""


_OPTIONS = {
    "--soffice": None,  # the soffice program (required)
    "--profile": None,  # LibreOffice profile folder (required)
    "--pipe": None,  # name of the UNO pipe to listen on (required)
    "--start-timeout": "60",
    "--options": "{}",  # writer_pdf_Export options, JSON
    "--seed": "",  # a clean profile to copy into --profile first
}


class _Arguments:
    """The command line: ``--name value`` pairs (argparse alone took a third of the start)."""

    def __init__(self, argv: list[str]) -> None:
        given = dict(_OPTIONS)
        pairs = iter(argv)
        for name in pairs:
            value = next(pairs, None)
            if name not in _OPTIONS or value is None:
                raise SystemExit(f"uno_worker.py: bad argument {name!r}; expected {list(_OPTIONS)}")
            given[name] = value
        missing = [name for name, value in given.items() if value is None]
        if missing:
            raise SystemExit(f"uno_worker.py: missing {', '.join(missing)}")
        self.soffice = str(given["--soffice"])
        self.profile = str(given["--profile"])
        self.pipe = str(given["--pipe"])
        self.start_timeout = float(str(given["--start-timeout"]))
        self.options = str(given["--options"])
        self.seed = given["--seed"]


def main(argv: list[str]) -> int:
    """Run the worker; the exit status tells the parent how it ended."""
    args = _Arguments(argv)

    # The protocol owns stdout; anything else that writes to fd 1 (pyuno, LibreOffice) goes to
    # stderr, where the parent keeps it for error messages.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)

    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGUSR1, _end_now)
    if args.seed:
        try:
            shutil.copytree(args.seed, args.profile, symlinks=True)
        except OSError:  # a fresh profile will do, only slower
            shutil.rmtree(args.profile, ignore_errors=True)
    # LibreOffice first, then pyuno (20 ms), which is needed only once LibreOffice listens.
    process = _start_soffice(args.soffice, args.profile, args.pipe)
    import json  # after LibreOffice is on its way

    desktop = None
    try:
        missing = _load_uno()
        if missing is not None:
            _send(out, {"event": "no-uno", "error": missing})
            return 3
        started = time.monotonic()
        try:
            desktop = _connect(args.pipe, process, started + args.start_timeout)
        except WorkerError as exc:
            _send(out, {"event": "failed", "error": str(exc)})
            return 4
        ready = {"event": "ready", "pid": process.pid, "seconds": time.monotonic() - started}
        _send(out, ready)
        filter_data = json.loads(args.options)
        for line in sys.stdin:
            request = json.loads(line)
            status = process.poll()
            if status is not None:
                # It died between documents: this one is not to blame, so the parent retries.
                lost = f"LibreOffice had exited with status {status} before this document"
                _send(out, {"ok": False, "error": lost, "fatal": True, "retry": True})
                return 4
            try:
                _convert(desktop, request["source"], request["pdf"], filter_data)
            except Exception as exc:  # every UNO failure is reported, never raised
                status = process.poll()
                fatal = status is not None or isinstance(exc, DisposedException)
                reason = _reason(exc)
                if status is not None:
                    reason = f"LibreOffice exited with status {status} ({reason})"
                _send(out, {"ok": False, "error": reason, "fatal": fatal})
                if fatal:
                    return 4
            else:
                _send(out, {"ok": True})
        return 0
    except BrokenPipeError:
        return 0  # the parent went away: shut LibreOffice down all the same
    finally:
        _stop_soffice(desktop, process, at_once=_ending_now)


def _load_uno() -> str | None:
    """Import pyuno and the two exceptions used; the ImportError's text when it is missing."""
    global uno, NoConnectException, DisposedException
    import site  # not loaded at start (python -S): it adds the dist-packages pyuno is in

    site.main()
    try:
        import uno as pyuno  # type: ignore[import-not-found,unused-ignore]
        from com.sun.star.connection import (  # type: ignore[import-not-found,unused-ignore]
            NoConnectException as no_connect,
        )
        from com.sun.star.lang import (  # type: ignore[import-not-found,unused-ignore]
            DisposedException as disposed,
        )
    except ImportError as exc:
        return str(exc)
    uno, NoConnectException, DisposedException = pyuno, no_connect, disposed
    return None


def _send(out: IO[str], message: dict[str, Any]) -> None:
    import json  # loaded once LibreOffice is starting (and already loaded by then)

    out.write(json.dumps(message) + "\n")
    out.flush()


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    # SystemExit runs the finally block of main(), which stops LibreOffice.
    raise SystemExit(128 + signum)


_ending_now = False


def _end_now(signum: int, frame: FrameType | None) -> None:
    """SIGUSR1: nothing more is wanted, not even a clean exit: kill LibreOffice and end.

    LibreOffice is still waited for here, so its time and memory count as this process's.
    """
    global _ending_now
    _ending_now = True
    raise SystemExit(0)


def _start_soffice(program: str, profile: str, pipe: str) -> subprocess.Popen[bytes]:
    profile_url = _file_url(profile)
    return subprocess.Popen(
        [
            program,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={profile_url}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=2,  # never on the protocol's stdout
        stderr=2,
    )


_URL_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~")


def _file_url(path: str) -> str:
    """The ``file://`` URL of a path, as pathlib's ``as_uri`` writes it (without loading it)."""
    data = os.fsencode(os.path.abspath(path))  # noqa: PTH100 - pathlib would load 3 ms before the start
    return "file://" + "".join(chr(b) if b in _URL_SAFE else f"%{b:02X}" for b in data)


def _connect(pipe: str, process: subprocess.Popen[bytes], deadline: float) -> Any:
    """Poll until LibreOffice accepts a connection; return its Desktop."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    while True:
        try:
            context = resolver.resolve(url)
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
        except NoConnectException:
            pass  # not listening yet
        status = process.poll()
        if status is not None:
            raise WorkerError(f"LibreOffice exited with status {status} before it was ready")
        if time.monotonic() > deadline:
            raise WorkerError("LibreOffice did not accept a connection in time")
        time.sleep(0.01)  # LibreOffice takes about 0.9 s; every 10 ms of lag is ours


def _convert(desktop: Any, source: str, pdf: str, options: dict[str, Any]) -> None:
    """Load one .docx hidden, read-only and without macros or links; export it to PDF."""
    load = (
        _property("Hidden", True),
        _property("ReadOnly", True),
        _property("FilterName", WORD_FILTER),
        # A document is data: never fetch what it links to, never run a macro in it.
        _property("UpdateDocMode", _constant("UpdateDocMode.NO_UPDATE")),
        _property("MacroExecutionMode", _constant("MacroExecMode.NEVER_EXECUTE")),
    )
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, load)
    if document is None:
        raise WorkerError("LibreOffice could not open it as a Word document")
    try:
        filter_data = uno.Any(
            "[]com.sun.star.beans.PropertyValue",
            tuple(_property(name, value) for name, value in options.items()),
        )
        store = (
            _property("FilterName", PDF_FILTER),
            _property("FilterData", filter_data),
            _property("Overwrite", True),
        )
        document.storeToURL(uno.systemPathToFileUrl(pdf), store)
    finally:
        document.close(True)


def _property(name: str, value: Any) -> Any:
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name = name
    prop.Value = value
    return prop


def _constant(name: str) -> Any:
    return uno.getConstantByName(f"com.sun.star.document.{name}")


def _reason(exc: BaseException) -> str:
    """One line: ours as it is, UNO's as ``DisposedException: <its message>``."""
    message = " ".join(str(getattr(exc, "Message", None) or exc).split())
    if isinstance(exc, WorkerError):
        return message
    # pyuno names its exception classes in full: com.sun.star.lang.DisposedException.
    name = type(exc).__name__.rsplit(".", 1)[-1]
    return f"{name}: {message}" if message else name


def _stop_soffice(desktop: Any, process: subprocess.Popen[bytes], *, at_once: bool = False) -> None:
    """Ask LibreOffice to quit, then SIGTERM, then SIGKILL: it must never outlive us.

    One never connected to (it did not start, or pyuno is missing) is not waited for; ``at_once``
    kills it straight away.
    """
    if at_once:
        desktop = None
        _kill_libreoffice(process)
    if process.poll() is None and desktop is not None:
        # The bridge drops while LibreOffice exits, so terminate() may raise; it quits anyway.
        with contextlib.suppress(Exception):
            desktop.terminate()
    asked = (None,) if desktop is not None else ()
    for signum in (*asked, signal.SIGTERM, signal.SIGKILL):
        if signum is not None and process.poll() is None:
            process.send_signal(signum)
        try:
            process.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


def _kill_libreoffice(process: subprocess.Popen[bytes]) -> None:
    """Kill soffice.bin, LibreOffice's own process, under the ``oosplash`` this worker started.

    ``oosplash`` then reaps it and ends, and this worker reaps ``oosplash``: LibreOffice's time
    and memory stay in the accounts of the program that ran it. Where its children cannot be
    listed, ``oosplash`` is killed (the parent kills the rest of the group).
    """
    from pathlib import Path

    children = []
    with contextlib.suppress(OSError):  # oosplash starts it from a thread of its own
        for task in Path(f"/proc/{process.pid}/task").iterdir():
            children += (task / "children").read_text().split()
    for child in children:
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(child), signal.SIGKILL)
    if not children:
        process.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
