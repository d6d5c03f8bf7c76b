"""conformance.html: one self-contained page for product owners.

The verdict comes first, then what was run, then the rule matrix (one row per
documented rule, expandable to its scenarios and their steps) with filters by
status and level. Inline CSS and plain JS only, no external asset, so the file
can be mailed or archived as it is. Every text from the run is HTML-escaped.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import quote

from ..atomic import write_text
from ..features import CONFLICTS, INTERPRETATIONS
from ..marks import LEVELS
from ..results import ScenarioResult, StepResult
from ..run import RuleResult, Run
from ..status import Status
from . import attachments

#: Package data (``harness`` is a namespace package, so a path rather than importlib.resources).
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "conformance.html"
#: Order of the status columns, filters and legend: good news first, then what needs action.
ORDER = (
    Status.PASSED,
    Status.FAILED,
    Status.BLOCKED,
    Status.XFAIL,
    Status.NOT_APPLICABLE,
    Status.NOT_RUN,
    Status.BROKEN,
)
TITLE = "Security settings — conformance report"

#: What each status means, in the words of someone who owns the product rather than the tests.
MEANING = {
    Status.PASSED: ("Passed", "the implementation does what the rule says"),
    Status.FAILED: ("Failed", "the implementation breaks the rule (the documentation's, or a standard's)"),
    Status.BROKEN: (
        "Not checked",
        "the test run broke (the driver crashed or misbehaved): fix the run first",
    ),
    Status.NOT_APPLICABLE: (
        "Not applicable",
        "the driver cannot do what the check needs (e.g. move the clock)",
    ),
    Status.XFAIL: ("Known failure", "fails as listed, with a reason, in the expectations manifest"),
    Status.BLOCKED: (
        "Blocked",
        "not checked: the product deviated from another rule on the way there (named with it)",
    ),
    Status.NOT_RUN: ("Not run", "not checked: this run left the rule out (-k, -m or --levels)"),
}

LEVEL_MEANING = {
    "must": "the documentation requires it",
    "should": "the documentation recommends it",
    "hardening": "security standards require it where the documentation is silent",
}

VERDICT_TEXT = {
    "CONFORMS": "Every rule at the gating levels was checked, and the implementation follows each one.",
    "RUN UNUSABLE": "Some rules could not be checked because the test run itself broke. "
    "Fix the run before reading the results.",
    "INTERRUPTED": "The run was stopped before it finished: what ran is below, but it is no verdict.",
}


def verdict_text(run: Run) -> str:
    """One sentence under the verdict: why the run came out this way."""
    if run.verdict in VERDICT_TEXT:
        return VERDICT_TEXT[run.verdict]
    failing = {r["rule"] for r in run.unexpected_failures()}
    if run.verdict == "INCOMPLETE":
        count = len(run.unchecked())
        rules = f"{count} rules at the gating levels were" if count > 1 else "1 rule at the gating levels was"
        return f"Nothing failed, but {rules} not checked (listed below): this run cannot say it conforms."
    reasons = []
    if failing:
        rules = f"{len(failing)} rule{'s' * (len(failing) > 1)}"
        reasons.append(f"The implementation breaks {rules} at the gating levels")
    if run.stale_expectations:
        reasons.append("the expectations manifest has stale entries (listed below)")
    text = " and ".join(reasons) + "."
    return text[0].upper() + text[1:]


def write(run: Run, directory: Path) -> Path:
    path = directory / "conformance.html"
    return write_text(path, render(run, directory))


def render(run: Run, directory: Path) -> str:
    template = Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        title=escape(TITLE),
        verdict=_verdict(run),
        overview=_overview(run, directory),
        filters=_filters(run),
        matrix=_matrix(run, directory),
        footer=escape(
            f"Written by security-settings-conformance {run.metadata['kit_version']}. "
            "The same results are in summary.json, junit.xml, cucumber.json and messages.ndjson."
        ),
    )


# -- verdict and overview ---------------------------------------------------------------------


def _verdict(run: Run) -> str:
    levels = ", ".join(level.upper() for level in run.metadata["levels"])
    parts = [
        f'<section class="verdict verdict-{run.verdict.replace(" ", "-")}" id="verdict">',
        f'<div class="big">{escape(run.verdict)}</div>',
        "<div>",
        f"<p>{escape(verdict_text(run))}</p>",
        f'<p class="facts">Exit code <strong>{run.exit_code}</strong> · gating levels: '
        f"<strong>{escape(levels)}</strong> · driver <code>{escape(run.metadata['driver'])}</code></p>",
        "</div></section>",
    ]
    failed = [r for r in run.rules if r["status"] == Status.FAILED]
    gating = [r for r in failed if r["level"] in run.gating]
    if gating:
        parts.append(_rule_list("problems", "Rules the implementation breaks", gating))
    if run.stale_expectations:
        stale = "".join(f"<li>{escape(s)}</li>" for s in run.stale_expectations)
        parts.append(
            '<div class="stale" id="stale"><strong>Stale expectations</strong> — entries of the expectations '
            f"manifest that no longer match a failure:<ul>{stale}</ul></div>"
        )
    broken = [r for r in run.rules if r["status"] == Status.BROKEN]
    if broken:
        causes = list(dict.fromkeys(s["message"] for s in run.broken() if s["message"]))
        shown = "".join(f"<li><code>{escape(c)}</code></li>" for c in causes[:3])
        more = f"<li>… and {len(causes) - 3} other causes</li>" if len(causes) > 3 else ""
        ids = ", ".join(escape(r["id"]) for r in broken)
        parts.append(
            f'<div class="broken" id="broken"><strong>{len(broken)} rules could not be checked</strong>: '
            f"{ids}."
            f"<br>What went wrong:<ul>{shown}{more}</ul></div>"
        )
    unchecked = run.unchecked()
    if unchecked:
        parts.append(_unchecked_list(unchecked, interrupted=run.verdict == "INTERRUPTED"))
    advisory = [r for r in failed if r["level"] not in run.gating]
    if advisory:
        parts.append(
            _rule_list("advisory", "Warnings: failing at levels that do not gate this run", advisory)
        )
    return "\n".join(parts)


def _unchecked_list(rules: list[RuleResult], interrupted: bool = False) -> str:
    """Gating rules not checked, each with why: blocked by which rule, not applicable, or not run."""
    not_run = "not reached: the run was stopped" if interrupted else "not run: left out of this run"
    items = []
    for r in rules:
        status = Status(r["status"])
        if status is Status.BLOCKED:
            why = f"blocked by {', '.join(r['blocked_by'])}"
        elif status is Status.NOT_RUN:
            why = not_run
        else:
            why = "not applicable: the driver lacks a capability the check needs"
        items.append(
            f"<li><strong>{escape(r['id'])}</strong> ({escape(r['level'].upper())}): {escape(why)}</li>"
        )
    title = f"<strong>Rules not checked ({len(rules)})</strong>"
    return f'<div class="unchecked" id="unchecked">{title}<ul>{"".join(items)}</ul></div>'


def _rule_list(css: str, heading: str, rules: list[RuleResult]) -> str:
    items = "".join(
        f"<li><strong>{escape(r['id'])}</strong> ({escape(r['level'].upper())}): "
        f"{escape(r['title'].removeprefix(r['id']).strip())}</li>"
        for r in rules
    )
    title = f"<strong>{escape(heading)} ({len(rules)})</strong>"
    return f'<div class="{css}" id="{css}">{title}<ul>{items}</ul></div>'


def _overview(run: Run, directory: Path) -> str:
    meta = run.metadata
    rows = [
        ("Implementation tested (driver)", f"<code>{escape(meta['driver'])}</code>"),
        ("Kit version", escape(meta["kit_version"])),
        ("Driver protocol version", escape(meta["protocol_version"])),
        ("Started", escape(meta["started"])),
        ("Finished", escape(meta["finished"])),
        ("Wall time", escape(f"{meta['wall_seconds']:.1f} s")),
        ("Simulated time covered", escape(_humane(meta["simulated_seconds"]))),
        ("Rules / scenarios", escape(f"{len(run.rules)} rules, {len(run.scenarios)} scenarios")),
    ]
    meta_html = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        '<div class="overview">'
        f'<section class="card"><h2 style="margin-top:0">About this run</h2><dl class="meta">{meta_html}</dl>'
        f'<p class="links">{_links(directory)}</p></section>'
        f'<section class="card"><h2 style="margin-top:0">Rules by level and status</h2>{_counts(run)}'
        f"{_legend()}</section>"
        "</div>"
    )


def _humane(seconds: float) -> str:
    """Simulated time in days and hours: the scenarios move a fake clock, not the wall clock."""
    days, rest = divmod(int(seconds), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    text = (
        f"{days} days {hours} h {minutes} min"
        if days
        else f"{hours} h {minutes} min"
        if hours
        else f"{seconds:g} s"
    )
    return f"{text} ({seconds:,.0f} s)"


def _links(directory: Path) -> str:
    """Relative links from the report directory to the repository's notes on how the doc was read."""
    links = []
    for path, label in (
        (INTERPRETATIONS, "How the kit reads the documentation where it is silent"),
        (CONFLICTS, "Where the documentation conflicts with security standards"),
    ):
        if path.exists() or path == INTERPRETATIONS:
            relative = Path(os.path.relpath(path, directory.resolve())).as_posix()
            links.append(
                f'<a href="{escape(quote(relative))}">{escape(label)}</a> '
                f"(<code>{escape(path.parent.name + '/' + path.name)}</code>)"
            )
    return "<br>".join(links)


