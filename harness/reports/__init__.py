"""Report writers: one module per format, each ``write(run, directory) -> Path``.

Every report is written from the same :class:`~harness.run.Run`, on the
controller only, so serial and xdist runs give the same files. They cannot
lie about which run they describe:

* :func:`clear` removes the previous run's reports — and the screenshots and
  traces in ``evidence/`` — before anything of a new run can fail (and refuses
  a directory it cannot write to);
* every writer writes through :mod:`harness.atomic` (a temporary file, then
  one rename), and :func:`write_all` writes summary.json last: a reader sees
  a whole report or none, and a summary.json means the others are there.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import KitError
from ..run import Run
from . import cucumber_json, html, junit, messages, summary

Writer = Callable[[Run, Path], Path]

#: The folder of the report directory where a run keeps its failing steps' evidence (harness/evidence.py).
EVIDENCE_DIR = "evidence"
#: What the kit writes there: screenshots and Playwright traces.
EVIDENCE_SUFFIXES = (".png", ".zip")

#: In the order they are moved into place: summary.json, the one ``conformance run`` reads, last.
WRITERS: dict[str, Writer] = {
    "junit.xml": junit.write,
    "cucumber.json": cucumber_json.write,
    "messages.ndjson": messages.write,
    "conformance.html": html.write,
    "summary.json": summary.write,
}


class ReportWriteError(KitError):
    """One or more reports could not be written; the others were."""


class ReportDirError(KitError):
    """``--report-dir`` cannot hold reports: a usage error (exit 2)."""


def clear(directory: Path) -> None:
    """Make ``directory`` ready for a run: create it, check it is writable, remove the last run's reports."""
    if directory.exists() and not directory.is_dir():
        raise ReportDirError(f"--report-dir {directory} is a file, not a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in WRITERS:
            (directory / name).unlink(missing_ok=True)
        _clear_evidence(directory / EVIDENCE_DIR)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        raise ReportDirError(
            f"cannot write reports to --report-dir {directory}: {exc.strerror or exc}"
        ) from exc


def _clear_evidence(folder: Path) -> None:
    """The last run's screenshots and traces: only the kinds of file the kit writes there, then the folder
    if that left it empty (a file of someone else's stays, and so does the folder holding it)."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.is_file() and path.suffix in EVIDENCE_SUFFIXES:
            path.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


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
    """Every file a run writes."""
    return list(WRITERS)
