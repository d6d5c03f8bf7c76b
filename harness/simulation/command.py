"""``conformance simulate``: random journeys against a driver; a violation is printed as Gherkin.

Exit codes: 0 no violation found; 1 a documented rule was broken (the shrunk
journey is printed and saved under ``--report-dir``/counterexamples/); 2 the
driver cannot be simulated (it does not load, breaks, or lacks clock or outbox).

Standard output depends only on the driver, the seed and ``--jobs`` (the same
arguments print the same text); the wall time and rate go to standard error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..loading import DEFAULT_DRIVER, load_factory
from ..run import EXIT_CONFORMS, EXIT_DOES_NOT_CONFORM, EXIT_UNUSABLE


def add_parser(commands: Any) -> None:
    simulate_parser = commands.add_parser(
        "simulate", help="random user journeys checked against the documented rules"
    )
    simulate_parser.add_argument("--driver", default=DEFAULT_DRIVER, help="module:factory, or 'reference'")
    simulate_parser.add_argument("--examples", type=_positive, default=100, help="journeys to try (100)")
    simulate_parser.add_argument("--steps", type=_positive, default=30, help="most actions a journey (30)")
    simulate_parser.add_argument("--seed", type=int, default=0, help="same seed, same journeys (0)")
    simulate_parser.add_argument(
        "--jobs", type=int, default=1, help="processes, each with its share of the journeys (1)"
    )
    simulate_parser.add_argument(
        "--report-dir", type=Path, default=Path("reports"), help="counterexamples go to DIR/counterexamples/"
    )
    simulate_parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    """A count of 1 or more: zero journeys would report "no violation" having checked nothing."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"takes 1 or more, not {value}")
    return value


def run(options: argparse.Namespace, extra: list[str]) -> int:
    if os.getcwd() not in sys.path:  # `--driver mydriver:create` from the directory the user stands in
        sys.path.insert(0, os.getcwd())
    if options.jobs < 1:
        print(f"conformance simulate: --jobs takes a number from 1 up, not {options.jobs}", file=sys.stderr)
        return EXIT_UNUSABLE
    load_factory(options.driver)  # a driver that does not load stops here, before any process starts
    from .parallel import simulate_jobs  # here, not at the top: `conformance run` never pays for Hypothesis
    from .runner import SimulationUnusable

    jobs = f" --jobs {options.jobs}" if options.jobs > 1 else ""
    in_jobs = f", {options.jobs} jobs" if options.jobs > 1 else ""
    origin = f"Found by `conformance simulate --driver {options.driver} --seed {options.seed}{jobs}`."
    try:
        result = simulate_jobs(
            options.driver,
            jobs=options.jobs,
            examples=options.examples,
            steps=options.steps,
            seed_value=options.seed,
            report_dir=options.report_dir,
            origin=origin,
        )
    except SimulationUnusable as exc:
        print(f"conformance simulate: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"{result.seconds:.1f} s, {result.journeys_per_second:.0f} journeys/s", file=sys.stderr)
    ran = f"{result.journeys} journeys, seed {options.seed}{in_jobs}"
    if result.violation is None:
        print(f"Simulation: no violation ({ran}).")
        return EXIT_CONFORMS
    violation = result.violation
    print(f"Simulation: {violation.rule} broken ({ran}). Shrunk journey:\n")
    print(result.feature)
    if not violation.reproduced:
        print("Note: no step phrase states this check, so the scenario above ends before the broken promise.")
    print(f"Saved to {result.feature_path}")
    return EXIT_DOES_NOT_CONFORM
