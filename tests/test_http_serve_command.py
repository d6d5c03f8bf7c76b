"""``conformance serve`` as a user starts it, and the HTTP options of ``conformance run``."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from harness.cli import main
from harness.drivers.smtp_capture import SmtpCapture
from tests.conformance_runs import ROOT
from tests.http_servers import PASSWORD, signed_in


@pytest.fixture
def capture() -> Iterator[SmtpCapture]:
    mail = SmtpCapture()
    yield mail
    mail.stop()


def test_serve_answers_on_loopback_and_mails_over_smtp(capture: SmtpCapture) -> None:
    smtp = "{}:{}".format(*capture.address)
    command = [sys.executable, "-m", "harness.cli", "serve", "--port", "0", "--test-control", "--smtp", smtp]
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        banner = server.stderr.readline()  # printed once the socket listens
        found = re.search(r"(http://127\.0\.0\.1:\d+)", banner)
        assert found, banner
        with httpx.Client(base_url=found.group(1), timeout=10) as client:
            auth = signed_in(client, "alice@example.com")
            dialog = client.post("/dialogs", json={"kind": "enable_email_code"}, headers=auth).json()["id"]
            answer = {"answer": PASSWORD, "prompt": "password"}
            assert client.post(f"/dialogs/{dialog}/confirm-identity", json=answer, headers=auth).is_success
        [mail] = capture.since(0)
        assert mail.recipient == "alice@example.com" and re.search(r"\b\d{6}\b", mail.body)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stderr is not None:
            server.stderr.close()


def test_serve_refuses_an_smtp_address_without_a_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--smtp", "mail.example.com"]) == 2
    assert "expected HOST:PORT" in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments",
    [
        ["--base-url", "http://127.0.0.1:9"],
        ["--driver", "http", "--smtp-capture", "127.0.0.1:2525"],
        ["--driver", "http", "--base-url", "http://127.0.0.1:9", "--", "-n", "2"],
        ["--driver", "http", "--base-url", "http://127.0.0.1:9", "--", "--numprocesses=auto"],
    ],
)
def test_http_options_need_the_http_driver_a_base_url_and_one_worker(
    arguments: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["run", f"--report-dir={tmp_path}", *arguments]) == 2
    assert "--base-url" in capsys.readouterr().err


# -- issue 17, findings 8 and 11 --------------------------------------------------------------------------
def test_test_control_is_refused_on_a_non_loopback_address(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--port", "0", "--test-control"]) == 2
    assert "not a loopback address" in capsys.readouterr().err


def _start(*arguments: str) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "harness.cli", "serve", "--port", "0", *arguments]
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    banner = server.stderr.readline()
    found = re.search(r"(http://[\d.]+:\d+)", banner)
    assert found, banner
    return server, found.group(1)


def test_remote_test_control_needs_the_explicit_flag_and_warns() -> None:
    server, _ = _start("--host", "0.0.0.0", "--test-control", "--allow-remote-test-control")
    try:
        assert server.stderr is not None
        said = server.stderr.readline() + server.stderr.readline()
        assert "in memory" in said and "WARNING" in said and "/test-control/reset" in said
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close() if server.stderr else None


def test_ctrl_c_ends_cleanly_and_codes_are_printed_only_when_asked() -> None:
    for flags, shows_code in (((), False), (("--print-codes",), True)):
        server, url = _start("--test-control", *flags)
        try:
            with httpx.Client(base_url=url, timeout=10) as client:
                auth = signed_in(client, "alice@example.com")
                opened = client.post("/dialogs", json={"kind": "enable_email_code"}, headers=auth)
                dialog = opened.json()["id"]
                body = {"answer": PASSWORD, "prompt": "password"}
                assert client.post(f"/dialogs/{dialog}/confirm-identity", json=body, headers=auth).is_success
        finally:
            server.send_signal(signal.SIGINT)
            _, log = server.communicate(timeout=20)
        assert "Traceback" not in log, log
        assert "Stopped" in log
        assert bool(re.search(r"one-time code to turn on email codes is \d{6}", log)) is shows_code, log
