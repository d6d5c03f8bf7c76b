"""How Hypothesis chooses a journey: one list of integers, one per action; the Journey runs and checks it.

A journey is drawn as a plain ``@given`` list rather than through Hypothesis's
``RuleBasedStateMachine``: the machine had one rule with one integer, and the
stateful runner's per-step bookkeeping (choosing among rules, arguments,
printing steps) cost more than a whole journey's drawing does this way — an
empty machine of that shape ran 125 journeys a second on one core (29 Nov 2026;
an earlier note gave 250, not reproduced), an empty list of thirty integers
runs over 500. Shrinking works on the list as it did on the steps: every action
shrinks towards the smallest integer, which does nothing, so a shrunk journey
keeps only the actions the violation needs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from hypothesis import strategies as st

from ..loading import DriverFactory
from .journey import Halted, Journey
from .oracle import Violation
from .phrases import Phrases

T = TypeVar("T")
#: One draw per action: its high bits pick the kind of action, its low bits the action, each spread
#: evenly over its wheel. Far from any number written in the kit's source: Hypothesis mixes constants
#: found in the loaded modules into its draws, which would make a seed's journeys depend on what else
#: the process imported. 2**48 and 2**48 + 1 are among Hypothesis's own fixed constants (powers of two
#: and their neighbours), so about one action in forty is no action and another the first action of
#: the first kind: fixed, so a seed's journeys stay the same.
_OFFSET = 2**48
_WHEEL = 1024
#: The smallest draw is no action: it is what every action the violation does not need shrinks to.
_NOTHING = _OFFSET
_ACTION = st.integers(min_value=_NOTHING, max_value=_OFFSET + _WHEEL * _WHEEL)


def actions(steps: int) -> st.SearchStrategy[list[int]]:
    """A journey's choices: ``steps`` draws, each an action or (about one in forty, and when shrunk) none."""
    return st.lists(_ACTION, min_size=steps, max_size=steps)


def _weighted(choices: Sequence[tuple[int, T]], index: int) -> T:
    """The choice ``index`` lands on when each takes ``weight`` slots of a wheel."""
    slot = index % sum(weight for weight, _ in choices)
    for weight, choice in choices:
        if slot < weight:
            return choice
        slot -= weight
    raise AssertionError("unreachable: the slot is within the total weight")


class Journeys:
    """Runs one journey per list of choices, each against a fresh driver from ``factory``."""

    def __init__(self, factory: DriverFactory) -> None:
        self.factory = factory
        self.phrases = Phrases()
        #: Journeys started, for the journeys-per-second figure.
        self.started = 0
        #: The journey run last: when a driver breaks, Hypothesis replays the shrunk journey last.
        self.latest: Journey | None = None

    def run(self, choices: Sequence[int]) -> None:
        """One journey: its start, then each chosen action until the doc leaves the state open."""
        self.started += 1
        journey = self.latest = Journey(self.factory(), self.phrases)
        try:
            if not self._ran(journey, journey.begin):
                return
            for index in choices:
                if index == _NOTHING:
                    continue
                kind, pick = divmod(index - _NOTHING - 1, _WHEEL)
                chosen = _weighted(journey.options(), kind)
                action = _weighted([(option.weight, option) for option in chosen], pick)
                if not self._ran(journey, action.run):
                    return
        finally:
            journey.driver.close()

    @staticmethod
    def _ran(journey: Journey, action: Callable[[], None]) -> bool:
        """Run ``action``; False when the journey halts without a verdict (a correct lock-out, say)."""
        try:
            action()
        except Halted:
            return False
        except Violation as violation:
            journey.fail(violation)
            violation.lines = list(journey.lines)
            raise
        return True
