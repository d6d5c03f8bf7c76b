"""Turning pytest's outcomes into conformance statuses.

* PASSED — every step held.
* FAILED — a Then (or Given) step's assertion failed: the implementation broke a rule.
* BROKEN — anything else raised: the driver crashed, timed out, broke the protocol, or a step is missing.
* NOT-APPLICABLE — the driver lacks a capability the scenario needs.
* XFAIL — failed as the expectations manifest says it would (set by the runner).
"""

from __future__ import annotations

from enum import StrEnum

import pytest

from .errors import NotApplicable


class Status(StrEnum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    BROKEN = "BROKEN"
    NOT_APPLICABLE = "NOT-APPLICABLE"
    XFAIL = "XFAIL"


#: Worst first: a rule takes the worst status of its scenarios.
SEVERITY = (Status.BROKEN, Status.FAILED, Status.XFAIL, Status.NOT_APPLICABLE, Status.PASSED)


def worst(statuses: list[Status]) -> Status:
    if not statuses:
        return Status.NOT_APPLICABLE
    return min(statuses, key=SEVERITY.index)


def classify(call: pytest.CallInfo[None], report: pytest.TestReport) -> Status | None:
    """The status one phase's report implies, or None for a passing setup/teardown."""
    if call.excinfo is None:
        return Status.PASSED if report.when == "call" else None
    if call.excinfo.errisinstance(NotApplicable):
        return Status.NOT_APPLICABLE
    if report.when == "call" and call.excinfo.errisinstance(AssertionError):
        return Status.FAILED
    return Status.BROKEN


PHASES_KEY = pytest.StashKey[list[Status]]()


def record(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> None:
    """Remember each phase's status; the teardown report carries the scenario's worst as a property.

    pytest's JUnit writer takes properties from the teardown report, so that is
    where the final status goes (and it crosses xdist with the report).
    """
    phases = item.stash.setdefault(PHASES_KEY, [])
    status = classify(call, report)
    if status is not None:
        phases.append(status)
    if report.when == "teardown":
        final = worst(phases)
        if final is Status.FAILED and EXPECTED_KEY in item.stash:
            final = Status.XFAIL
        report.user_properties.append(("status", final.value))


#: Set on a scenario whose failure the expectations manifest lists (the value is the reason).
EXPECTED_KEY = pytest.StashKey[str]()


def mark_expected(
    item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport, reason: str
) -> None:
    """A listed failure is reported to pytest (and so to JUnit XML) as an xfail with the manifest's reason."""
    if report.when == "call" and classify(call, report) is Status.FAILED:
        item.stash[EXPECTED_KEY] = reason
        report.outcome = "skipped"
        report.wasxfail = reason
