"""The suite against deliberately wrong drivers: the right rules fail, crashes are BROKEN, gaps N/A."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance_runs import conformance_run

pytestmark = pytest.mark.slow  # whole conformance runs, several seconds each


def test_reference_conforms(tmp_path: Path) -> None:
    run = conformance_run(tmp_path)
    assert run.exit_code == 0, run.output
    assert run.scenario_statuses() == {"PASSED"}


def test_unchecked_current_password_fails_exactly_the_password_rules(tmp_path: Path) -> None:
    run = conformance_run(tmp_path, "--driver=tests.drivers.faulty:accepts_any_current_password")
    assert run.exit_code == 1, run.output
    # PWD-02's date works: its refused-change scenario is BLOCKED by PWD-04, whose refusal it needs.
    # HRD-11 too: a Current Password never checked has no limit on guesses either.
    assert run.rules_with("FAILED") == {"PWD-03", "PWD-04", "HRD-11"}
    assert run.rules_with("BLOCKED") == {"PWD-02"}
    assert run.rules_with("BROKEN") == set()


def test_a_crashing_driver_is_broken_not_failed(tmp_path: Path) -> None:
    run = conformance_run(tmp_path, "--driver=tests.drivers.faulty:crashing_section")
    assert run.exit_code == 2, run.output
    assert run.rules_with("FAILED") == set()
    broken = run.rules_with("BROKEN")
    assert {"SEC-01", "PWD-02", "EML-06", "DIS-04"} <= broken
    messages = {s["message"] for r in run.summary["rules"] for s in r["scenarios"] if s["status"] == "BROKEN"}
    assert any("the section page did not load" in m for m in messages)


def test_missing_clock_control_is_not_applicable(tmp_path: Path) -> None:
    run = conformance_run(tmp_path, "--driver=tests.drivers.faulty:no_clock_control")
    assert run.rules_with("FAILED") == set() and run.rules_with("BROKEN") == set(), run.output
    assert {"EML-05", "PWD-01", "PWD-02"} <= run.rules_with("NOT-APPLICABLE")
    # Rules nobody checked are not a pass: the verdict is INCOMPLETE, never CONFORMS.
    assert (run.exit_code, run.summary["verdict"]) == (3, "INCOMPLETE"), run.output
    assert "PWD-02" in run.output and "clock_control" in run.output
