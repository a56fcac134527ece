"""Read a case file safely: one-line errors for anything that is not a JSON document.

The JSON is returned as plain data; it is judged by :mod:`pipeline.validate`. Problems with the
file itself (missing, a folder, empty, too large, not UTF-8, not JSON, duplicate keys) are
:class:`~pipeline.errors.InputError` (exit 2, ``cli.md``); problems with its content are findings.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.models import pointer

MAX_CASE_BYTES = 5 * 1024 * 1024
"""A case file is a few kilobytes; anything over 5 MB is the wrong file (an exhibit, a dump)."""


@dataclass(frozen=True, slots=True)
class CaseFile:
    """A case file read from disk.

    Attributes:
        path: The path as given.
        folder: The folder that holds the case file, resolved; exhibit paths are relative to it.
        data: The parsed JSON value (not yet validated: it may be any JSON value).
    """

    path: Path
    folder: Path
    data: Any


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _object_hook(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return obj


def _first_duplicate(value: Any, path: str = "") -> tuple[str, str] | None:
    """Find the first object (in document order) with a duplicate key: (pointer, key)."""
    if isinstance(value, _Object):
        if value.duplicates:
            return path, value.duplicates[0]
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, child in items:
        found = _first_duplicate(child, path + pointer(key))
        if found:
            return found
    return None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON value; write a number or null")


def _position(raw: bytes, offset: int) -> str:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _read_bytes(path: Path) -> bytes:
    where = str(path)
    if not path.exists():
        raise InputError(f"{where}: no such file; check the path to the case file")
    if path.is_dir():
        raise InputError(f"{where}: is a folder, not a case file; give the path of its .json file")
    if not path.is_file():
        raise InputError(f"{where}: is not a regular file; give the path of a .json case file")
    size = path.stat().st_size
    if size > MAX_CASE_BYTES:
        raise InputError(
            f"{where}: the file is {size / 1_000_000:.1f} MB, over the {MAX_CASE_BYTES // 2**20} MB "
            "limit for a case file; check that this is the case file and not an exhibit"
        )
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_CASE_BYTES + 1)
    except OSError as exc:
        raise InputError(
            f"{where}: cannot be read ({exc.strerror or exc}); check its permissions"
        ) from exc


def _decode(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at {_position(raw, exc.start)}); "
            "save the case file as UTF-8"
        ) from exc
    if not text.strip():
        raise InputError(f"{path}: the file is empty; a case file is a JSON object (see samples/)")
    return text


def _parse(path: Path, text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_object_hook, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except RecursionError as exc:
        raise InputError(f"{path}: not a case file: the JSON is nested too deeply") from exc
    except ValueError as exc:  # NaN/Infinity, or an integer too long to convert
        raise InputError(f"{path}: not valid JSON: {exc}") from exc


_SURROGATE = re.compile("[\ud800-\udfff]")


class _LoneSurrogateError(ValueError):
    r"""A string holds half of a UTF-16 pair (a ``\\ud800`` escape without its partner)."""

    def __init__(self, where: str, text: str) -> None:
        super().__init__(where)
        self.where = where
        self.char = _SURROGATE.findall(text)[0]


def _plain(value: Any, where: str = "") -> Any:
    r"""Turn parsed values into plain dicts and lists, refusing what is not text or a number.

    Floats that are not finite are refused, and so are strings (keys too) holding a lone
    surrogate: JSON's ``\\ud800`` escape without its partner parses, but is not a character,
    cannot be written as UTF-8 to a report or a document, and would fail later with no sense.
    """
    if isinstance(value, dict):
        plain = {}
        for k, v in value.items():
            if _SURROGATE.search(k):  # named by its object: the key itself cannot be printed
                raise _LoneSurrogateError(f"a key of the object at {where or '/'}", k)
            plain[k] = _plain(v, where + pointer(k))
        return plain
    if isinstance(value, list):
        return [_plain(v, where + pointer(i)) for i, v in enumerate(value)]
    if isinstance(value, str) and _SURROGATE.search(value):
        raise _LoneSurrogateError(where or "/", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a number is too large")
    return value


def read_case_file(path: Path) -> CaseFile:
    """Read and parse a case file, refusing anything that is not one JSON document.

    Args:
        path: The case file, as named on the command line.

    Returns:
        The parsed case file.

    Raises:
        InputError: The file is missing, a folder, empty, over 5 MB, not UTF-8, not JSON, or
            has a key twice in one object.
    """
    raw = _read_bytes(path)
    data = _parse(path, _decode(path, raw))
    try:
        duplicate = _first_duplicate(data)
        data = _plain(data)
    except RecursionError as exc:
        raise InputError(f"{path}: not a case file: the JSON is nested too deeply") from exc
    except _LoneSurrogateError as exc:
        raise InputError(
            f"{path}: not valid text: the escape \\u{ord(exc.char):04x} in {exc.where} is "
            "half of a UTF-16 pair with no partner; write the character itself, or remove it"
        ) from exc
    except ValueError as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from exc
    if duplicate:
        where, key = duplicate
        raise InputError(
            f"{path}: duplicate key {json.dumps(key, ensure_ascii=False)} in the object at "
            f"{where or '/'}; keep only one of them"
        )
    return CaseFile(path=path, folder=path.resolve().parent, data=data)
