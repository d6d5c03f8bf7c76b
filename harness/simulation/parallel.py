"""``--jobs N``: the same simulation spread over N processes, merged as if it had run in one.

Hypothesis runs one journey at a time, so a second core only helps if a second
process runs journeys of its own. Seeds are partitioned, not shared: job 0 runs
with the seed the user gave (``--jobs 1`` is exactly the plain run) and job ``i``
with a seed derived from it, each over its share of ``--examples``. The merge
waits for every job and keeps the violation of the lowest-numbered job that
found one, so the same seed and the same number of jobs give the same journeys,
the same verdict and the same counterexample, whichever process finished first.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..loading import load_factory
from . import gherkin
from .oracle import Violation
from .runner import SimulationResult, SimulationUnusable, simulate


def job_seed(seed_value: int, job: int) -> int:
    """The seed of job ``job``: the user's seed for job 0, a fixed derivation of it for the others."""
    if job == 0:
        return seed_value
    digest = hashlib.sha256(f"{seed_value}/{job}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def shares(examples: int, jobs: int) -> list[int]:
    """``examples`` split over ``jobs`` as evenly as possible, the first jobs taking the remainder."""
    base, extra = divmod(examples, jobs)
    return [base + (1 if job < extra else 0) for job in range(jobs)]


@dataclass(frozen=True)
class _Found:
    """A violation as plain data: it crosses the process boundary (an AssertionError would not pickle)."""

    rule: str
    message: str
    then: tuple[str, ...]
    reproduced: bool
    lines: tuple[tuple[str, str], ...]

    def violation(self) -> Violation:
        violation = Violation(self.rule, self.message, self.then)
        violation.reproduced = self.reproduced
        violation.lines = list(self.lines)
        return violation


@dataclass(frozen=True)
class _JobResult:
    journeys: int
    found: _Found | None = None
    unusable: str | None = None


def _run_job(driver: str, examples: int, steps: int, seed_value: int) -> _JobResult:
    """One partition, in a worker process."""
    try:
        result = simulate(load_factory(driver), examples=examples, steps=steps, seed_value=seed_value)
    except SimulationUnusable as exc:
        return _JobResult(0, unusable=str(exc))
    v = result.violation
    if v is None:
        return _JobResult(result.journeys)
    lines = tuple((keyword, text) for keyword, text in v.lines)
    return _JobResult(result.journeys, _Found(v.rule, v.message, v.then, v.reproduced, lines))


def simulate_jobs(
    driver: str,
    *,
    jobs: int,
    examples: int = 100,
    steps: int = 30,
    seed_value: int = 0,
    report_dir: Path | None = None,
    origin: str = "",
) -> SimulationResult:
    """Run the simulation of ``driver`` (a ``--driver`` string) in ``jobs`` processes and merge it."""
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if jobs == 1:
        return simulate(
            load_factory(driver),
            examples=examples,
            steps=steps,
            seed_value=seed_value,
            report_dir=report_dir,
            origin=origin,
        )
    started = time.perf_counter()
    # fork where the platform has it: workers inherit the loaded kit and driver instead of importing again.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    partition = [(share, job_seed(seed_value, job)) for job, share in enumerate(shares(examples, jobs))]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [
            pool.submit(_run_job, driver, share, steps, job_seed_value)
            for share, job_seed_value in partition
            if share > 0
        ]
        results = [future.result() for future in futures]
    seconds = time.perf_counter() - started
    unusable = next((r.unusable for r in results if r.unusable is not None), None)
    if unusable is not None:
        raise SimulationUnusable(unusable)
    journeys = sum(r.journeys for r in results)
    found = next((r.found for r in results if r.found is not None), None)
    if found is None:
        return SimulationResult(journeys, seconds)
    result = SimulationResult(journeys, seconds, found.violation())
    origin = origin or f"Found by `conformance simulate --seed {seed_value} --jobs {jobs}`."
    result.feature = gherkin.render(found.rule, found.message, found.lines, origin)
    if report_dir is not None:
        result.feature_path = gherkin.save(result.feature, report_dir, found.rule)
    return result
