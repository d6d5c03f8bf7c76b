"""The fixtures every scenario gets: a fresh guarded driver and the World."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .errors import DriverBroken
from .guard import GuardedDriver
from .loading import DriverFactory
from .world import World, scenario_seed

FACTORY_KEY = pytest.StashKey["DriverFactory"]()


@pytest.fixture
def conformance_driver(request: pytest.FixtureRequest) -> Iterator[GuardedDriver]:
    """One new driver per scenario, closed afterwards."""
    factory = request.config.stash[FACTORY_KEY]
    try:
        driver = factory()
    except Exception as exc:
        raise DriverBroken(f"the driver factory raised {type(exc).__name__}: {exc}") from exc
    guarded = GuardedDriver(driver)
    yield guarded
    guarded.close()


@pytest.fixture
def world(conformance_driver: GuardedDriver, request: pytest.FixtureRequest) -> World:
    return World(conformance_driver, seed=scenario_seed(request.node.nodeid))
