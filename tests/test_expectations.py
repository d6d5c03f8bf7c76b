"""The expectations manifest: an entry excuses the one failure it lists, and nothing the kit does not know."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness import expectations
from harness.expectations import Expectation, ManifestError
from harness.results import ScenarioResult
from tests.conformance_runs import ROOT

WRONG = "A wrong current password is refused and changes nothing"
FORMER = "A former password is not accepted as the current one"
REFUSED = "Then the change is refused"
UNCHANGED = "And Alice's password is unchanged"


def result(
    name: str, status: str = "FAILED", failing_step: str | None = REFUSED, rule: str = "PWD-04"
) -> ScenarioResult:
    return ScenarioResult(
        nodeid=f"test_security_settings.py::{name}",
        name=name,
        feature="Change password",
        feature_file="features/02_change_password.feature",
        line=57,
        rule=rule,
        rule_title="",
        level="must",
        status=status,
        message="expected it to be refused" if status == "FAILED" else "",
        failing_step=failing_step if status == "FAILED" else None,
        steps=[],
        duration=0.0,
        expectation=None,
    )


def listed(scenario: str = WRONG, step: str = REFUSED) -> Expectation:
    return Expectation(rule="PWD-04", reason="BUG-1", scenario=scenario, step=step)


# -- matching -----------------------------------------------------------------------------------------


def test_a_scenario_entry_does_not_excuse_another_scenario_of_the_same_rule() -> None:
    wrong, former = result(WRONG), result(FORMER)
    stale = expectations.apply([listed()], [wrong, former])
    assert (wrong["status"], wrong["expectation"]) == ("XFAIL", "BUG-1")
    assert (former["status"], former["expectation"]) == ("FAILED", None)
    assert stale == []


def test_a_scenario_entry_does_not_excuse_its_scenario_failing_at_another_step() -> None:
    moved = result(WRONG, failing_step=UNCHANGED)
    [stale] = expectations.apply([listed()], [moved])
    assert moved["status"] == "FAILED" and moved["expectation"] is None
    assert WRONG in stale and "update the entry" in stale and UNCHANGED in stale


def test_the_step_is_the_same_whatever_its_keyword() -> None:
    """`expectations update` writes the keyword the report shows; "And X" continues a "Then"."""
    failure = result(WRONG, failing_step="And the change is refused")
    expectations.apply([listed(step="Then the change is refused")], [failure])
    assert failure["status"] == "XFAIL"


def test_a_rule_entry_excuses_every_failure_of_the_rule_and_is_reported_broad() -> None:
    entry = Expectation(rule="PWD-04", reason="BUG-1")
    failures = [result(WRONG), result(FORMER, failing_step=UNCHANGED)]
    assert expectations.apply([entry], failures) == []
    assert {r["status"] for r in failures} == {"XFAIL"}
    [warning] = expectations.broad([entry, listed()])
    assert warning.startswith("expectation for PWD-04 covers the whole rule")


@pytest.mark.parametrize(
    ("entry", "outcome", "stale"),
    [
        pytest.param(
            listed(), result(WRONG, status="PASSED"), "passes now: delete the entry", id="passes now"
        ),
        pytest.param(Expectation("PWD-04", "BUG-1"), result(WRONG, "PASSED"), "passes now", id="rule passes"),
        pytest.param(listed(), result(FORMER), None, id="its scenario did not run"),
        pytest.param(listed(), result(WRONG, status="BROKEN"), None, id="not checked"),
        pytest.param(listed(), result(WRONG, status="NOT-APPLICABLE"), None, id="not applicable"),
    ],
)
def test_an_entry_is_stale_only_when_its_scenario_ran_and_no_longer_fails_there(
    entry: Expectation, outcome: ScenarioResult, stale: str | None
) -> None:
    found = expectations.apply([entry], [outcome])
    if stale is None:
        assert found == []
    else:
        [sentence] = found
        assert stale in sentence and "PWD-04" in sentence


def test_staleness_is_judged_after_every_entry_is_applied() -> None:
    """Two entries of one scenario (two rows of an outline, say): each is judged on what is left."""
    first, second = listed(step=REFUSED), listed(step=UNCHANGED)
    row_passes, row_fails = result(WRONG, status="PASSED"), result(WRONG, failing_step=UNCHANGED)
    [stale] = expectations.apply([first, second], [row_passes, row_fails])
    assert row_fails["status"] == "XFAIL"
    assert REFUSED in stale and "no longer fails there" in stale


# -- loading ------------------------------------------------------------------------------------------


def manifest(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "expectations.toml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = f'rule = "PWD-04"\nscenario = "{WRONG}"\nstep = "{REFUSED}"\nreason = "BUG-1"\n'


def entry(rule: str = "PWD-04", step: str = REFUSED) -> str:
    return f'[[expected_failure]]\nrule = "{rule}"\nscenario = "{WRONG}"\nstep = "{step}"\nreason = "x"\n'


def test_a_scenario_entry_loads_against_the_suite(tmp_path: Path) -> None:
    entries = expectations.load(manifest(tmp_path, f"[[expected_failure]]\n{ENTRY}"))
    assert entries == [listed()]
    assert not entries[0].broad


def test_an_outline_step_matches_any_example_value(tmp_path: Path) -> None:
    outline = "A new password that follows the recommendation is accepted"
    step = 'When Alice changes her password to "Tr0ub4dor&3xy" on her laptop'
    text = f'[[expected_failure]]\nrule = "PWD-05"\nscenario = "{outline}"\nstep = \'{step}\'\nreason = "x"\n'
    [entry] = expectations.load(manifest(tmp_path, text))
    assert entry.step == step


@pytest.mark.parametrize(
    ("text", "says"),
    [
        pytest.param(f"[[expected_failures]]\n{ENTRY}", "unknown table or key expected_failures", id="table"),
        pytest.param(
            f'reason = "x"\n[[expected_failure]]\n{ENTRY}', "unknown table or key reason", id="top key"
        ),
        pytest.param(f'[[expected_failure]]\n{ENTRY}reson = "y"\n', "unknown key 'reson'", id="key"),
        pytest.param(
            '[[expected_failure]]\nrule = "PWD-99"\nreason = "x"\n', "PWD-99 is not a rule", id="rule"
        ),
        pytest.param(
            entry(rule="PWD-02"),
            f'PWD-02 has no scenario named "{WRONG}"',
            id="scenario of another rule",
        ),
        pytest.param(
            entry(step="Then it rains"),
            'has no step "Then it rains"',
            id="step",
        ),
        pytest.param(
            f'[[expected_failure]]\nrule = "PWD-04"\nscenario = "{WRONG}"\nreason = "x"\n',
            "'scenario' and 'step' go together",
            id="scenario without step",
        ),
        pytest.param('[[expected_failure]]\nscenario = "x"\nreason = "x"\n', "needs a 'rule'", id="no rule"),
        pytest.param(
            f"[[expected_failure]]\n{ENTRY}\n[[expected_failure]]\n{ENTRY}", "listed twice", id="twice"
        ),
        pytest.param(
            '[[expected_failure]]\nrule = "PWD-04"\nreason = "REASON NEEDED: say why"\n',
            "placeholder",
            id="placeholder",
        ),
        pytest.param("[[expected_failure]\n", "cannot read", id="not TOML"),
    ],
)
def test_what_the_kit_does_not_know_is_a_manifest_error_in_one_line(
    tmp_path: Path, text: str, says: str
) -> None:
    with pytest.raises(ManifestError) as raised:
        expectations.load(manifest(tmp_path, text))
    message = str(raised.value)
    assert says in message and "\n" not in message and str(tmp_path) in message


# -- writing ------------------------------------------------------------------------------------------


def test_render_lists_each_failing_scenario_at_its_step_and_keeps_reasons(tmp_path: Path) -> None:
    run = [
        {**result(WRONG), "status": "XFAIL"},
        result(FORMER, failing_step=UNCHANGED),
        result(FORMER, failing_step=UNCHANGED),  # a second row of the same failure: one entry
        result(
            "A successful change shows today as the date of the last change", status="PASSED", rule="PWD-02"
        ),
    ]
    previous = [Expectation(rule="PWD-04", reason="BUG-1", scenario=WRONG, step=REFUSED)]
    path = manifest(tmp_path, expectations.render(run, previous))
    entries = expectations.load_lenient(path)
    assert entries == [
        Expectation("PWD-04", "BUG-1", WRONG, REFUSED),
        Expectation("PWD-04", expectations.NEW_REASON, FORMER, UNCHANGED),
    ]


def test_render_carries_a_rule_entrys_reason_to_the_scenarios_it_excused(tmp_path: Path) -> None:
    text = expectations.render([result(WRONG), result(FORMER)], [Expectation("PWD-04", "BUG-7")])
    entries = expectations.load(manifest(tmp_path, text))
    assert [(e.scenario, e.reason) for e in entries] == [(WRONG, "BUG-7"), (FORMER, "BUG-7")]
    assert not any(e.broad for e in entries)


def test_the_documented_example_is_a_valid_manifest(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "interpreting-a-report.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", doc, flags=re.DOTALL)
    [entry] = expectations.load(manifest(tmp_path, example))
    assert (entry.rule, entry.broad) == ("EML-05", False)
