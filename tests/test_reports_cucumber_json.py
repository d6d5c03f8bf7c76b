"""cucumber.json: the classic layout, one element per scenario, each with its Rule and right step results."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from tests.conformance_runs import ROOT, RunOutput, conformance_run

FAILING = {"PWD-01", "PWD-02", "PWD-03", "PWD-04", "HRD-11"}
RESULT_STATUSES = {"passed", "failed", "skipped", "pending"}


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    return conformance_run(
        tmp_path_factory.mktemp("faulty"), "--driver", "tests.drivers.faulty:careless_change_password"
    )


@pytest.fixture(scope="module")
def report(faulty: RunOutput) -> list[dict[str, Any]]:
    assert faulty.exit_code == 1, faulty.output
    data: list[dict[str, Any]] = json.loads((faulty.report_dir / "cucumber.json").read_text(encoding="utf-8"))
    return data


def elements(report: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [element for feature in report for element in feature["elements"]]


def test_features_have_the_classic_fields_and_point_at_real_files(report: list[dict[str, Any]]) -> None:
    assert isinstance(report, list) and report
    for feature in report:
        assert {"uri", "id", "keyword", "name", "description", "line", "language", "tags", "elements"} <= set(
            feature
        )
        assert feature["keyword"] == "Feature"
        assert (ROOT / feature["uri"]).is_file(), feature["uri"]
        assert feature["elements"]


def test_one_element_per_scenario_each_with_unique_id_and_steps(
    report: list[dict[str, Any]], faulty: RunOutput
) -> None:
    all_elements = elements(report)
    scenarios = [s for rule in faulty.summary["rules"] for s in rule["scenarios"]]
    assert len(all_elements) == len(scenarios)
    ids = Counter(e["id"] for e in all_elements)
    assert [i for i, n in ids.items() if n > 1] == []
    for element in all_elements:
        assert element["type"] == "scenario"
        assert element["keyword"] in ("Scenario", "Scenario Outline", "Example")
        assert element["steps"], element["name"]
        for step in element["steps"]:
            assert step["keyword"].endswith(" ") and step["name"] and step["line"] > 0
            assert step["result"]["status"] in RESULT_STATUSES
            assert isinstance(step["result"]["duration"], int) and step["result"]["duration"] >= 0


def test_every_element_carries_its_rule(report: list[dict[str, Any]], faulty: RunOutput) -> None:
    rules = {r["id"]: r for r in faulty.summary["rules"]}
    seen = set()
    for element in elements(report):
        rule = element["rule"]
        assert re.fullmatch(r"[A-Z]{3}-\d{2}", rule["id"])
        assert rule["keyword"] == "Rule" and rule["line"] > 0
        assert rule["name"] == rules[rule["id"]]["title"]
        assert rule["level"] == rules[rule["id"]]["level"]
        assert rule["status"] == rules[rule["id"]]["status"]
        assert element["id"].split(";")[1].startswith(rule["id"].lower())  # feature;rule;scenario
        assert {f"@{rule['id']}", f"@{rule['level']}"} <= {t["name"] for t in element["tags"]}
        seen.add(rule["id"])
    assert seen == set(rules)


def test_the_faulty_drivers_failures_show_on_the_failing_step_with_the_message(
    report: list[dict[str, Any]], faulty: RunOutput
) -> None:
    expected = {
        (s["name"], s["failing_step"], s["message"])
        for rule in faulty.summary["rules"]
        for s in rule["scenarios"]
        if s["status"] == "FAILED"
    }
    assert expected, "the faulty driver should fail some scenarios"
    found = set()
    for element in elements(report):
        statuses = [s["result"]["status"] for s in element["steps"]]
        if element["conformance_status"] == "NOT-APPLICABLE":  # a look check: no screen in-process
            assert "failed" not in statuses, element["name"]
            continue
        if element["rule"]["id"] not in FAILING:
            assert set(statuses) == {"passed"}, element["name"]
            continue
        if element["conformance_status"] == "PASSED":
            assert set(statuses) == {"passed"}
            continue
        if element["conformance_status"] == "BLOCKED":  # PWD-02's refused change needs PWD-04's refusal
            assert "failed" not in statuses and "skipped" in statuses
            continue
        assert element["conformance_status"] == "FAILED"
        assert statuses.count("failed") == 1
        index = statuses.index("failed")
        assert set(statuses[:index]) <= {"passed"} and set(statuses[index + 1 :]) <= {"skipped"}
        step = element["steps"][index]
        assert "error_message" in step["result"]
        assert all("error_message" not in s["result"] for s in element["steps"] if s is not step)
        found.add(
            (element["name"], f"{step['keyword'].strip()} {step['name']}", step["result"]["error_message"])
        )
    assert found == expected


def test_an_outline_gives_one_element_per_example_row(report: list[dict[str, Any]]) -> None:
    rows = [
        e
        for e in elements(report)
        if e["keyword"] == "Scenario Outline" and e["name"].startswith("A new password that follows")
    ]
    assert len(rows) == 3
    assert sorted(e["id"].rsplit(";;", 1)[1] for e in rows) == ["2", "3", "4"]
    values = {"Tr0ub4dor&3xy", "7-correct-Horse-battery-staple!", "Zebra#Quilt&42Mango"}
    quoted = [re.search(r'"(.+)"', s["name"]) for e in rows for s in e["steps"]]
    shown = {match.group(1) for match in quoted if match}
    assert shown == values
    assert len({e["line"] for e in rows}) == 3  # each points at its example row
