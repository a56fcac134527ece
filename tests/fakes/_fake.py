"""What the fake programs share: reading soffice's arguments and writing small PDFs.

Standard library only: the fakes run under whatever ``python3`` is on ``PATH``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def pdf_bytes(pages: int = 1) -> bytes:
    """A minimal, valid PDF with ``pages`` blank A4 pages (0 gives a PDF without pages)."""
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>" for _ in range(pages)],
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def soffice_arguments(argv: list[str]) -> tuple[Path, list[Path]]:
    """The ``--outdir`` and the documents of a ``soffice --convert-to`` command line."""
    outdir = Path(argv[argv.index("--outdir") + 1])
    skip = {argv.index("--outdir") + 1, argv.index("--convert-to") + 1}
    sources = [Path(a) for i, a in enumerate(argv) if i not in skip and not a.startswith("-")]
    return outdir, sources


def record(outdir: Path, name: str, value: object) -> None:
    """Append a line to ``outdir/<name>``, for the test to read."""
    with (outdir / name).open("a", encoding="utf-8") as handle:
        handle.write(f"{value}\n")


def fake_soffice(behaviour: str) -> None:
    """Act as ``soffice --convert-to pdf --outdir OUT a.docx ...`` would, or fail as told."""
    outdir, sources = soffice_arguments(sys.argv[1:])
    record(outdir, "calls", " ".join(str(s) for s in sources))
    record(outdir, "homes", os.environ.get("HOME"))
    record(outdir, "profiles", next(a for a in sys.argv if a.startswith("-env:UserInstallation=")))
    if behaviour == "ok":
        for source in sources:
            (outdir / f"{source.stem}.pdf").write_bytes(pdf_bytes())
        sys.exit(0)
    if behaviour == "crash":
        # Converts the first document, then dies on the second, as a LibreOffice crash would.
        (outdir / f"{sources[0].stem}.pdf").write_bytes(pdf_bytes())
        print("soffice.bin: fatal error: unexpected exception", file=sys.stderr)
        sys.exit(1)
    if behaviour == "killed":
        os.kill(os.getpid(), 9)
    if behaviour == "silent":
        # What LibreOffice does with a document it cannot load: says so, and exits 0.
        print(
            "Warning: failed to launch javaldx - java may not function correctly", file=sys.stderr
        )
        print("Error: source file could not be loaded", file=sys.stderr)
        sys.exit(0)
    if behaviour == "empty":
        for source in sources:
            (outdir / f"{source.stem}.pdf").write_bytes(b"")
        sys.exit(0)
    if behaviour == "garbage":
        for source in sources:
            (outdir / f"{source.stem}.pdf").write_text("this is not a PDF\n", encoding="utf-8")
        sys.exit(0)
    if behaviour == "no-pages":
        for source in sources:
            (outdir / f"{source.stem}.pdf").write_bytes(pdf_bytes(0))
        sys.exit(0)
    if behaviour == "hang":
        # A child in the same process group, like soffice.bin under oosplash: it must die too.
        child = os.fork()
        if child == 0:
            while True:
                time.sleep(60)
        record(outdir, "pids", os.getpid())
        record(outdir, "pids", child)
        while True:
            time.sleep(60)
    raise SystemExit(f"unknown behaviour {behaviour}")
