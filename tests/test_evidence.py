"""Evidence of a failing step (harness/evidence.py): kept from a driver that sees the page, shown in the
HTML page and attached in messages.ndjson, and never able to change a scenario's status.

The browser's own evidence (a real screenshot of a visual defect) is checked in tests/test_browser_run.py;
here drivers without a browser (tests/drivers/evidence.py) answer ``evidence()`` in each way they might.
"""

from __future__ import annotations

import argparse
import base64
import logging
import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import pytest
from jsonschema import Draft202012Validator

from harness import evidence
from harness.drivers import http_options
from harness.drivers.browser.evidence import tracing_wanted
from harness.errors import KitError
from harness.fixtures import DRIVER_KEY
from harness.guard import GuardedDriver
from harness.reports import clear
from reference_impl.driver import ReferenceDriver
from tests.conformance_runs import RunOutput, conformance_run
from tests.drivers.evidence import TRACE_NAME, EvidenceRaises, KeepsScreenshots, SeesTheSection, tiny_png
from tests.test_reports_messages import read, registry, schema, validator  # noqa: F401 - the schema's fixtures

PWD_02 = ("--", "-m", "rule(id='PWD-02')")  # the rule tests.drivers.faulty:careless_change_password fails
DRIVERS = "tests.drivers.evidence"


def statuses(run: RunOutput) -> dict[str, str]:
    return {s["nodeid"]: s["status"] for r in run.summary["rules"] for s in r["scenarios"]}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    """The same failures through a driver without SCREEN (the in-process reference with two defects)."""
    run = conformance_run(
        tmp_path_factory.mktemp("plain"), "--driver=tests.drivers.faulty:careless_change_password", *PWD_02
    )
    assert run.exit_code == 1, run.output
    return run


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> RunOutput:
    # Two xdist workers: the evidence is kept on a worker and reaches the reports through its test report.
    run = conformance_run(
        tmp_path_factory.mktemp("kept"), f"--driver={DRIVERS}:keeps_screenshots", *PWD_02, "-n", "2"
    )
    assert run.exit_code == 1, run.output
    assert run.rules_with("FAILED") == {"PWD-02"}
    return run


@pytest.mark.slow
def test_the_screenshot_is_inline_on_the_failing_step_and_the_trace_is_linked(kept: RunOutput) -> None:
    page = (kept.report_dir / "conformance.html").read_text(encoding="utf-8")
    failed = [s for r in kept.summary["rules"] for s in r["scenarios"] if s["status"] == "FAILED"]
    shots = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)">', page)
    assert len(shots) == len(failed) > 0
    for (body, alt), scenario in zip(shots, failed, strict=True):
        assert base64.b64decode(body) == tiny_png()
        assert "PWD-02" in unescape(alt) and scenario["failing_step"] in unescape(alt)
    failing_steps = re.findall(r'<li class="failed x-FAILED" data-failing="true">(.*?)</li>', page, re.S)
    assert all('<figure class="evidence">' in step for step in failing_steps)
    links = [unquote(link) for link in re.findall(r'<a [^>]*href="(evidence/[^"]+)"', page)]
    assert {Path(link).suffix for link in links} == {".png", ".zip"}
    assert all((kept.report_dir / link).is_file() for link in links)  # relative, beside the report
    assert sum(link.endswith(TRACE_NAME) for link in links) == len(failed)


@pytest.mark.slow
def test_messages_attach_the_screenshot_to_the_failing_step(
    kept: RunOutput,
    validator: Draft202012Validator,  # noqa: F811 - the schema's fixture
) -> None:
    envelopes = read(kept)
    assert all(validator.is_valid(e) for e in envelopes)
    failed_steps = {
        (e["testStepFinished"]["testCaseStartedId"], e["testStepFinished"]["testStepId"])
        for e in envelopes
        if "testStepFinished" in e and e["testStepFinished"]["testStepResult"]["status"] == "FAILED"
    }
    pictures = [e["attachment"] for e in envelopes if "attachment" in e]
    assert {(a["testCaseStartedId"], a["testStepId"]) for a in pictures} == failed_steps
    assert all(a["mediaType"] == "image/png" and a["contentEncoding"] == "BASE64" for a in pictures)
    assert all(base64.b64decode(a["body"]) == tiny_png() for a in pictures)
    traces = [e["externalAttachment"] for e in envelopes if "externalAttachment" in e]
    assert {(t["testCaseStartedId"], t["testStepId"]) for t in traces} == failed_steps
    assert all((kept.report_dir / t["url"]).is_file() for t in traces)
    kinds = [next(iter(e)) for e in envelopes]  # inside its step: after testStepStarted, before Finished
    first = kinds.index("attachment")
    assert kinds[first - 1] == "testStepStarted" and kinds[first + 2] == "testStepFinished"


def test_a_new_run_clears_the_last_runs_evidence(kept: RunOutput, tmp_path: Path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "PWD-02-old.png").write_bytes(tiny_png())
    (folder / "PWD-02-old-laptop.trace.zip").write_bytes(b"PK")
    clear(tmp_path)
    assert not folder.exists()
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    clear(tmp_path)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]  # only the kit's own kinds of file go


