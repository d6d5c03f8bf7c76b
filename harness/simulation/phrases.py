"""Running a step phrase exactly as pytest-bdd would: the simulation speaks only the suite's language.

Every action of a journey is a phrase of ``harness.steps`` executed through the
same step function a feature file would reach, so a journey printed as Gherkin
replays step for step. A phrase without a step definition is a kit error,
raised at once rather than printed into a counterexample that cannot run.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .. import steps
from ..bdd import StepDefinition, step_definitions
from ..errors import KitError
from ..world import World

Keyword = Literal["Given", "When", "Then"]


class UnknownPhrase(KitError):
    """The simulation asked for a phrase that no step definition matches."""


@dataclass(frozen=True)
class _Bound:
    function: Callable[..., object]
    arguments: dict[str, Any]


def _definitions(keyword: Keyword) -> list[StepDefinition]:
    modules = {module.__name__ for module in steps.MODULES}
    kind = keyword.lower()
    return [
        context
        for context in step_definitions()
        if context.type == kind and context.step_func.__module__ in modules
    ]


class Phrases:
    """Step definitions of ``harness.steps`` by keyword, with a cache of resolved phrases."""

    def __init__(self) -> None:
        self._by_keyword = {k: _definitions(k) for k in ("Given", "When", "Then")}
        self._resolved: dict[tuple[Keyword, str], _Bound] = {}

    def has(self, keyword: Keyword, text: str) -> bool:
        return any(d.parser.is_matching(text) for d in self._by_keyword[keyword])

    def run(self, world: World, keyword: Keyword, text: str) -> None:
        """Execute ``text`` as a ``keyword`` step against ``world``; assertion errors propagate."""
        bound = self._resolved.get((keyword, text))
        if bound is None:
            bound = self._resolved[(keyword, text)] = self._bind(keyword, text)
        bound.function(world=world, **bound.arguments)

    def _bind(self, keyword: Keyword, text: str) -> _Bound:
        for definition in self._by_keyword[keyword]:
            if definition.parser.is_matching(text):
                parsed = definition.parser.parse_arguments(text) or {}
                wanted = inspect.signature(definition.step_func).parameters
                arguments = {k: v for k, v in parsed.items() if k in wanted}
                return _Bound(definition.step_func, arguments)
        raise UnknownPhrase(f"no step definition in harness.steps matches {keyword} {text!r}")
