"""Running ``conformance run`` in a subprocess and reading what it wrote (shared by several tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.run import SURFACES

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class RunOutput:
    exit_code: int
    output: str
    report_dir: Path

    @property
    def summary(self) -> dict[str, Any]:
        return json.loads((self.report_dir / "summary.json").read_text(encoding="utf-8"))

    def rules_with(self, status: str) -> set[str]:
        return {r["id"] for r in self.summary["rules"] if r["status"] == status}

    def scenario_statuses(self) -> set[str]:
        """Every scenario's status but the checks of a surface the driver does not reach.

        The page-look checks (a driver without a screen) and the checks of HTTP answers (a driver that
        does not talk HTTP) are NOT-APPLICABLE by design for such drivers; tests/test_browser_run.py and
        the HTTP runs (tests/test_http_suite.py) make them.
        """
        return {s["status"] for r in self.summary["rules"] for s in r["scenarios"] if not needs_a_surface(s)}


def needs_a_surface(scenario: dict[str, Any]) -> bool:
    """Was the scenario NOT-APPLICABLE only for a surface the driver does not reach (harness.run.SURFACES)?"""
    return scenario["status"] == "NOT-APPLICABLE" and scenario.get("needs") in SURFACES


def conformance_run(report_dir: Path, *args: str, timeout: float = 300) -> RunOutput:
    completed = subprocess.run(
        [sys.executable, "-m", "harness.cli", "run", f"--report-dir={report_dir}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    return RunOutput(completed.returncode, completed.stdout + completed.stderr, report_dir)
