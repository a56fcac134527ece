"""Exit codes and the one error family of spo-bundle.

Every error the tool raises on purpose is a :class:`SpoError`. Its message is one line that says
where, what and how to fix it; the command line prints it as ``Error: <message>`` and exits with
the error's code (``shared/spec/cli.md``).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit status of the ``spo`` command (``shared/spec/cli.md``)."""

    ok = 0
    """Done, and everything passed."""
    findings = 1
    """Done, and findings failed (an invalid case, a checklist item at ``fail``...)."""
    cannot_start = 2
    """Bad usage, or an input named on the command line cannot be read."""
    environment = 3
    """The environment failed: a tool is missing or failed, output cannot be written."""


class SpoError(Exception):
    """Base class: an error with a one-line message and an exit code."""

    exit_code: ExitCode = ExitCode.cannot_start

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(SpoError, ValueError):
    """A file named on the command line cannot be read or is not what it should be."""

    exit_code = ExitCode.cannot_start


class EnvironmentFailure(SpoError):
    """The environment failed: a program is missing, or output cannot be written."""

    exit_code = ExitCode.environment


class TemplateError(EnvironmentFailure):
    """A document template cannot be rendered: broken syntax or an unknown variable."""


class ConversionError(EnvironmentFailure):
    """A document could not be converted to PDF: the converter failed, hung or wrote no PDF."""

    exit_code = ExitCode.environment


class ToolMissingError(EnvironmentFailure):
    """An external program the tool needs (LibreOffice) is not installed or cannot be run."""

    exit_code = ExitCode.environment


class BundleInputError(InputError):
    """A PDF for the bundle cannot be opened, is encrypted, is damaged or has no pages."""

    exit_code = ExitCode.cannot_start
