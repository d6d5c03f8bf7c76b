"""Model-based simulation: random user journeys against any driver, checked against the documented rules.

``simulate`` runs Hypothesis-generated journeys (phrases of the suite, through
the Driver protocol only) and checks each step with an oracle built from the
documentation; a violation comes back shrunk, as a Gherkin scenario.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .parallel import simulate_jobs
    from .runner import SimulationResult, SimulationUnusable, simulate

__all__ = ["SimulationResult", "SimulationUnusable", "journeys_per_second", "simulate", "simulate_jobs"]
#: Imported on first use: Hypothesis and the journeys cost a second that ``conformance run`` never needs.
_LAZY = {
    "simulate_jobs": ".parallel",
    "SimulationResult": ".runner",
    "SimulationUnusable": ".runner",
    "simulate": ".runner",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_LAZY[name], __name__), name)


def journeys_per_second(
    examples: int = 100, steps: int = 30, driver: str = "reference", jobs: int = 1
) -> float:
    """Journeys of up to ``steps`` actions per wall second, ``driver`` in ``jobs`` processes (bench)."""
    from .parallel import simulate_jobs

    result = simulate_jobs(driver, jobs=jobs, examples=examples, steps=steps, seed_value=0)
    if result.violation is not None:
        raise AssertionError(f"the {driver} driver broke {result.violation.rule}: {result.violation.message}")
    return result.journeys_per_second
