"""``conformance serve`` as a user starts it, and the HTTP options of ``conformance run``."""

from __future__ import annotations

import re
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
            answer = {"answer": PASSWORD}
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
