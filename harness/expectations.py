"""The expected-failure manifest: known failures, each with a reason, that do not fail the run.

``expectations.toml``::

    [[expected_failure]]
    rule = "EML-05"
    scenario = "Request Code is locked while the countdown runs"
    step = "Then the request is refused"
    reason = "Request Code unlocks after 30 s, not 60; fix scheduled (JIRA-1234)"

An entry names one failure: the scenario (by its rule ID and name) and the
step it fails at, so a *different* defect of the same rule — another scenario,
or the same scenario failing at another step — still fails the run. An entry
with ``rule`` alone excuses every failure of that rule: it is accepted as a
shorthand and reported as broad. A listed failure becomes XFAIL. An entry
whose scenarios pass now, or fail at another step, is *stale* and fails the
run, so the manifest never outlives the bug. Anything the kit does not know —
a table, a key, a rule ID, a scenario name, a step — is a manifest error.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogue import load_features
from .errors import KitError
from .results import ScenarioResult
from .status import Status

#: Written by ``expectations update`` for new entries; a manifest still holding it does not load.
PLACEHOLDER = "REASON NEEDED"
NEW_REASON = f"{PLACEHOLDER}: write why this failure is expected"
TABLE = "expected_failure"
KEYS = ("rule", "scenario", "step", "reason")
_KEYWORD = re.compile(r"^(?:Given|When|Then|And|But|\*)\s+")
_FAILING = (Status.FAILED.value, Status.XFAIL.value)
#: Statuses that say whether a failure is still there (BROKEN, NOT-APPLICABLE, ... do not).
_CONCLUDED = (Status.PASSED.value, *_FAILING)

#: rule ID -> scenario name -> the texts of its steps (Background included, outline placeholders kept).
Suite = Mapping[str, Mapping[str, tuple[str, ...]]]


class ManifestError(KitError):
    """The manifest is not valid: the run is unusable (exit 2)."""


def step_text(step: str) -> str:
    """A step without its keyword: "Then X" and "And X" name the same step."""
    return _KEYWORD.sub("", step.strip(), count=1)


@dataclass(frozen=True)
class Expectation:
    """One entry: a rule, or a scenario of it and the step it fails at."""

    rule: str
    reason: str
    scenario: str | None = None
    step: str | None = None

    @property
    def broad(self) -> bool:
        """A rule-level entry excuses any failure of the rule, including ones nobody has seen yet."""
        return self.scenario is None

    def covers(self, result: ScenarioResult) -> bool:
        """Is ``result`` the scenario this entry is about (whatever it did)?"""
        return result["rule"] == self.rule and (self.scenario is None or result["name"] == self.scenario)

    def matches(self, result: ScenarioResult) -> bool:
        """Is ``result`` the very failure this entry lists?"""
        if not self.covers(result) or result["status"] not in _FAILING:
            return False
        failing = result.get("failing_step")
        return self.step is None or (failing is not None and step_text(failing) == step_text(self.step))

    def describe(self) -> str:
        if self.scenario is None:
            return f"for {self.rule}"
        return f'for {self.rule} "{self.scenario}" at "{self.step}"'


def load_lenient(path: Path) -> list[Expectation]:
    """Like :func:`load`, but keeps entries whose reason is still the placeholder (for updating)."""
    return load(path, allow_placeholder=True)


def load(path: Path, allow_placeholder: bool = False, suite: Suite | None = None) -> list[Expectation]:
    """The manifest's entries, each checked against the suite (default: the kit's feature files)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"cannot read the expectations manifest {path}: {exc}") from exc
    unknown = sorted(set(data) - {TABLE})
    if unknown:
        raise ManifestError(
            f"{path}: unknown table or key {', '.join(unknown)}: a manifest holds only [[{TABLE}]] entries"
        )
    entries = data.get(TABLE, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ManifestError(f"{path}: '{TABLE}' must be an array of tables, [[{TABLE}]]")
    known = suite if suite is not None else suite_index()
    found: list[Expectation] = []
    for number, entry in enumerate(entries, start=1):
        try:
            expectation = _entry(entry, known, allow_placeholder)
        except ManifestError as exc:
            raise ManifestError(f"{path}: entry {number}: {exc}") from None
        if any(_key(expectation) == _key(e) for e in found):
            raise ManifestError(f"{path}: entry {number}: {expectation.describe()} is listed twice")
        found.append(expectation)
    return found


def _entry(entry: dict[str, Any], suite: Suite, allow_placeholder: bool) -> Expectation:
    unknown = sorted(set(entry) - set(KEYS))
    if unknown:
        raise ManifestError(f"unknown key {', '.join(map(repr, unknown))} (an entry takes {', '.join(KEYS)})")
    rule, scenario, step, reason = (str(entry[k]).strip() if k in entry else None for k in KEYS)
    if not rule or not reason:
        raise ManifestError("needs a 'rule' and a 'reason'")
    if bool(scenario) != bool(step):
        raise ManifestError("'scenario' and 'step' go together: the scenario and the step it fails at")
    if reason.startswith(PLACEHOLDER) and not allow_placeholder:
        raise ManifestError(f"{rule} still has the placeholder reason: write why this failure is expected")
    if rule not in suite:
        raise ManifestError(f"{rule} is not a rule of the suite (see `conformance rules`)")
    if scenario and step:
        if scenario not in suite[rule]:
            raise ManifestError(f'{rule} has no scenario named "{scenario}"')
        if not any(_step_pattern(known).fullmatch(step_text(step)) for known in suite[rule][scenario]):
            raise ManifestError(f'scenario "{scenario}" of {rule} has no step "{step}"')
        return Expectation(rule=rule, reason=reason, scenario=scenario, step=step)
    return Expectation(rule=rule, reason=reason)


def _key(entry: Expectation) -> tuple[str, str | None, str]:
    """What an entry lists: two entries with the same key list the same failure."""
    return entry.rule, entry.scenario, step_text(entry.step or "")


def _step_pattern(text: str) -> re.Pattern[str]:
    """A step of the feature file; an outline's ``<placeholder>`` stands for any example value."""
    return re.compile(".*".join(re.escape(part) for part in re.split(r"<[^<>]+>", text)), re.S)


def suite_index() -> dict[str, dict[str, tuple[str, ...]]]:
    """Every rule ID of the feature files with its scenarios and their steps (for checking entries)."""
    index: dict[str, dict[str, tuple[str, ...]]] = {}
    for feature in load_features():
        background = tuple(text for _, text in feature.background_steps)
        for rule in feature.rules:
            for rule_id in rule.ids:
                scenarios = index.setdefault(rule_id, {})
                for scenario in rule.scenarios:
                    steps = background + tuple(text for _, text in scenario.steps)
                    scenarios[scenario.name] = scenarios.get(scenario.name, ()) + steps
    return index


def apply(expectations: list[Expectation], results: list[ScenarioResult]) -> list[str]:
    """Turn listed failures into XFAIL; return the stale entries, each as a sentence.

    Stale is judged after every entry is applied, and only on scenarios that ran to a conclusion:
    a scenario filtered out, BROKEN or not applicable says nothing about the entry either way.
    """
    matched = {id(e): [r for r in results if e.matches(r)] for e in expectations}
    for expectation in expectations:
        for result in matched[id(expectation)]:
            result["status"], result["expectation"] = Status.XFAIL.value, expectation.reason
    stale = []
    for expectation in expectations:
        covered = [r for r in results if expectation.covers(r)]
        if matched[id(expectation)] or not covered or any(r["status"] not in _CONCLUDED for r in covered):
            continue
        elsewhere = [r for r in covered if r["status"] == Status.FAILED.value]
        if elsewhere:
            stale.append(
                f"expectation {expectation.describe()} no longer matches: the scenario fails at "
                f'"{elsewhere[0]["failing_step"]}" now: update the entry'
            )
        elif all(r["status"] == Status.PASSED.value for r in covered):
            stale.append(f"expectation {expectation.describe()} passes now: delete the entry")
        else:
            stale.append(f"expectation {expectation.describe()} no longer fails there: delete the entry")
    return stale


def broad(expectations: Iterable[Expectation]) -> list[str]:
    """A warning for each rule-level entry: it would also excuse a new defect of that rule."""
    return [
        f"expectation for {e.rule} covers the whole rule: list its failing scenarios and steps instead "
        "(`conformance expectations update` writes them)"
        for e in expectations
        if e.broad
    ]


def render(results: Iterable[Mapping[str, Any]], previous: list[Expectation]) -> str:
    """A manifest listing every failing scenario of a run at its failing step, keeping reasons written.

    ``results`` are summary.json's scenarios with their ``rule``. A reason carries over from an entry
    for the same failure, or from a rule-level entry of the same rule.
    """
    reasons = {_key(e): e.reason for e in previous}
    lines = [
        "# Expected failures, each at the step it fails at, with a reason.",
        "# Regenerate with `conformance expectations update`.",
        "",
    ]
    seen: set[tuple[str, str | None, str]] = set()
    for result in results:
        step = result.get("failing_step")
        if result["status"] not in _FAILING:
            continue
        if not step:
            lines += [f'# {result["rule"]} "{result["name"]}" failed outside any step: not listed', ""]
            continue
        key = (result["rule"], result["name"], step_text(step))
        if key in seen:  # the rows of an outline failing at the same step: one entry
            continue
        seen.add(key)
        reason = reasons.get(key) or reasons.get((key[0], None, "")) or NEW_REASON
        lines += [
            f"[[{TABLE}]]",
            f"rule = {_toml_string(result['rule'])}",
            f"scenario = {_toml_string(result['name'])}",
            f"step = {_toml_string(step)}",
            f"reason = {_toml_string(reason)}",
            "",
        ]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'
