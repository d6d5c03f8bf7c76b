"""The served reference and an SMTP capture in this test process, on free loopback ports."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from harness.drivers.http import HttpDriver, start_target
from harness.drivers.smtp_capture import SmtpCapture
from reference_impl.server.running import BackgroundServer

PASSWORD = "correct horse battery staple"


@dataclass
class Served:
    server: BackgroundServer
    capture: SmtpCapture

    @property
    def url(self) -> str:
        return self.server.base_url


@contextmanager
def served(test_control: bool = True) -> Iterator[Served]:
    capture = SmtpCapture()
    server = BackgroundServer.start(smtp=capture.address, test_control=test_control)
    try:
        yield Served(server, capture)
    finally:
        server.stop()
        capture.stop()


@contextmanager
def http_driver() -> Iterator[HttpDriver]:
    """A driver on its own reference server (test control on), stopped afterwards."""
    target = start_target(base_url=None, smtp_capture=None)
    try:
        yield HttpDriver(target)
    finally:
        target.stop()


def signed_in(client: httpx.Client, email: str) -> dict[str, str]:
    """Register ``email`` and sign a new device in; its Authorization header."""
    assert client.post("/accounts", json={"email": email, "password": PASSWORD}).status_code == 201
    answer = client.post("/sign-in", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200 and answer.json()["signed_in"], answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}
