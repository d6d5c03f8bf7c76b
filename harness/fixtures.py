"""The fixtures every scenario gets: a fresh guarded driver and the World."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from .errors import DriverBroken
from .guard import GuardedDriver
from .loading import DriverFactory
from .session import data_salt
from .world import World, scenario_seed

FACTORY_KEY = pytest.StashKey[DriverFactory]()
#: The scenario's driver while it is open, for the evidence of a failing step (harness/evidence.py).
DRIVER_KEY = pytest.StashKey[GuardedDriver]()


@pytest.fixture
def conformance_driver(request: pytest.FixtureRequest) -> Iterator[GuardedDriver]:
    """One new driver per scenario, closed afterwards."""
    factory = request.config.stash[FACTORY_KEY]
    try:
        driver = factory()
    except Exception as exc:
        raise DriverBroken(f"the driver factory raised {type(exc).__name__}: {exc}") from exc
    guarded = GuardedDriver(driver)
    request.node.stash[DRIVER_KEY] = guarded
    started = _now(guarded)
    yield guarded
    del request.node.stash[DRIVER_KEY]
    ended = _now(guarded)
    if started is not None and ended is not None:
        request.node.user_properties.append(("simulated_seconds", (ended - started).total_seconds()))
    guarded.close()


def _now(driver: GuardedDriver) -> datetime | None:
    """The driver's time for the run's 'simulated time' figure; a broken clock is reported elsewhere."""
    try:
        return driver.now()
    except DriverBroken:
        return None


@pytest.fixture
def world(conformance_driver: GuardedDriver, request: pytest.FixtureRequest) -> World:
    salt = data_salt(request.config)
    return World(conformance_driver, seed=scenario_seed(request.node.nodeid + salt))
