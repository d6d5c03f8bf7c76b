"""Mutants of the served reference: defects only a driver that talks HTTP to the product can see.

Each is the HTTP driver on a reference server of its own (one per process, as ``--driver http``
starts one), with one thing of the server's own swapped; the reference service behind it is whole.
"""

from __future__ import annotations

import atexit
import functools
from typing import cast

import httpx
from starlette.applications import Starlette

from harness.drivers.http import HttpDriver, Target
from harness.drivers.smtp_capture import SmtpCapture
from reference_impl.server.app import NoStore
from reference_impl.server.running import BackgroundServer

from .base import mutant


def start_without_no_store(smtp: tuple[str, int] | None) -> BackgroundServer:
    """The reference server (UI included) whose answers carry no ``Cache-Control: no-store``."""
    server = BackgroundServer.start(smtp=smtp)
    app = server.app
    assert isinstance(app, Starlette)
    # Before the first request Starlette has not built its middleware stack: drop NoStore.
    app.user_middleware = [m for m in app.user_middleware if cast(object, m.cls) is not NoStore]
    return server


@functools.cache  # one per process, as --driver http's; scenarios of a process run one at a time
def _served_without_no_store() -> Target:
    """This process's server whose answers carry no ``Cache-Control: no-store``."""
    capture = SmtpCapture()
    server = start_without_no_store(capture.address)
    client = httpx.Client(base_url=server.base_url, timeout=10)
    target = Target(client, capture, test_control=True, mail=True, server=server)
    atexit.register(target.stop)
    return target


@mutant("HRD-14")
class SecretsMayBeCached(HttpDriver):
    """The served reference sends no Cache-Control: no-store, so a browser or a proxy may keep the
    authenticator app's key and the recovery codes."""

    def __init__(self) -> None:
        super().__init__(_served_without_no_store())
