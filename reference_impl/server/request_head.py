"""A deadline for each request's head: a connection that never sends a whole one is closed.

uvicorn (0.54, h11 and httptools alike) arms its one timer, ``timeout_keep_alive``,
only once a response has gone, and any data received cancels it. A connection
that is opened and sends nothing, or half a request line or header, before or
after a response, is therefore never timed out: it holds one of the
``limit_concurrency`` slots for as long as the client likes (slowloris), and a
few hundred such connections turn every new client away with 503. uvicorn has
no option for it, so :func:`head_deadline` subclasses its h11 protocol: from
the moment the connection opens, and again from the end of each response, the
client has ``seconds`` to send a complete request line and headers (h11 leaves
its IDLE state); otherwise the connection is closed. A request's body is not
timed: the app reads at most 64 KiB of it.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


def head_deadline(seconds: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol closing a connection left ``seconds`` without a whole request head.

    For ``uvicorn.Config(http=head_deadline(10))``.
    """

    class Protocol(_HeadDeadline):
        head_timeout = seconds

    return Protocol


class _HeadDeadline(H11Protocol):
    head_timeout: float
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # a whole request head arrived (or the client erred)
            self._stop_waiting()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # also parses a next request the client already sent
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._stop_waiting()
        self._head_timer = self.loop.call_later(self.head_timeout, self._too_slow)

    def _stop_waiting(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()
