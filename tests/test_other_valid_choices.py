"""Correct implementations that chose differently where the doc is silent pass every scenario, at every level.

Over-specification is a defect like under-specification: each driver of
tests/drivers/other_choices.py is the reference with one other valid answer to a
question of spec/INTERPRETATIONS.md, and the suite must not fail it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance_runs import ROOT, conformance_run, needs_a_surface
from tests.drivers.other_choices import VARIANTS

INTERPRETATIONS = (ROOT / "spec" / "INTERPRETATIONS.md").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_suite_passes_an_implementation_with_another_valid_choice(tmp_path: Path, variant: str) -> None:
    run = conformance_run(
        tmp_path,
        f"--driver=tests.drivers.other_choices:{variant}",
        "--levels=must,should,hardening",  # every level: over-specifying a standard is a defect too
    )
    not_passed = {
        (rule["id"], scenario["name"], scenario["status"])
        for rule in run.summary["rules"]
        for scenario in rule["scenarios"]
        if scenario["status"] != "PASSED" and not needs_a_surface(scenario)
    }
    listing = "\n".join(f"  {rule} {status}: {name}" for rule, name, status in sorted(not_passed))
    assert not not_passed, f"{variant} ({VARIANTS[variant]}) is a valid choice, yet:\n{listing}"
    assert run.exit_code == 0


def test_every_variant_names_a_question_of_the_interpretations_file() -> None:
    for variant, question in VARIANTS.items():
        assert f"### {question} " in INTERPRETATIONS, (
            f"{variant} exercises {question}, which is not in the file"
        )
