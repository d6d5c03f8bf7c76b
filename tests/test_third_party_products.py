"""Products shaped like real third-party frameworks get the verdict the documentation gives them.

Each product of tests/drivers/third_party.py is the reference with one ordinary
deviation. The suite must fail exactly the rules that deviation breaks, block (naming
the right rule) what it makes unreachable, pass the rest, say DOES NOT CONFORM and
break nothing. The expected outcomes are in tests/third_party_expectations.py,
written from the doc; this test only compares.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance_runs import RunOutput, conformance_run
from tests.drivers.third_party import PRODUCTS
from tests.third_party_expectations import EXPECTED, Expected

pytestmark = pytest.mark.slow

GATING = ("must", "should")


def documented_rules(run: RunOutput) -> dict[str, dict[str, Any]]:
    """The MUST and SHOULD rules of the run, by ID (hardening is the standards', not the doc's)."""
    return {rule["id"]: rule for rule in run.summary["rules"] if rule["level"] in GATING}


def differences(expected: Expected, run: RunOutput) -> list[str]:
    """Every way the run differs from the expectation, one line each, in rule order."""
    rules = documented_rules(run)
    failed = {rule_id for rule_id, rule in rules.items() if rule["status"] == "FAILED"}
    lines = []
    for rule_id, rule in rules.items():
        status = rule["status"]
        if rule_id in expected.failed:
            want = "FAILED"
        elif rule_id in expected.blocked:
            want = "BLOCKED"
        else:
            want = "PASSED"
        if status != want:
            lines.append(f"{rule_id}: {status}, expected {want} — {_why(expected, rule_id)}{_first(rule)}")
        elif want == "BLOCKED":
            named = set(rule.get("blocked_by") or ())
            allowed = expected.blocked[rule_id].by
            if not named or not named <= allowed or not named <= failed:
                lines.append(
                    f"{rule_id}: blocked by {sorted(named)}, expected one of {sorted(allowed)}, each FAILED"
                )
    missing = (set(expected.failed) | set(expected.blocked)) - set(rules)
    lines += [f"{rule_id}: not in the run" for rule_id in sorted(missing)]
    return lines


def _why(expected: Expected, rule_id: str) -> str:
    if rule_id in expected.failed:
        return expected.failed[rule_id]
    if rule_id in expected.blocked:
        return expected.blocked[rule_id].why
    return "the deviation does not touch it"


def _first(rule: dict[str, Any]) -> str:
    """The first scenario that is not PASSED, with its step and message, to read the difference by."""
    for scenario in rule["scenarios"]:
        if scenario["status"] != "PASSED":
            step = scenario.get("failing_step") or ""
            message = " ".join(str(scenario.get("message") or "").split())[:160]
            return f"\n      [{scenario['status']}] {scenario['name']} | {step} | {message}"
    return ""


def test_every_product_has_an_expectation() -> None:
    assert set(PRODUCTS) == set(EXPECTED)


@pytest.mark.parametrize("product", PRODUCTS)
def test_a_third_party_product_gets_the_documented_verdict(tmp_path: Path, product: str) -> None:
    run = conformance_run(tmp_path, f"--driver=tests.drivers.third_party:{product}", "--levels=must,should")
    expected = EXPECTED[product]
    broken = run.rules_with("BROKEN")
    found = differences(expected, run)
    report = "\n  ".join(found)
    assert not broken, f"{product} ({expected.deviation}): BROKEN rules {sorted(broken)}\n  {report}"
    assert not found, f"{product} ({expected.deviation}) differs from the doc's verdict:\n  {report}"
    assert run.exit_code == 1, f"{product}: exit {run.exit_code}, expected 1 (DOES NOT CONFORM)"
