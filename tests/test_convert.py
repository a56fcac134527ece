"""DOCX -> PDF: the real LibreOffice (marked needs_soffice), and fake converters for every fault.

The fakes in tests/fakes/ stand in for ``soffice`` (through the program path) and for the UNO
worker script; they crash, hang, write nothing, or write an empty, non-PDF or page-less file.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from pipeline.convert import (
    INSTALL_COMMAND,
    PdfDocument,
    SofficeConverter,
    UnoConverter,
    convert_documents,
    find_soffice,
)
from pipeline.errors import ConversionError, ExitCode, InputError, ToolMissingError
from pipeline.tools import soffice as soffice_module
from pipeline.tools.profiles import forget_profile, keep_profile, kept_profile
from pipeline.tools.uno import DEBIAN_PYTHON, EarlyStart

FAKES = Path(__file__).resolve().parent / "fakes"
FAKE_WORKER = FAKES / "uno_worker_fake.py"
WORKER = Path(__file__).parents[1] / "pipeline" / "tools" / "uno_worker.py"

SOFFICE = find_soffice()
NO_SOFFICE = "LibreOffice (soffice) is not installed: make install"
NO_UNO = "python3-uno is not installed (the persistent LibreOffice needs it): make install"
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason=NO_SOFFICE)


def _has_uno() -> bool:
    if not DEBIAN_PYTHON.exists():
        return False
    probe = subprocess.run([DEBIAN_PYTHON, "-I", "-c", "import uno"], capture_output=True)
    return probe.returncode == 0


needs_uno = pytest.mark.skipif(
    SOFFICE is None or not _has_uno(), reason=NO_SOFFICE if SOFFICE is None else NO_UNO
)


# --- helpers -------------------------------------------------------------------------------


def fake(behaviour: str) -> Path:
    """A fake soffice from tests/fakes/ (see _fake.py for what each one does)."""
    program = FAKES / f"soffice_{behaviour.replace('-', '_')}.py"
    assert program.stat().st_mode & 0o111, f"{program} lost its executable bit"
    return program


def fake_docx(path: Path) -> Path:
    """A zip with a Word document part: enough to pass the DOCX check, for the fakes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def real_docx(path: Path, pages: int, marker: str) -> Path:
    """A Word document of ``pages`` pages, each saying ``marker``."""
    docx = pytest.importorskip("docx", reason="python-docx is not installed: make install")
    document = docx.Document()
    document.add_heading(f"Statement {marker}", level=1)
    for page in range(1, pages + 1):
        if page > 1:
            document.add_page_break()
        document.add_paragraph(f"{marker} page {page}. The defendant followed the victim & waited.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: make install")
    done = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    return done.stdout