def _counts(run: Run) -> str:
    counts = run.counts()
    head = "".join(f'<th><span class="badge s-{s.value}">{escape(MEANING[s][0])}</span></th>' for s in ORDER)
    body = ""
    for level in [lvl for lvl in LEVELS if lvl in counts]:
        cells = "".join(
            f'<td class="{"zero" if counts[level][s.value] == 0 else ""}">{counts[level][s.value]}</td>'
            for s in ORDER
        )
        gating = " (gating)" if level in run.gating else ""
        body += f"<tr><td>{escape(level.upper() + gating)}</td>{cells}</tr>"
    return f'<table class="counts"><thead><tr><th>Level</th>{head}</tr></thead><tbody>{body}</tbody></table>'


def _legend() -> str:
    items = "".join(
        f'<li><span class="badge s-{s.value}">{escape(MEANING[s][0])}</span> {escape(MEANING[s][1])}</li>'
        for s in ORDER
    )
    levels = "".join(
        f'<li><span class="level">{escape(level)}</span> {escape(meaning)}</li>'
        for level, meaning in LEVEL_MEANING.items()
    )
    return f'<ul class="legend">{items}</ul><ul class="legend levels">{levels}</ul>'


# -- filters and matrix -----------------------------------------------------------------------


def _filters(run: Run) -> str:
    present_levels = [lvl for lvl in LEVELS if any(r["level"] == lvl for r in run.rules)]
    statuses = "".join(
        f'<label><input type="checkbox" data-filter="status" value="{s.value}" checked> '
        f'<span class="badge s-{s.value}">{escape(MEANING[s][0])}</span></label>'
        for s in ORDER
    )
    levels = "".join(
        f'<label><input type="checkbox" data-filter="level" value="{escape(lvl)}" checked> '
        f"{escape(lvl.upper())}</label>"
        for lvl in present_levels
    )
    return (
        '<form class="filters" id="filters" onsubmit="return false">'
        f'<fieldset id="status-filter"><legend>Status</legend>{statuses}</fieldset>'
        f'<fieldset id="level-filter"><legend>Level</legend>{levels}</fieldset>'
        '<div class="actions">'
        f'<span class="shown"><span id="shown-count">{len(run.rules)}</span> '
        f"of {len(run.rules)} rules shown</span>"
        '<button type="button" id="problems-only">Problems only</button>'
        '<button type="button" id="show-all">Show all</button>'
        '<button type="button" id="expand-all">Expand all</button>'
        '<button type="button" id="collapse-all">Collapse all</button>'
        "</div></form>"
    )


