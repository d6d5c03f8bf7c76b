"""The pytest plugin (entry point ``pytest11``): every hook is a one-line call elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Generator

import pytest

from . import bdd, evidence, fixtures, marks, results, session, status, steps
from .fixtures import FACTORY_KEY
from .loading import load_factory


def pytest_addoption(parser: pytest.Parser) -> None:
    session.add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    marks.register(config)
    session.configure(config)
    config.stash[FACTORY_KEY] = load_factory(config.getoption("driver"))
    for module in (fixtures, *steps.MODULES):
        config.pluginmanager.register(module, f"conformance:{module.__name__}")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    return marks.apply_tag(tag, function)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    marks.record_rule_properties(items)


def pytest_collection_finish(session: pytest.Session) -> None:
    bdd.prepare_step_lookup(session)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    rule, _ = marks.rule_of(item)
    if rule is not None:
        results.attach(item, call, report)
        evidence.attach(item, call, report)
        status.record(item, call, report)
    return report