@pytest.mark.slow
@pytest.mark.parametrize(
    ("driver", "problem"),
    [
        ("evidence_raises", "evidence() raised RuntimeError: the camera is unplugged"),
        ("evidence_outside_the_protocol", "evidence() returned str, which is not a Evidence"),
        ("not_a_png", "the screenshot evidence() gave is not a PNG"),
    ],
)
def test_evidence_that_goes_wrong_changes_no_status(
    tmp_path: Path, driver: str, problem: str, plain: RunOutput, kept: RunOutput
) -> None:
    run = conformance_run(tmp_path, f"--driver={DRIVERS}:{driver}", *PWD_02)
    assert run.exit_code == plain.exit_code == kept.exit_code == 1, run.output
    assert statuses(run) == statuses(plain) == statuses(kept)
    page = (run.report_dir / "conformance.html").read_text(encoding="utf-8")
    assert "<img" not in page
    assert problem in unescape(page)
    assert not any("attachment" in e for e in read(run))


# -- the kit's side, without a run -----------------------------------------------------------------


def _failing_item(tmp_path: Path, driver: object) -> Any:
    """Just enough of a pytest item, call and report for :func:`harness.evidence.attach`."""
    item = SimpleNamespace(
        stash=pytest.Stash(),
        config=SimpleNamespace(getoption=lambda name, default=None: str(tmp_path)),
        nodeid="spec/features/x.feature::test_it",
        name="test_it",
        get_closest_marker=lambda name: None,
    )
    item.stash[DRIVER_KEY] = driver
    return item


def test_an_exception_while_collecting_evidence_leaves_the_status_unchanged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    item = _failing_item(tmp_path, GuardedDriver(EvidenceRaises()))
    call = pytest.CallInfo.from_call(lambda: _fail(), "call")
    report = SimpleNamespace(when="call", outcome="failed", conformance={"status": "FAILED", "message": "m"})
    with caplog.at_level(logging.WARNING, logger="harness.evidence"):
        evidence.attach(item, call, report)  # type: ignore[arg-type]
    assert report.outcome == "failed" and report.conformance["status"] == "FAILED"
    assert report.conformance["evidence"] == {
        "screenshot": None,
        "files": [],
        "problem": "evidence() raised RuntimeError: the camera is unplugged",
    }
    assert "the camera is unplugged" in caplog.text
    assert not (tmp_path / "evidence").exists()


def _fail() -> None:
    raise AssertionError("the date of the last change is not shown")


@pytest.mark.parametrize("status", ["PASSED", "BLOCKED", "NOT-APPLICABLE"])
def test_only_a_failed_or_broken_step_is_photographed(tmp_path: Path, status: str) -> None:
    item = _failing_item(tmp_path, GuardedDriver(KeepsScreenshots()))
    report = SimpleNamespace(when="call", outcome="failed", conformance={"status": status})
    evidence.attach(item, pytest.CallInfo.from_call(_fail, "call"), report)  # type: ignore[arg-type]
    assert "evidence" not in report.conformance


def test_a_driver_without_screen_or_without_evidence_keeps_none() -> None:
    assert GuardedDriver(ReferenceDriver()).evidence() is None  # the in-process reference: no SCREEN
    assert GuardedDriver(SeesTheSection()).evidence() is None  # SCREEN, but no evidence(): optional


@pytest.mark.slow
def test_in_process_runs_keep_no_evidence(plain: RunOutput) -> None:
    assert plain.rules_with("FAILED") == {"PWD-02"}
    assert not (plain.report_dir / "evidence").exists()
    assert not any({"attachment", "externalAttachment"} & set(e) for e in read(plain))
    assert "<img" not in (plain.report_dir / "conformance.html").read_text(encoding="utf-8")


# -- --trace ---------------------------------------------------------------------------------------


def _options(driver: str) -> argparse.Namespace:
    return argparse.Namespace(driver=driver, base_url=None, smtp_capture=None, trace=True)


@pytest.mark.parametrize("driver", ["reference", "http"])
def test_trace_is_refused_with_a_driver_that_shows_no_page(driver: str) -> None:
    with pytest.raises(
        KitError, match=f"--trace goes with --driver browser: --driver {driver} shows no page"
    ):
        http_options.environment(_options(driver), [])


@pytest.mark.parametrize("driver", ["browser", "acme_driver:create"])
def test_trace_asks_the_driver_for_traces(driver: str, monkeypatch: pytest.MonkeyPatch) -> None:
    env = http_options.environment(_options(driver), [])
    assert env[http_options.ENV_TRACE] == "1"
    monkeypatch.setenv(http_options.ENV_TRACE, env[http_options.ENV_TRACE])
    assert tracing_wanted()
    monkeypatch.delenv(http_options.ENV_TRACE)
    assert not tracing_wanted()