def _matrix(run: Run, directory: Path) -> str:
    by_rule: dict[str, list[ScenarioResult]] = {}
    for scenario in run.scenarios:
        by_rule.setdefault(scenario["rule"], []).append(scenario)
    head = (
        '<thead><tr><th>Rule</th><th>Level</th><th class="section">Documentation section or standard</th>'
        "<th>What the documentation (or the standard) says</th><th>Status</th><th>Scenarios</th></tr></thead>"
    )
    bodies = "".join(_rule(rule, by_rule.get(rule["id"], []), directory) for rule in run.rules)
    return f'<table class="matrix" id="matrix">{head}{bodies}</table>'


def _rule(rule: RuleResult, scenarios: list[ScenarioResult], directory: Path) -> str:
    detail_id = f"detail-{rule['id']}"
    status = Status(rule["status"])
    passed = sum(1 for s in scenarios if s["status"] == Status.PASSED)
    title = rule["title"].removeprefix(rule["id"]).strip()
    return (
        f'<tbody class="rule" id="rule-{escape(rule["id"])}" data-status="{escape(status.value)}" '
        f'data-level="{escape(rule["level"])}">'
        '<tr class="rule-row">'
        f'<td class="id"><button type="button" class="toggle" aria-expanded="false" '
        f'aria-controls="{escape(detail_id)}">{escape(rule["id"])}</button></td>'
        f'<td><span class="level">{escape(rule["level"])}</span></td>'
        f'<td class="section">{escape(rule["section"])}</td>'
        f'<td>{escape(rule["sentence"] or title)}<div class="title">Checked as: {escape(title)}</div></td>'
        f'<td><span class="badge s-{status.value}">{escape(MEANING[status][0])}</span>{_advice(rule)}</td>'
        f'<td class="count">{passed} of {len(scenarios)} passed</td>'
        "</tr>"
        f'<tr class="detail" id="{escape(detail_id)}" hidden><td colspan="6">'
        + "".join(_scenario(s, directory) for s in scenarios)
        + "</td></tr></tbody>"
    )


