"""The suite's power: every mutant of the reference must be caught by the rule it breaks.

Each parametrized case runs only the targeted rule's scenarios in a pytest
subprocess (about a second), so xdist spreads the catalogue over its workers.
``make mutants`` runs the full matrix instead.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import pytest

from harness.catalogue import load_catalogue
from harness.features import CATALOGUE, HARDENING_CATALOGUE
from harness.protocol import DialogKind
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.driver import ReferenceDriver
from reference_impl.mutants import report
from reference_impl.mutants.base import MutantDriver, retype
from reference_impl.mutants.catalogue import MUTANTS, by_name
from reference_impl.mutants.command import run as run_command
from reference_impl.mutants.runner import KILLED, MutantResult, run_mutant, run_suite, selection

#: Mutants the suite does not catch yet, with the scenario that would (docs/quality.md). Strict xfail:
#: once the lead strengthens the suite the case passes, fails as XPASS, and the entry must go.
KNOWN_SURVIVORS: dict[str, str] = {}

DOCUMENTED = load_catalogue(CATALOGUE)
#: Rules a mutant may break: the doc's, and the hardening profile's (issue 17 added mutants for them).
CHECKED = {**DOCUMENTED, **load_catalogue(HARDENING_CATALOGUE)}


def test_the_catalogue_holds_at_least_35_mutants() -> None:
    assert len(MUTANTS) >= 35


def test_names_are_unique_and_loadable_as_driver_factories() -> None:
    names = [m.name for m in MUTANTS]
    assert len(set(names)) == len(names)
    assert all(name.isidentifier() for name in names)


def test_every_mutant_breaks_a_documented_rule_and_says_how() -> None:
    assert {m.rule for m in MUTANTS} <= set(CHECKED)
    assert all(len(m.description.split()) >= 5 for m in MUTANTS)


def test_every_section_of_the_doc_has_a_mutant() -> None:
    sections = {rule.section for rule in DOCUMENTED.values()}
    covered = {DOCUMENTED[m.rule].section for m in MUTANTS if m.rule in DOCUMENTED}
    assert sections - covered == set()


def test_known_survivors_are_catalogue_entries() -> None:
    assert set(KNOWN_SURVIVORS) <= {m.name for m in MUTANTS}


def test_mutants_leave_the_reference_untouched() -> None:
    """Building every mutant patches nothing global: a reference built afterwards is the plain one."""
    for mutant in MUTANTS:
        mutant.create().close()
    driver = ReferenceDriver()
    driver.create_account("alice@example.com", "correct-horse-battery-1")
    assert driver.sign_in("laptop", "alice@example.com", "correct-horse-battery-1").signed_in
    dialog = driver.open_dialog("laptop", DialogKind.ENABLE_EMAIL_CODE)
    assert type(dialog.flow) is EnableEmailCodeDialog


def test_a_mutant_builds_its_flow_in_place_of_the_reference_one() -> None:
    mutant = by_name(["four_digit_email_code"])[0]
    driver = mutant.create()
    assert isinstance(driver, MutantDriver)
    driver.create_account("alice@example.com", "correct-horse-battery-1")
    driver.sign_in("laptop", "alice@example.com", "correct-horse-battery-1")
    flow = driver.open_dialog("laptop", DialogKind.ENABLE_EMAIL_CODE).flow
    assert type(flow) is not EnableEmailCodeDialog and isinstance(flow, EnableEmailCodeDialog)


def test_retype_refuses_a_class_that_is_not_a_subclass() -> None:
    with pytest.raises(TypeError):
        retype(object(), ReferenceDriver)


def test_unknown_mutant_names_are_refused() -> None:
    with pytest.raises(KeyError, match="no_such_mutant"):
        by_name(["no_such_mutant"])


@pytest.mark.slow
def test_the_reference_passes_every_targeted_scenario(tmp_path: Path) -> None:
    """So a kill below is the mutant's defect, not a harness that fails everything."""
    run = run_suite("reference", tmp_path, selection(m.rule for m in MUTANTS))
    assert {s.rule for s in run.scenarios} == {m.rule for m in MUTANTS}, run.output
    # The page-look checks are NOT-APPLICABLE in-process by design (tests/test_browser_run.py runs them),
    # and so are the checks of HTTP answers (their mutant is served: reference_impl/mutants/served.py).
    looks = [
        s
        for s in run.scenarios
        if _words(s.scenario.split("[")[0]) in LOOK_SCENARIOS or s.rule in HTTP_ONLY_RULES
    ]
    assert {s.status for s in looks} <= {"NOT-APPLICABLE"}
    assert {s.status for s in run.scenarios if s not in looks} == {"PASSED"}, run.failures()


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(m.name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_SURVIVORS[m.name]))
        if m.name in KNOWN_SURVIVORS
        else m.name
        for m in MUTANTS
    ],
)
def test_mutant_is_killed_by_the_rule_it_targets(name: str, tmp_path: Path) -> None:
    result = run_mutant(by_name([name])[0], tmp_path, targeted=True)
    assert result.verdict == KILLED and result.killed_by_target, result


