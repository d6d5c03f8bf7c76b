"""The kill matrix as reports/mutants.json and a self-contained reports/mutants.html."""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from .runner import BROKEN, KILLED, MutantResult

JSON_NAME, HTML_NAME = "mutants.json", "mutants.html"


def totals(results: list[MutantResult]) -> dict[str, int]:
    counts = Counter(r.verdict for r in results)
    return {
        "mutants": len(results),
        "killed": counts[KILLED],
        "killed_by_target": sum(r.killed_by_target for r in results),
        "survived": len(results) - counts[KILLED],
        "broken_only": counts[BROKEN],
        "failing_only_their_target": sum(r.fails_only_its_target for r in results),
        "rules_failed": sum(len(r.killing_rules) for r in results),
        "rules_blocked": sum(len(r.blocked_rules) for r in results),
    }


def document(
    results: list[MutantResult], *, targeted: bool, jobs: int, wall_seconds: float
) -> dict[str, Any]:
    return {
        "mode": "targeted" if targeted else "full",
        "jobs": jobs,
        "wall_seconds": round(wall_seconds, 2),
        "totals": totals(results),
        "mutants": [r.as_dict() for r in results],
    }


def write(results: list[MutantResult], directory: Path, **meta: Any) -> tuple[Path, Path]:
    """Both reports; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    data = document(results, **meta)
    json_path, html_path = directory / JSON_NAME, directory / HTML_NAME
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    html_path.write_text(render_html(data), encoding="utf-8")
    return json_path, html_path


_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top}
th{background:#f3f3f3;text-align:left}.killed{background:#e6f4ea}.survived{background:#fde7e9}
.broken,.no-run{background:#fff4ce}.rule{font-family:monospace;padding:0 3px;margin:1px;display:inline-block;
border:1px solid #bbb;border-radius:3px}.target{background:#1a7f37;color:#fff;border-color:#1a7f37}
small{color:#555}
"""


def render_html(data: dict[str, Any]) -> str:
    t = data["totals"]
    rows = "\n".join(_row(m) for m in data["mutants"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Mutant kill matrix</title><style>{_STYLE}</style></head>
<body>
<h1>Mutant kill matrix</h1>
<p>{t["killed"]} of {t["mutants"]} mutants killed, {t["killed_by_target"]} by the rule they target;
{t["survived"]} not killed ({t["broken_only"]} only BROKEN, which is not a kill).
{t["failing_only_their_target"]} fail only the rule they target; across all mutants {t["rules_failed"]} rule
failures and {t["rules_blocked"]} rules BLOCKED (not checked because of the defect).
Mode: {html.escape(data["mode"])}, {data["jobs"]} jobs, {data["wall_seconds"]} s.</p>
<p><small>A mutant is killed when some rule's scenario FAILED against it. BROKEN means the run crashed
on the defect instead of catching it. The rule a mutant targets is highlighted among the rules that
killed it.</small></p>
<table>
<thead><tr><th>Mutant</th><th>Targets</th><th>Verdict</th><th>Killed by</th><th>First failure</th>
</tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""


def _row(m: dict[str, Any]) -> str:
    badges = " ".join(
        f'<span class="rule{" target" if rule == m["rule"] else ""}">{html.escape(rule)}</span>'
        for rule in m["killing_rules"]
    )
    if m["blocked_rules"]:
        badges += "<br><small>BLOCKED: " + html.escape(", ".join(m["blocked_rules"])) + "</small>"
    if m["broken_rules"]:
        badges += "<br><small>BROKEN: " + html.escape(", ".join(m["broken_rules"])) + "</small>"
    verdict = m["verdict"].upper() + (
        "" if m["killed_by_target"] or m["verdict"] != KILLED else " (not by target)"
    )
    first = m["failures"][0] if m["failures"] else None
    detail = f"{first['rule']} — {first['scenario']}: {first['message']}" if first else ""
    return (
        f'<tr class="{html.escape(m["verdict"])}"><td><b>{html.escape(m["name"])}</b><br>'
        f"<small>{html.escape(m['description'])}</small></td><td>{html.escape(m['rule'])}</td>"
        f"<td>{html.escape(verdict)}</td><td>{badges}</td><td><small>{html.escape(detail)}</small></td></tr>"
    )
