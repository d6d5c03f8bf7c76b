"""The verdict as the terminal shows it: counts, then one entry per root cause, then what was not checked.

Read by a person at the end of ``conformance run``; built from summary.json (the same data
every other report has). A deviation that blocked other rules is printed once, with the rules
it blocked, so one defect reads as one defect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..status import SEVERITY, Status

#: Column order: good news first, as in the HTML report.
COLUMNS = (
    Status.PASSED,
    Status.FAILED,
    Status.BLOCKED,
    Status.BROKEN,
    Status.NOT_APPLICABLE,
    Status.NOT_RUN,
    Status.XFAIL,
)


def render_summary(summary: dict[str, Any], report_dir: Path) -> str:
    gating: list[str] = summary["metadata"]["levels"]
    lines = ["", f"Conformance: {summary['verdict']} (gating on {', '.join(gating)})"]
    lines.append(f"  {'rules':<10}" + "".join(f"{s.value:>15}" for s in COLUMNS))
    for level, row in summary["counts"].items():
        lines.append(f"  {level:<10}" + "".join(f"{row.get(s.value, 0):>15}" for s in COLUMNS))
    rules: list[dict[str, Any]] = summary["rules"]
    blocked_by_cause = _blocked_by_cause(rules)
    for rule in sorted(rules, key=lambda r: SEVERITY.index(Status(r["status"]))):
        status = Status(rule["status"])
        if status in (Status.FAILED, Status.BROKEN):
            lines += _failure(rule, gating, blocked_by_cause.get(rule["id"], []))
    unchecked: dict[tuple[str, str], list[str]] = {}
    for rule in rules:
        if rule["level"] in gating and Status(rule["status"]) in (Status.NOT_APPLICABLE, Status.NOT_RUN):
            unchecked.setdefault((rule["status"], _why_unchecked(rule)), []).append(rule["id"])
    for (label, why), ids in unchecked.items():
        lines.append(f"  {label:<8} {', '.join(ids)}: {why}")
    for cause, blocked in blocked_by_cause.items():
        if not any(r["id"] == cause and r["status"] in ("FAILED", "BROKEN") for r in rules):
            lines.append(f"  BLOCKED  {', '.join(blocked)}: blocked by {cause}, {_first_block(rules, cause)}")
    for stale in summary["stale_expectations"]:
        lines.append(f"  STALE    expectation {stale}")
    lines.append(f"  Report: {report_dir / 'conformance.html'}")
    return "\n".join(lines)


def _failure(rule: dict[str, Any], gating: list[str], blocks: list[str]) -> list[str]:
    # A failure at a level the run does not gate on (hardening, by default) is a warning.
    label = "WARNING" if rule["status"] == "FAILED" and rule["level"] not in gating else rule["status"]
    lines = [f"  {label:<8} {rule['id']} ({rule['level']}): {rule['title'] or rule['sentence']}"]
    failing = next((s for s in rule["scenarios"] if s["status"] == rule["status"]), None)
    if failing is not None:
        where = f'at "{failing["failing_step"]}": ' if failing.get("failing_step") else ""
        lines.append(f"           {where}{failing['message']}")
    if blocks:
        lines.append(f"           and so blocked: {', '.join(blocks)}")
    return lines


def _blocked_by_cause(rules: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Blocking rule → the rules it kept from being checked (a rule may be blocked by several)."""
    causes: dict[str, list[str]] = {}
    for rule in rules:
        if rule["status"] == Status.BLOCKED.value:
            for cause in rule.get("blocked_by", []):
                causes.setdefault(cause, []).append(rule["id"])
    return causes


def _first_block(rules: list[dict[str, Any]], cause: str) -> str:
    for rule in rules:
        for scenario in rule["scenarios"]:
            blocked = scenario.get("blocked_by")
            if blocked and blocked["rule"] == cause:
                return f'at "{blocked["step"]}": {blocked["message"]}'
    return ""


def _why_unchecked(rule: dict[str, Any]) -> str:
    if rule["status"] == Status.NOT_RUN.value:
        return "not run (filtered out of this run)"
    reasons = {s["message"] for s in rule["scenarios"] if s["status"] == Status.NOT_APPLICABLE.value}
    return "; ".join(sorted(reasons)) or "not applicable to this driver"
