"""`conformance run` end to end: exit codes, all reports agreeing, expectations workflow, serial = xdist."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from harness import expectations
from tests.conformance_runs import ROOT, RunOutput, conformance_run

FAULTY = "tests.drivers.faulty:accepts_any_current_password"
#: HRD-11 too: a Current Password never checked has no limit on guesses either.
FAILING = {"PWD-02", "PWD-03", "PWD-04", "HRD-11"}
RULE_TAG = re.compile(r"@([A-Z]{3}-\d{2})")


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    return conformance_run(tmp_path_factory.mktemp("serial"), "--driver", FAULTY)


# -- what each report says failed --------------------------------------------------------------------


def junit_failed(directory: Path) -> set[str]:
    rules = set()
    for case in ET.parse(directory / "junit.xml").getroot().iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        if props.get("status") == "FAILED":
            rules.add(str(props["rule"]))
    return rules


def cucumber_failed(directory: Path) -> set[str]:
    report = json.loads((directory / "cucumber.json").read_text(encoding="utf-8"))
    return {
        element["rule"]["id"]
        for feature in report
        for element in feature["elements"]
        if any(step["result"]["status"] == "failed" for step in element["steps"])
    }


def messages_failed(directory: Path) -> set[str]:
    envelopes = [
        json.loads(line) for line in (directory / "messages.ndjson").read_text(encoding="utf-8").splitlines()
    ]
    pickle_rule = {
        e["pickle"]["id"]: next(
            m.group(1) for t in e["pickle"]["tags"] if (m := RULE_TAG.fullmatch(t["name"]))
        )
        for e in envelopes
        if "pickle" in e
    }
    case_pickle = {e["testCase"]["id"]: e["testCase"]["pickleId"] for e in envelopes if "testCase" in e}
    started = {
        e["testCaseStarted"]["id"]: e["testCaseStarted"]["testCaseId"]
        for e in envelopes
        if "testCaseStarted" in e
    }
    return {
        pickle_rule[case_pickle[started[e["testStepFinished"]["testCaseStartedId"]]]]
        for e in envelopes
        if "testStepFinished" in e and e["testStepFinished"]["testStepResult"]["status"] == "FAILED"
    }


def html_failed(directory: Path) -> set[str]:
    page = (directory / "conformance.html").read_text(encoding="utf-8")
    return set(re.findall(r'<tbody class="rule" id="rule-([A-Z]{3}-\d{2})" data-status="FAILED"', page))


def test_a_failing_driver_exits_1_and_every_report_names_the_failed_rules(faulty: RunOutput) -> None:
    assert faulty.exit_code == 1, faulty.output
    assert faulty.summary["verdict"] == "DOES NOT CONFORM"
    assert faulty.rules_with("FAILED") == FAILING
    directory = faulty.report_dir
    assert junit_failed(directory) == FAILING
    assert cucumber_failed(directory) == FAILING
    assert messages_failed(directory) == FAILING
    assert html_failed(directory) == FAILING
    assert "DOES NOT CONFORM" in (directory / "conformance.html").read_text(encoding="utf-8")


def test_a_stale_expectation_fails_the_run(tmp_path: Path) -> None:
    manifest = tmp_path / "expectations.toml"
    manifest.write_text(
        '[[expected_failure]]\nrule = "SEC-01"\nreason = "was broken in 1.2"\n', encoding="utf-8"
    )
    run = conformance_run(tmp_path / "reports", "--expectations", str(manifest))
    assert run.exit_code == 1, run.output
    assert run.summary["verdict"] == "DOES NOT CONFORM"
    assert run.rules_with("FAILED") == set() and run.rules_with("XFAIL") == set()
    [stale] = run.summary["stale_expectations"]
    assert 'rule = "SEC-01"' in stale and "passes now" in stale


def test_listed_failures_become_xfail_and_the_run_conforms(tmp_path: Path) -> None:
    reasons = {rule: f"{rule} is tracked as BUG-{n}" for n, rule in enumerate(sorted(FAILING), start=1)}
    manifest = tmp_path / "expectations.toml"
    manifest.write_text(
        "".join(f'[[expected_failure]]\nrule = "{r}"\nreason = "{why}"\n\n' for r, why in reasons.items()),
        encoding="utf-8",
    )
    run = conformance_run(tmp_path / "reports", "--driver", FAULTY, "--expectations", str(manifest))
    assert run.exit_code == 0, run.output
    assert run.summary["verdict"] == "CONFORMS"
    assert run.rules_with("XFAIL") == FAILING and run.rules_with("FAILED") == set()
    for rule in run.summary["rules"]:
        for scenario in rule["scenarios"]:
            if scenario["status"] == "XFAIL":
                assert scenario["expectation"] == reasons[rule["id"]]
    assert cucumber_failed(run.report_dir) == set() and messages_failed(run.report_dir) == set()


def test_a_raising_driver_is_broken_and_exits_2(tmp_path: Path) -> None:
    run = conformance_run(tmp_path / "reports", "--driver", "tests.drivers.faulty:crashing_section")
    assert run.exit_code == 2, run.output
    assert run.summary["verdict"] == "RUN UNUSABLE"
    assert run.rules_with("BROKEN") and run.rules_with("FAILED") == set()
    assert "RUN UNUSABLE" in (run.report_dir / "conformance.html").read_text(encoding="utf-8")


# -- serial and xdist agree ------------------------------------------------------------------------

TIMING_KEYS = {"duration", "timestamp", "started", "finished", "wall_seconds"}


def normalise(value: Any) -> Any:
    """Drop what legitimately differs between two runs: durations, timestamps, the machine (meta)."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items() if k not in TIMING_KEYS and k != "meta"}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def _messages(directory: Path) -> list[Any]:
    lines = (directory / "messages.ndjson").read_text(encoding="utf-8").splitlines()
    return [normalise(json.loads(line)) for line in lines]


