#!/usr/bin/env python3
"""A fake ``uno_worker.py``: the same JSON-lines protocol, no LibreOffice.

What it does with a document depends on the document's name: ``crash*`` kills the worker
mid-conversion, ``hang*`` never answers, ``fail*`` is reported as unreadable, ``lost*`` finds
LibreOffice dead before it starts (the first time only; ``always-lost*`` every time), anything
else gets a one-page PDF. With ``SPO_FAKE_WORKER=no-uno`` in its environment it acts as if
python3-uno were missing, and with ``SPO_FAKE_WORKER=no-start`` it never says it is ready. When ``SPO_FAKE_LOG`` names a file,
every worker appends its pid there at start, and to that name plus ``.quit`` when it quits
cleanly at the end of its input (not when killed).

Like LibreOffice, it leaves a profile behind on a clean exit (``--profile``/user/
registrymodifications.xcu, holding its pid); with
``SPO_FAKE_WORKER=bad-seed`` it fails to start when given a kept profile (``--seed``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

# The worker runs under ``python -I``, which leaves the script's folder off sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _fake import pdf_bytes


def main() -> int:
    behaviour = os.environ.get("SPO_FAKE_WORKER", "normal")
    log = os.environ.get("SPO_FAKE_LOG")
    if log:
        with Path(log).open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
    profile = Path(sys.argv[sys.argv.index("--profile") + 1])
    seed = sys.argv[sys.argv.index("--seed") + 1] if "--seed" in sys.argv else None
    if seed is not None:
        if behaviour == "bad-seed":
            print(json.dumps({"event": "failed", "error": "bad profile"}), flush=True)
            return 4
        shutil.copytree(seed, profile, symlinks=True)
    if behaviour == "no-uno":
        print(json.dumps({"event": "no-uno", "error": "No module named 'uno'"}), flush=True)
        return 3
    if behaviour == "no-start":
        while True:
            time.sleep(60)
    print(json.dumps({"event": "ready", "pid": os.getpid(), "seconds": 0.0}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        name = Path(request["source"]).name
        if name.startswith("crash"):
            print("fake LibreOffice: segmentation fault", file=sys.stderr, flush=True)
            os._exit(139)
        if name.startswith("hang"):
            while True:
                time.sleep(60)
        lost = Path(request["pdf"] + ".lost")
        if name.startswith("always-lost") or (name.startswith("lost") and not lost.exists()):
            # LibreOffice died while idle: the worker says so before touching the document.
            lost.touch()
            error = "LibreOffice had exited with status 137 before this document"
            print(json.dumps({"ok": False, "error": error, "fatal": True, "retry": True}))
            return 4
        if name.startswith("fail"):
            answer = {"ok": False, "error": "IOException: could not load", "fatal": False}
        else:
            Path(request["pdf"]).write_bytes(pdf_bytes())
            answer = {"ok": True}
        print(json.dumps(answer), flush=True)
    settings = profile / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(f"<items>{os.getpid()}</items>", encoding="utf-8")
    if log:
        with Path(log + ".quit").open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