def alive(pid: int) -> bool:
    """True while the process runs; a zombie (dead, not yet reaped by init) counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pids: Sequence[int], seconds: float = 5) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


def one_line(error: Exception) -> str:
    message = str(error)
    assert "\n" not in message
    return message


@pytest.fixture
def docs(tmp_path: Path) -> list[Path]:
    return [fake_docx(tmp_path / "in" / f"{name}.docx") for name in ("complaint", "mg11", "order")]


# --- convert_documents with fake soffice programs -------------------------------------------


def test_one_soffice_run_converts_every_document(docs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    with SofficeConverter(fake("ok")) as converter:
        result = convert_documents(docs, out, converter)
        assert converter.starts == 1
    assert result == tuple(PdfDocument(d, out / f"{d.stem}.pdf", 1) for d in docs)
    calls = (out / "calls").read_text().splitlines()
    assert calls == [" ".join(str(d.absolute()) for d in docs)]


def test_libreoffice_gets_its_own_profile_and_home_which_close_removes(
    docs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with SofficeConverter(fake("ok")) as converter:
        convert_documents(docs, out, converter)
        convert_documents(docs, out, converter)
    home = Path((out / "homes").read_text().splitlines()[0])
    assert home != Path.home()
    assert home.name.startswith("spo-soffice-")
    assert set((out / "homes").read_text().splitlines()) == {str(home)}, "one profile per converter"
    profile = (out / "profiles").read_text().splitlines()[0]
    assert profile == f"-env:UserInstallation={(home / 'profile').as_uri()}"
    assert not home.exists(), "close() removes the profile"


@pytest.mark.parametrize(
    ("behaviour", "culprit", "expected"),
    [
        pytest.param(
            "crash",
            "mg11",
            ["exited with status 1", "fatal error: unexpected exception"],
            id="exits-1-on-the-second-document",
        ),
        pytest.param("killed", "complaint", ["was killed by SIGKILL"], id="killed-by-a-signal"),
        pytest.param(
            "silent",
            "complaint",
            ["no PDF was written", "exited with status 0", "source file could not be loaded"],
            id="exits-0-and-writes-nothing",
        ),
        pytest.param("empty", "complaint", ["complaint.pdf is empty"], id="empty-pdf"),
        pytest.param("garbage", "complaint", ["cannot be read"], id="not-a-pdf"),
        pytest.param("no-pages", "complaint", ["has no pages"], id="pdf-without-pages"),
    ],
)
def test_a_failed_conversion_names_the_document_the_tool_its_status_and_stderr(
    docs: list[Path], tmp_path: Path, behaviour: str, culprit: str, expected: list[str]
) -> None:
    program = fake(behaviour)
    with pytest.raises(ConversionError) as caught, SofficeConverter(program) as converter:
        convert_documents(docs, tmp_path / "out", converter)
    message = one_line(caught.value)
    assert message.startswith(f"{tmp_path / 'in' / culprit}.docx: ")
    assert str(program) in message
    for part in expected:
        assert part in message
    assert "javaldx" not in message, "LibreOffice's harmless noise is not quoted"
    assert caught.value.exit_code == ExitCode.environment == 3


def test_a_hung_soffice_is_killed_with_its_children(docs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    started = time.monotonic()
    with pytest.raises(ConversionError) as caught, SofficeConverter(fake("hang"), timeout=2) as c:
        convert_documents(docs, out, c)
    assert time.monotonic() - started < 8
    message = one_line(caught.value)
    assert message.startswith(f"{docs[0]}: LibreOffice hung converting it and was killed after 2 s")
    pids = [int(line) for line in (out / "pids").read_text().split()]
    assert len(pids) == 2
    assert wait_gone(pids) == [], "no process of the hung converter is left running"


def test_a_pdf_left_by_an_earlier_run_does_not_pass(docs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "complaint.pdf").write_bytes(b"%PDF-1.7 from yesterday")
    with (
        pytest.raises(ConversionError, match="no PDF was written"),
        SofficeConverter(fake("silent")) as converter,
    ):
        convert_documents(docs, out, converter)


def test_a_text_file_renamed_docx_is_refused_before_libreoffice_runs(
    docs: list[Path], tmp_path: Path
) -> None:
    renamed = tmp_path / "in" / "notes.docx"
    renamed.write_text("Not a Word document, whatever its name says.\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ConversionError) as caught, SofficeConverter(fake("ok")) as converter:
        convert_documents([*docs, renamed], out, converter)
    assert one_line(caught.value) == (
        f"{renamed}: not a Word .docx file, so LibreOffice was not asked to convert it; render "
        "the document again, or save it from Word as .docx"
    )
    assert converter.starts == 0
    assert not (out / "calls").exists()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"PK\x03\x04 truncated", id="truncated-zip"),
        pytest.param(None, id="zip-without-word-part"),
    ],
)
def test_a_zip_that_is_not_a_word_document_is_refused(
    tmp_path: Path, content: bytes | None
) -> None:
    source = tmp_path / "sheet.docx"
    if content is None:
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    else:
        source.write_bytes(content)
    with pytest.raises(ConversionError, match=r"not a Word \.docx file"):
        convert_documents([source], tmp_path / "out", SofficeConverter(fake("ok")))


def test_a_missing_document_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "complaint.docx"
    with pytest.raises(ConversionError) as caught:
        convert_documents([missing], tmp_path / "out", SofficeConverter(fake("ok")))
    assert one_line(caught.value) == (
        f"{missing}: no such document to convert; render the document again"
    )


def test_two_documents_with_one_name_are_refused(tmp_path: Path) -> None:
    first = fake_docx(tmp_path / "a" / "mg11.docx")
    second = fake_docx(tmp_path / "b" / "mg11.docx")
    with pytest.raises(InputError, match=r"both would be written to mg11\.pdf"):
        convert_documents([first, second], tmp_path / "out", SofficeConverter(fake("ok")))


def test_no_documents_converts_nothing(tmp_path: Path) -> None:
    converter = SofficeConverter(fake("ok"))
    assert convert_documents([], tmp_path / "out", converter) == ()
    assert converter.starts == 0


# --- finding LibreOffice ---------------------------------------------------------------------


def test_a_missing_program_says_how_to_install_libreoffice(tmp_path: Path) -> None:
    missing = tmp_path / "bin" / "soffice"
    with pytest.raises(ToolMissingError) as caught:
        SofficeConverter(missing)
    message = one_line(caught.value)
    assert message.startswith(f"{missing}: no such program")
    assert INSTALL_COMMAND in message
    assert "make install" in message
    assert "SPO_SOFFICE" in message
    assert caught.value.exit_code == ExitCode.environment


def test_a_program_that_cannot_run_is_refused(tmp_path: Path) -> None:
    not_executable = tmp_path / "soffice"
    not_executable.write_text("#!/bin/sh\n", encoding="utf-8")
    with pytest.raises(ToolMissingError, match="not an executable program"):
        UnoConverter(not_executable)


def test_no_libreoffice_anywhere(
    docs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPO_SOFFICE", raising=False)
    monkeypatch.setattr(soffice_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(soffice_module, "DEBIAN_SOFFICE", tmp_path / "no" / "soffice")
    assert find_soffice() is None
    with pytest.raises(ToolMissingError) as caught:
        convert_documents(docs, tmp_path / "out")
    message = one_line(caught.value)
    assert message.startswith("soffice: LibreOffice is not installed")
    assert f"install LibreOffice with: {INSTALL_COMMAND} (or make install)" in message


def test_spo_soffice_chooses_the_program() -> None:
    assert find_soffice({"SPO_SOFFICE": "/opt/lo/program/soffice"}) == Path(
        "/opt/lo/program/soffice"
    )
    assert find_soffice({"SPO_SOFFICE": "  "}) == find_soffice({})


# --- the persistent converter, with a fake worker ----------------------------------------------


@pytest.fixture
def worker_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file each fake worker appends its pid to."""
    log = tmp_path / "workers.log"
    monkeypatch.setenv("SPO_FAKE_LOG", str(log))
    return log


