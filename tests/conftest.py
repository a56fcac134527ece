"""Shared fixtures: the example case, a case folder on tmp_path, and an in-process ``spo``."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXAMPLE = SAMPLES / "full-with-interim" / "case.json"


def hidden_leftovers(parent: Path) -> list[str]:
    """Hidden files and folders a run left beside OUTDIR (work folders, locks, partial files)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


SPEC = ROOT.parent / "shared" / "spec"


def make_pdf(path: Path, pages: int = 1) -> Path:
    """A small valid PDF with blank A4 pages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.add_blank_page(page_size=(595, 842))
        pdf.save(path)
    return path


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Kept LibreOffice profiles go to a folder of the test run's, never the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def example_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def example(example_data: dict[str, Any]) -> dict[str, Any]:
    """A fresh, mutable copy of the spec's example case."""
    return copy.deepcopy(example_data)


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[[Any], Path]:
    """Write a case into a folder of its own, with a PDF for each exhibit it lists."""

    def write(data: Any, name: str = "case.json") -> Path:
        folder = tmp_path / "case"
        folder.mkdir(exist_ok=True)
        for exhibit in data.get("exhibits", []) if isinstance(data, dict) else []:
            target = folder / exhibit["file"]
            if not target.exists() and "missing" not in exhibit["file"]:
                make_pdf(target)
        path = folder / name
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def spo(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``spo`` in this process and return its exit code, stdout and stderr."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            main([str(a) for a in args])
        captured = capsys.readouterr()
        code = exited.value.code
        return Run(code if isinstance(code, int) else 1, captured.out, captured.err)

    return run
