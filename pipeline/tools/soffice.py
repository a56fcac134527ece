"""LibreOffice (``soffice``): find it, and convert one case's documents in one run.

Measured on the project machine (``shared/research/tooling.md`` section 1): starting LibreOffice
costs about 0.8 s, and one ``soffice --convert-to`` call with every document of a case costs
little more than a call with one, so :class:`SofficeConverter` passes all of them at once.

What the command line does not tell us, and how each is handled:

* ``soffice`` exits 0 when a document cannot be loaded: the caller checks every output
  (:func:`pipeline.convert.convert_documents`).
* LibreOffice writes a profile to ``~/.config/libreoffice`` and hands the job to any running
  LibreOffice that shares that profile, which then exits: every converter gets a fresh profile
  (``-env:UserInstallation``) and ``HOME`` in a temporary folder of its own.
* A document can hang LibreOffice: the whole process group is killed after ``timeout``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path

from pipeline.errors import ConversionError, ToolMissingError
from pipeline.tools.process import ToolRun, kill_group, run_in_group, tail

log = logging.getLogger(__name__)

INSTALL_COMMAND = (
    "apt-get install --no-install-recommends libreoffice-writer-nogui fonts-liberation "
    "fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea"
)
"""The Debian packages: LibreOffice Writer and the fonts that keep Word's page layout."""

SOFFICE_ENV = "SPO_SOFFICE"
"""Environment variable naming the ``soffice`` program to use instead of the one found."""

DEBIAN_SOFFICE = Path("/usr/lib/libreoffice/program/soffice")
"""Where Debian puts soffice; found even when ``/usr/bin`` is not on ``PATH`` (cron, systemd)."""

DEFAULT_TIMEOUT = 120.0
"""Seconds one conversion call may take before LibreOffice is declared hung and killed."""

PDF_EXPORT_OPTIONS: Mapping[str, bool] = {
    # Body text fonts are embedded (as subsets) by default; this also embeds the PDF "standard
    # 14" fonts LibreOffice otherwise only names (used for form fields), so a court's viewer
    # never substitutes a font.
    "EmbedStandardFonts": True,
    # Print Word form fields as their text, not as live AcroForm widgets: a filed document
    # must not be editable, and widgets do not survive merging into the bundle.
    "ExportFormFields": False,
}
"""``writer_pdf_Export`` options, shared by both converters.

Two conversions of one document differ only in ``/CreationDate`` and ``/ID`` (measured); the
bundle stage sets those itself.
"""

WORD_FILTER = "MS Word 2007 XML"
"""LibreOffice's import filter for .docx, named so nothing else is silently accepted."""


def find_soffice(environ: Mapping[str, str] | None = None) -> Path | None:
    """Find LibreOffice's ``soffice``: ``$SPO_SOFFICE``, then ``PATH``, then Debian's place.

    This is the only function of the package that reads the environment for LibreOffice.

    Args:
        environ: The environment to read; ``os.environ`` when None.

    Returns:
        The program, or None when LibreOffice is not installed. ``$SPO_SOFFICE`` is returned
        as given, even when it names nothing: :func:`require_soffice` then says so.
    """
    env = os.environ if environ is None else environ
    override = env.get(SOFFICE_ENV, "").strip()
    if override:
        return Path(override)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return DEBIAN_SOFFICE if _is_program(DEBIAN_SOFFICE) else None


def require_soffice(program: Path | None = None) -> Path:
    """The ``soffice`` to run: ``program`` if given, else :func:`find_soffice`'s.

    Args:
        program: The program chosen by the caller (for example from ``$SPO_SOFFICE``).

    Returns:
        The program, absolute.

    Raises:
        ToolMissingError: It is not installed, or ``program`` is not an executable file.
    """
    chosen = program if program is not None else find_soffice()
    fix = f"install LibreOffice with: {INSTALL_COMMAND} (or make install)"
    if chosen is None:
        raise ToolMissingError(
            "soffice: LibreOffice is not installed (not on PATH, not in "
            f"{DEBIAN_SOFFICE.parent}); {fix}, or set {SOFFICE_ENV} to the soffice program"
        )
    if not _is_program(chosen):
        problem = "not an executable program" if chosen.exists() else "no such program"
        raise ToolMissingError(
            f"{chosen}: {problem}, so LibreOffice cannot run; {fix}, or set {SOFFICE_ENV} to "
            "the soffice program"
        )
    return chosen.absolute()


