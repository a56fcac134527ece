"""Zip files with the same bytes every time: fixed timestamps and permissions.

A .docx is a zip, and so is the e-filing package; zip entries carry the time they were written,
so without this the same case would give different files and hashes on every run.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry."""


def fixed_entry(name: str) -> zipfile.ZipInfo:
    """A deflated zip entry with a fixed time and ordinary read permissions."""
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def normalise_zip(path: Path) -> None:
    """Rewrite a zip (a .docx) in place with fixed entry times, keeping the entries' order."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(fixed_entry(name), data)
