"""summary.json: the run's metadata, verdict, and every rule with its scenarios.

Its JSON Schema is docs/summary.schema.json (checked in tests).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..atomic import write_text
from ..run import Run


def as_dict(run: Run) -> dict[str, Any]:
    scenarios_by_rule: dict[str, list[dict[str, Any]]] = {}
    for s in run.scenarios:
        scenarios_by_rule.setdefault(s["rule"], []).append(
            {
                "nodeid": s["nodeid"],
                "name": s["name"],
                "status": s["status"],
                "feature_file": s["feature_file"],
                "line": s["line"],
                "message": s["message"],
                "failing_step": s["failing_step"],
                "expectation": s["expectation"],
                "blocked_by": s["blocked_by"],
            }
        )
    return {
        "metadata": dict(run.metadata),
        "verdict": run.verdict,
        "exit_code": run.exit_code,
        "stale_expectations": run.stale_expectations,
        "expectation_warnings": run.expectation_warnings,
        "counts": run.counts(),
        "rules": [{**rule, "scenarios": scenarios_by_rule.get(rule["id"], [])} for rule in run.rules],
    }


def write(run: Run, directory: Path) -> Path:
    path = directory / "summary.json"
    return write_text(path, json.dumps(as_dict(run), indent=2, ensure_ascii=False) + "\n")
