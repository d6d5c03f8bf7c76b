"""cucumber.json: the classic Cucumber JSON report, with each scenario's Rule, for CI dashboards.

Built from the Run (so serial and xdist runs give the same file) through the
same pickle pairing and step outcomes as messages.ndjson. The layout is the
one pytest-bdd and Cucumber-JVM write — features with ``elements`` (scenarios)
and ``steps`` whose ``result`` has a status and a duration in nanoseconds —
plus the Rule:

* ``id`` is ``feature;rule;scenario`` (outlines add ``;;<row number>``), so
  scenarios of the same name under different Rules stay distinct;
* ``rule`` gives the Rule's ID, name, keyword, line and level, and the rule's
  worst status over its scenarios;
* ``conformance_status`` and, for XFAIL, ``expectation`` carry the kit's own status.

Status mapping: PASSED → passed; FAILED → failed (``error_message`` on the
failing step); BROKEN → failed, the message prefixed ``BROKEN:``;
NOT-APPLICABLE → skipped, the reason on the first skipped step; BLOCKED →
skipped (not checked), ``BLOCKED by <rule>`` on the step it stopped at; XFAIL →
``pending`` on the failing step (Cucumber's "known, not done yet": most tools
do not count it as a failure), with ``XFAIL (expected failure: <reason>)``
and the original message.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..atomic import write_text
from ..marks import LEVELS, RULE_ID
from ..run import Run
from .messages import Case, Document, Node, load_documents, pair


def _slug(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip().lower())


def _tags(node: Node) -> list[dict[str, Any]]:
    return [{"name": t["name"], "line": t["location"]["line"]} for t in node.get("tags", [])]


def _feature(document: Document) -> dict[str, Any]:
    feature = document.ast["feature"]
    return {
        "uri": document.uri,
        "id": _slug(feature["name"]),
        "keyword": feature["keyword"],
        "name": feature["name"],
        "description": feature["description"].strip(),
        "line": feature["location"]["line"],
        "language": feature["language"],
        "tags": _tags(feature),
        "elements": [],
    }


def _rule(case: Case, rule_status: dict[str, str]) -> dict[str, Any]:
    node = case.document.rule(case.pickle) or {}
    tags = [t["name"].lstrip("@") for t in node.get("tags", [])]
    return {
        "id": case.result["rule"] or next((t for t in tags if RULE_ID.match(t)), ""),
        "keyword": node.get("keyword", "Rule"),
        "name": node.get("name", case.result["rule_title"]),
        "line": node.get("location", {}).get("line", 0),
        "level": case.result["level"] or next((t for t in tags if t in LEVELS), ""),
        "status": rule_status.get(case.result["rule"], case.result["status"]),
    }


def _element(case: Case, feature_id: str, rule: dict[str, Any]) -> dict[str, Any]:
    scenario = case.document.scenario(case.pickle)
    element_id = f"{feature_id};{_slug(rule['name'])};{_slug(scenario['name'])}"
    is_row = case.row is not None
    if case.row is not None:
        element_id += f";;{case.row + 1}"  # Cucumber counts the header as row 1
    rule_tags = _tags(case.document.rule(case.pickle) or {})
    element: dict[str, Any] = {
        "keyword": scenario["keyword"],
        "id": element_id,
        "name": case.pickle["name"],
        "line": case.pickle["location"]["line"] if is_row else scenario["location"]["line"],
        "description": scenario["description"].strip(),
        "type": "scenario",
        "tags": rule_tags + _tags(scenario),
        "rule": rule,
        "conformance_status": case.result["status"],
        "steps": _steps(case),
    }
    if case.result["expectation"]:
        element["expectation"] = case.result["expectation"]
    return element


def _steps(case: Case) -> list[dict[str, Any]]:
    steps = []
    for pickle_step, outcome in zip(case.pickle["steps"], case.outcomes, strict=True):
        node = case.document.step(pickle_step)
        result: dict[str, Any] = {"status": outcome.status, "duration": max(0, round(outcome.duration * 1e9))}
        if outcome.message is not None:
            result["error_message"] = outcome.message
        steps.append(
            {
                "keyword": node["keyword"],
                "name": pickle_step["text"],
                "line": node["location"]["line"],
                "match": {"location": ""},
                "result": result,
            }
        )
    return steps


def as_list(run: Run) -> list[dict[str, Any]]:
    """The report: one entry per feature that ran, scenarios in the run's order."""
    rule_status = {r["id"]: r["status"] for r in run.rules}
    features: dict[str, dict[str, Any]] = {}
    for case in pair(run, load_documents(run)):
        feature = features.get(case.document.uri)
        if feature is None:
            feature = features[case.document.uri] = _feature(case.document)
        feature["elements"].append(_element(case, feature["id"], _rule(case, rule_status)))
    return list(features.values())


def write(run: Run, directory: Path) -> Path:
    path = directory / "cucumber.json"
    return write_text(path, json.dumps(as_list(run), indent=2, ensure_ascii=False) + "\n")
