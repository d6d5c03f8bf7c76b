"""The pytest plugin (entry point ``pytest11``): every hook is a one-line call elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Generator

import pytest

from . import fixtures, marks, status, steps
from .fixtures import FACTORY_KEY, conformance_driver, world
from .loading import DEFAULT_DRIVER, load_factory

__all__ = ["conformance_driver", "world"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Security settings conformance kit")
    group.addoption(
        "--driver", default=DEFAULT_DRIVER, help="driver factory as module:factory (default: reference)"
    )


def pytest_configure(config: pytest.Config) -> None:
    marks.register(config)
    config.stash[FACTORY_KEY] = load_factory(config.getoption("driver"))
    for module in steps.MODULES:
        config.pluginmanager.register(module, f"conformance-steps-{module.__name__}")
    config.pluginmanager.register(fixtures, "conformance-fixtures")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    return marks.apply_tag(tag, function)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        rule, level = marks.rule_of(item)
        if rule:
            item.user_properties.extend([("rule", rule), ("level", level or "")])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if item.get_closest_marker("rule") is not None:
        status.record(item, call, report)
    return report