def _is_program(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def profile_arguments(profile: Path) -> list[str]:
    """The options every LibreOffice run gets: headless, quiet, with a profile of its own.

    Args:
        profile: The profile folder (created by LibreOffice when missing).

    Returns:
        The options, to follow the program's path.
    """
    return [
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={profile.absolute().as_uri()}",
    ]


def child_environment(home: Path) -> dict[str, str]:
    """The environment for LibreOffice: ours, with ``HOME`` in the converter's own folder.

    Args:
        home: The converter's temporary folder; LibreOffice creates ``.config`` and caches
            there instead of in the user's home.

    Returns:
        The environment.
    """
    env = dict(os.environ)
    env["HOME"] = str(home)
    return env


def _convert_to_argument() -> str:
    """``--convert-to``'s value: PDF with :data:`PDF_EXPORT_OPTIONS` in LibreOffice's JSON form."""
    options = {
        name: {"type": "boolean", "value": "true" if value else "false"}
        for name, value in PDF_EXPORT_OPTIONS.items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


class SofficeConverter:
    """Convert DOCX files with one ``soffice --convert-to pdf`` run per call.

    Each converter has its own temporary folder, the profile and ``HOME`` of every LibreOffice
    it starts; :meth:`close` (or leaving the ``with`` block) removes it. A converter runs one
    call at a time: give each thread its own.

    Attributes:
        program: The ``soffice`` program.
        timeout: Seconds one call may take before LibreOffice is killed.
        starts: How many times this converter has started LibreOffice.
    """

    def __init__(self, program: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Prepare a converter; LibreOffice starts only when :meth:`convert` is called.

        Args:
            program: The ``soffice`` program; found with :func:`find_soffice` when None.
            timeout: Seconds one call (all of its documents) may take.

        Raises:
            ToolMissingError: LibreOffice is not installed, or ``program`` cannot run.
            ValueError: ``timeout`` is not positive.
        """
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, not {timeout}")
        self.program = require_soffice(program)
        self.timeout = timeout
        self.starts = 0
        self._running: subprocess.Popen[bytes] | None = None
        self._home: Path | None = None
        self._cleanup: weakref.finalize[..., SofficeConverter] | None = None

    def __enter__(self) -> SofficeConverter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def abort(self) -> None:
        """Kill a LibreOffice this converter is running, from any thread (an interrupt)."""
        running = self._running
        if running is not None:
            kill_group(running)

    def _started(self, process: subprocess.Popen[bytes] | None) -> None:
        self._running = process

    def close(self) -> None:
        """Remove the profile folder. The converter can still be used: it makes a new one."""
        if self._cleanup is not None:
            self._cleanup()
        self._home = self._cleanup = None

    def _folder(self) -> Path:
        if self._home is None:
            home = tempfile.mkdtemp(prefix="spo-soffice-")
            self._home = Path(home)
            # A converter that is dropped without close() still removes its profile.
            self._cleanup = weakref.finalize(self, shutil.rmtree, home, True)
        return self._home

    def convert(self, sources: Sequence[Path], outdir: Path) -> ToolRun:
        """Convert every source to ``outdir/<stem>.pdf`` in one LibreOffice run.

        Args:
            sources: The .docx files; their stems must differ.
            outdir: An existing folder for the PDFs.

        Returns:
            What ``soffice`` did. It exits 0 even when a document fails, so the caller must
            check every PDF (:func:`pipeline.convert.convert_documents` does).

        Raises:
            ConversionError: LibreOffice hung (killed after ``timeout``), crashed, failed to
                start, or exited with a non-zero status.
        """
        if not sources:
            return ToolRun(str(self.program), 0)
        home = self._folder()
        command = [
            str(self.program),
            *profile_arguments(home / "profile"),
            "--convert-to",
            _convert_to_argument(),
            "--outdir",
            str(outdir.absolute()),
            # Absolute paths: a relative one starting with "-" would read as an option.
            *(str(source.absolute()) for source in sources),
        ]
        log.debug("running %s", " ".join(command))
        self.starts += 1
        try:
            status, err = run_in_group(
                command,
                timeout=self.timeout,
                env=child_environment(home),
                cwd=home,
                started=self._started,
            )
        except OSError as exc:
            raise ConversionError(
                f"{self.program}: LibreOffice cannot be started ({exc.strerror or exc}); check "
                f"that it runs (soffice --version), or reinstall it with: {INSTALL_COMMAND}"
            ) from exc
        run = ToolRun(str(self.program), status, tail(err.splitlines()), timed_out=status is None)
        if run.timed_out:
            culprit = _first_unconverted(sources, outdir)
            raise ConversionError(
                f"{culprit}: LibreOffice hung converting it and was killed after "
                f"{self.timeout:g} s ({run.describe()}); open the document in LibreOffice "
                "Writer to check it, or allow more time"
            )
        if status != 0:
            culprit = _first_unconverted(sources, outdir)
            raise ConversionError(
                f"{culprit}: LibreOffice failed to convert it to PDF ({run.describe()}); check "
                "that the document opens in LibreOffice Writer, then run again"
            )
        return run


def _first_unconverted(sources: Sequence[Path], outdir: Path) -> Path:
    """The document LibreOffice was working on when it stopped: the first without a PDF.

    LibreOffice converts its arguments in order, so that is the one it hung or crashed on.
    """
    for source in sources:
        pdf = outdir / f"{source.stem}.pdf"
        if not pdf.exists() or pdf.stat().st_size == 0:
            return source
    return sources[-1]
