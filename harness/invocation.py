"""The one pytest command line that runs the suite: ``conformance run`` and the mutant runner share it."""

from __future__ import annotations

import argparse
from pathlib import Path

from .features import PYTEST_INI, SUITE


def pytest_args(options: argparse.Namespace, extra: list[str]) -> list[str]:
    report_dir: Path = options.report_dir
    args = [
        str(SUITE),
        "-c",
        str(PYTEST_INI),
        "--rootdir",
        str(SUITE.parent),
        f"--driver={options.driver}",
        f"--levels={options.levels}",
        f"--report-dir={report_dir.resolve()}",
        "-q",
    ]
    if options.expectations:
        args.append(f"--expectations={options.expectations}")
    salt = getattr(options, "data_salt", None)  # the mutant runner leaves it out: fresh data each run
    if salt is not None:
        args.append(f"--data-salt={salt}")
    return args + extra
