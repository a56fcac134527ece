"""Run ``spo`` with a chosen converter, for the tests that need a real process (signals, limits).

``SPO_TEST_CONVERTER`` says which: ``text`` (the fast text converter of the tests),
``slow-text`` (the same, taking a second a case: time to interrupt a batch) or
``soffice:PROGRAM:TIMEOUT`` (one ``soffice --convert-to`` run of PROGRAM, e.g. a fake that hangs).
Batches (``--jobs``) get one such converter per job.
``spo assemble`` itself drives LibreOffice over UNO, which the fake programs do not speak.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pipeline.assemble
import pipeline.batch
from pipeline.cli import main
from pipeline.convert import SofficeConverter
from tests.textconverter import TextConverter


class SlowTextConverter(TextConverter):
    def convert(self, sources: Any, outdir: Path) -> Any:
        time.sleep(1)
        return super().convert(sources, outdir)


def converter() -> Any:
    """The converter ``SPO_TEST_CONVERTER`` names."""
    chosen = os.environ.get("SPO_TEST_CONVERTER", "text")
    if chosen == "text":
        return TextConverter()
    if chosen == "slow-text":
        return SlowTextConverter()
    _, program, timeout = chosen.split(":")
    return SofficeConverter(Path(program), timeout=float(timeout))


original = pipeline.assemble.assemble_case
pipeline.assemble.assemble_case = functools.partial(original, converter=converter())  # type: ignore[assignment]
pipeline.batch.assemble_cases = functools.partial(  # type: ignore[assignment]
    pipeline.batch.assemble_cases, converter=converter
)

if __name__ == "__main__":
    main(sys.argv[1:])
