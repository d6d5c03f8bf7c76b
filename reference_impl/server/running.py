"""Running the served reference: in the foreground (``conformance serve``) or in a background thread.

The socket is bound before uvicorn starts, so a free port (0) is known at
once and clients may connect immediately: nothing polls for the server.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

import uvicorn

from harness.drivers.addresses import LOOPBACK, listening_socket

from .app import create_app
from .mail import LogOutbox, SmtpOutbox
from .request_head import head_deadline
from .state import ServedReference

#: Seconds a request waits for the relay before answering 503: long enough for a slow relay,
#: short enough that a hanging one holds only its own request (and account) for a moment.
SMTP_TIMEOUT = 5.0
#: Seconds a client has to send a whole request line and headers, from connecting or from the end of
#: the previous response (request_head.py): far more than any client needs, even over a slow network.
REQUEST_HEAD_TIMEOUT = 10.0


def build_server(
    state: ServedReference, sock: socket.socket, request_head_timeout: float = REQUEST_HEAD_TIMEOUT
) -> uvicorn.Server:
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        create_app(state, body_timeout=request_head_timeout),  # the body gets as long as the head
        host=host,
        port=port,
        # uvicorn's h11 protocol, with a deadline for each request's head (uvicorn has no option for it).
        http=head_deadline(request_head_timeout),
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
        # An idle keep-alive connection is dropped after 5 s; past 512 connections and requests at
        # once new ones are answered 503 at once, before the process runs out of file descriptors.
        timeout_keep_alive=5,
        limit_concurrency=512,
    )
    return uvicorn.Server(config)


def served_reference(
    smtp: tuple[str, int] | None,
    test_control: bool,
    smtp_timeout: float = SMTP_TIMEOUT,
    print_codes: bool = False,
) -> ServedReference:
    """The reference with its outbox: SMTP to ``smtp``, or the log when there is none."""
    outbox = SmtpOutbox(*smtp, timeout=smtp_timeout) if smtp else LogOutbox(print_codes)
    return ServedReference(outbox, test_control=test_control)


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass
class BackgroundServer:
    """The served reference on a free loopback port, in a daemon thread of this process."""

    base_url: str
    state: ServedReference
    _server: uvicorn.Server
    _thread: threading.Thread
    _socket: socket.socket

    @classmethod
    def start(
        cls,
        smtp: tuple[str, int] | None,
        test_control: bool = True,
        smtp_timeout: float = SMTP_TIMEOUT,
        request_head_timeout: float = REQUEST_HEAD_TIMEOUT,
    ) -> BackgroundServer:
        sock = listening_socket(LOOPBACK)
        state = served_reference(smtp, test_control, smtp_timeout)
        server = build_server(state, sock, request_head_timeout)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="served-ref"
        )
        thread.start()
        return cls(url_of(sock), state, server, thread, sock)

    @property
    def app(self) -> object:
        """The application being served (the UI's tests swap its pages for a defective look)."""
        return self._server.config.app

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
        self.state.close()


def start_in_background(smtp: tuple[str, int] | None) -> BackgroundServer:
    """Entry point ``security_conformance.servers:reference``: what ``--driver http`` starts by itself."""
    return BackgroundServer.start(smtp=smtp, test_control=True)
