"""Model-based simulation: random user journeys against any driver, checked against the documented rules.

``simulate`` runs Hypothesis-generated journeys (phrases of the suite, through
the Driver protocol only) and checks each step with an oracle built from the
documentation; a violation comes back shrunk, as a Gherkin scenario.
"""

from __future__ import annotations

from .parallel import simulate_jobs
from .runner import SimulationResult, SimulationUnusable, simulate

__all__ = ["SimulationResult", "SimulationUnusable", "journeys_per_second", "simulate", "simulate_jobs"]


def journeys_per_second(
    examples: int = 100, steps: int = 30, driver: str = "reference", jobs: int = 1
) -> float:
    """Journeys of up to ``steps`` actions per wall second, ``driver`` in ``jobs`` processes (bench)."""
    result = simulate_jobs(driver, jobs=jobs, examples=examples, steps=steps, seed_value=0)
    if result.violation is not None:
        raise AssertionError(f"the {driver} driver broke {result.violation.rule}: {result.violation.message}")
    return result.journeys_per_second
