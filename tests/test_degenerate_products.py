"""No MUST check passes for the wrong reason on a product that answers everything the same way (issue 16).

* A rule that passes both on a product that refuses every answer and on one that
  accepts every answer checks nothing the product decides: that list must be empty.
* A scenario that passes on a product refusing every answer at one place, yet
  fails on the product accepting every answer there, checks a refusal at that
  place with no positive control (principle 5): a product that refuses everything
  would pass it. That list must be empty too, for every place.

The products are in tests/drivers/degenerate.py; each is run once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance_runs import RunOutput, conformance_run
from tests.drivers.degenerate import AT_ONE_PLACE, Place

pytestmark = pytest.mark.slow

Scenario = tuple[str, str]  # (rule ID, scenario name)


class _Runs(dict[str, RunOutput]):
    """``runs[factory]``: the MUST suite run on that degenerate product, run on first use."""

    def __init__(self, make_dir: pytest.TempPathFactory) -> None:
        super().__init__()
        self._make_dir = make_dir

    def __missing__(self, factory: str) -> RunOutput:
        report_dir: Path = self._make_dir.mktemp(factory)
        run = conformance_run(
            report_dir, f"--driver=tests.drivers.degenerate:{factory}", "--levels=must", "--", "-m", "must"
        )
        assert run.rules_with("BROKEN") == set(), f"{factory} broke the run:\n{run.output[-2000:]}"
        self[factory] = run
        return run


@pytest.fixture(scope="module")
def must_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunOutput]:
    return _Runs(tmp_path_factory)


def scenarios_with(run: RunOutput, status: str) -> set[Scenario]:
    """The MUST scenarios of ``run`` that ended with ``status``."""
    return {
        (rule["id"], scenario["name"])
        for rule in run.summary["rules"]
        if rule["level"] == "must"
        for scenario in rule["scenarios"]
        if scenario["status"] == status
    }


def test_no_must_rule_passes_on_both_the_refusing_and_the_accepting_product(
    must_run: dict[str, RunOutput],
) -> None:
    refusing, accepting = must_run["RefusesEverything"], must_run["AcceptsEverything"]
    holes = (refusing.rules_with("PASSED") & accepting.rules_with("PASSED")) - {
        rule["id"] for rule in refusing.summary["rules"] if rule["level"] != "must"
    }
    assert not holes, (
        f"MUST rules that pass whether the product refuses or accepts everything: {sorted(holes)}"
    )


@pytest.mark.parametrize("place", list(Place), ids=lambda place: place.name.lower())
def test_every_refusal_check_has_a_positive_control(must_run: dict[str, RunOutput], place: Place) -> None:
    refusing, accepting = (must_run[factory] for factory in AT_ONE_PLACE[place])
    unguarded = scenarios_with(refusing, "PASSED") & scenarios_with(accepting, "FAILED")
    listing = "\n  ".join(f"{rule}: {name}" for rule, name in sorted(unguarded))
    assert not unguarded, (
        f"these scenarios check a refusal at the {place.value} but pass on a product that refuses "
        f"every answer there (no positive control):\n  {listing}"
    )


def test_a_product_whose_close_does_nothing_does_not_conform(tmp_path: Path) -> None:
    """APP-11: "Once the dialog is closed they are not shown again": a Close leaving them shown breaks it."""
    run = conformance_run(tmp_path, "--driver=tests.drivers.degenerate:CloseDoesNothing", "--levels=must")
    assert "APP-11" in run.rules_with("FAILED"), f"exit {run.exit_code}: {run.summary['verdict']}"
    assert run.exit_code == 1
