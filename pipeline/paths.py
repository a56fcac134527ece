"""Where the project's data files live: schemas and templates.

They sit at the top of the repository (``schemas/``, ``templates/``) so a legal team can find and
edit them; this module is the one place that knows it.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_DIR = ROOT / "schemas"
TEMPLATES_DIR = ROOT / "templates"
CASE_SCHEMA = SCHEMAS_DIR / "case.schema.json"
