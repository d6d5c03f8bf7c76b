"""A failing step's evidence in the reports: the screenshot inline in the page, attachments in the messages.

The evidence itself is kept during the run (harness/evidence.py) under the report directory; a
:class:`~harness.results.ScenarioResult` holds its paths, relative to that directory. The screenshot
is read back here and embedded (a ``data:`` URI in conformance.html, a BASE64 ``attachment`` in
messages.ndjson), so both stay whole when mailed alone; the trace files are linked by the same
relative path (an ``externalAttachment`` in the messages), so they work beside the report.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..results import EvidenceFiles, ScenarioResult

#: How to open a Playwright trace, said next to its link.
TRACE_VIEWER = "playwright show-trace FILE, or drop it on trace.playwright.dev"


def screenshot_of(evidence: EvidenceFiles, directory: Path) -> bytes | None:
    """The PNG kept for a failing step, None when there is none (or the file was removed since)."""
    relative = evidence["screenshot"]
    if not relative:
        return None
    try:
        return (directory / relative).read_bytes()
    except OSError:
        return None


def describe(scenario: ScenarioResult) -> str:
    """The screenshot's text alternative: which rule failed, at which step."""
    step = scenario["failing_step"] or "the step that failed"
    return f"Screenshot of the page when {scenario['rule']} failed, at “{step}” ({scenario['name']})"


# -- conformance.html --------------------------------------------------------------------------


def figure(scenario: ScenarioResult, directory: Path) -> str:
    """The failing step's screenshot (inline; a link to the file at full size) and links to its traces."""
    evidence = scenario.get("evidence")
    if not evidence:
        return ""
    parts = []
    png = screenshot_of(evidence, directory)
    if png is not None and evidence["screenshot"]:
        source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        parts.append(
            f'<a class="shot" href="{_href(evidence["screenshot"])}">'
            f'<img src="{source}" alt="{escape(describe(scenario))}"></a>'
        )
    caption = ["What the page showed when this step failed." if png is not None else ""]
    for path in evidence["files"]:
        name = Path(path).name
        kind = "Playwright trace" if name.endswith(".trace.zip") else "Evidence file"
        caption.append(
            f'<a href="{_href(path)}">{escape(kind)}: <code>{escape(name)}</code></a>'
            + (f" (open it with <code>{escape(TRACE_VIEWER)}</code>)" if kind == "Playwright trace" else "")
        )
    if evidence["problem"]:
        caption.append(f"Evidence incomplete: {escape(evidence['problem'])}")
    text = "<br>".join(part for part in caption if part)
    return f'<figure class="evidence">{"".join(parts)}<figcaption>{text}</figcaption></figure>'


def _href(relative: str) -> str:
    return escape(quote(relative))


# -- messages.ndjson ---------------------------------------------------------------------------


def envelopes(
    scenario: ScenarioResult, directory: Path | None, where: dict[str, Any]
) -> list[dict[str, Any]]:
    """The failing step's attachments; ``where`` holds testCaseStartedId, testStepId and timestamp."""
    evidence = scenario.get("evidence")
    if not evidence or directory is None:
        return []
    found: list[dict[str, Any]] = []
    png = screenshot_of(evidence, directory)
    if png is not None and evidence["screenshot"]:
        found.append(
            {
                "attachment": {
                    "body": base64.b64encode(png).decode("ascii"),
                    "contentEncoding": "BASE64",
                    "mediaType": "image/png",
                    "fileName": Path(evidence["screenshot"]).name,
                    **where,
                }
            }
        )
    for path in evidence["files"]:
        media = "application/zip" if path.endswith(".zip") else "application/octet-stream"
        found.append({"externalAttachment": {"url": path, "mediaType": media, **where}})
    return found
