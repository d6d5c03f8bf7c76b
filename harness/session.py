"""The run as a whole: options, collecting results on the controller, writing reports at the end."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from . import expectations
from .bdd import scenario_report
from .catalogue import load_catalogue
from .loading import DEFAULT_DRIVER
from .marks import LEVELS
from .protocol import PROTOCOL_VERSION
from .reports import write_all
from .results import Collector
from .run import Metadata, Run

COLLECTOR_KEY = pytest.StashKey[Collector]()
STARTED_KEY = pytest.StashKey[tuple[str, float]]()
RUN_KEY = pytest.StashKey[Run]()


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
        default="",
        help="mixed into every scenario's seed: fresh addresses for a server that cannot be reset",
    )


def is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def levels(config: pytest.Config) -> list[str]:
    chosen = [level.strip() for level in str(config.getoption("levels")).split(",") if level.strip()]
    unknown = [level for level in chosen if level not in LEVELS]
    if unknown or not chosen:
        raise pytest.UsageError(
            f"--levels takes a comma-separated subset of {', '.join(LEVELS)}, not {chosen}"
        )
    return [level for level in LEVELS if level in {"must", *chosen}]  # MUST always gates


EXPECTATIONS_KEY = pytest.StashKey[list[expectations.Expectation]]()


def configure(config: pytest.Config) -> None:
    levels(config)
    manifest = config.getoption("expectations")
    config.stash[EXPECTATIONS_KEY] = expectations.load(Path(manifest)) if manifest else []
    config.stash[COLLECTOR_KEY] = Collector()
    config.stash[STARTED_KEY] = (datetime.now(UTC).isoformat(timespec="seconds"), time.perf_counter())
    if is_controller(config):
        config.pluginmanager.register(Recorder(config), "conformance:recorder")


def expected_failure_reason(item: pytest.Item, rule: str) -> str | None:
    """The manifest's reason if this scenario (by rule ID or name) is listed as an expected failure."""
    report = scenario_report(item)
    name = report.scenario.name if report is not None else ""
    entry = expectations.expected(item.config.stash[EXPECTATIONS_KEY], rule, name)
    return entry.reason if entry else None


class Recorder:
    """Registered on the controller only: gathers every report and writes the run at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.config.stash[COLLECTOR_KEY].add(report)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self) -> None:
        finish(self.config)


def finish(config: pytest.Config) -> Run | None:
    """Build the Run, apply expectations, write the reports; None when nothing ran."""
    if not is_controller(config) or COLLECTOR_KEY not in config.stash:
        return None
    collector = config.stash[COLLECTOR_KEY]
    if not collector.results:
        return None
    started, t0 = config.stash[STARTED_KEY]
    scenarios = collector.ordered()
    stale = expectations.apply(config.stash[EXPECTATIONS_KEY], scenarios)
    run = Run(
        metadata=Metadata(
            kit_version=_kit_version(),
            protocol_version=PROTOCOL_VERSION,
            driver=str(config.getoption("driver")),
            levels=levels(config),
            started=started,
            finished=datetime.now(UTC).isoformat(timespec="seconds"),
            simulated_seconds=round(collector.simulated_seconds, 3),
            wall_seconds=round(time.perf_counter() - t0, 3),
        ),
        scenarios=scenarios,
        documented=load_catalogue(),
        stale_expectations=stale,
    )
    config.stash[RUN_KEY] = run
    report_dir = config.getoption("report_dir")
    if report_dir:
        write_all(run, Path(report_dir))
    return run


def _kit_version() -> str:
    try:
        return version("security-settings-conformance")
    except PackageNotFoundError:
        return "unknown"