def fake_uno(**options: Any) -> UnoConverter:
    return UnoConverter(fake("ok"), python=Path(sys.executable), worker=FAKE_WORKER, **options)


def pids(log: Path) -> list[int]:
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def test_a_worker_that_dies_mid_conversion_is_replaced(tmp_path: Path, worker_log: Path) -> None:
    crash = fake_docx(tmp_path / "in" / "crash.docx")
    later = fake_docx(tmp_path / "in" / "later.docx")
    with fake_uno() as converter:
        with pytest.raises(ConversionError) as caught:
            convert_documents([crash], tmp_path / "out", converter)
        message = one_line(caught.value)
        assert message.startswith(f"{crash}: LibreOffice crashed converting it")
        assert "exited with status 139" in message
        assert "fake LibreOffice: segmentation fault" in message
        assert "restarted for the next document" in message
        (pdf,) = convert_documents([later], tmp_path / "out", converter)
        assert pdf.pages == 1
        assert converter.starts == 2
    assert wait_gone(pids(worker_log)) == []


def test_a_hung_worker_is_killed_and_replaced(tmp_path: Path, worker_log: Path) -> None:
    first = fake_docx(tmp_path / "in" / "first.docx")
    hang = fake_docx(tmp_path / "in" / "hang.docx")
    later = fake_docx(tmp_path / "in" / "later.docx")
    with fake_uno(timeout=2) as converter:
        started = time.monotonic()
        with pytest.raises(ConversionError) as caught:
            convert_documents([first, hang, later], tmp_path / "out", converter)
        assert time.monotonic() - started < 8
        message = one_line(caught.value)
        assert message.startswith(
            f"{hang}: LibreOffice hung converting it and was killed after 2 s"
        )
        hung_worker = pids(worker_log)[0]
        assert wait_gone([hung_worker]) == []
        (pdf,) = convert_documents([later], tmp_path / "out", converter)
        assert pdf.pages == 1
        assert converter.starts == 2
    assert wait_gone(pids(worker_log)) == []


