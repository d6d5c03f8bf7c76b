"""Evidence of a failing step: what the page showed, kept for the reports.

When a scenario's step FAILED or BROKE (pytest's call phase, before the driver closes), the kit asks a
driver that declares :attr:`~harness.protocol.Capability.SCREEN` and has the optional ``evidence()``
(:class:`~harness.protocol.KeepsEvidence`) for what the screen shows, and keeps it under the report
directory, in ``evidence/``: the screenshot as ``<name>.png``, each file the driver saved (a Playwright
trace) as ``<name>-<its file name>``. The test report carries only their paths, relative to the report
directory (plain data that crosses xdist); ``conformance.html`` shows the screenshot inline and links the
rest, ``messages.ndjson`` attaches them to the failing step.

Collecting evidence never changes a scenario's status: whatever goes wrong is logged, written into the
evidence as its ``problem``, and the scenario stays FAILED or BROKEN as it was.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from pathlib import Path

import pytest

from .errors import DriverBroken
from .fixtures import DRIVER_KEY
from .marks import rule_of
from .protocol import Evidence
from .reports import EVIDENCE_DIR
from .results import EvidenceFiles
from .status import Status

#: The statuses whose failing step is worth a screenshot (BLOCKED and NOT-APPLICABLE checked nothing).
WANTED = (Status.FAILED.value, Status.BROKEN.value)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

log = logging.getLogger(__name__)


def attach(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> None:
    """Add the evidence of a failing step to ``report.conformance`` (after :func:`harness.results.attach`)."""
    data = getattr(report, "conformance", None)
    if report.when != "call" or not data or data["status"] not in WANTED:
        return
    if call.excinfo is not None and not call.excinfo.errisinstance(Exception):
        return  # Ctrl-C or an exit: stop now, nothing to show
    report_dir = item.config.getoption("report_dir", None)
    if report_dir:
        data["evidence"] = collect(item, Path(report_dir))


def collect(item: pytest.Item, report_dir: Path) -> EvidenceFiles | None:
    """Ask the scenario's driver for evidence and save it; None from a driver that keeps none."""
    driver = item.stash.get(DRIVER_KEY, None)
    if driver is None:
        return None
    try:
        evidence = driver.evidence()
    except DriverBroken as exc:  # the guard's word on what the driver raised or returned
        return _problem(item, str(exc))
    except Exception as exc:
        return _problem(item, f"evidence() raised {type(exc).__name__}: {exc}")
    if evidence is None:
        return None
    try:
        return save(evidence, report_dir, evidence_name(item))
    except Exception as exc:
        return _problem(item, f"the evidence could not be saved: {type(exc).__name__}: {exc}")


def save(evidence: Evidence, report_dir: Path, name: str) -> EvidenceFiles:
    """Write the screenshot and move the driver's files into ``report_dir/evidence/``."""
    folder = report_dir / EVIDENCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    kept = EvidenceFiles(screenshot=None, files=[], problem="")
    problems = []
    if evidence.screenshot is not None:
        if evidence.screenshot.startswith(PNG_SIGNATURE):
            (folder / f"{name}.png").write_bytes(evidence.screenshot)
            kept["screenshot"] = f"{EVIDENCE_DIR}/{name}.png"
        else:
            problems.append("the screenshot evidence() gave is not a PNG")
    for source in evidence.files:
        target = folder / f"{name}-{Path(source).name}"
        try:
            shutil.move(source, target)
        except OSError as exc:
            problems.append(f"{source} could not be moved next to the report: {exc.strerror or exc}")
            continue
        kept["files"].append(f"{EVIDENCE_DIR}/{target.name}")
    if problems:
        kept["problem"] = "; ".join(problems)
        log.warning("evidence incomplete: %s", kept["problem"])
    return kept


def evidence_name(item: pytest.Item) -> str:
    """``DIS-01-the_disable_button_is_red-3f2a9c1b``: the rule, the scenario and a hash of the node id (one
    name per outline row)."""
    rule = rule_of(item)[0] or "scenario"
    scenario = re.sub(r"[^A-Za-z0-9_]+", "-", getattr(item, "originalname", item.name).removeprefix("test_"))
    digest = hashlib.sha256(item.nodeid.encode("utf-8")).hexdigest()[:8]
    return f"{rule}-{scenario[:48].strip('-')}-{digest}"


def _problem(item: pytest.Item, problem: str) -> EvidenceFiles:
    log.warning("no evidence for %s: %s", item.nodeid, problem)
    return EvidenceFiles(screenshot=None, files=[], problem=problem)
