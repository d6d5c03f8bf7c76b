"""Running the state machine with fixed settings, and turning its end into a result."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings

from ..errors import DriverBroken, KitError, NotApplicable
from ..guard import GuardedDriver
from ..loading import DriverFactory
from ..protocol import Capability
from . import gherkin
from .machine import Journeys, actions
from .oracle import Violation


class SimulationUnusable(KitError):
    """The driver cannot be simulated: it breaks, or lacks a control the journeys need."""


@dataclass
class SimulationResult:
    journeys: int
    seconds: float
    violation: Violation | None = None
    feature: str | None = None
    feature_path: Path | None = None

    @property
    def journeys_per_second(self) -> float:
        return self.journeys / self.seconds if self.seconds else 0.0


def simulate(
    factory: DriverFactory,
    *,
    examples: int = 100,
    steps: int = 30,
    seed_value: int = 0,
    report_dir: Path | None = None,
    origin: str = "",
) -> SimulationResult:
    """Run ``examples`` journeys of up to ``steps`` actions; the same seed gives the same journeys."""
    _check_usable(factory)
    journeys = Journeys(factory)
    options = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        print_blob=False,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
    )
    test = seed(seed_value)(options(given(actions(steps))(journeys.run)))
    started = time.perf_counter()
    try:
        test()
    except Violation as violation:
        result = SimulationResult(journeys.started, time.perf_counter() - started, violation)
        origin = origin or f"Found by `conformance simulate --seed {seed_value}`."
        result.feature = gherkin.render(violation.rule, violation.message, violation.lines, origin)
        if report_dir is not None:
            result.feature_path = gherkin.save(result.feature, report_dir, violation.rule)
        return result
    except (DriverBroken, NotApplicable) as exc:
        raise SimulationUnusable(f"the driver broke during a journey: {exc}{_journey(journeys)}") from exc
    except Exception as exc:  # a step raised something no rule or protocol check explains
        raise SimulationUnusable(
            f"a journey step raised {type(exc).__name__}: {exc}{_journey(journeys)}"
        ) from exc
    return SimulationResult(journeys.started, time.perf_counter() - started)


def _journey(journeys: Journeys) -> str:
    """The (shrunk) journey that got there, its last line the one that broke, to replay by hand."""
    lines = gherkin.scenario_lines(journeys.latest.lines) if journeys.latest is not None else []
    if not lines:
        return ""
    lines[-1] += "    <- broke here"
    return "\nThe journey that got there:\n" + "\n".join(f"  {line}" for line in lines)


def _check_usable(factory: DriverFactory) -> None:
    try:
        driver = GuardedDriver(factory())
    except DriverBroken as exc:
        raise SimulationUnusable(str(exc)) from exc
    except Exception as exc:
        raise SimulationUnusable(f"the driver factory raised {type(exc).__name__}: {exc}") from exc
    missing = {Capability.CLOCK_CONTROL, Capability.OUTBOX} - driver.capabilities
    driver.close()
    if missing:
        raise SimulationUnusable(f"journeys need {', '.join(sorted(missing))}; the driver does not offer it")
