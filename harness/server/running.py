"""Running the served reference: in the foreground (``conformance serve``) or in a background thread.

The socket is bound before uvicorn starts, so a free port (0) is known at
once and clients may connect immediately: nothing polls for the server.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

import uvicorn

from reference_impl import Outbox

from .addresses import LOOPBACK, listening_socket
from .app import create_app
from .mail import LogOutbox, SmtpOutbox
from .state import ServedReference


def build_server(sock: socket.socket, smtp: tuple[str, int] | None, test_control: bool) -> uvicorn.Server:
    outbox: Outbox = SmtpOutbox(*smtp) if smtp else LogOutbox()
    state = ServedReference(outbox, test_control=test_control)
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        create_app(state),
        host=host,
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=2,
        limit_concurrency=64,
    )
    return uvicorn.Server(config)


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass
class BackgroundServer:
    """The served reference on a free loopback port, in a daemon thread of this process."""

    base_url: str
    _server: uvicorn.Server
    _thread: threading.Thread
    _socket: socket.socket

    @classmethod
    def start(cls, smtp: tuple[str, int] | None, test_control: bool = True) -> BackgroundServer:
        sock = listening_socket(LOOPBACK)
        server = build_server(sock, smtp, test_control)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="served-ref"
        )
        thread.start()
        return cls(url_of(sock), server, thread, sock)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
