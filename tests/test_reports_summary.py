"""summary.json follows its published JSON Schema (docs/summary.schema.json), passing run or not."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from harness.catalogue import load_catalogue
from harness.reports import report_files, write_all
from tests.conformance_runs import ROOT, RunOutput, conformance_run
from tests.test_reports_messages import _run

SCHEMA = ROOT / "docs" / "summary.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    return conformance_run(tmp_path_factory.mktemp("reference"))


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    return conformance_run(
        tmp_path_factory.mktemp("faulty"), "--driver", "tests.drivers.faulty:careless_change_password"
    )


def errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def test_the_reference_runs_summary_validates(validator: Draft202012Validator, reference: RunOutput) -> None:
    assert reference.exit_code == 0, reference.output
    assert errors(validator, reference.summary) == []


def test_a_faulty_runs_summary_validates(validator: Draft202012Validator, faulty: RunOutput) -> None:
    assert faulty.exit_code == 1, faulty.output
    # HRD-11 too: a Current Password field that takes anything never trips a guessing limit.
    assert faulty.rules_with("FAILED") == {"PWD-01", "PWD-02", "PWD-03", "PWD-04", "HRD-11"}
    assert errors(validator, faulty.summary) == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda s: s["rules"][0].update(status="SKIPPED"), id="unknown status"),
        pytest.param(lambda s: s.update(exit_code=0), id="exit code disagrees with the verdict"),
        pytest.param(lambda s: s["metadata"].pop("driver"), id="missing metadata"),
        pytest.param(lambda s: s["rules"][0].update(colour="red"), id="unknown rule field"),
        pytest.param(lambda s: s["counts"].update(could=s["counts"]["must"]), id="unknown level"),
        pytest.param(lambda s: s["rules"][0]["scenarios"][0].update(line=0), id="scenario line 0"),
        pytest.param(
            lambda s: s["rules"][0]["scenarios"][0].update(status="XFAIL"), id="XFAIL without a reason"
        ),
    ],
)
def test_the_schema_rejects_a_damaged_summary(
    validator: Draft202012Validator, faulty: RunOutput, damage: Any
) -> None:
    summary = copy.deepcopy(faulty.summary)
    damage(summary)
    assert errors(validator, summary), "the schema accepted a summary it should refuse"


def test_the_schema_describes_every_key_the_writer_writes(faulty: RunOutput) -> None:
    """additionalProperties is false everywhere: a new key in summary.py must be added to the schema."""
    schema = json.loads(Path(SCHEMA).read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(faulty.summary)
    assert set(schema["$defs"]["rule"]["properties"]) == set(faulty.summary["rules"][0])
    assert set(schema["$defs"]["scenario"]["properties"]) == set(faulty.summary["rules"][0]["scenarios"][0])


def test_an_interrupted_run_with_nothing_finished_writes_every_report(
    validator: Draft202012Validator, tmp_path: Path
) -> None:
    """Ctrl-C before the first scenario ends: still a summary, and it claims nothing: every rule NOT-RUN."""
    run = _run([])
    run.metadata["data_salt"] = "0"  # every real run names its salt; the shared synthetic Run does not
    run.interrupted = True
    write_all(run, tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert (summary["verdict"], summary["exit_code"]) == ("INTERRUPTED", 130)
    assert [r["id"] for r in summary["rules"]] == list(load_catalogue())
    assert {(r["status"], len(r["scenarios"])) for r in summary["rules"]} == {("NOT-RUN", 0)}
    assert errors(validator, summary) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(report_files())
    summary.update(exit_code=0, verdict="CONFORMS")
    assert errors(validator, summary), "a summary whose MUST rules did not run cannot say CONFORMS"


def test_the_schema_rejects_an_interrupted_run_claiming_another_verdict(
    validator: Draft202012Validator, faulty: RunOutput
) -> None:
    summary = copy.deepcopy(faulty.summary)
    summary["exit_code"] = 130
    assert errors(validator, summary)
    summary["verdict"] = "INTERRUPTED"
    assert errors(validator, summary) == []
