"""Report writers: one module per format, each ``write(run, directory) -> Path``.

junit.xml is pytest's own writer (rule, level and status travel as test-case
properties); the others are written from the same :class:`~harness.run.Run`,
on the controller only, so serial and xdist runs give the same files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import KitError
from ..run import Run
from . import cucumber_json, html, messages, summary

Writer = Callable[[Run, Path], Path]

WRITERS: dict[str, Writer] = {
    "summary.json": summary.write,
    "cucumber.json": cucumber_json.write,
    "messages.ndjson": messages.write,
    "conformance.html": html.write,
}


class ReportWriteError(KitError):
    """One or more reports could not be written; the others were."""


def write_all(run: Run, directory: Path) -> list[Path]:
    """Write every report; a writer that fails does not stop the others, and is named afterwards."""
    directory.mkdir(parents=True, exist_ok=True)
    written, failed = [], []
    for name, writer in WRITERS.items():
        try:
            written.append(writer(run, directory))
        except Exception as exc:
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    if failed:
        raise ReportWriteError("could not write " + "; ".join(failed))
    return written


def report_files() -> list[str]:
    """Every file a run writes (for clearing stale ones before a run)."""
    return [*WRITERS, "junit.xml"]
