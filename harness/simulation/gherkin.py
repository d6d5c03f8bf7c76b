"""A shrunk journey as a ready-to-paste Gherkin scenario, under the Rule it broke."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path

from ..catalogue import all_rules, load_catalogue, load_features

COUNTEREXAMPLES = "counterexamples"


@functools.cache
def _titles() -> dict[str, str]:
    return {rule.id: rule.title for rule in all_rules(load_features())}


def scenario_lines(lines: Sequence[tuple[str, str]]) -> list[str]:
    """Steps with Given/When/Then, repeated keywords written as And."""
    out, previous = [], ""
    for keyword, text in lines:
        out.append(f"{'And' if keyword == previous else keyword} {text}")
        previous = keyword
    return out


def render(rule: str, message: str, lines: Sequence[tuple[str, str]], origin: str) -> str:
    """A whole .feature file: one Rule tagged with the broken rule's ID and level, one Scenario."""
    level = load_catalogue()[rule].level if rule in load_catalogue() else "must"
    title = _titles().get(rule, rule)
    name = message if len(message) <= 90 else message[:87] + "..."
    steps = "\n".join(f"      {line}" for line in scenario_lines(lines))
    return (
        f"Feature: Counterexample from the simulation\n"
        f"  {origin}\n"
        f"  It breaks {rule}: {message}\n\n"
        f"  @{rule} @{level}\n"
        f"  Rule: {title}\n\n"
        f"    Scenario: {rule} {name}\n"
        f"{steps}\n"
    )


def save(feature: str, report_dir: Path, rule: str) -> Path:
    """Write ``feature`` to report_dir/counterexamples/<rule>-<hash>.feature (same text, same file)."""
    folder = report_dir / COUNTEREXAMPLES
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(feature.encode()).hexdigest()[:10]
    path = folder / f"{rule}-{digest}.feature"
    path.write_text(feature, encoding="utf-8")
    return path