def _advice(rule: RuleResult) -> str:
    """Advice to the reader cannot pass or fail: say that the status is that of a related check."""
    if not rule["advice"]:
        return ""
    return (
        '<div class="title">Advice to the reader: no product can keep or break it; the status is that of '
        "the related check above.</div>"
    )


def _scenario(scenario: ScenarioResult, directory: Path) -> str:
    status = Status(scenario["status"])
    evidence = attachments.figure(scenario, directory)  # under the failing step, or the loose message
    steps = "".join(_step(step, scenario, evidence) for step in scenario["steps"])
    loose = ""  # a message no step carries: an error in setup/teardown, or a NOT-APPLICABLE skip
    if not any(s["status"] == "failed" for s in scenario["steps"]):
        if scenario["message"]:
            loose = f'<pre class="message x-{status.value}">{escape(scenario["message"])}</pre>'
        loose += evidence
    expectation = ""
    if scenario["expectation"]:
        expectation = (
            f'<p class="expectation"><strong>Expected failure</strong> — reason in the manifest: '
            f"{escape(scenario['expectation'])}</p>"
        )
    where = f"{scenario['feature_file']}:{scenario['line']}"
    return (
        f'<div class="scenario" data-status="{status.value}">'
        f'<h3><span class="badge s-{status.value}">{escape(MEANING[status][0])}</span>'
        f'{escape(scenario["name"])}<span class="where mono">{escape(where)}</span></h3>'
        f'{expectation}<ol class="steps">{steps}</ol>{loose}</div>'
    )


def _step(step: StepResult, scenario: ScenarioResult, evidence: str = "") -> str:
    text = f'<span class="kw">{escape(step["keyword"])}</span>{escape(step["text"])}'
    if step["status"] != "failed":
        return f'<li class="{escape(step["status"])}">{text}</li>'
    status = scenario["status"]
    blocked = scenario["blocked_by"]
    marker = {
        "XFAIL": "expected failure",
        "BROKEN": "the run broke here",
        "BLOCKED": f"blocked here by {blocked['rule']}" if blocked else "blocked here",
    }.get(status, "failing step")
    message = f'<pre class="message x-{escape(status)}">{escape(scenario["message"])}</pre>'
    return (
        f'<li class="failed x-{escape(status)}" data-failing="true">{text}'
        f'<span class="marker">{escape(marker)}</span>{message}{evidence}</li>'
    )
