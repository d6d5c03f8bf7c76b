"""Feature tags become pytest markers: ``@PWD-04`` → ``rule(id="PWD-04")``, ``@must`` → ``must``.

Only this controlled vocabulary is allowed (the coverage gate lints it), so a
typo in a tag is an error rather than a silently unselected scenario.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

import pytest

LEVELS: Final = ("must", "should", "hardening")
RULE_ID: Final = re.compile(r"^[A-Z]{3}-\d{2}$")


def parse_levels(text: str) -> list[str]:
    """``"Should"`` → ``["must", "should"]``: any case, MUST always gates; a ValueError says what is wrong."""
    chosen = [level.strip().lower() for level in text.split(",") if level.strip()]
    if not chosen or any(level not in LEVELS for level in chosen):
        raise ValueError(f"--levels takes a comma-separated subset of {','.join(LEVELS)}, not {text!r}")
    return [level for level in LEVELS if level in {"must", *chosen}]


#: Scenario tag of a check of how the page looks: NOT-APPLICABLE for a driver without a screen, so
#: ``-m look`` runs exactly what a browser adds (tests/test_browser_run.py).
LOOK: Final = "look"

MARKERS: Final = (
    "rule(id): the documented rule a scenario checks (select with -m \"rule(id='PWD-04')\")",
    "must: a documented rule",
    "should: a documented recommendation",
    "hardening: required by RFC 6238, NIST SP 800-63B or OWASP ASVS where the doc is silent",
    "look: a check of how the page looks, made only through a screen",
)


def register(config: pytest.Config) -> None:
    for line in MARKERS:
        config.addinivalue_line("markers", line)


def apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    """pytest-bdd's tag hook: rule IDs and levels get our markers; anything else is refused."""
    if RULE_ID.match(tag):
        pytest.mark.rule(id=tag)(function)
        return True
    if tag in (*LEVELS, LOOK):
        getattr(pytest.mark, tag)(function)
        return True
    raise pytest.UsageError(
        f"unknown tag @{tag}: use a rule ID (@PWD-04), a level ({', '.join(LEVELS)}) or @{LOOK} on a scenario"
    )


def rule_of(item: pytest.Item) -> tuple[str | None, str | None]:
    """(rule ID, level) of a collected scenario."""
    marker = item.get_closest_marker("rule")
    rule = str(marker.kwargs["id"]) if marker is not None else None
    level = next((name for name in LEVELS if item.get_closest_marker(name)), None)
    return rule, level


def record_rule_properties(items: list[pytest.Item]) -> None:
    """Rule ID and level as user properties: they reach JUnit XML, also from xdist workers."""
    for item in items:
        rule, level = rule_of(item)
        if rule:
            item.user_properties.extend([("rule", rule), ("level", level or "")])
