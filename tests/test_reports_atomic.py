"""Reports are written whole or not at all, and a report directory is cleared before a run can fail."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from harness import atomic, reports


def test_a_write_that_fails_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    target = atomic.write_text(tmp_path / "summary.json", '{"verdict": "old"}\n')
    with pytest.raises(RuntimeError, match="the writer died"), atomic.replacing(target) as out:
        out.write('{"verdict": "half')
        raise RuntimeError("the writer died")
    assert target.read_text(encoding="utf-8") == '{"verdict": "old"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]


def test_a_finished_write_replaces_the_file_readable_as_the_umask_allows(tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    target.write_text("old", encoding="utf-8")
    atomic.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not the 0o600 of a mkstemp file
    assert [p.name for p in tmp_path.iterdir()] == ["junit.xml"]


def test_clear_removes_the_last_runs_reports_and_nothing_else(tmp_path: Path) -> None:
    for name in [*reports.report_files(), "notes.txt"]:
        (tmp_path / name).write_text("from the last run", encoding="utf-8")
    reports.clear(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert set(reports.report_files()) == {
        "summary.json",
        "junit.xml",
        "cucumber.json",
        "messages.ndjson",
        "conformance.html",
    }


def test_clear_creates_a_missing_directory(tmp_path: Path) -> None:
    reports.clear(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()


@pytest.mark.parametrize("below", [False, True], ids=["the file itself", "a path under it"])
def test_clear_refuses_a_path_that_cannot_be_a_directory(tmp_path: Path, below: bool) -> None:
    blocker = tmp_path / "summary.json"
    blocker.write_text("a file", encoding="utf-8")
    with pytest.raises(reports.ReportDirError, match="--report-dir") as raised:
        reports.clear(blocker / "reports" if below else blocker)
    assert "\n" not in str(raised.value)
    assert blocker.read_text(encoding="utf-8") == "a file"


def test_summary_json_is_written_last() -> None:
    """Its presence means every other report is there (`conformance run` reads it as the verdict)."""
    assert list(reports.WRITERS)[-1] == "summary.json"
