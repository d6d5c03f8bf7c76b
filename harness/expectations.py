"""The expected-failure manifest: known failures, each with a reason, that do not fail the run.

``expectations.toml``::

    [[expected_failure]]
    rule = "EML-05"                      # or: scenario = "<scenario name>"
    reason = "Request Code unlocks after 90 s; fix scheduled (JIRA-1234)"

A listed scenario that fails becomes XFAIL. An entry whose scenarios all pass
now is *stale* and fails the run, so the manifest never outlives the bug.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import KitError
from .results import ScenarioResult
from .status import Status

#: Written by ``expectations update`` for new entries; a manifest still holding it does not load.
PLACEHOLDER = "REASON NEEDED"


class ManifestError(KitError):
    """The manifest is not valid: the run is unusable (exit 2)."""


@dataclass(frozen=True)
class Expectation:
    key: str  # "rule" or "scenario"
    value: str
    reason: str

    def matches(self, result: ScenarioResult) -> bool:
        return result["rule"] == self.value if self.key == "rule" else result["name"] == self.value

    def describe(self) -> str:
        return f'{self.key} = "{self.value}"'


def load_lenient(path: Path) -> list[Expectation]:
    """Like :func:`load`, but keeps entries whose reason is still the placeholder (for updating)."""
    return load(path, allow_placeholder=True)


def load(path: Path, allow_placeholder: bool = False) -> list[Expectation]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"cannot read the expectations manifest {path}: {exc}") from exc
    entries = data.get("expected_failure", [])
    if not isinstance(entries, list):
        raise ManifestError(f"{path}: 'expected_failure' must be an array of tables")
    expectations = []
    for number, entry in enumerate(entries, start=1):
        keys = [k for k in ("rule", "scenario") if k in entry]
        reason = str(entry.get("reason", "")).strip()
        if len(keys) != 1 or not reason:
            raise ManifestError(
                f"{path}: entry {number} needs exactly one of 'rule'/'scenario' and a 'reason'"
            )
        if reason.startswith(PLACEHOLDER) and not allow_placeholder:
            raise ManifestError(f"{path}: entry {number} ({entry[keys[0]]}) still has the placeholder reason")
        expectations.append(Expectation(key=keys[0], value=str(entry[keys[0]]), reason=reason))
    return expectations


def expected(expectations: list[Expectation], rule: str, name: str) -> Expectation | None:
    """The entry that lists a scenario, by its rule ID or its name."""
    probe = ScenarioResult(rule=rule, name=name)  # type: ignore[typeddict-item]
    return next((e for e in expectations if e.matches(probe)), None)


def apply(expectations: list[Expectation], results: list[ScenarioResult]) -> list[str]:
    """Turn listed failures into XFAIL; return the stale entries, each as a sentence."""
    stale = []
    for expectation in expectations:
        matched = [r for r in results if expectation.matches(r)]
        failing = [r for r in matched if r["status"] in (Status.FAILED.value, Status.XFAIL.value)]
        for result in failing:
            result["status"], result["expectation"] = Status.XFAIL.value, expectation.reason
        if not matched:
            stale.append(f"{expectation.describe()} matches no scenario: delete the entry")
        elif not failing and all(r["status"] == Status.PASSED.value for r in matched):
            stale.append(f"{expectation.describe()} passes now: delete the entry")
    return stale


def render(results: list[ScenarioResult], previous: list[Expectation]) -> str:
    """A manifest that lists every failing rule of a run, keeping reasons already written."""
    reasons = {(e.key, e.value): e.reason for e in previous}
    failing_rules = sorted({r["rule"] for r in results if r["status"] in ("FAILED", "XFAIL")})
    lines = [
        "# Expected failures: each entry needs a reason. Regenerate with `conformance expectations update`.",
        "",
    ]
    for rule in failing_rules:
        reason = reasons.get(("rule", rule), f"{PLACEHOLDER}: write why this failure is expected")
        lines += ["[[expected_failure]]", f'rule = "{rule}"', f"reason = {_toml_string(reason)}", ""]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
