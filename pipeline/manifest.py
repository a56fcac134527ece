"""The manifest: every output file with its size and SHA-256, and what the bundle holds.

Field names borrow from OASIS LegalXML ECF 5 where one fits (``lead_document``,
``connected_documents``, ``document_rendition_hash``, ``filing``): a court system that speaks
ECF can map them directly. UK filings have no envelope standard (``anchors.md`` §3.3), so the
rest is ours: URN, court and local justice area, hearing, the e-mail subject line courts ask for,
and the SHA-256 of every template used. No clock time is recorded, so the same case gives the
same manifest byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.context import time_of_day
from pipeline.dates import long_date
from pipeline.models import JsonObject

MANIFEST = "manifest.json"
CHECKLIST = "checklist.json"
BUNDLE = "bundle.pdf"
PACKAGE = (BUNDLE, MANIFEST, CHECKLIST)
"""What an exported e-filing package holds (``cli.md``); never anything from confidential/."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_record(root: Path, path: Path) -> JsonObject:
    """``{"path", "size", "sha256"}`` of a file, its path relative to ``root``."""
    return {
        "path": path.relative_to(root).as_posix(),
        "size": path.stat().st_size,
        "sha256": sha256_file(path),
    }


def parties(case: JsonObject) -> str:
    """``Chief Constable of North Shire Police v Daniel Robert WHITLOCK``."""
    defendant = case["defendant"]
    return (
        f"{case['applicant']['chief_officer_title']} v "
        f"{defendant['forenames']} {defendant['surname'].upper()}"
    )


def hearing_text(case: JsonObject) -> str:
    """``18 December 2026 at 10.00 am``."""
    hearing = case["hearing"]
    return f"{long_date(hearing['date'])} at {time_of_day(hearing['time'])}"


def email_subject(case: JsonObject) -> str:
    """The subject line courts ask for when papers come by e-mail: URN, parties, hearing."""
    kinds = {
        "new": "SPO application",
        "variation": "SPO variation",
        "renewal": "SPO renewal",
        "discharge": "SPO discharge",
    }
    return (
        f"URN {case['case']['urn']} - {parties(case)} - "
        f"{kinds[case['case']['application_type']]} - hearing {hearing_text(case)}, "
        f"{case['court']['name']}"
    )


@dataclass(frozen=True, slots=True)
class ManifestDocument:
    """One document or exhibit of the bundle, for the manifest."""

    kind: str
    title: str
    section: str
    first_page: int
    last_page: int
    source: Path | None
    ref: str | None = None


def _document_json(root: Path, document: ManifestDocument) -> JsonObject:
    record: JsonObject = {
        "kind": document.kind,
        "title": document.title,
        "section": document.section,
        "first_page": document.first_page,
        "last_page": document.last_page,
    }
    if document.ref:
        record["ref"] = document.ref
    if document.source is not None and document.source.is_relative_to(root):
        record["source"] = document.source.relative_to(root).as_posix()
        record["document_rendition_hash"] = sha256_file(document.source)
    elif document.source is not None:
        record["document_rendition_hash"] = sha256_file(document.source)
    return record


def build_manifest(
    root: Path,
    case: JsonObject,
    documents: Sequence[ManifestDocument],
    templates: Iterable[Path],
    checklist: JsonObject,
    bundle_pages: int,
) -> JsonObject:
    """The manifest of an assembled OUTDIR (written as ``manifest.json``).

    Args:
        root: The OUTDIR (or the work folder that becomes it).
        case: The validated case.
        documents: The bundle's documents and exhibits in bundle order, with page ranges.
        templates: The templates used.
        checklist: The checklist report (``checklist.json``).
        bundle_pages: The bundle's page count.

    Returns:
        The manifest, ready for ``json.dumps``.
    """
    files = [
        file_record(root, path)
        for path in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix())
        if path.is_file() and path.name != MANIFEST
    ]
    connected = [_document_json(root, d) for d in documents]
    lead = next((d for d in connected if d["kind"] in ("complaint", "variation_complaint")), None)
    signoffs = [
        {"item": s["item"], "by": s["by"], "date": s["date"]} for s in case.get("signoffs", [])
    ]
    return {
        "manifest_version": "1.0",
        "generator": {"name": "spo-bundle", "version": __version__},
        "case": {
            "urn": case["case"]["urn"],
            "force_reference": case["case"]["force_reference"],
            "application_type": case["case"]["application_type"],
            "application_date": case["case"]["application_date"],
            "parties": parties(case),
        },
        "court": {
            "name": case["court"]["name"],
            "local_justice_area": case["court"]["local_justice_area"],
            "court_type": case["court"]["court_type"],
        },
        "hearing": {
            "date": case["hearing"]["date"],
            "time": case["hearing"]["time"],
            "courtroom": case["hearing"]["courtroom"],
        },
        "filing": {
            "email_subject": email_subject(case),
            "fileable": checklist.get("fileable", False),
            "signoffs": signoffs,
        },
        "bundle": {**file_record(root, root / BUNDLE), "pages": bundle_pages},
        "lead_document": lead,
        "connected_documents": connected,
        "templates": [{"name": t.name, "sha256": sha256_file(t)} for t in templates],
        "package": list(PACKAGE),
        "files": files,
    }


def write_json(path: Path, data: Any) -> None:
    """Write JSON the same way every time: two-space indent, UTF-8, a final newline."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
