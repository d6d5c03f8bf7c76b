"""A finished run: metadata, scenario and rule results, and the verdict with its exit code.

Exit codes (also in README.md):

* 0 — CONFORMS: every rule at the gating levels ran, and each PASSED (or failed as expected);
* 1 — DOES NOT CONFORM: an unexpected FAILED scenario at a gating level, or a stale expectation;
* 2 — RUN UNUSABLE: a BROKEN scenario, a driver that cannot be loaded, a usage error;
* 3 — INCOMPLETE: nothing failed, but some gating rule was not checked (NOT-APPLICABLE, BLOCKED,
  or NOT-RUN because -k/-m filtered it out);
* 130 — INTERRUPTED (Ctrl-C).

MUST always gates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from .catalogue import DocumentedRule
from .protocol import Capability
from .results import ScenarioResult
from .status import UNCHECKED, Status, worst

EXIT_CONFORMS, EXIT_DOES_NOT_CONFORM, EXIT_UNUSABLE, EXIT_INCOMPLETE = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
VERDICTS = {
    EXIT_CONFORMS: "CONFORMS",
    EXIT_DOES_NOT_CONFORM: "DOES NOT CONFORM",
    EXIT_UNUSABLE: "RUN UNUSABLE",
    EXIT_INCOMPLETE: "INCOMPLETE",
    EXIT_INTERRUPTED: "INTERRUPTED",
}


class RuleResult(TypedDict):
    id: str
    level: str
    section: str
    sentence: str
    title: str
    status: str
    scenarios: list[str]
    #: The rules whose deviation kept this rule's scenarios from being checked.
    blocked_by: list[str]
    #: Advice to the reader: its status is that of a related check, not of the sentence itself.
    advice: bool


class Metadata(TypedDict):
    kit_version: str
    protocol_version: str
    driver: str
    levels: list[str]
    data_salt: str
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
    #: The run was stopped (Ctrl-C) before every selected scenario ran.
    interrupted: bool = False
    #: Rule-level entries of the manifest: each would also excuse a new defect of its rule.
    expectation_warnings: list[str] = field(default_factory=list)

    @property
    def rules(self) -> list[RuleResult]:
        """Every rule of the catalogue (a rule none of whose scenarios ran is NOT-RUN), then any other."""
        by_rule: dict[str, list[ScenarioResult]] = {}
        for result in self.scenarios:
            by_rule.setdefault(result["rule"], []).append(result)
        rules = []
        for rule_id in [*self.documented, *(r for r in by_rule if r not in self.documented)]:
            doc, results = self.documented.get(rule_id), by_rule.get(rule_id, [])
            judged = [r for r in results if not _surface_unseen(r)] or results
            blockers = {b["rule"] for r in results if (b := r["blocked_by"]) is not None}
            rules.append(
                RuleResult(
                    id=rule_id,
                    level=doc.level if doc else results[0]["level"],
                    section=doc.section if doc else results[0]["feature"],
                    sentence=doc.sentence if doc else "",
                    title=results[0]["rule_title"] if results else "",
                    status=worst([Status(r["status"]) for r in judged]).value,
                    scenarios=[r["name"] for r in results],
                    blocked_by=sorted(blockers, key=lambda b: _rule_order(b, self.documented)),
                    advice=doc.advice if doc else False,
                )
            )
        return rules

    @property
    def gating(self) -> set[str]:
        return {"must", *self.metadata["levels"]}

    def unexpected_failures(self) -> list[ScenarioResult]:
        return [r for r in self.scenarios if r["status"] == Status.FAILED.value and r["level"] in self.gating]

    def broken(self) -> list[ScenarioResult]:
        return [r for r in self.scenarios if r["status"] == Status.BROKEN.value]

    def unchecked(self) -> list[RuleResult]:
        """Gating rules that were not (fully) checked: each keeps the verdict from CONFORMS.

        A rule all of whose scenarios need a surface the driver does not reach (``_surface_unseen``) is
        reported NOT-APPLICABLE but does not count here: the product behind this driver has no such
        surface to check, as an API-only driver sees no page.
        """
        surface_only = {
            rule
            for rule in {r["rule"] for r in self.scenarios}
            if all(_surface_unseen(r) for r in self.scenarios if r["rule"] == rule)
        }
        return [
            r
            for r in self.rules
            if r["level"] in self.gating and Status(r["status"]) in UNCHECKED and r["id"] not in surface_only
        ]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.broken() or not self.scenarios:
            return EXIT_UNUSABLE
        if self.unexpected_failures() or self.stale_expectations:
            return EXIT_DOES_NOT_CONFORM
        if self.unchecked():
            return EXIT_INCOMPLETE
        return EXIT_CONFORMS

    @property
    def verdict(self) -> str:
        return VERDICTS[self.exit_code]

    def counts(self) -> dict[str, dict[str, int]]:
        """Rules per level and status, for the terminal summary and the report header."""
        table: dict[str, dict[str, int]] = {}
        for rule in self.rules:
            row = table.setdefault(rule["level"], {s.value: 0 for s in Status})
            row[rule["status"]] += 1
        return table


#: Capabilities that are a surface of the product (a page, HTTP answers) rather than a test control.
SURFACES = frozenset({Capability.SCREEN.value, Capability.HTTP.value})


def _surface_unseen(result: ScenarioResult) -> bool:
    """A check of a surface (red, 6 digits, below the QR code; an HTTP header field) that a driver not
    reaching that surface cannot make.

    Such a scenario stays NOT-APPLICABLE, and reports list it, but it does not make its rule
    unchecked: the look is the one part of a sentence only a screen shows, the caching of an answer
    the one part only HTTP shows, and a kit whose in-process runs could never be complete would teach
    teams to ignore INCOMPLETE. Any other missing capability (the clock, the outbox) is a test control
    the team can add, and still leaves the rule unchecked.
    """
    return result["status"] == Status.NOT_APPLICABLE.value and result["needs"] in SURFACES


def _rule_order(rule_id: str, documented: dict[str, DocumentedRule]) -> tuple[int, str]:
    order = list(documented)
    return (order.index(rule_id) if rule_id in documented else len(order), rule_id)
