"""One result model for every report: what each scenario did, rule by rule.

Built on the controller from the test reports (so it is the same serial or
under xdist): the plugin attaches a plain-data ``conformance`` dict to each
report, xdist carries it across, and :class:`Collector` merges the phases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict

import pytest

from .bdd import scenario_report
from .checks import Deviation
from .errors import NotApplicable
from .protocol import NotOffered
from .status import Status, blocked_by, classify, worst


class StepResult(TypedDict):
    keyword: str
    text: str
    line: int
    status: str  # passed | failed | skipped
    duration: float


class BlockedBy(TypedDict):
    """Why a BLOCKED scenario was not checked: the rule whose behaviour deviated, where, and how."""

    rule: str
    step: str
    message: str


class EvidenceFiles(TypedDict):
    """What a driver that sees the page kept of a failing step (harness/evidence.py), under the report
    directory: paths relative to it, so the reports can link them wherever the directory is moved."""

    #: The PNG screenshot of the page at the failing step; None when the driver had no page to show.
    screenshot: str | None
    #: Files that show how the scenario got there (a Playwright trace per device), for the links.
    files: list[str]
    #: Why some evidence is missing (the driver's evidence() raised, or gave no PNG); "" when none is.
    problem: str


class ScenarioResult(TypedDict):
    nodeid: str
    name: str
    feature: str
    feature_file: str
    line: int
    rule: str
    rule_title: str
    level: str
    status: str
    message: str
    failing_step: str | None
    steps: list[StepResult]
    duration: float
    expectation: str | None
    blocked_by: BlockedBy | None
    #: The capability a NOT-APPLICABLE scenario needed and the driver lacks ("clock_control", "screen").
    needs: str | None
    #: A FAILED or BROKEN scenario's screenshot and traces, from a driver that keeps them (absent otherwise).
    evidence: NotRequired[EvidenceFiles]


def scenario_data(item: pytest.Item) -> dict[str, Any] | None:
    """The scenario's name, feature and steps, from pytest-bdd's own bookkeeping."""
    report = scenario_report(item)
    if report is None:
        return None
    data = report.serialize()
    steps: list[StepResult] = []
    failed_seen = False
    for step in data["steps"]:
        # pytest-bdd marks the failing step and every later one failed; only the first really failed.
        # A step that never finished (a NOT-APPLICABLE skip inside it) has no duration.
        if step["failed"] and not failed_seen:
            status, failed_seen = "failed", True
        elif failed_seen or step["duration"] <= 0:
            status = "skipped"
        else:
            status = "passed"
        steps.append(
            StepResult(
                keyword=step["keyword"],
                text=step["name"],
                line=step["line_number"],
                status=status,
                duration=step["duration"],
            )
        )
    executed = {s["line"] for s in steps}
    for unreached in report.scenario.steps:  # never reached (after a skip, or an error in setup)
        if unreached.line_number not in executed:
            steps.append(
                StepResult(
                    keyword=unreached.keyword,
                    text=unreached.name,
                    line=unreached.line_number,
                    status="skipped",
                    duration=0.0,
                )
            )
    return {
        "name": data["name"],
        "feature": data["feature"]["name"],
        "feature_file": data["feature"]["rel_filename"],
        "line": data["line_number"],
        "rule_title": data.get("rule", {}).get("name", ""),
        "steps": steps,
    }


def attach(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> None:
    """Put everything the reports need on ``report`` as plain data (it crosses xdist)."""
    status = classify(item, call, report)
    props = dict(report.user_properties)
    report.conformance = {  # type: ignore[attr-defined]
        "status": status.value if status else None,
        "blocked_by": blocked_by(item, call) if status is Status.BLOCKED else None,
        "needs": _needs(call) if status is Status.NOT_APPLICABLE else None,
        "rule": props.get("rule", ""),
        "level": props.get("level", ""),
        "scenario": scenario_data(item) if report.when in ("call", "setup") else None,
        "simulated_seconds": float(str(props.get("simulated_seconds", 0.0)))
        if report.when == "teardown"
        else 0.0,
        "message": _message(call, report)
        if status in (Status.FAILED, Status.BLOCKED, Status.BROKEN, Status.NOT_APPLICABLE)
        else "",
    }


def _needs(call: pytest.CallInfo[None]) -> str | None:
    error = call.excinfo.value if call.excinfo is not None else None
    return error.capability.value if isinstance(error, NotApplicable) else None


def _message(call: pytest.CallInfo[None], report: pytest.TestReport) -> str:
    """A plain sentence: the check's own message, never a Python repr or pytest's introspection."""
    error = call.excinfo.value if call.excinfo is not None else None
    if isinstance(error, (Deviation, NotOffered)):
        return str(error)
    if isinstance(error, NotApplicable):
        return str(error.msg).removeprefix("NOT-APPLICABLE: ")
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        text = str(crash.message)
        if text.startswith("AssertionError: "):
            # The step's own sentence, without pytest's introspection (which holds object addresses).
            return text.removeprefix("AssertionError: ").split("\nassert ", 1)[0]
        return text
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, reason)
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return str(report.longrepr or "")


@dataclass
class Collector:
    """Merges setup/call/teardown reports into one ScenarioResult per scenario."""

    results: dict[str, ScenarioResult] = field(default_factory=dict)
    simulated_seconds: float = 0.0

    def add(self, report: pytest.TestReport) -> None:
        data = getattr(report, "conformance", None)
        if not data or not data["rule"]:
            return
        self.simulated_seconds += data["simulated_seconds"]
        result = self.results.get(report.nodeid)
        if result is None:
            result = self.results[report.nodeid] = ScenarioResult(
                nodeid=report.nodeid,
                name="",
                feature="",
                feature_file="",
                line=0,
                rule=data["rule"],
                rule_title="",
                level=data["level"],
                status=Status.PASSED.value,
                message="",
                failing_step=None,
                steps=[],
                duration=0.0,
                expectation=None,
                blocked_by=None,
                needs=None,
            )
        result["duration"] += report.duration
        if data["scenario"] and (report.when == "call" or not result["steps"]):
            result.update(data["scenario"])
        if data["status"]:
            merged = worst([Status(result["status"]), Status(data["status"])])
            if merged.value != result["status"] or not result["message"]:
                result["message"] = data["message"] or result["message"]
            result["status"] = merged.value
        failed = [s for s in result["steps"] if s["status"] == "failed"]
        result["failing_step"] = f"{failed[0]['keyword']} {failed[0]['text']}" if failed else None
        if data.get("needs"):
            result["needs"] = data["needs"]
        if data.get("evidence"):
            result["evidence"] = data["evidence"]
        if data.get("blocked_by") and result["status"] == Status.BLOCKED.value:
            result["blocked_by"] = BlockedBy(
                rule=data["blocked_by"], step=result["failing_step"] or "", message=result["message"]
            )
        elif result["status"] != Status.BLOCKED.value:
            result["blocked_by"] = None

    def ordered(self) -> list[ScenarioResult]:
        return sorted(self.results.values(), key=lambda r: (r["feature_file"], r["line"], r["nodeid"]))
