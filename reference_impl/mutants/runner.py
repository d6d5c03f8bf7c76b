"""Run the suite against mutants, each in its own pytest process, and read back what failed.

A mutant is KILLED when its run reports FAILED for some rule; a run with only
BROKEN scenarios did not catch the defect, it crashed on it, so it is BROKEN
(not killed); a run where everything held is SURVIVED. Each run is the same
pytest invocation ``conformance run`` makes, with the mutant as ``--driver``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from harness.invocation import pytest_args
from harness.status import Status

from .base import Mutant
from .factories import driver_spec

KILLED, SURVIVED, BROKEN, NO_RUN = "killed", "survived", "broken", "no-run"
FAILED, BROKEN_STATUS, BLOCKED = Status.FAILED.value, Status.BROKEN.value, Status.BLOCKED.value
#: Plugins of other installed packages the suite never uses; skipping them halves a run's start-up.
QUIET_PLUGINS = ("-p", "no:schemathesis", "-p", "no:anyio")
RUN_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Failure:
    rule: str
    scenario: str
    message: str


@dataclass(frozen=True)
class ScenarioOutcome:
    rule: str
    scenario: str
    status: str
    message: str


@dataclass(frozen=True)
class MutantResult:
    name: str
    rule: str
    description: str
    verdict: str
    #: Rules with a FAILED scenario: the ones that caught the mutant.
    killing_rules: tuple[str, ...]
    broken_rules: tuple[str, ...]
    killed_by_target: bool
    seconds: float
    failures: tuple[Failure, ...] = field(default=())
    #: Rules the mutant kept from being checked (BLOCKED, never FAILED): one defect, read as one.
    blocked_rules: tuple[str, ...] = ()

    @property
    def fails_only_its_target(self) -> bool:
        """The goal: the defect shows up as a failure of the rule it breaks and of no other."""
        return self.killing_rules == (self.rule,)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "fails_only_its_target": self.fails_only_its_target}


@dataclass(frozen=True)
class SuiteRun:
    """What one pytest run of the suite reported: each scenario's rule, status and first message line."""

    exit_code: int
    output: str
    scenarios: tuple[ScenarioOutcome, ...]

    @property
    def ran(self) -> bool:
        return bool(self.scenarios)

    def rules_with(self, status: str) -> tuple[str, ...]:
        """Rules with at least one scenario of ``status``: one FAILED scenario is enough to catch a defect."""
        return tuple(dict.fromkeys(s.rule for s in self.scenarios if s.status == status))

    def failures(self) -> tuple[Failure, ...]:
        return tuple(
            Failure(s.rule, s.scenario, s.message)
            for s in self.scenarios
            if s.status in (FAILED, BROKEN_STATUS)
        )


def selection(rules: Iterable[str]) -> list[str]:
    """pytest arguments selecting only the scenarios of ``rules`` (rule tags are markers, harness.marks)."""
    expression = " or ".join(f"rule(id='{rule}')" for rule in sorted(set(rules)))
    return ["-m", expression] if expression else []


def run_suite(driver: str, work_dir: Path, extra: list[str]) -> SuiteRun:
    """One pytest run of the suite against ``driver``, read back from its JUnit XML.

    The same invocation as ``conformance run`` minus ``--report-dir``, plus pytest's own JUnit XML:
    it carries each scenario's rule and status, and skipping the kit's reports (and long tracebacks)
    halves a run.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    options = argparse.Namespace(driver=driver, levels="must", report_dir=work_dir, expectations=None)
    junit = work_dir / "junit.xml"
    junit.unlink(missing_ok=True)
    args = [
        a
        for a in pytest_args(options, [*QUIET_PLUGINS, "--tb=no", f"--junitxml={junit}", *extra])
        if not a.startswith("--report-dir")
    ]
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "pytest", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=RUN_TIMEOUT_SECONDS,
    )
    return SuiteRun(done.returncode, done.stdout + done.stderr, _scenarios(junit) if junit.exists() else ())


def _scenarios(junit: Path) -> tuple[ScenarioOutcome, ...]:
    found = []
    for case in ET.parse(junit).getroot().iter("testcase"):  # noqa: S314 - our own pytest's output
        properties = {p.get("name"): p.get("value", "") for p in case.iter("property")}
        if "rule" not in properties or "status" not in properties:
            continue
        problem = next((e for e in case if e.tag in ("failure", "error")), None)
        message = _first_line(problem.get("message", "")) if problem is not None else ""
        name = case.get("name", "").removeprefix("test_").replace("_", " ")
        found.append(ScenarioOutcome(properties["rule"], name, properties["status"], message))
    return tuple(found)


def run_mutant(mutant: Mutant, report_dir: Path, targeted: bool) -> MutantResult:
    started = time.perf_counter()
    run = run_suite(driver_spec(mutant.name), report_dir, selection([mutant.rule]) if targeted else [])
    killing, broken = run.rules_with(FAILED), run.rules_with(BROKEN_STATUS)
    blocked = tuple(r for r in run.rules_with(BLOCKED) if r not in killing)
    if not run.ran:
        verdict = NO_RUN
    elif killing:
        verdict = KILLED
    elif broken:
        verdict = BROKEN
    else:
        verdict = SURVIVED
    failures = run.failures() or ((Failure("", "", _last_lines(run.output)),) if verdict == NO_RUN else ())
    return MutantResult(
        name=mutant.name,
        rule=mutant.rule,
        description=mutant.description,
        verdict=verdict,
        killing_rules=killing,
        broken_rules=broken,
        killed_by_target=mutant.rule in killing,
        seconds=round(time.perf_counter() - started, 2),
        failures=failures,
        blocked_rules=blocked,
    )


def run_all(
    mutants: list[Mutant],
    report_dir: Path,
    *,
    jobs: int,
    targeted: bool,
    progress: Callable[[MutantResult], None] | None = None,
) -> list[MutantResult]:
    """Every mutant, ``jobs`` at a time; results in catalogue order."""

    def one(mutant: Mutant) -> MutantResult:
        result = run_mutant(mutant, report_dir / mutant.name, targeted)
        if progress is not None:
            progress(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, mutants))


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0][:300] if message.strip() else ""


def _last_lines(output: str) -> str:
    return "\n".join(output.strip().splitlines()[-5:])
