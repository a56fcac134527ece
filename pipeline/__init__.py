"""spo-bundle: build and check Stalking Protection Order court bundles.

The library is the product; ``spo`` (:mod:`pipeline.cli`) is a thin front end over it.
"""

from __future__ import annotations

from pipeline.casefile import CaseFile, read_case_file
from pipeline.errors import EnvironmentFailure, ExitCode, InputError, SpoError
from pipeline.models import Finding, Severity, ValidationReport
from pipeline.validate import check_case, validate_case

__version__ = "0.1.0"

__all__ = [
    "CaseFile",
    "EnvironmentFailure",
    "ExitCode",
    "Finding",
    "InputError",
    "Severity",
    "SpoError",
    "ValidationReport",
    "__version__",
    "check_case",
    "read_case_file",
    "validate_case",
]
