"""The feature suite over HTTP: the same results as in-process against the served reference, clock
scenarios NOT-APPLICABLE without test control, and an unreachable server BROKEN without ending the run
when pytest runs the suite directly (``conformance run`` probes the URL first: tests/test_cli_run.py).

The servers are started by the run itself (``--driver http``) or by this test session.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness.drivers.http_options import ENV_BASE_URL
from harness.invocation import pytest_args
from reference_impl.server.running import BackgroundServer
from tests.conformance_runs import ROOT, RunOutput, conformance_run

pytestmark = pytest.mark.slow  # whole conformance runs, several seconds each

#: Two scenarios that need CLOCK_CONTROL, two that need only mail.
CLOCK_AND_MAIL = (
    "six_months_after_a_change or request_code_is_locked_while_the_countdown or "
    "emailed_code_activates_the_email_code or new_accounts_security_section"
)


def outcomes(run: RunOutput) -> dict[tuple[str, str], str]:
    return {(r["id"], s["name"]): s["status"] for r in run.summary["rules"] for s in r["scenarios"]}


def free_port() -> int:
    """A port nothing listens on (closed again at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_suite_over_http_gives_the_in_process_results(tmp_path: Path) -> None:
    with ThreadPoolExecutor(2) as pool:
        over_http = pool.submit(conformance_run, tmp_path / "http", "--driver", "http")
        in_process = pool.submit(conformance_run, tmp_path / "in-process")
    http, reference = over_http.result(), in_process.result()
    assert http.exit_code == reference.exit_code == 0, http.output
    # The same results, but for what only HTTP shows: HRD-14 reads the answers' Cache-Control, so it
    # is checked (and passes) over HTTP and is NOT-APPLICABLE in-process.
    only_http = {key for key, status in outcomes(reference).items() if key[0] == "HRD-14"}
    assert {outcomes(reference)[key] for key in only_http} == {"NOT-APPLICABLE"} and only_http
    assert outcomes(http) == {
        key: "PASSED" if key in only_http else s for key, s in outcomes(reference).items()
    }
    assert {r["id"]: r["status"] for r in http.summary["rules"]} == {
        r["id"]: "PASSED" if r["id"] == "HRD-14" else r["status"] for r in reference.summary["rules"]
    }
    assert http.summary["metadata"]["driver"] == "http"


def test_without_test_control_clock_scenarios_are_not_applicable(tmp_path: Path) -> None:
    mail_port = free_port()  # the run's capture listens here; the server mails it there
    server = BackgroundServer.start(smtp=("127.0.0.1", mail_port), test_control=False)
    try:
        run = conformance_run(
            tmp_path,
            "--driver=http",
            f"--base-url={server.base_url}",
            f"--smtp-capture=127.0.0.1:{mail_port}",
            "--",
            "-k",
            CLOCK_AND_MAIL,
        )
    finally:
        server.stop()
    statuses = outcomes(run)
    assert len(statuses) == 4, run.output
    assert run.exit_code == 3, run.output  # NOT-APPLICABLE and filtered rules: INCOMPLETE, never CONFORMS
    assert {rule for (rule, _), status in statuses.items() if status == "NOT-APPLICABLE"} == {
        "PWD-01",
        "EML-05",
    }
    assert {rule for (rule, _), status in statuses.items() if status == "PASSED"} == {"EML-04", "SEC-01"}


def test_an_unreachable_server_is_broken_naming_the_request_and_the_run_goes_on(tmp_path: Path) -> None:
    port = free_port()
    options = argparse.Namespace(driver="http", levels="must", report_dir=tmp_path, expectations=None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args(options, ["-k", CLOCK_AND_MAIL])],
        cwd=ROOT,
        env={**os.environ, ENV_BASE_URL: f"http://127.0.0.1:{port}"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    run = RunOutput(done.returncode, done.stdout + done.stderr, tmp_path)
    assert run.summary["exit_code"] == 2, run.output
    assert set(outcomes(run).values()) == {"BROKEN"} and len(outcomes(run)) == 4
    messages = {s["message"] for r in run.summary["rules"] for s in r["scenarios"]}
    assert all(f"GET http://127.0.0.1:{port}/test-control/clock failed: ConnectError" in m for m in messages)
