"""Turning pytest's outcomes into conformance statuses.

* PASSED — every step held.
* FAILED — a check of the scenario's own rule failed (or the product offers no control that
  rule documents): the implementation breaks that rule.
* BLOCKED — the scenario could not be arranged: a step it relies on deviated, and that step
  belongs to *another* rule (:mod:`harness.checks`). Not checked; the blocking rule is named.
* BROKEN — anything else raised: the driver crashed, timed out, broke the protocol, or a step is missing.
* NOT-APPLICABLE — the driver lacks a capability the scenario needs.
* XFAIL — failed as the expectations manifest says it would (set at the end of the run).
"""

from __future__ import annotations

from enum import StrEnum

import pytest

from .checks import Deviation
from .errors import NotApplicable
from .marks import rule_of
from .protocol import NotOffered


class Status(StrEnum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    BLOCKED = "BLOCKED"
    BROKEN = "BROKEN"
    NOT_APPLICABLE = "NOT-APPLICABLE"
    XFAIL = "XFAIL"
    #: A rule none of whose scenarios ran (filtered out with -k/-m): rules only, never a scenario.
    NOT_RUN = "NOT-RUN"


#: Worst first: a rule takes the worst status of its scenarios.
SEVERITY = (
    Status.BROKEN,
    Status.FAILED,
    Status.BLOCKED,
    Status.NOT_APPLICABLE,
    Status.NOT_RUN,
    Status.XFAIL,
    Status.PASSED,
)
#: A gating rule in one of these was not (fully) checked: the verdict cannot be CONFORMS.
UNCHECKED = (Status.BLOCKED, Status.NOT_APPLICABLE, Status.NOT_RUN)


def worst(statuses: list[Status]) -> Status:
    if not statuses:
        return Status.NOT_RUN
    return min(statuses, key=SEVERITY.index)


def classify(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> Status | None:
    """The status one phase's report implies, or None for a passing setup/teardown."""
    if call.excinfo is None:
        return Status.PASSED if report.when == "call" else None
    if call.excinfo.errisinstance(NotApplicable):
        return Status.NOT_APPLICABLE
    if report.when != "call":
        return Status.BROKEN
    error = call.excinfo.value
    if isinstance(error, Deviation):
        return Status.FAILED if error.rule == rule_of(item)[0] else Status.BLOCKED
    if isinstance(error, (AssertionError, NotOffered)):
        return Status.FAILED
    return Status.BROKEN


def blocked_by(item: pytest.Item, call: pytest.CallInfo[None]) -> str | None:
    """The rule that kept a BLOCKED scenario from being checked."""
    error = call.excinfo.value if call.excinfo is not None else None
    if isinstance(error, Deviation) and error.rule != rule_of(item)[0]:
        return error.rule
    return None


PHASES_KEY = pytest.StashKey[list[Status]]()


def record(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> None:
    """Remember each phase's status; the teardown report carries the scenario's worst as a property.

    pytest's JUnit writer takes properties from the teardown report, so that is
    where the final status goes (and it crosses xdist with the report).
    """
    phases = item.stash.setdefault(PHASES_KEY, [])
    status = classify(item, call, report)
    if status is not None:
        phases.append(status)
    if status is Status.BLOCKED and call.excinfo is not None:
        # Not checked is not failed, for pytest and JUnit too: a skip that says who blocked it.
        report.outcome = "skipped"
        reason = f"BLOCKED by {blocked_by(item, call)} (not checked): {call.excinfo.value}"
        report.longrepr = (str(item.path), item.location[1] or 0, reason)
    if report.when == "teardown":
        report.user_properties.append(("status", worst(phases).value))
