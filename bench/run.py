"""Benchmarks: spo-bundle against the plain tools doing the same job, in the same run.

Run with ``make bench`` (not part of ``make test``). Prints one table: for each job, our median
wall time (or peak memory), the plain tool's, and the ratio (lower is better), with the targets
of issue #6. Every figure is measured here, now, on this machine; nothing is copied from
elsewhere. A job's runs alternate with its baseline's, so the machine's drift during the run
touches both sides of a ratio alike. Inputs are generated into a temporary folder.

Jobs:
  one case, cold      spo assemble of the spec example, nothing running beforehand, against the
                      script a user would write: one soffice --convert-to over the same rendered
                      .docx files, then qpdf --empty --pages to merge with the exhibits. Both
                      start LibreOffice from a profile an earlier run left (the user's default
                      profile for the script; the one spo keeps in its cache folder for spo), so
                      neither pays LibreOffice's first-start work; one untimed run of each
                      comes first
  20 cases, --jobs 2  spo assemble of 20 cases, two at a time, against that script looped 20 times
  bundling 500 pages  the bundling stage alone (index, stamps, bookmarks, links, A4 fitting) of
                      500 exhibit pages, in process, against qpdf --empty --pages merging them
  spo check, 500 p.   spo check of a 500-page assembled bundle against pdftotext of the same file
  peak memory         of spo check on 500 and 2,000 pages (the 2,000-page figure against 300 MB
                      and against 1.3 times the 500-page figure)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from pipeline.bundle import BundleInfo, BundleItem, build_bundle  # noqa: E402

SPO = [sys.executable, "-m", "pipeline"]
EXAMPLE = ROOT / "samples" / "full-with-interim" / "case.json"


def run(command: Sequence[str | Path], *, check: bool = True) -> int:
    """Run a command; return its peak memory in KiB; fail loudly, with its stderr, if it fails.

    The peak (GNU time's %M) is the largest resident set of the command or any process under
    it that it waited for: for spo, its own or LibreOffice's, whichever is larger.
    """
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *map(str, command)], capture_output=True, text=True
    )
    if check and done.returncode != 0:
        raise SystemExit(
            f"bench: {' '.join(map(str, command))} exited {done.returncode}:\n{done.stderr}"
        )
    return int(done.stderr.strip().splitlines()[-1])


def timed(
    ours: Callable[[], int | None], plain: Callable[[], int | None], repeat: int
) -> tuple[tuple[float, int], tuple[float, int]]:
    """Median wall time of ``repeat`` runs of each job, and the largest peak memory it returned.

    The runs alternate (ours, plain, ours, ...), so a machine that slows down or speeds up
    during the benchmark does so for both sides of a ratio. Peaks are in KiB; a job run in
    this process returns None (it cannot measure its own).
    """
    times: tuple[list[float], list[float]] = ([], [])
    peaks: tuple[list[int], list[int]] = ([], [])
    for _ in range(repeat):
        for side, job in enumerate((ours, plain)):
            start = time.perf_counter()
            peaks[side].append(job() or 0)
            times[side].append(time.perf_counter() - start)
    ours_median, plain_median = (statistics.median(t) for t in times)
    return (ours_median, max(peaks[0])), (plain_median, max(peaks[1]))


def peak_kib(command: Sequence[str | Path]) -> int:
    """Peak resident memory of a command and its children, in KiB (GNU time)."""
    return run(command, check=False)


def text_pdf(path: Path, pages: int, label: str) -> Path:
    """A PDF of ``pages`` A4 pages of text, like a phone download."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        y = 800
        for line in range(40):
            canvas.drawString(60, y, f"{label} page {n}, line {line}: message text as it was sent.")
            y -= 18
        canvas.showPage()
    canvas.save()
    return path


def case_with_exhibit(work: Path, name: str, pages: int, urn: str | None = None) -> Path:
    """A copy of the spec example whose first exhibit has ``pages`` pages."""
    folder = work / name
    shutil.copytree(EXAMPLE.parent, folder)
    case = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    if urn:
        case["case"]["urn"] = urn
    (folder / "case.json").write_text(json.dumps(case, indent=2), encoding="utf-8")
    text_pdf(folder / "exhibits" / "JO-1.pdf", pages, "Download")
    return folder / "case.json"


def plain_script(docx_dir: Path, exhibits: list[Path], out: Path, profile: Path) -> int:
    """What a user would write by hand: one soffice run, then qpdf to merge.

    ``profile`` stands for the user's default LibreOffice profile: made by the first run and
    reused by the later ones (kept out of the real home folder). Returns the peak memory in KiB.
    """
    pdf_dir = out / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    docx = sorted(docx_dir.glob("*.docx"))
    converted = run(["soffice", "--headless", "--norestore",
                     f"-env:UserInstallation=file://{profile}",
                     "--convert-to", "pdf", "--outdir", pdf_dir, *docx])  # fmt: skip
    pdfs = [pdf_dir / f"{d.stem}.pdf" for d in docx]
    return max(
        converted, run(["qpdf", "--empty", "--pages", *pdfs, *exhibits, "--", out / "merged.pdf"])
    )


def row(
    name: str,
    ours: float,
    base: float,
    unit: str,
    target: str,
    memory: tuple[int, int] | None = None,
) -> dict[str, str]:
    """One row of the table: our figure, the plain tool's, the ratio and the target.

    ``memory``: for a timed job, the peak memory of each (KiB).
    """
    fmt = (lambda v: f"{v:.2f} s") if unit == "s" else (lambda v: f"{v / 1024:.0f} MB")
    peaks = f"{memory[0] / 1024:.0f} / {memory[1] / 1024:.0f} MB" if memory else ""
    return {"job": name, "spo": fmt(ours), "plain": fmt(base), "ratio": f"{ours / base:.2f}x",
            "target": target, "peak memory spo / plain": peaks}  # fmt: skip


def bench_one_case(work: Path, repeat: int) -> dict[str, str]:
    """One case, cold: spo assemble against one soffice run and a qpdf merge."""
    out = work / "one"
    run([*SPO, "assemble", EXAMPLE, "-o", out, "--force", "-q"])  # renders the .docx to reuse
    exhibits = sorted((EXAMPLE.parent / "exhibits").glob("*.pdf"))
    plain_out = work / "plain-one"
    plain_script(out / "documents", exhibits, plain_out, work / "profile")  # makes its profile
    (ours, our_peak), (base, base_peak) = timed(
        lambda: run([*SPO, "assemble", EXAMPLE, "-o", out, "--force", "-q"]),
        lambda: plain_script(out / "documents", exhibits, plain_out, work / "profile"),
        repeat,
    )
    return row("one case, cold", ours, base, "s", "<= 1.20x", (our_peak, base_peak))


def bench_twenty_cases(work: Path, repeat: int) -> dict[str, str]:
    """Twenty cases: spo assemble --jobs 2 against the plain script looped twenty times."""
    cases = [
        case_with_exhibit(work / "twenty", f"case{n:02d}", 3, urn=f"47NS{n:05d}26")
        for n in range(1, 21)
    ]
    root = work / "twenty-out"
    twenty = [*SPO, "assemble", *cases, "-o", root, "--jobs", "2", "--force", "-q"]
    run(twenty)  # renders the .docx files the plain script converts
    docs = {c: root / json.loads(c.read_text())["case"]["urn"] / "documents" for c in cases}

    def loop() -> int:
        peak = 0
        for n, case in enumerate(cases):
            exhibits = sorted((case.parent / "exhibits").glob("*.pdf"))
            out = work / "plain-twenty" / str(n)
            peak = max(peak, plain_script(docs[case], exhibits, out, work / "profile"))
        return peak

    (ours, our_peak), (base, base_peak) = timed(lambda: run(twenty), loop, repeat)
    return row("20 cases, --jobs 2", ours, base, "s", "<= 0.35x", (our_peak, base_peak))


def bench_bundling(work: Path, repeat: int) -> dict[str, str]:
    """The bundling stage on 500 exhibit pages against qpdf merging the same files."""
    folder = work / "bundling"
    folder.mkdir()
    files = [text_pdf(folder / f"ex{n:02d}.pdf", 20, f"Exhibit {n}") for n in range(25)]
    (ours, _), (base, base_peak) = timed(
        lambda: _bundle(files, folder / "bundle.pdf"),
        lambda: run(["qpdf", "--empty", "--pages", *files, "--", folder / "q.pdf"]),
        repeat,
    )
    # Its memory in a process of its own (this one holds the benchmark's own data).
    our_peak = run([sys.executable, __file__, "--bundle-only", folder / "bundle.pdf", *files])
    return row("bundling 500 pages", ours, base, "s", "<= 1.50x", (our_peak, base_peak))


def _bundle(files: Sequence[Path], target: Path) -> None:
    """The bundling stage alone, as the bench times it (in this process)."""
    items = [
        BundleItem(kind="exhibit", title=f"Exhibit {n}", section="C", pdf=f, ref=f"AB/{n + 1}")
        for n, f in enumerate(files)
    ]
    info = BundleInfo(
        "Northtown Magistrates' Court", "47NS0123426", "A v B", "1 January 2027", "Bench"
    )
    build_bundle(items, info, target)


def bench_check(work: Path, repeat: int) -> list[dict[str, str]]:
    """Spo check of 500- and 2,000-page bundles against pdftotext: time and peak memory."""
    rows = []
    bundles = {}
    for pages in (500, 2000):
        case = case_with_exhibit(work / f"check{pages}", "case", pages - 24)
        out = work / f"check{pages}-out"
        run([*SPO, "assemble", case, "-o", out, "--force", "-q"])
        bundles[pages] = (case, out / "bundle.pdf")
    case, bundle = bundles[500]
    check = [*SPO, "check", bundle, "--case", case, "--format", "json"]
    (ours, _), (base, _) = timed(
        lambda: run(check, check=False),  # exit 1 is a verdict, not a failure
        lambda: run(["pdftotext", bundle, work / "t.txt"]),
        repeat,
    )
    rows.append(row("spo check, 500 pages", ours, base, "s", "<= 2.00x"))
    memory = {
        p: peak_kib([*SPO, "check", b, "--case", c, "--format", "json"])
        for p, (c, b) in bundles.items()
    }
    text_memory = peak_kib(["pdftotext", bundles[2000][1], work / "t.txt"])
    rows.append(
        row(
            "peak memory, check 500 p.",
            memory[500],
            peak_kib(["pdftotext", bundle, work / "t.txt"]),
            "kib",
            "",
        )
    )
    rows.append(row("peak memory, check 2,000 p.", memory[2000], text_memory, "kib",
                    f"<= 300 MB; {memory[2000] / memory[500]:.2f}x of 500 p. (<= 1.30x)"))  # fmt: skip
    return rows


def main() -> int:
    """Measure everything asked for and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--only", choices=["one", "twenty", "bundling", "check"], action="append")
    parser.add_argument("--bundle-only", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bundle_only:  # one bundling in a process of its own, for its peak memory
        _bundle(args.bundle_only[1:], args.bundle_only[0])
        return 0
    if shutil.which("soffice") is None or shutil.which("qpdf") is None:
        print("bench needs soffice, qpdf and pdftotext: run make install", file=sys.stderr)
        return 3
    only = set(args.only or ["one", "twenty", "bundling", "check"])
    rows: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="spo-bench-") as tmp:
        work = Path(tmp)
        if "one" in only:
            rows.append(bench_one_case(work, args.repeat))
        if "twenty" in only:
            rows.append(bench_twenty_cases(work, max(1, args.repeat - 1)))
        if "bundling" in only:
            rows.append(bench_bundling(work, args.repeat * 2))
        if "check" in only:
            rows += bench_check(work, args.repeat)
    print(f"spo-bundle benchmarks: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"median of {args.repeat} runs, {time.strftime('%Y-%m-%d')}")  # fmt: skip
    header = ("job", "spo", "plain", "ratio", "target", "peak memory spo / plain")
    widths = [max(len(h), *(len(r[h]) for r in rows)) for h in header]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in rows:
        print("  ".join(r[h].ljust(w) for h, w in zip(header, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
