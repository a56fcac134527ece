"""``spo assemble``: the whole run, from a case file to a bundle a court can accept.

The recipe, top to bottom: validate (stop on errors), render every document, convert them all
in one LibreOffice run, fix the PDFs' metadata, merge them with the exhibits into one indexed,
stamped, bookmarked bundle, run the checklist on it (the same code as ``spo check``), and write
``checklist.json`` and ``manifest.json``. Everything is written in a work folder beside OUTDIR
and moved into place only when complete (:mod:`pipeline.outdir`).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import shutil
import threading
from collections.abc import Callable, Generator, Sequence
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from pipeline.casefile import read_case_file
from pipeline.convert import Converter, PdfDocument, convert_documents, require_soffice
from pipeline.errors import ExitCode, SpoError
from pipeline.manifest import (
    BUNDLE,
    CHECKLIST,
    MANIFEST,
    ManifestDocument,
    build_manifest,
    hearing_text,
    parties,
    write_json,
)
from pipeline.models import JsonObject, ValidationReport
from pipeline.outdir import atomic_outdir
from pipeline.render import RenderedDocument, render_documents
from pipeline.tools.uno import EarlyStart
from pipeline.validate import check_case

if TYPE_CHECKING:
    from pipeline.bundle import BundleInfo, BundleItem
    from pipeline.check import CheckReport
    from pipeline.checklist import Checklist

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

_TITLES = {
    "new": "Application for a stalking protection order",
    "variation": "Application to vary a stalking protection order",
    "renewal": "Application to renew a stalking protection order",
    "discharge": "Application to discharge a stalking protection order",
}


class CaseInvalidError(SpoError):
    """The case has errors, so nothing is assembled (exit 1); the report says what they are."""

    exit_code = ExitCode.findings

    def __init__(self, report: ValidationReport) -> None:
        count = len(report.errors)
        super().__init__(
            f"{report.source}: the case has {count} error{'' if count == 1 else 's'}, so nothing "
            "was assembled; correct them (spo validate lists them) and run spo assemble again"
        )
        self.report = report


@dataclass(frozen=True, slots=True)
class AssembleResult:
    """What ``spo assemble`` wrote.

    Attributes:
        outdir: The output folder.
        bundle: ``OUTDIR/bundle.pdf``.
        pages: The bundle's page count.
        validation: The case's validation report (warnings only: errors stop the run).
        checklist: The checklist report on the bundle (also in ``OUTDIR/checklist.json``).
    """

    outdir: Path
    bundle: Path
    pages: int
    validation: ValidationReport
    checklist: CheckReport


def _quiet(_: str) -> None:
    """The default progress callback: say nothing."""


def assemble_case(
    case_path: Path,
    outdir: Path,
    *,
    force: bool = False,
    converter: Converter | None = None,
    progress: Progress | None = None,
    starting: EarlyStart | None = None,
) -> AssembleResult:
    """Assemble the court bundle of one case into ``outdir``.

    Args:
        case_path: The case file.
        outdir: The output folder; replaced only with ``force``.
        force: Replace an existing ``outdir``.
        converter: The DOCX to PDF converter (default: a LibreOffice of its own, started once
            the case is valid).
        progress: Called with a short message after each stage.
        starting: A LibreOffice the caller started earlier (``spo assemble`` starts one before
            anything else), used when ``converter`` is None; the caller closes it.

    Returns:
        What was written.

    Raises:
        InputError: The case file cannot be read, or ``outdir`` exists (exit 2).
        CaseInvalidError: The case has errors (exit 1).
        EnvironmentFailure: LibreOffice is missing or fails, or the output cannot be written
            (exit 3).
    """
    steps = assemble_steps(case_path, outdir, force=force, progress=progress)
    next(steps)  # validated before LibreOffice starts: an invalid case never starts it
    chosen: Converter | None = converter if converter is not None else starting
    own = None
    if chosen is None:
        own = chosen = EarlyStart.of(require_soffice())
    lane = ConversionLane(chosen)
    interrupted = True
    try:
        steps.send(lane)
        result = last_step(steps)
        interrupted = False
        return result
    except Exception:
        interrupted = False  # a failed case: the converter stays usable for the next one
        raise
    finally:
        lane.close(abort=interrupted)
        if own is not None:
            own.close()


Converting = Callable[[int | None], tuple[PdfDocument, ...]]
"""Waits for the first ``count`` PDFs of a conversion (all of them with None), checked."""

Conversion = Callable[[Sequence[Path], Path], Converting]
"""Starts converting documents into a folder, in order."""

AssembleSteps = Generator[None, Conversion, AssembleResult]
"""A run of :func:`assemble_steps`."""


class ConversionLane:
    """Conversions in a thread of their own, one after another: a :data:`Conversion`.

    The thread only waits on LibreOffice, so this process renders, bundles and checks
    meanwhile. Each PDF can be had as soon as it is written, while the next converts (with a
    converter that says so: :func:`~pipeline.convert.convert_documents`). Waiting for one is
    where an interrupt lands: LibreOffice is killed, and the conversion under way let end, before
    the interrupt goes on (or the PDF it was writing would make the work folder again).
    """

    def __init__(self, converter: Converter) -> None:
        self.converter = converter
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="LibreOffice")

    def __call__(self, sources: Sequence[Path], outdir: Path) -> Converting:
        """Hand documents over for converting into ``outdir``; wait for them with the result."""
        ready: list[PdfDocument] = []
        changed = threading.Condition()

        def one_done(document: PdfDocument) -> None:
            with changed:
                ready.append(document)
                changed.notify_all()

        def convert() -> tuple[PdfDocument, ...]:
            try:
                return convert_documents(sources, outdir, self.converter, one_done)
            finally:
                with changed:
                    changed.notify_all()

        future = self._pool.submit(convert)

        def wait(count: int | None = None) -> tuple[PdfDocument, ...]:
            try:
                if count is not None:
                    with changed:
                        changed.wait_for(lambda: len(ready) >= count or future.done())
                    if len(ready) >= count:
                        return tuple(ready[:count])
                return future.result()
            except BaseException as exc:
                if not isinstance(exc, Exception):
                    abort_converter(self.converter)
                    futures.wait([future])
                raise

        return wait

    def close(self, *, abort: bool = False) -> None:
        """Let the conversions end.

        With ``abort`` (an interrupt), LibreOffice is killed first and the conversions not yet
        begun are dropped.
        """
        if abort:
            abort_converter(self.converter)
        self._pool.shutdown(wait=True, cancel_futures=abort)


def abort_converter(converter: Converter) -> None:
    """Stop a converter at once, whatever it is doing (``abort``, else ``close``)."""
    abort = getattr(converter, "abort", None) or getattr(converter, "close", None)
    if abort is not None:
        with contextlib.suppress(Exception):
            abort()


def assemble_steps(
    case_path: Path, outdir: Path, *, force: bool = False, progress: Progress | None = None
) -> AssembleSteps:
    """One case's run in steps, so a batch can work on another case while this one converts.

    The first ``next()`` validates the case (raising as :func:`assemble_case` does) and pauses.
    ``send(conversion)`` renders the documents, starts their conversion and pauses again: the
    caller may do other work while LibreOffice converts. The last ``next()`` waits for the
    PDFs, bundles, checks, writes OUTDIR and ends the generator with the
    :class:`AssembleResult` (:func:`last_step`).
    """
    say = progress or _quiet
    case_file = read_case_file(case_path)
    validation = check_case(case_file)
    if not validation.valid:
        raise CaseInvalidError(validation)
    case: JsonObject = case_file.data
    say(f"Validated {case_path} ({len(validation.warnings)} warnings)")
    convert = yield
    with atomic_outdir(outdir, force=force) as work:
        rendered = render_documents(case, work)
        say(f"Rendered {len(rendered)} documents from templates/")
        later = _LaterStages()
        later.start()
        # The confidential documents come last (render order): the bundle is made while they
        # convert, and each served PDF is fixed while the next converts.
        wait = convert([d.path for d in rendered], work / "documents")
        yield
        served = sum(1 for d in rendered if not d.spec.confidential)
        for index in range(served):
            _place(rendered[index], wait(index + 1)[index])
        say(f"Converted {served} documents to PDF")
        from pipeline.bundle import build_bundle
        from pipeline.check import check_bundle

        items = _bundle_items(case, case_file.folder, rendered, work)
        bundle = build_bundle(items, _bundle_info(case), work / BUNDLE, progress=say)
        say(f"Bundled {bundle.pages} pages: index, {len(items)} documents and exhibits")
        later.join()
        report = check_bundle(work / BUNDLE, case, later.checklist)
        say(f"Checked {len(report.items)} checklist items")
        for document, pdf in zip(rendered[served:], wait(None)[served:], strict=True):
            _place(document, pdf)
        write_json(work / CHECKLIST, report.to_json())
        documents = [
            ManifestDocument(
                kind=e.item.kind,
                title=e.item.title,
                section=e.item.section,
                first_page=e.first_page,
                last_page=e.last_page,
                source=e.item.pdf,
                ref=e.item.ref,
            )
            for e in bundle.entries
        ]
        templates = [d.template for d in rendered]
        manifest = build_manifest(work, case, documents, templates, report.to_json(), bundle.pages)
        write_json(work / MANIFEST, manifest)
    final = outdir.absolute()
    return AssembleResult(final, final / BUNDLE, bundle.pages, validation, report)


class _LaterStages(threading.Thread):
    """Gets bundling and checking ready while LibreOffice converts.

    This process has nothing else to do then. Loading the two stages takes about 0.07 s of CPU
    (once per process), their fonts and the checklist 7 ms more (every case): otherwise it
    competes with LibreOffice's start-up, or waits until the PDFs are there.
    """

    def __init__(self) -> None:
        super().__init__(name="later stages", daemon=True)
        self.checklist: Checklist | None = None  # None: check_bundle loads it (and says why not)

    def run(self) -> None:
        # The import system's locks make this safe: a stage needed before it is loaded waits.
        for name in ("pipeline.bundle", "pipeline.check"):
            importlib.import_module(name)
        from pipeline.bundle import load_fonts
        from pipeline.checklist import load_checklist

        load_fonts()
        with contextlib.suppress(Exception):
            self.checklist = load_checklist()


def last_step(steps: AssembleSteps) -> AssembleResult:
    """Resume :func:`assemble_steps` after its conversion pause and run it to the end."""
    try:
        next(steps)
    except StopIteration as done:
        result: AssembleResult = done.value
        return result
    raise RuntimeError("assemble_steps paused a third time")  # a bug in this module


def _place(document: RenderedDocument, pdf: PdfDocument) -> None:
    """Put a PDF beside its .docx, made reproducible."""
    target = document.path.with_suffix(".pdf")
    if pdf.pdf != target:
        shutil.move(pdf.pdf, target)
    normalise_pdf(target)


def normalise_pdf(path: Path) -> None:
    """Make a converted PDF reproducible: no clock dates, a document id from its content.

    LibreOffice writes the conversion time and a random /ID into every PDF; without this the
    same case would give different files, hashes and manifests on every run.
    """
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]  # XMP repeats the dates; the /Info dictionary is enough
        for key in ("/CreationDate", "/ModDate"):
            if key in pdf.docinfo:
                del pdf.docinfo[key]
        # LibreOffice's checksum covers the conversion time, and its random /ID would feed
        # into the deterministic one.
        for key in ("/DocChecksum", "/ID"):
            if key in pdf.trailer:
                del pdf.trailer[key]
        # Written whole or not at all: qpdf aborts the process when a disk fills mid-save.
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
    path.write_bytes(buffer.getvalue())


def _bundle_items(
    case: JsonObject, folder: Path, rendered: tuple[RenderedDocument, ...], work: Path
) -> list[BundleItem]:
    from pipeline.bundle import BundleItem

    items = [
        BundleItem(
            kind=d.spec.kind,
            title=d.spec.title,
            section=d.spec.section,
            pdf=d.path.with_suffix(".pdf"),
        )
        for d in rendered
        if not d.spec.confidential
    ]
    items += [
        BundleItem(
            kind="exhibit",
            title=exhibit["description"],
            section="C",
            pdf=(folder / exhibit["file"]).resolve(),
            ref=exhibit["ref"],
        )
        for exhibit in case["exhibits"]
    ]
    return items


def _bundle_info(case: JsonObject) -> BundleInfo:
    from pipeline.bundle import BundleInfo

    return BundleInfo(
        court=case["court"]["name"],
        urn=case["case"]["urn"],
        parties=parties(case),
        hearing=hearing_text(case),
        title=_TITLES[case["case"]["application_type"]],
    )
