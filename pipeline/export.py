"""``spo export`` and ``spo verify``: the e-filing package, and proof it is unchanged.

The package is a zip of ``bundle.pdf``, ``manifest.json`` and ``checklist.json``; never anything
from ``confidential/``. It is refused while the checklist is not fileable (a ``fail``, or a
``needs_review`` item without its sign-off). ``verify`` re-hashes every member against the
manifest's record of it and names any file changed, missing or added.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import ExitCode, InputError, SpoError
from pipeline.manifest import BUNDLE, CHECKLIST, MANIFEST, PACKAGE
from pipeline.zips import fixed_entry

EMAIL_LIMIT_BYTES = 36 * 1024 * 1024
"""A common limit for court e-mail addresses (checklist item ``file_size``)."""

_MAX_MEMBER_BYTES = 2 * 1024**3


class NotFileableError(SpoError):
    """The checklist is not fileable, so no package is made (exit 1)."""

    exit_code = ExitCode.findings


@dataclass(frozen=True, slots=True)
class ExportResult:
    """The package written.

    Attributes:
        package: The zip file.
        email_subject: The subject line for sending the papers by e-mail.
        size: The package's size in bytes.
        over_email_limit: True when the bundle is over 36 MB.
    """

    package: Path
    email_subject: str
    size: int
    over_email_limit: bool


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no {what}; is this a folder written by spo assemble?") from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: the {what} cannot be read ({exc}); assemble again") from exc


def package_name(manifest: dict[str, Any]) -> str:
    """``<URN>_<defendant surname>_SPO_<hearing date>.zip``, safe as a file name."""
    surname = manifest["case"]["parties"].rsplit(" ", 1)[-1]
    safe = re.sub(r"[^A-Za-z0-9-]+", "-", surname).strip("-") or "defendant"
    return f"{manifest['case']['urn']}_{safe}_SPO_{manifest['hearing']['date']}.zip"


def _blocking(checklist: dict[str, Any]) -> list[str]:
    reasons = []
    for item in checklist.get("items", []):
        if item.get("status") == "fail":
            reasons.append(f"{item['id']} (fail)")
        elif item.get("status") == "needs_review":
            reasons.append(f"{item['id']} (needs sign-off)")
    return reasons


def export_package(outdir: Path, target: Path) -> ExportResult:
    """Pack an assembled OUTDIR for e-filing.

    Args:
        outdir: A folder written by ``spo assemble``.
        target: The zip to write, or an existing folder to write it into under its standard
            name (:func:`package_name`).

    Returns:
        The package written.

    Raises:
        InputError: ``outdir`` is not an assembled folder (exit 2).
        NotFileableError: The checklist is not fileable (exit 1), listing what blocks it.
    """
    if not outdir.is_dir():
        raise InputError(f"{outdir}: no such folder; give the OUTDIR of spo assemble")
    manifest = _read_json(outdir / MANIFEST, "manifest.json")
    checklist = _read_json(outdir / CHECKLIST, "checklist.json")
    blocking = _blocking(checklist)
    if blocking or not checklist.get("fileable"):
        raise NotFileableError(
            f"{outdir}: not fileable, so no package was made: {', '.join(blocking) or 'see checklist.json'}; "
            "fix the failures, add the sign-offs to the case's signoffs[] and assemble again"
        )
    for name in PACKAGE:
        if not (outdir / name).is_file():
            raise InputError(f"{outdir / name}: missing; assemble again")
    if target.is_dir():
        target = target / package_name(manifest)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in PACKAGE:
                archive.writestr(fixed_entry(name), (outdir / name).read_bytes())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    bundle_size = (outdir / BUNDLE).stat().st_size
    return ExportResult(
        package=target,
        email_subject=str(manifest["filing"]["email_subject"]),
        size=target.stat().st_size,
        over_email_limit=bundle_size > EMAIL_LIMIT_BYTES,
    )


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The result of re-hashing a package against its manifest.

    Attributes:
        package: The zip checked.
        checked: The members whose size and SHA-256 match the manifest.
        problems: One sentence per member changed, missing or added.
    """

    package: Path
    checked: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every member matches and none is missing or extra."""
        return not self.problems


def _open_zip(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise InputError(f"{path}: no such file; give the path of the package .zip")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(
            f"{path}: not a zip file ({exc}); give the package spo export wrote"
        ) from exc


def _member_hash(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with archive.open(info) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_package(path: Path) -> VerifyReport:
    """Re-hash every member of a package against its manifest.

    Args:
        path: A package written by ``spo export``.

    Returns:
        The report: ``ok`` is False when any member changed, is missing or was added.

    Raises:
        InputError: Not a zip, or no readable manifest in it (exit 2).
    """
    with _open_zip(path) as archive:
        members = {i.filename: i for i in archive.infolist() if not i.is_dir()}
        if MANIFEST not in members:
            raise InputError(f"{path}: has no {MANIFEST}; it was not made by spo export")
        try:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
            records = {f["path"]: f for f in manifest["files"]}
            expected = [name for name in manifest["package"] if name != MANIFEST]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: its {MANIFEST} cannot be read ({exc})") from exc
        problems, checked = [], []
        for name in expected:
            info = members.get(name)
            record = records.get(name)
            if info is None:
                problems.append(f"{name}: missing from the package")
            elif record is None:
                problems.append(f"{name}: not recorded in the manifest")
            elif info.file_size > _MAX_MEMBER_BYTES or info.file_size != record["size"]:
                problems.append(
                    f"{name}: changed (size {info.file_size}, manifest {record['size']})"
                )
            elif _member_hash(archive, info) != record["sha256"]:
                problems.append(f"{name}: changed (its SHA-256 differs from the manifest)")
            else:
                checked.append(name)
        for name in sorted(set(members) - set(expected) - {MANIFEST}):
            unsafe = PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts
            problems.append(
                f"{name}: {'unsafe path, ' if unsafe else ''}not in the manifest's package"
            )
    return VerifyReport(package=path, checked=tuple(checked), problems=tuple(problems))
