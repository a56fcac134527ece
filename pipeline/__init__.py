"""spo-bundle: build and check Stalking Protection Order court bundles.

The library is the product; ``spo`` (:mod:`pipeline.cli`) is a thin front end over it. The public
names below load their modules on first use, so importing one stage does not load them all.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "CaseFile": "pipeline.casefile",
    "read_case_file": "pipeline.casefile",
    "EnvironmentFailure": "pipeline.errors",
    "ExitCode": "pipeline.errors",
    "InputError": "pipeline.errors",
    "SpoError": "pipeline.errors",
    "Finding": "pipeline.models",
    "Severity": "pipeline.models",
    "ValidationReport": "pipeline.models",
    "check_case": "pipeline.validate",
    "validate_case": "pipeline.validate",
    "assemble_case": "pipeline.assemble",
    "assemble_cases": "pipeline.batch",
    "check_bundle": "pipeline.check",
    "export_package": "pipeline.export",
    "verify_package": "pipeline.export",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    """Load a public name's module when it is first used."""
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