def test_a_libreoffice_that_died_while_idle_is_replaced_and_the_document_sent_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lost = fake_docx(tmp_path / "in" / "lost.docx")
    with caplog.at_level(logging.WARNING), fake_uno() as converter:
        (pdf,) = convert_documents([lost], tmp_path / "out", converter)
        assert pdf.pages == 1
        assert converter.starts == 2
    assert "exited with status 137 before this document; restarting it" in caplog.text


def test_a_libreoffice_that_keeps_dying_is_an_error_after_one_retry(tmp_path: Path) -> None:
    lost = fake_docx(tmp_path / "in" / "always-lost.docx")
    with pytest.raises(ConversionError) as caught, fake_uno() as converter:
        convert_documents([lost], tmp_path / "out", converter)
    assert one_line(caught.value).startswith(
        f"{lost}: LibreOffice crashed converting it (LibreOffice had exited with status 137 "
        "before this document; LibreOffice worker)"
    )
    assert converter.starts == 2


def test_a_document_libreoffice_cannot_open_does_not_restart_it(tmp_path: Path) -> None:
    bad = fake_docx(tmp_path / "in" / "fail.docx")
    good = fake_docx(tmp_path / "in" / "good.docx")
    with fake_uno() as converter:
        with pytest.raises(ConversionError) as caught:
            convert_documents([bad], tmp_path / "out", converter)
        assert one_line(caught.value).startswith(
            f"{bad}: LibreOffice could not convert it (IOException: could not load; "
            "LibreOffice worker)"
        )
        convert_documents([good], tmp_path / "out", converter)
        assert converter.starts == 1


def test_the_worker_is_replaced_after_max_conversions(tmp_path: Path, worker_log: Path) -> None:
    sources = [fake_docx(tmp_path / "in" / f"doc{n}.docx") for n in range(5)]
    with fake_uno(max_conversions=2) as converter:
        result = convert_documents(sources, tmp_path / "out", converter)
        assert [d.pages for d in result] == [1] * 5
        assert converter.starts == 3
    assert len(pids(worker_log)) == 3
    assert wait_gone(pids(worker_log)) == []