def _result(name: str, verdict: str, killers: tuple[str, ...], rule: str = "PWD-02") -> MutantResult:
    return MutantResult(name, rule, "a defect", verdict, killers, (), rule in killers, 1.0)


def test_reports_count_broken_apart_from_killed(tmp_path: Path) -> None:
    results = [
        _result("a", "killed", ("PWD-02",)),
        replace(_result("b", "killed", ("PWD-08", "PWD-03")), blocked_rules=("APP-02",)),
        _result("c", "broken", ()),
        _result("d", "survived", ()),
    ]
    json_path, html_path = report.write(results, tmp_path, targeted=True, jobs=2, wall_seconds=3.0)
    data = report.document(results, targeted=True, jobs=2, wall_seconds=3.0)
    # The kill matrix: only "a" fails its target alone; "b" fails two other rules and blocks one.
    assert data["totals"] == {
        "mutants": 4,
        "killed": 2,
        "killed_by_target": 1,
        "survived": 2,
        "broken_only": 1,
        "failing_only_their_target": 1,
        "rules_failed": 3,
        "rules_blocked": 1,
    }
    assert json_path.read_text(encoding="utf-8").count('"name"') == 4
    page = html_path.read_text(encoding="utf-8")
    assert "KILLED (not by target)" in page and "BROKEN" in page and "SURVIVED" in page
    assert "http" not in page  # self-contained: no external stylesheet, script or image


@pytest.mark.parametrize(
    "miss", [_result("b", "survived", ()), _result("b", "killed", ("HRD-03",)), _result("b", "broken", ())]
)
def test_the_command_fails_when_a_mutant_is_not_killed_by_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, miss: MutantResult
) -> None:
    # Every real mutant is killed today, so the matrix is stood in for: the exit code is under test.
    monkeypatch.setattr(
        "reference_impl.mutants.runner.run_all",
        lambda *_a, **_k: [_result("a", "killed", ("PWD-02",)), miss],
    )
    options = argparse.Namespace(only=None, jobs=2, targeted=True, report_dir=tmp_path)
    assert run_command(options, []) == 1
    assert (tmp_path / "mutants.json").exists() and (tmp_path / "mutants.html").exists()


#: The scenarios that need a driver that sees the page (Capability.SCREEN), in JUnit's spelling.
HTTP_ONLY_RULES = {"HRD-14"}
LOOK_SCENARIOS = {
    "the disable button that replaces enable for the method is red",  # an outline, one row per method
    "the code input takes 6 digits",
    "request code is shown disabled during the countdown and enabled after it",
    "the key is shown below the qr code",
    "the browser saves the recovery codes as a txt file",
}


def _words(name: str) -> str:
    return " ".join("".join(c for c in name.lower() if c.isalnum() or c == " ").split())
