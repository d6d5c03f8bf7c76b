"""The example driver users copy survives random journeys, and a driver that breaks one is shown the journey.

`conformance simulate --driver docs.examples.example_driver:create --seed 7` once broke: the
example pressed the product's "Next" outside ``attempt()``, so a refusal escaped as an
exception. A few seeds with few journeys each keep that class of mistake out of the example.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli import main

EXAMPLE = "docs.examples.example_driver:create"


@pytest.mark.parametrize("seed", [0, 7, 11])
def test_the_example_driver_survives_random_journeys(
    seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["simulate", "--driver", EXAMPLE, f"--seed={seed}", "--examples=15", f"--report-dir={tmp_path}"]
    )
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "no violation" in out.out


def test_a_broken_simulation_prints_the_journey_that_broke_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    driver = "tests.drivers.faulty:crashing_section"
    assert main(["simulate", "--driver", driver, "--examples=5", f"--report-dir={tmp_path}"]) == 2
    err = capsys.readouterr().err
    assert "security_section" in err and "RuntimeError: the section page did not load" in err
    journey = err.split("The journey that got there:\n", 1)[1].splitlines()
    assert journey[0].strip().startswith("Given ")
    assert journey[-1].endswith("<- broke here")
    assert "Traceback" not in err
