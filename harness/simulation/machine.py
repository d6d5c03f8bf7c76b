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
#: One draw per action: its high bits pick the kind of action, its low bits the action, each spread
#: evenly over its wheel (one draw, not two: drawing is a tenth of a journey's time).
#: Far from any number written in source code: Hypothesis mixes constants found in the loaded modules
#: into its draws, which would make a seed's journeys depend on what else the process imported.
_OFFSET = 2**48
_WHEEL = 1024
_INDEX = st.integers(min_value=_OFFSET, max_value=_OFFSET + _WHEEL * _WHEEL - 1)


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
    #: The journey run last: when a driver breaks, Hypothesis replays the shrunk journey last.
    latest: ClassVar[Journey | None] = None

    def __init__(self) -> None:
        super().__init__()
        type(self).started += 1
        self.journey = Journey(self.factory[0](), self.phrases)
        type(self).latest = self.journey
        self.halted = False

    @initialize()
    def begin(self) -> None:
        self._run(self.journey.begin)

    @rule(index=_INDEX)
    def act(self, index: int) -> None:
        """One integer (cheap to draw, shrinking towards the first choice) picks a weighted action."""
        if self.halted:
            return
        kind, pick = divmod(index - _OFFSET, _WHEEL)
        chosen = _weighted(self.journey.options(), kind)
        self._run(_weighted([(option.weight, option) for option in chosen], pick).run)

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
    return type(
        "Journeys",
        (JourneyMachine,),
        {"factory": (factory,), "phrases": Phrases(), "started": 0, "latest": None},
    )
