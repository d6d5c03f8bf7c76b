"""A finished run: metadata, scenario and rule results, and the verdict with its exit code.

Exit codes (also in README.md):

* 0 — the implementation conforms at the gating levels (default: must);
* 1 — it does not: an unexpected FAILED scenario at a gating level, or a stale expectation;
* 2 — the run is unusable: a BROKEN scenario, a driver that cannot be loaded, a usage error;
* 130 — the run was interrupted (Ctrl-C): whatever ran, it is no verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from .catalogue import DocumentedRule
from .results import ScenarioResult
from .status import Status, worst

EXIT_CONFORMS, EXIT_DOES_NOT_CONFORM, EXIT_UNUSABLE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it


class RuleResult(TypedDict):
    id: str
    level: str
    section: str
    sentence: str
    title: str
    status: str
    scenarios: list[str]


class Metadata(TypedDict):
    kit_version: str
    protocol_version: str
    driver: str
    levels: list[str]
    started: str
    finished: str
    simulated_seconds: float
    wall_seconds: float


@dataclass
class Run:
    metadata: Metadata
    scenarios: list[ScenarioResult]
    documented: dict[str, DocumentedRule]
    stale_expectations: list[str] = field(default_factory=list)
    #: Rule-level entries of the manifest: each would also excuse a new defect of its rule.
    expectation_warnings: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def rules(self) -> list[RuleResult]:
        by_rule: dict[str, list[ScenarioResult]] = {}
        for result in self.scenarios:
            by_rule.setdefault(result["rule"], []).append(result)
        rules = []
        for rule_id, results in by_rule.items():
            doc = self.documented.get(rule_id)
            rules.append(
                RuleResult(
                    id=rule_id,
                    level=results[0]["level"],
                    section=doc.section if doc else results[0]["feature"],
                    sentence=doc.sentence if doc else "",
                    title=results[0]["rule_title"],
                    status=worst([Status(r["status"]) for r in results]).value,
                    scenarios=[r["name"] for r in results],
                )
            )
        return sorted(rules, key=lambda r: _rule_order(r["id"], self.documented))

    @property
    def gating(self) -> set[str]:
        return set(self.metadata["levels"])

    def unexpected_failures(self) -> list[ScenarioResult]:
        return [r for r in self.scenarios if r["status"] == Status.FAILED.value and r["level"] in self.gating]

    def broken(self) -> list[ScenarioResult]:
        return [r for r in self.scenarios if r["status"] == Status.BROKEN.value]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.broken() or not self.scenarios:
            return EXIT_UNUSABLE
        if self.unexpected_failures() or self.stale_expectations:
            return EXIT_DOES_NOT_CONFORM
        return EXIT_CONFORMS

    @property
    def verdict(self) -> str:
        return {
            EXIT_CONFORMS: "CONFORMS",
            EXIT_DOES_NOT_CONFORM: "DOES NOT CONFORM",
            EXIT_UNUSABLE: "RUN UNUSABLE",
            EXIT_INTERRUPTED: "INTERRUPTED",
        }[self.exit_code]

    def counts(self) -> dict[str, dict[str, int]]:
        """Rules per level and status, for the terminal summary and the report header."""
        table: dict[str, dict[str, int]] = {}
        for rule in self.rules:
            row = table.setdefault(rule["level"], {s.value: 0 for s in Status})
            row[rule["status"]] += 1
        return table


def _rule_order(rule_id: str, documented: dict[str, DocumentedRule]) -> tuple[int, str]:
    order = list(documented)
    return (order.index(rule_id) if rule_id in documented else len(order), rule_id)
