"""``conformance mutants``: the suite against every mutant, and the kill matrix.

Exit codes: 0 every mutant was killed by the rule it targets; 1 some mutant
survived, was only BROKEN, or was killed only by other rules; 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.run import EXIT_CONFORMS, EXIT_DOES_NOT_CONFORM, EXIT_UNUSABLE

if TYPE_CHECKING:
    from .runner import MutantResult


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "mutants", help="run the suite against every mutant and write the kill matrix"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants run at once")
    parser.add_argument(
        "--targeted", action="store_true", help="run only the scenarios of each mutant's targeted rule (fast)"
    )
    parser.add_argument("--report-dir", type=Path, default=Path("reports"), help="where the reports go")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these mutants")
    parser.set_defaults(handler=run)


def run(options: argparse.Namespace, extra: list[str]) -> int:
    # Imported here, not at the top: every `conformance` command builds this parser, and the mutant
    # catalogue (every mutant class, the HTTP stack of the served ones) would cost `conformance run` 0.3 s.
    from . import report
    from .catalogue import by_name
    from .runner import run_all

    try:
        mutants = by_name(options.only)
    except KeyError as exc:
        print(f"conformance mutants: {exc.args[0]}", file=sys.stderr)
        return EXIT_UNUSABLE
    started = time.perf_counter()
    results = run_all(
        mutants, options.report_dir / "mutants", jobs=options.jobs, targeted=options.targeted, progress=_print
    )
    wall = time.perf_counter() - started
    paths = report.write(
        results, options.report_dir, targeted=options.targeted, jobs=options.jobs, wall_seconds=wall
    )
    totals = report.totals(results)
    print(
        f"\nMutants: {totals['killed']}/{totals['mutants']} killed, {totals['killed_by_target']} by their "
        f"targeted rule, {totals['survived']} not killed, in {wall:.1f} s\n  Report: {paths[1]}"
    )
    return EXIT_CONFORMS if totals["killed_by_target"] == len(results) else EXIT_DOES_NOT_CONFORM


def _print(result: MutantResult) -> None:
    mark = "ok  " if result.killed_by_target else "MISS"
    killers = ", ".join(result.killing_rules) or "-"
    print(f"{mark} {result.verdict:<8} {result.rule} {result.name:<44} killed by: {killers}", flush=True)
