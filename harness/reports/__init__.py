"""Report writers: one module per format, each ``write(run, directory) -> Path``.

junit.xml is pytest's own writer (rule, level and status travel as test-case
properties); the others are written from the same :class:`~harness.run.Run`,
on the controller only, so serial and xdist runs give the same files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..run import Run
from . import summary

Writer = Callable[[Run, Path], Path]

WRITERS: dict[str, Writer] = {
    "summary.json": summary.write,
}


def write_all(run: Run, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [writer(run, directory) for writer in WRITERS.values()]
