"""The run as a whole: options, collecting results on the controller, writing reports at the end."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from . import expectations
from .catalogue import load_catalogue
from .loading import DEFAULT_DRIVER
from .marks import parse_levels
from .protocol import PROTOCOL_VERSION
from .reports import write_all
from .results import Collector, ScenarioResult
from .run import Metadata, Run
from .status import Status
from .version import kit_version

COLLECTOR_KEY = pytest.StashKey[Collector]()
STARTED_KEY = pytest.StashKey[tuple[str, float]]()
RUN_KEY = pytest.StashKey[Run]()
SALT_KEY = pytest.StashKey[str]()
#: The controller hands its salt to each xdist worker under this key, so one run has one salt.
SALT_INPUT = "conformance_data_salt"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Security settings conformance kit")
    group.addoption(
        "--driver", default=DEFAULT_DRIVER, help="driver factory as module:factory (default: reference)"
    )
    group.addoption("--report-dir", default=None, help="write summary.json and the other reports here")
    group.addoption("--levels", default="must", help="comma-separated gating levels (default: must)")
    group.addoption("--expectations", default=None, help="expected-failure manifest (TOML)")
    group.addoption(
        "--data-salt",
        default=None,
        help="mixed into every scenario's seed; each run draws a fresh one unless given (to replay a run)",
    )


def is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def levels(config: pytest.Config) -> list[str]:
    try:
        return parse_levels(str(config.getoption("levels")))
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None


EXPECTATIONS_KEY = pytest.StashKey[list[expectations.Expectation]]()


def configure(config: pytest.Config) -> None:
    levels(config)
    manifest = config.getoption("expectations")
    try:
        config.stash[EXPECTATIONS_KEY] = expectations.load(Path(manifest)) if manifest else []
    except expectations.ManifestError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[COLLECTOR_KEY] = Collector()
    config.stash[SALT_KEY] = _data_salt(config)
    config.stash[STARTED_KEY] = (datetime.now(UTC).isoformat(timespec="seconds"), time.perf_counter())
    if is_controller(config):
        config.pluginmanager.register(Recorder(config), "conformance:recorder")


def _data_salt(config: pytest.Config) -> str:
    """Fresh per run, so a second run against a server that keeps its accounts registers new ones."""
    given = config.getoption("data_salt")
    if given is not None:
        return str(given)
    worker_input: dict[str, object] | None = getattr(config, "workerinput", None)
    if worker_input is not None and SALT_INPUT in worker_input:
        return str(worker_input[SALT_INPUT])
    return secrets.token_hex(4)


def data_salt(config: pytest.Config) -> str:
    """This run's salt, mixed into every scenario's seed (see harness/fixtures.py)."""
    return config.stash[SALT_KEY]


class Recorder:
    """Registered on the controller only: gathers every report and writes the run at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.interrupted = False

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.config.stash[COLLECTOR_KEY].add(report)

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """pytest-xdist, before starting a worker: give it this run's salt."""
        node.workerinput[SALT_INPUT] = data_salt(self.config)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # pytest stops on a collection error with an "Interrupted" of its own: that is no Ctrl-C.
        self.interrupted = not excinfo.errisinstance(pytest.Session.Interrupted)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self) -> None:
        finish(self.config, interrupted=self.interrupted)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.config.stash[COLLECTOR_KEY].results:  # no scenario ran (the kit's own tests)
            return
        salt = data_salt(self.config)
        terminalreporter.write_line(f"Test data: salt {salt} (--data-salt {salt} replays the same addresses)")


def finish(config: pytest.Config, interrupted: bool = False) -> Run | None:
    """Build the Run, apply expectations, write the reports; None when nothing ran.

    The expectations are applied here, on the controller, to the final results: an entry
    matches a failing step, which is known only once the scenario is over. An interrupted
    run is written even if nothing finished, so no earlier verdict can stand for it.
    """
    if not is_controller(config) or COLLECTOR_KEY not in config.stash:
        return None
    collector = config.stash[COLLECTOR_KEY]
    if not collector.results and not interrupted:
        return None
    started, t0 = config.stash[STARTED_KEY]
    scenarios = collector.ordered()
    if interrupted:  # the scenario Ctrl-C stopped has passing phases only, not a passing run: drop it
        scenarios = [s for s in scenarios if not _unfinished(s)]
    entries = config.stash[EXPECTATIONS_KEY]
    stale = expectations.apply(entries, scenarios)
    run = Run(
        metadata=Metadata(
            kit_version=kit_version(),
            protocol_version=PROTOCOL_VERSION,
            driver=str(config.getoption("driver")),
            levels=levels(config),
            data_salt=data_salt(config),
            started=started,
            finished=datetime.now(UTC).isoformat(timespec="seconds"),
            simulated_seconds=round(collector.simulated_seconds, 3),
            wall_seconds=round(time.perf_counter() - t0, 3),
        ),
        scenarios=scenarios,
        documented=load_catalogue(),
        stale_expectations=stale,
        expectation_warnings=expectations.broad(entries),
        interrupted=interrupted,
    )
    config.stash[RUN_KEY] = run
    report_dir = config.getoption("report_dir")
    if report_dir:
        write_all(run, Path(report_dir))
    return run


def _unfinished(scenario: ScenarioResult) -> bool:
    steps = scenario["steps"]
    return scenario["status"] == Status.PASSED.value and (
        not steps or any(s["status"] != "passed" for s in steps)
    )
