"""The browser run's figures for ``make bench``: the MUST+SHOULD suite through Chromium, timed beside
the in-process run it is compared with.

Target (docs/performance.md): <= 60 s wall on 2 cores, with two pytest-xdist
workers (each its own server, capture and Chromium; contexts per scenario).
One run, not a median: a run takes tens of seconds. A run that does not
exit 0 stops the figure — the time of a failing run says nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness.features import ROOT

WORKERS = 2


def browser_figure(in_process_seconds: float) -> dict[str, Any]:
    """Wall seconds of the browser run and its ratio to ``in_process_seconds`` (same scenarios)."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            *(sys.executable, "-m", "harness.cli", "run", "--driver=browser", f"--report-dir={tmp}"),
            *("--", "-m", "not hardening", "-n", str(WORKERS)),
        ]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"the browser run exited {done.returncode}: {done.stdout[-300:]}")
        summary = json.loads((Path(tmp) / "summary.json").read_text(encoding="utf-8"))
    return {
        "wall_seconds": round(seconds, 2),
        "workers": WORKERS,
        "scenarios": sum(len(r["scenarios"]) for r in summary["rules"]),
        "ratio_to_in_process": round(seconds / in_process_seconds, 1),
    }
