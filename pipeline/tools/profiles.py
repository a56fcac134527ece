"""LibreOffice profiles that start warm: a copy of one LibreOffice wrote itself, per build.

Every LibreOffice we start gets a private profile in a temporary folder, so runs never share
state while they run. A brand-new profile costs about 0.1 s of a 1 s start: LibreOffice
registers its bundled extensions into it (measured with ``pipeline.tools.uno``: 0.96 s to ready
with an empty profile, 0.87 s with a copy; a profile with only the settings file seeded gained
nothing). So after a clean exit the profile is kept, once, in the user's cache folder
(``$XDG_CACHE_HOME/spo-bundle/``, else ``~/.cache/spo-bundle/``), keyed by the LibreOffice
program and build; later starts copy it. A profile that LibreOffice did not close cleanly, or
whose settings name any file, is never kept (documents are loaded hidden, so LibreOffice keeps
no history of them: checked); a start from a kept profile that fails forgets it; and when the
cache folder cannot be written everything works as before, only 0.1 s slower.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

CACHE_FOLDER = "spo-bundle"
_SETTINGS = Path("user") / "registrymodifications.xcu"
_LOCK = ".lock"  # LibreOffice removes it on a clean exit


def _cache_root() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():
        return Path(base) / CACHE_FOLDER
    home = os.environ.get("HOME", "").strip()
    return Path(home) / ".cache" / CACHE_FOLDER if home else None


def _key(program: Path) -> str:
    """The program's real path, its file's identity and LibreOffice's build id, hashed."""
    digest = hashlib.sha256()
    try:
        real = program.resolve()
        stat = real.stat()
        digest.update(f"{real}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        versionrc = real.with_name("versionrc")
        if versionrc.is_file():
            digest.update(versionrc.read_bytes())
    except OSError:
        digest.update(str(program).encode())
    return digest.hexdigest()[:20]


def _kept(program: Path) -> Path | None:
    root = _cache_root()
    return root / f"libreoffice-profile-{_key(program)}" if root else None


def kept_profile(program: Path) -> Path | None:
    """The profile kept for ``program``'s LibreOffice, if there is one, to copy before a start.

    The worker process copies it (:mod:`pipeline.tools.uno_worker`): copying a hundred small
    files in this process would compete for the interpreter with the imports and rendering that
    run meanwhile, and cost more than it saves.
    """
    kept = _kept(program)
    return kept if kept is not None and (kept / _SETTINGS).is_file() else None


def keep_profile(program: Path, profile: Path) -> bool:
    """Keep a profile LibreOffice closed cleanly, unless one is kept already; True if kept now.

    Written beside its final place and renamed into it, so a reader never sees half a profile
    and two runs keeping at once leave one whole copy.
    """
    kept = _kept(program)
    if kept is None or kept.exists():
        return False
    if (profile / _LOCK).exists() or not (profile / _SETTINGS).is_file():
        return False  # not closed cleanly, or not a profile at all
    try:
        if b"file:" in (profile / _SETTINGS).read_bytes():
            return False  # it names a file (a recent document?): nothing of a case is kept
    except OSError:
        return False
    try:
        kept.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        staging = Path(tempfile.mkdtemp(prefix=".profile-", dir=kept.parent))
    except OSError:
        return False
    try:
        shutil.copytree(profile, staging / "profile", symlinks=True)
        (staging / "profile").rename(kept)
    except OSError:
        return False  # another run kept one first, or the disk is full: either way, fine
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def forget_profile(program: Path) -> None:
    """Remove the kept profile (a start from it failed)."""
    kept = _kept(program)
    if kept is not None:
        shutil.rmtree(kept, ignore_errors=True)
