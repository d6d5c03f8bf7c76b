"""harness/bdd.py: the one adapter to pytest-bdd internals, its tested range, a lookup, same answers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from pytest_bdd import parsers

from harness import bdd
from harness.features import ROOT, SUITE

#: Wraps the installed lookup and step resolution so that every step is looked up twice: by pytest-bdd's
#: own code and by ours.
COMPARING_PLUGIN = """
import importlib, json, os
from pathlib import Path
from harness import bdd

scenario_module = importlib.import_module("pytest_bdd.scenario")  # the package shadows it with a function
ours = scenario_module.find_fixturedefs_for_step
record = {"ours_installed": ours is bdd.find_fixturedefs_for_step, "steps": 0, "different": []}


def both(step, fixturemanager, node):
    original = list(bdd.original_step_lookup()(step=step, fixturemanager=fixturemanager, node=node))
    fast = list(ours(step=step, fixturemanager=fixturemanager, node=node))
    record["steps"] += 1
    if [id(d) for d in original] != [id(d) for d in fast]:
        record["different"].append(f"{step.type} {step.name}: {original!r} vs {fast!r}")
    return iter(fast)


scenario_module.find_fixturedefs_for_step = both

ours_get = scenario_module.get_step_function
record["ours_get_installed"] = ours_get is bdd.get_step_function
record["contexts"] = 0


def both_contexts(request, step):
    # The definition pytest-bdd's own get_step_function gives (through its temporary fixture), and ours.
    original = bdd.original_step_function()(request=request, step=step)
    fast = ours_get(request=request, step=step)
    record["contexts"] += 1
    if original is not fast:
        record["different"].append(f"context of {step.type} {step.name}: {original!r} vs {fast!r}")
    return fast


scenario_module.get_step_function = both_contexts


def pytest_sessionfinish(session):
    Path(os.environ["BDD_COMPARISON"]).write_text(json.dumps(record), encoding="utf-8")
"""


def test_the_installed_pytest_bdd_is_inside_the_range_the_adapter_was_tested_with() -> None:
    assert bdd.installed_version() in bdd.TESTED, (
        f"pytest-bdd {bdd.installed_version()} is outside {bdd.TESTED}: run this file with it, then widen"
    )


def test_pyproject_pins_pytest_bdd_to_the_tested_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [Requirement(d) for d in project["dependencies"] if Requirement(d).name == "pytest-bdd"]
    assert [pin.specifier for pin in pins] == [bdd.TESTED]


@pytest.mark.slow
def test_every_step_of_the_suite_resolves_to_the_same_definition_as_with_pytest_bdds_own_lookup(
    tmp_path: Path,
) -> None:
    (tmp_path / "bdd_comparison.py").write_text(COMPARING_PLUGIN, encoding="utf-8")
    record = tmp_path / "comparison.json"
    environment = {**os.environ, "PYTHONPATH": str(tmp_path), "BDD_COMPARISON": str(record)}
    done = subprocess.run(  # every level, hardening included: every step phrase the kit has
        [
            *(sys.executable, "-m", "pytest", str(SUITE), "-c", str(SUITE.parent / "pytest.ini")),
            *("--rootdir", str(tmp_path), "-q", "-p", "bdd_comparison", "-p", "no:xdist"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=300,
    )
    assert record.exists(), done.stdout[-2000:] + done.stderr[-2000:]
    compared = json.loads(record.read_text(encoding="utf-8"))
    assert compared["ours_installed"], "harness.bdd's lookup is not the one pytest-bdd calls"
    assert compared["ours_get_installed"], "harness.bdd's get_step_function is not the one pytest-bdd calls"
    assert compared["steps"] > 500, compared["steps"]
    assert compared["contexts"] > 500, compared["contexts"]
    assert compared["different"] == []


def test_the_kit_reaches_pytest_bdd_internals_only_through_the_adapter() -> None:
    public = ("from pytest_bdd import ", "def pytest_bdd_")
    offenders = []
    for path in sorted((ROOT / "harness").rglob("*.py")):
        if path.name == "bdd.py":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if "pytest_bdd" in line and not line.lstrip().startswith(public):
                offenders.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize(
    ("parser", "required"),
    [
        (parsers.string("Alice opens the dialog"), "Alice opens the dialog"),
        (parsers.re(r"(?P<name>[A-Z][a-z]+) has an account"), " has an account"),
        (parsers.re(r"the code is (?P<verdict>accepted|refused)"), "the code is "),
        (parsers.re(r"abc?d and more"), "d and more"),  # "c" may be missing, so "ab" and "d…" are apart
        (parsers.re(r"alice signs in|bob signs in"), ""),  # either branch: no text both contain
        (parsers.re(r"alice signs in", re.IGNORECASE), ""),  # any case: a plain substring test would lie
        (parsers.parse("{name} has an account"), ""),  # another parser: is_matching alone decides
    ],
)
def test_the_required_text_is_in_every_step_name_the_parser_matches(parser: Any, required: str) -> None:
    assert bdd.required_text(parser) == required


NEAREST_FEATURE = """Feature: Things
  Scenario: A thing
    Given a thing
    Then the thing is the one defined nearest to the test
"""

NEAREST_CONFTEST = """
import harness.bdd  # puts the kit's lookup and step resolution in place
from pytest_bdd import given


@given("a thing", target_fixture="thing")
def thing_from_conftest():
    return "conftest"
"""

NEAREST_TEST = """
import importlib
from harness import bdd
from pytest_bdd import given, scenarios, then

scenario_module = importlib.import_module("pytest_bdd.scenario")  # the package shadows it with a function

scenarios("{feature}")
{override}

@then("the thing is the one defined nearest to the test")
def nearest(thing):
    assert scenario_module.get_step_function is bdd.get_step_function
    assert thing == "{expected}"
"""


@pytest.mark.slow
def test_a_step_defined_twice_resolves_to_the_definition_nearest_the_test(tmp_path: Path) -> None:
    """Two definitions of one step are visible: the test module's own must win over the conftest's."""
    (tmp_path / "things.feature").write_text(NEAREST_FEATURE, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(NEAREST_CONFTEST, encoding="utf-8")
    override = '\n@given("a thing", target_fixture="thing")\ndef thing_from_module():\n    return "module"\n'
    near, far = tmp_path / "test_near.py", tmp_path / "elsewhere" / "test_far.py"
    far.parent.mkdir()
    near.write_text(NEAREST_TEST.format(feature="things.feature", override=override, expected="module"))
    far.write_text(NEAREST_TEST.format(feature="../things.feature", override="", expected="conftest"))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert "2 passed" in done.stdout, done.stdout[-2000:] + done.stderr[-1000:]
