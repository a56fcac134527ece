"""``spo assemble``, ``spo export`` and ``spo verify``: what a legal team and a court rely on."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from pipeline.assemble import CaseInvalidError, assemble_case
from pipeline.convert import find_soffice
from pipeline.errors import ConversionError, InputError
from pipeline.restricted import find_restricted, restricted_details
from pipeline.tools.process import ToolRun

from .conftest import SAMPLES, Run, hidden_leftovers
from .textconverter import TextConverter, write_pdf

SAMPLE_CASES = sorted(SAMPLES.glob("*/case.json"))


# -- mechanics, with the fast stand-in converter ---------------------------------------------------


def test_an_invalid_case_assembles_nothing(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    example["duration"]["months"] = 6
    out = tmp_path / "out"
    with pytest.raises(CaseInvalidError) as raised:
        assemble_case(write_case(example), out, converter=TextConverter())
    assert [f.rule for f in raised.value.report.errors] == ["duration_minimum"]
    assert not out.exists()


def test_a_failed_conversion_leaves_no_outdir(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with pytest.raises(ConversionError, match="summons"):
        assemble_case(write_case(example), out, converter=TextConverter(fail_on="summons"))
    assert not out.exists()
    assert hidden_leftovers(tmp_path) == []


def test_a_failed_case_leaves_the_callers_converter_usable(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    class Kept(TextConverter):
        aborted = False

        def abort(self) -> None:
            self.aborted = True

    converter = Kept(fail_on="summons")
    with pytest.raises(ConversionError):
        assemble_case(write_case(example), tmp_path / "a", converter=converter)
    assert not converter.aborted  # an interrupt only would stop it
    converter.fail_on = None
    assert assemble_case(write_case(example), tmp_path / "b", converter=converter).pages > 1


def test_ctrl_c_during_conversion_leaves_no_outdir(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        assemble_case(write_case(example), out, converter=TextConverter(interrupt=True))
    assert not out.exists()
    assert hidden_leftovers(tmp_path) == []


class StreamingConverter(TextConverter):
    """Says as each PDF is written, as LibreOffice over UNO does; notes what it saw meanwhile.

    Before each document it waits (up to 10 s) for what should happen while it converts: the
    previous PDF made reproducible (its /CreationDate, which this converter writes, removed),
    and before the confidential contact sheet, the bundle made. It notes whether each came.
    """

    reports_each = True
    name = "streaming text converter (tests)"

    def __init__(self, fail_on: str | None = None) -> None:
        super().__init__(fail_on=fail_on)
        self.seen: list[tuple[str, bool, bool]] = []  # (document, previous fixed, bundle made)

    def convert(self, sources: Any, outdir: Path, each: Any = None) -> Any:
        self.calls += 1
        bundle = outdir.parent / "bundle.pdf"
        for index, source in enumerate(sources):
            previous = outdir / f"{sources[index - 1].stem}.pdf" if index else None
            fixed = previous is None or _within(
                10, lambda p=previous: "/CreationDate" not in _info(p)
            )
            made = "contact_sheet" in source.name and _within(10, bundle.exists)
            self.seen.append((source.stem, fixed, made))
            if not (self.fail_on and self.fail_on in source.name):
                write_pdf(source, outdir / f"{source.stem}.pdf", dated=True)
            if each is not None:
                each(index)
        return ToolRun(tool="streaming text converter (tests)", status=0)


def _within(seconds: float, happened: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + seconds
    while not happened():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _info(pdf: Path) -> set[str]:
    with pikepdf.open(pdf) as document:
        return set(document.docinfo.keys())


def test_the_bundle_is_made_while_the_confidential_documents_convert(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    converter = StreamingConverter()
    result = assemble_case(write_case(example), tmp_path / "out", converter=converter)
    assert converter.calls == 1  # one call for the whole case: a fallback soffice starts once
    *served, (sheet, _, bundled) = converter.seen
    assert sheet == "mg11_contact_sheet" and bundled
    assert [made for _, _, made in served] == [False] * len(served)
    # Each PDF is made reproducible while the next converts.
    assert all(fixed for _, fixed, _ in converter.seen)
    contact_sheet = result.outdir / "confidential" / "mg11_contact_sheet.pdf"
    assert "/CreationDate" not in _info(contact_sheet)


def test_a_confidential_document_that_fails_after_bundling_leaves_no_outdir(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    converter = StreamingConverter(fail_on="contact_sheet")
    with pytest.raises(ConversionError, match="mg11_contact_sheet"):
        assemble_case(write_case(example), out, converter=converter)
    assert converter.seen[-1][2]  # the bundle had been made
    assert not out.exists()
    assert hidden_leftovers(tmp_path) == []


def test_an_existing_outdir_is_replaced_only_with_force(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    case = write_case(example)
    with pytest.raises(InputError, match="already exists; use --force"):
        assemble_case(case, out, converter=TextConverter())
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
    result = assemble_case(case, out, force=True, converter=TextConverter())
    assert not (out / "keep.txt").exists()
    assert result.bundle == out.absolute() / "bundle.pdf"
    assert result.bundle.is_file()
    assert hidden_leftovers(tmp_path) == []


def test_one_conversion_run_per_case_and_the_outdir_layout(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    converter = TextConverter()
    out = tmp_path / "out"
    assemble_case(write_case(example), out, converter=converter)
    assert converter.calls == 1
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "bundle.pdf" in names and "manifest.json" in names and "checklist.json" in names
    assert "confidential/mg11_contact_sheet.docx" in names
    assert "confidential/mg11_contact_sheet.pdf" in names
    assert not any("contact_sheet" in n for n in names if n.startswith("documents/"))
    assert any(n.startswith("documents/") and n.endswith("_complaint.docx") for n in names)


def test_the_manifest_records_every_file_and_the_filing_details(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assemble_case(write_case(example), out, converter=TextConverter())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert set(files) == on_disk - {"manifest.json"}
    for path, record in files.items():
        assert record["size"] == (out / path).stat().st_size
    assert manifest["case"]["urn"] == example["case"]["urn"]
    assert manifest["hearing"]["date"] == example["hearing"]["date"]
    assert manifest["case"]["application_type"] == "new"
    assert manifest["package"] == ["bundle.pdf", "manifest.json", "checklist.json"]
    assert manifest["lead_document"]["kind"] == "complaint"
    assert {t["name"] for t in manifest["templates"]} >= {"complaint.docx", "summons.docx"}
    assert "mg11_contact_sheet.docx" in {t["name"] for t in manifest["templates"]}
    subject = manifest["filing"]["email_subject"]
    assert (
        example["case"]["urn"] in subject
        and "WHITLOCK" in subject
        and "18 December 2026" in subject
    )
    ranges = [(d["first_page"], d["last_page"]) for d in manifest["connected_documents"]]
    assert all(a <= b for a, b in ranges)
    assert all(b + 1 == c for (_, b), (c, _) in pairwise(ranges))
    text = json.dumps(manifest)
    for detail in ("Orchard Row", "NT2 3LD", "900456", "mitchell@", "1991-09-30"):
        assert detail not in text


def test_two_runs_give_the_same_bytes(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    case = write_case(example)
    first, second = tmp_path / "one", tmp_path / "two"
    assemble_case(case, first, converter=TextConverter())
    assemble_case(case, second, converter=TextConverter())
    for name in ("bundle.pdf", "manifest.json", "checklist.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_locked_outdir_is_refused(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path
) -> None:
    import fcntl

    out = tmp_path / "out"
    with (tmp_path / ".out.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(InputError, match="another spo run is writing this folder"):
            assemble_case(write_case(example), out, converter=TextConverter())
    assert not out.exists()


# -- export and verify -----------------------------------------------------------------------------


@pytest.fixture
def assembled(example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assemble_case(write_case(example), out, converter=TextConverter())
    return out


def test_export_packs_a_fileable_bundle_and_verify_passes_it(
    assembled: Path, tmp_path: Path, spo: Callable[..., Run]
) -> None:
    checklist = json.loads((assembled / "checklist.json").read_text(encoding="utf-8"))
    assert checklist["fileable"] is True, checklist
    result = spo("export", assembled, "-o", tmp_path)
    assert result.code == 0, result.err
    package = tmp_path / "47NS0123426_WHITLOCK_SPO_2026-12-18.zip"
    assert package.is_file()
    with zipfile.ZipFile(package) as archive:
        assert sorted(archive.namelist()) == ["bundle.pdf", "checklist.json", "manifest.json"]
    assert "URN 47NS0123426" in result.out
    verified = spo("verify", package)
    assert verified.code == 0, verified.out + verified.err


def test_export_refuses_a_bundle_without_its_signoffs(
    example: dict[str, Any],
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    spo: Callable[..., Run],
) -> None:
    del example["signoffs"]
    out = tmp_path / "out"
    assemble_case(write_case(example), out, converter=TextConverter())
    result = spo("export", out, "-o", tmp_path / "p.zip")
    assert result.code == 1
    assert "legal_review (needs sign-off)" in result.err
    assert "terms_enforceable (needs sign-off)" in result.err
    assert not (tmp_path / "p.zip").exists()


def _rewrite(package: Path, change: Callable[[dict[str, bytes]], None]) -> None:
    with zipfile.ZipFile(package) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _flip_byte(members: dict[str, bytes]) -> None:
    data = bytearray(members["bundle.pdf"])
    data[len(data) // 2] ^= 0x01
    members["bundle.pdf"] = bytes(data)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (_flip_byte, "bundle.pdf: changed"),
        (lambda m: m.pop("checklist.json"), "checklist.json: missing"),
        (lambda m: m.update({"confidential/mg11_contact_sheet.pdf": b"%PDF-"}),
         "confidential/mg11_contact_sheet.pdf: not in the manifest's package"),
    ],
    ids=["one-byte-changed", "member-removed", "member-added"],
)  # fmt: skip
def test_verify_fails_a_package_that_changed(
    change: Callable[[dict[str, bytes]], None],
    named: str,
    assembled: Path,
    tmp_path: Path,
    spo: Callable[..., Run],
) -> None:
    package = tmp_path / "p.zip"
    assert spo("export", assembled, "-o", package).code == 0
    _rewrite(package, change)
    result = spo("verify", package)
    assert result.code == 1
    assert named in result.out


def test_verify_of_something_that_is_not_a_package_is_exit_2(
    tmp_path: Path, spo: Callable[..., Run]
) -> None:
    bogus = tmp_path / "p.zip"
    bogus.write_bytes(b"not a zip")
    result = spo("verify", bogus)
    assert result.code == 2
    assert result.err.startswith(f"Error: {bogus}: not a zip file")


# -- end to end, with LibreOffice ------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed: make install")
    outs = {}
    for case in SAMPLE_CASES:
        out = tmp_path_factory.mktemp("assembled") / case.parent.name
        assemble_case(case, out)
        outs[case.parent.name] = out
    return outs


def _displayed(page: pypdf.PageObject) -> tuple[float, float]:
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    return (height, width) if (page.rotation or 0) % 180 else (width, height)


def _landscape_exhibit_pages(manifest: dict[str, Any], sample: str) -> set[int]:
    """Bundle pages that show a landscape page of an exhibit (the exhibit's page after its cover)."""
    case = json.loads((SAMPLES / sample / "case.json").read_text(encoding="utf-8"))
    files = {e["ref"]: SAMPLES / sample / e["file"] for e in case["exhibits"]}
    pages = set()
    for document in manifest["connected_documents"]:
        if document.get("ref"):
            source = pypdf.PdfReader(files[document["ref"]])
            for offset, page in enumerate(source.pages, start=1):
                width, height = _displayed(page)
                if width > height:
                    pages.add(document["first_page"] + offset)
    return pages


def _pages_text(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


@pytest.mark.parametrize("sample", [c.parent.name for c in SAMPLE_CASES])
@pytest.mark.needs_soffice
def test_every_sample_assembles_into_a_bundle_a_court_can_use(
    sample: str, built_samples: dict[str, Path]
) -> None:
    out = built_samples[sample]
    bundle = out / "bundle.pdf"
    qpdf = subprocess.run(["qpdf", "--check", str(bundle)], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    checklist = json.loads((out / "checklist.json").read_text(encoding="utf-8"))
    assert [i for i in checklist["items"] if i["status"] == "fail"] == []
    # Read back with pypdf, a different library from the one that wrote it (pikepdf).
    reader = pypdf.PdfReader(bundle)
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == manifest["bundle"]["pages"]
    landscape_ok = _landscape_exhibit_pages(manifest, sample)
    for number, (page, text, label) in enumerate(
        zip(reader.pages, texts, reader.page_labels, strict=True), start=1
    ):
        assert text.strip(), number
        assert label == str(number)
        assert str(number) in text.split()
        width, height = _displayed(page)
        assert sorted((width, height)) == pytest.approx([595.28, 841.89], abs=6), number
        assert (width > height) == (number in landscape_ok), number
    marks = {
        child.title: reader.get_destination_page_number(child) + 1
        for children in reader.outline
        if isinstance(children, list)
        for child in children
    }
    for document in manifest["connected_documents"]:
        title = f"{document['ref']} " if document.get("ref") else document["title"]
        assert [p for t, p in marks.items() if t.startswith(title)] == [document["first_page"]]
    links = [
        reader.get_page_number(annot.get_object()["/Dest"][0].get_object()) + 1
        for annot in reader.pages[0].get("/Annots", [])
        if annot.get_object()["/Subtype"] == "/Link"
    ]
    assert sorted(links) == sorted(d["first_page"] for d in manifest["connected_documents"])
    case = json.loads((SAMPLES / sample / "case.json").read_text(encoding="utf-8"))
    whole = "\n".join(texts)
    for person in case["protected_persons"]:
        assert find_restricted(whole, restricted_details(person)) == [], person["id"]


@pytest.mark.needs_soffice
def test_spo_check_on_every_assembled_sample_has_no_fail(
    built_samples: dict[str, Path], spo: Callable[..., Run]
) -> None:
    for sample, out in built_samples.items():
        result = spo(
            "check",
            out / "bundle.pdf",
            "--case",
            SAMPLES / sample / "case.json",
            "--format",
            "json",
        )
        report = json.loads(result.out)
        assert [i["id"] for i in report["items"] if i["status"] == "fail"] == [], sample
        assert result.code == 0, sample


def _big_exhibit(path: Path, pages: int, size: tuple[float, float], label: str) -> None:
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    for n in range(1, pages + 1):
        canvas.drawString(72, size[1] - 72, f"{label} page {n}")
        canvas.showPage()
    canvas.save()


@pytest.mark.needs_soffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed: make install")
def test_a_300_page_exhibit_and_a_landscape_one(
    example: dict[str, Any],
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    spo: Callable[..., Run],
) -> None:
    case_path = write_case(example)
    _big_exhibit(case_path.parent / "exhibits/JO-1.pdf", 300, A4, "Phone download")
    _big_exhibit(case_path.parent / "exhibits/JO-3.pdf", 2, landscape(A4), "Map")
    out = tmp_path / "out"
    result = spo("assemble", case_path, "-o", out, "-q")
    assert result.code == 0, result.out + result.err
    assert result.err == ""  # -q: no progress
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    by_ref = {d.get("ref"): d for d in manifest["connected_documents"]}
    first = by_ref["JO/1"]
    assert first["last_page"] - first["first_page"] == 300  # the cover page and 300 pages
    texts = _pages_text(out / "bundle.pdf")
    assert "Phone download page 1" in texts[first["first_page"]]
    assert "Phone download page 300" in texts[first["last_page"] - 1]
    index = texts[0] + (texts[1] if manifest["bundle"]["pages"] > 1 else "")
    assert f"{first['first_page']}\N{EN DASH}{first['last_page']}" in index
    with pikepdf.open(out / "bundle.pdf") as pdf:
        for n in range(by_ref["JO/3"]["first_page"] + 1, by_ref["JO/3"]["last_page"] + 1):
            page = pdf.pages[n - 1]
            box = [float(v) for v in page.mediabox]
            width, height = box[2] - box[0], box[3] - box[1]
            if int(page.obj.get("/Rotate", 0)) % 180:
                width, height = height, width
            assert width > height, n


@pytest.mark.needs_soffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed: make install")
def test_the_cli_reports_progress_and_a_summary(
    example: dict[str, Any],
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    spo: Callable[..., Run],
) -> None:
    out = tmp_path / "out"
    result = spo("assemble", write_case(example), "-o", out)
    assert result.code == 0, result.err
    assert "Converted" in result.err and "Bundled" in result.err
    assert str(out.absolute() / "bundle.pdf") in result.out


def test_libreoffice_missing_is_exit_3_and_no_outdir(
    example: dict[str, Any], write_case: Callable[[Any], Path], tmp_path: Path,
    spo: Callable[..., Run], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("SPO_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "out"
    result = spo("assemble", write_case(example), "-o", out)
    assert result.code == 3
    *progress, error = result.err.splitlines()
    assert error.startswith("Error: ") and "apt-get install" in error
    assert [line for line in progress if line.startswith("Rendered")] == []
    assert not out.exists()


def test_an_invalid_case_is_exit_1_with_its_findings(
    example: dict[str, Any],
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    spo: Callable[..., Run],
) -> None:
    bad = copy.deepcopy(example)
    bad["authorisation"]["signed"] = False
    result = spo("assemble", write_case(bad), "-o", tmp_path / "out")
    assert result.code == 1
    assert "/authorisation/signed" in result.out
    assert "nothing was assembled" in result.err
    assert not (tmp_path / "out").exists()
    shutil.rmtree(tmp_path / "case")


# -- batches ----------------------------------------------------------------------------------------


@pytest.mark.needs_soffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed: make install")
def test_a_batch_assembles_every_case_and_reports_the_one_that_fails(
    example: dict[str, Any],
    write_case: Callable[[Any], Path],
    tmp_path: Path,
    spo: Callable[..., Run],
    built_samples: dict[str, Path],
) -> None:
    bad = copy.deepcopy(example)
    bad["case"]["urn"] = "47NS0999926"
    bad["authorisation"]["signed"] = False
    broken = write_case(bad, name="broken.json")
    cases = [
        SAMPLES / "full-with-interim" / "case.json",
        broken,
        SAMPLES / "variation" / "case.json",
    ]
    root = tmp_path / "bundles"
    result = spo("assemble", *cases, "-o", root, "--jobs", "2", "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    assert [c["exit_code"] for c in report["cases"]] == [0, 1, 0]
    assert sorted(p.name for p in root.iterdir()) == ["47ES0331226", "47NS0123426"]
    # A kept-running LibreOffice gives the same bytes as a one-off run.
    single = built_samples["full-with-interim"]
    for name in ("bundle.pdf", "manifest.json", "checklist.json", "documents/07_mg11_oic.pdf"):
        assert (root / "47NS0123426" / name).read_bytes() == (single / name).read_bytes(), name
    assert _libreoffice_gone(within=5), "a LibreOffice is still running after the batch"


def _libreoffice_gone(within: float) -> bool:
    """No soffice process within ``within`` seconds (a killed one takes a moment to go)."""
    deadline = time.monotonic() + within
    while subprocess.run(["pgrep", "-f", "soffice"], capture_output=True).returncode == 0:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.needs_soffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed: make install")
def test_two_real_runs_give_the_same_bytes(built_samples: dict[str, Path], tmp_path: Path) -> None:
    again = tmp_path / "again"
    assemble_case(SAMPLES / "youth-court" / "case.json", again)
    first = built_samples["youth-court"]
    for path in sorted(first.rglob("*")):
        if path.is_file():
            name = path.relative_to(first)
            assert (again / name).read_bytes() == path.read_bytes(), name


def test_export_warns_when_the_bundle_is_over_the_email_limit(
    assembled: Path, tmp_path: Path, spo: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.export

    monkeypatch.setattr(pipeline.export, "EMAIL_LIMIT_BYTES", 1000)
    result = spo("export", assembled, "-o", tmp_path / "p.zip")
    assert result.code == 0
    assert result.err.startswith("Warning: the bundle is over 36 MB")
    quiet = spo("export", assembled, "-o", tmp_path / "q.zip", "--format", "json")
    assert json.loads(quiet.out)["over_email_limit"] is True