def test_serial_and_xdist_runs_write_the_same_reports(faulty: RunOutput, tmp_path: Path) -> None:
    parallel = conformance_run(tmp_path / "xdist", "--driver", FAULTY, "--", "-n", "2")
    assert parallel.exit_code == faulty.exit_code == 1, parallel.output
    # xdist really ran: its failure reports name the worker (which one depends on how scenarios are split)
    assert re.search(r"\[gw\d+\]", parallel.output), parallel.output
    assert normalise(parallel.summary) == normalise(faulty.summary)
    cucumber = [
        json.loads((run.report_dir / "cucumber.json").read_text(encoding="utf-8"))
        for run in (faulty, parallel)
    ]
    assert normalise(cucumber[0]) == normalise(cucumber[1])
    assert _messages(parallel.report_dir) == _messages(
        faulty.report_dir
    )  # ids included: they are deterministic
    assert junit_failed(parallel.report_dir) == junit_failed(faulty.report_dir) == FAILING


# -- the expectations workflow -------------------------------------------------------------------------


def test_expectations_update_writes_placeholders_that_must_be_filled_in(
    faulty: RunOutput, tmp_path: Path
) -> None:
    manifest = tmp_path / "expectations.toml"
    update = [sys.executable, "-m", "harness.cli", "expectations", "update"]
    done = subprocess.run(
        [*update, f"--report-dir={faulty.report_dir}", f"--file={manifest}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    text = manifest.read_text(encoding="utf-8")
    assert set(re.findall(r'rule = "([A-Z]{3}-\d{2})"', text)) == FAILING
    assert text.count(expectations.PLACEHOLDER) == len(FAILING)
    with pytest.raises(expectations.ManifestError, match="placeholder"):
        expectations.load(manifest)
    refused = conformance_run(tmp_path / "reports", "--driver", FAULTY, "--expectations", str(manifest))
    assert refused.exit_code == 2 and "placeholder" in refused.output

    manifest.write_text(
        text.replace(f"{expectations.PLACEHOLDER}: write why this failure is expected", "BUG-9"),
        encoding="utf-8",
    )
    loaded = expectations.load(manifest)
    assert {(e.key, e.value, e.reason) for e in loaded} == {("rule", rule, "BUG-9") for rule in FAILING}
