"""The Hypothesis state machine: it only chooses the next action; the Journey runs and checks it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, TypeVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from ..loading import DriverFactory
from .journey import Halted, Journey
from .oracle import Violation
from .phrases import Phrases

T = TypeVar("T")
_INDEX = st.integers(min_value=0, max_value=2**24 - 1)
#: The low part of the integer picks the group, the rest the action within it.
_GROUP_SPREAD = 2**8


def _weighted(choices: Sequence[tuple[int, T]], index: int) -> T:
    """The choice ``index`` lands on when each takes ``weight`` slots of a wheel."""
    slot = index % sum(weight for weight, _ in choices)
    for weight, choice in choices:
        if slot < weight:
            return choice
        slot -= weight
    raise AssertionError("unreachable: the slot is within the total weight")


class JourneyMachine(RuleBasedStateMachine):
    """One example = one journey against a fresh driver from ``factory``."""

    #: The driver factory, boxed so it is not taken for a method.
    factory: ClassVar[tuple[DriverFactory]]
    phrases: ClassVar[Phrases]
    #: Journeys started in this process, for the journeys-per-second figure.
    started: ClassVar[int] = 0

    def __init__(self) -> None:
        super().__init__()
        type(self).started += 1
        self.journey = Journey(self.factory[0](), self.phrases)
        self.halted = False

    @initialize()
    def begin(self) -> None:
        self._run(self.journey.begin)

    @rule(choice=_INDEX)
    def act(self, choice: int) -> None:
        """One plain integer (cheap to draw, shrinking towards the first choice) picks a weighted action."""
        if self.halted:
            return
        chosen = _weighted(self.journey.options(), choice)
        self._run(_weighted([(option.weight, option) for option in chosen], choice // _GROUP_SPREAD).run)

    def teardown(self) -> None:
        self.journey.driver.close()

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Halted:
            self.halted = True  # a state the doc leaves open: the journey ends without a verdict
        except Violation as violation:
            self.journey.fail(violation)
            violation.lines = list(self.journey.lines)
            raise


def machine_for(factory: DriverFactory) -> type[JourneyMachine]:
    """A JourneyMachine class bound to ``factory`` (Hypothesis instantiates it without arguments)."""
    return type("Journeys", (JourneyMachine,), {"factory": (factory,), "phrases": Phrases(), "started": 0})