def test_a_worker_that_never_gets_ready_is_an_error(
    tmp_path: Path, worker_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPO_FAKE_WORKER", "no-start")
    started = time.monotonic()
    with pytest.raises(ConversionError) as caught, fake_uno(start_timeout=1) as converter:
        convert_documents([fake_docx(tmp_path / "a.docx")], tmp_path / "out", converter)
    assert time.monotonic() - started < 8
    assert "LibreOffice did not start" in one_line(caught.value)
    assert wait_gone(pids(worker_log)) == []


def test_without_python3_uno_the_converter_falls_back_to_soffice_runs(
    docs: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("SPO_FAKE_WORKER", "no-uno")
    out = tmp_path / "out"
    with caplog.at_level(logging.WARNING), fake_uno() as converter:
        result = convert_documents(docs, out, converter)
        convert_documents(docs, out, converter)
        assert converter.fallback
        assert converter.starts == 2, "one soffice run per call"
    assert [d.pages for d in result] == [1, 1, 1]
    assert len((out / "calls").read_text().splitlines()) == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "python3-uno is not installed" in warnings[0]
    assert "apt-get install --no-install-recommends python3-uno" in warnings[0]


def test_without_debian_python_the_converter_falls_back_too(
    docs: list[Path], tmp_path: Path
) -> None:
    with UnoConverter(fake("ok"), python=tmp_path / "no-python") as converter:
        assert len(convert_documents(docs, tmp_path / "out", converter)) == 3
        assert converter.fallback


# --- the real LibreOffice ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_case(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[tuple[PdfDocument, ...], int]]:
    """One case of three documents (1, 2 and 3 pages) converted by one real soffice run."""
    if SOFFICE is None:
        pytest.skip(NO_SOFFICE)
    folder = tmp_path_factory.mktemp("real-case")
    sources = [real_docx(folder / f"doc{n}.docx", n, f"Marker{n}") for n in (1, 2, 3)]
    with SofficeConverter(SOFFICE) as converter:
        result = convert_documents(sources, folder / "out", converter)
        yield result, converter.starts


@pytest.mark.needs_soffice
@needs_soffice
def test_soffice_converts_a_case_in_one_run(
    real_case: tuple[tuple[PdfDocument, ...], int],
) -> None:
    result, starts = real_case
    assert starts == 1
    assert [d.pages for d in result] == [1, 2, 3]
    for document in result:
        assert document.pdf == document.source.parent / "out" / f"{document.source.stem}.pdf"
        text = pdf_text(document.pdf)
        marker = f"Marker{document.pages}"
        for page in range(1, document.pages + 1):
            assert f"{marker} page {page}. The defendant followed the victim & waited." in text


@pytest.mark.needs_soffice
@needs_soffice
def test_soffice_embeds_every_font(real_case: tuple[tuple[PdfDocument, ...], int]) -> None:
    result, _ = real_case
    with pikepdf.open(result[2].pdf) as pdf:
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


@pytest.mark.needs_soffice
@needs_soffice
def test_soffice_exits_0_on_a_broken_document_and_that_is_caught(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<garbage")
        archive.writestr("word/document.xml", "<w:document>never closed")
    with pytest.raises(ConversionError) as caught, SofficeConverter(SOFFICE) as converter:
        convert_documents([broken], tmp_path / "out", converter)
    message = one_line(caught.value)
    assert message.startswith(f"{broken}: no PDF was written")
    assert "exited with status 0" in message
    assert "source file could not be loaded" in message


@pytest.fixture(scope="module")
def real_uno() -> Iterator[UnoConverter]:
    if SOFFICE is None or not _has_uno():
        pytest.skip(NO_SOFFICE if SOFFICE is None else NO_UNO)
    with UnoConverter(SOFFICE, timeout=60) as converter:
        yield converter


@pytest.mark.needs_soffice
@needs_uno
def test_one_libreoffice_converts_case_after_case(real_uno: UnoConverter, tmp_path: Path) -> None:
    cases = [
        [real_docx(tmp_path / f"case{c}" / f"doc{n}.docx", n, f"Case{c}doc{n}") for n in (1, 3)]
        for c in range(4)
    ]
    results = [convert_documents(case, case[0].parent / "out", real_uno) for case in cases]
    assert not real_uno.fallback
    assert real_uno.starts == 1
    for number, result in enumerate(results):
        assert [d.pages for d in result] == [1, 3]
        assert f"Case{number}doc3 page 3." in pdf_text(result[1].pdf)


@pytest.mark.needs_soffice
@needs_uno
def test_a_broken_document_is_reported_and_libreoffice_kept(
    real_uno: UnoConverter, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<garbage")
        archive.writestr("word/document.xml", "<w:document>never closed")
    good = real_docx(tmp_path / "good.docx", 1, "Good")
    starts = real_uno.starts
    with pytest.raises(ConversionError) as caught:
        convert_documents([broken], tmp_path / "out", real_uno)
    assert one_line(caught.value).startswith(f"{broken}: LibreOffice could not convert it")
    (pdf,) = convert_documents([good], tmp_path / "out", real_uno)
    assert pdf.pages == 1
    assert real_uno.starts == starts


@pytest.mark.needs_soffice
@needs_uno
def test_real_libreoffice_is_restarted_after_max_conversions(tmp_path: Path) -> None:
    sources = [real_docx(tmp_path / f"doc{n}.docx", 1, f"Doc{n}") for n in range(3)]
    with UnoConverter(SOFFICE, max_conversions=2) as converter:
        result = convert_documents(sources, tmp_path / "out", converter)
        assert converter.starts == 2
    assert [d.pages for d in result] == [1, 1, 1]
    assert "Doc2 page 1." in pdf_text(result[2].pdf)


# --- kept profiles: LibreOffice starts from a copy of one it closed cleanly -------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def kept(cache: Path) -> list[Path]:
    return sorted((cache / "spo-bundle").glob("libreoffice-profile-*"))


def test_a_profile_closed_cleanly_is_kept_once_and_seeds_the_next_start(
    tmp_path: Path, cache: Path, worker_log: Path
) -> None:
    doc = fake_docx(tmp_path / "in" / "a.docx")
    with fake_uno() as converter:
        convert_documents([doc], tmp_path / "out1", converter)
    (profile,) = kept(cache)
    first = (profile / "user" / "registrymodifications.xcu").read_text()
    assert first == f"<items>{pids(worker_log)[0]}</items>"
    assert oct(profile.parent.stat().st_mode & 0o777) == "0o700"
    with fake_uno() as converter:
        convert_documents([doc], tmp_path / "out2", converter)
    # The second worker started from the kept copy and did not replace it.
    assert kept(cache) == [profile]
    assert (profile / "user" / "registrymodifications.xcu").read_text() == first
    assert len(pids(worker_log)) == 2
    assert not list((cache / "spo-bundle").glob(".profile-*"))  # no staging left behind


def test_a_profile_left_by_a_crash_is_not_kept(
    tmp_path: Path, cache: Path, worker_log: Path
) -> None:
    with fake_uno() as converter, pytest.raises(ConversionError):
        convert_documents([fake_docx(tmp_path / "in" / "crash.docx")], tmp_path / "out", converter)
    assert kept(cache) == []


def test_a_kept_profile_that_fails_to_start_is_forgotten_and_a_fresh_one_used(
    tmp_path: Path, cache: Path, worker_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = fake_docx(tmp_path / "in" / "a.docx")
    with fake_uno() as converter:
        convert_documents([doc], tmp_path / "out1", converter)
    assert len(kept(cache)) == 1
    monkeypatch.setenv("SPO_FAKE_WORKER", "bad-seed")
    with fake_uno() as converter:
        (pdf,) = convert_documents([doc], tmp_path / "out2", converter)
        assert pdf.pages == 1
        assert converter.starts == 1
    assert len(pids(worker_log)) == 3  # the good run, the refused start, the fresh start
    # The fresh start closed cleanly, so its profile is the one kept now.
    (profile,) = kept(cache)
    assert (profile / "user" / "registrymodifications.xcu").read_text() == (
        f"<items>{pids(worker_log)[2]}</items>"
    )
    assert wait_gone(pids(worker_log)) == []


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_log: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with fake_uno() as converter:
        (pdf,) = convert_documents([fake_docx(tmp_path / "a.docx")], tmp_path / "out", converter)
    assert pdf.pages == 1
    assert blocker.read_text() == "a file where the cache folder would go"


def test_an_early_start_closed_unused_is_killed_at_once(
    tmp_path: Path, worker_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An invalid case must not wait for LibreOffice's start-up, nor leave it running."""
    monkeypatch.setenv("SPO_FAKE_WORKER", "no-start")
    early = EarlyStart(fake_uno(start_timeout=30))
    deadline = time.monotonic() + 5
    while not pids(worker_log) and time.monotonic() < deadline:
        time.sleep(0.02)
    started = time.monotonic()
    early.close()
    assert time.monotonic() - started < 3
    assert pids(worker_log) and wait_gone(pids(worker_log)) == []


def test_an_early_start_converts_once_then_stops_libreoffice(
    tmp_path: Path, worker_log: Path
) -> None:
    early = EarlyStart(fake_uno())
    try:
        (pdf,) = convert_documents([fake_docx(tmp_path / "a.docx")], tmp_path / "out", early)
        assert pdf.pages == 1
        with pytest.raises(RuntimeError):
            early.convert([fake_docx(tmp_path / "b.docx")], tmp_path / "out")
    finally:
        early.close()
    assert wait_gone(pids(worker_log)) == []


def test_an_early_start_quits_libreoffice_to_keep_a_profile_and_kills_it_once_one_is_kept(
    tmp_path: Path, cache: Path, worker_log: Path
) -> None:
    """Quitting takes LibreOffice a tenth of a second; it is needed only to keep a profile."""
    quits = Path(f"{worker_log}.quit")
    for run in (1, 2):
        early = EarlyStart(fake_uno())
        try:
            convert_documents([fake_docx(tmp_path / "a.docx")], tmp_path / f"out{run}", early)
        finally:
            early.close()
        assert wait_gone(pids(worker_log)) == []
    first, _ = pids(worker_log)
    assert pids(quits) == [first]  # the second was killed: a profile was kept by then
    (profile,) = kept(cache)
    assert (profile / "user" / "registrymodifications.xcu").read_text() == f"<items>{first}</items>"


def test_an_early_start_hands_over_each_pdf_as_it_is_written(
    tmp_path: Path, worker_log: Path
) -> None:
    sources = [fake_docx(tmp_path / f"{name}.docx") for name in ("a", "b", "c")]
    seen: list[tuple[str, bool]] = []
    early = EarlyStart(fake_uno())
    try:
        done = convert_documents(
            sources,
            tmp_path / "out",
            early,
            each=lambda pdf: seen.append((pdf.source.stem, (tmp_path / "out" / "c.pdf").exists())),
        )
    finally:
        early.close()
    # Told in order, each before the next was converted: "c" did not exist when "a" was told.
    assert seen == [("a", False), ("b", False), ("c", True)]
    assert [d.pages for d in done] == [1, 1, 1]


def test_a_profile_that_names_a_file_is_not_kept(tmp_path: Path, cache: Path) -> None:
    """Nothing of a case may outlive the run: a settings file naming a document is dropped."""
    profile = tmp_path / "profile"
    settings = profile / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True)
    settings.write_text("<item><value>file:///cases/contact_sheet.docx</value></item>")
    assert keep_profile(Path("/usr/bin/soffice"), profile) is False
    settings.write_text("<item><value>$(userurl)/unopkg.log</value></item>")
    (profile / ".lock").touch()  # LibreOffice still running, or killed
    assert keep_profile(Path("/usr/bin/soffice"), profile) is False
    (profile / ".lock").unlink()
    assert keep_profile(Path("/usr/bin/soffice"), profile) is True
    assert keep_profile(Path("/usr/bin/soffice"), profile) is False  # one is kept already
    kept_now = kept_profile(Path("/usr/bin/soffice"))
    assert kept_now is not None
    assert (kept_now / "user" / "registrymodifications.xcu").read_text() == settings.read_text()
    assert kept_profile(Path("/usr/bin/libreoffice-other")) is None
    forget_profile(Path("/usr/bin/soffice"))
    assert kept(cache) == []


@pytest.mark.parametrize(
    "path", ["/tmp/a b/profile", "/tmp/x%y/\u00e9", "relative/profile", "/tmp/q?#[]@!$&'()*+,;=/p"]
)
def test_the_worker_names_the_profile_as_pathlib_would(path: str) -> None:
    """The worker builds LibreOffice's profile URL itself, so as to start it before pathlib loads."""
    spec = importlib.util.spec_from_file_location("uno_worker", WORKER)
    assert spec is not None and spec.loader is not None
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    assert worker._file_url(path) == Path(path).absolute().as_uri()
