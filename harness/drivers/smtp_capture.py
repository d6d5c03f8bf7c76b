"""An SMTP server (aiosmtpd) that keeps every message it receives, parsed as real MIME.

It runs its own asyncio loop in a daemon thread. A message is stored before
the server answers the DATA command, so once a sender's ``sendmail`` has
returned the message can be read here: nothing waits or polls.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from ..protocol import Email

_PARSER = BytesParser(policy=policy.default)


def parse_email(recipient: str, raw: bytes, received: datetime) -> Email:
    """What the recipient reads: subject, plain-text body (MIME decoded) and the Date it was sent."""
    message = _PARSER.parsebytes(raw)
    assert isinstance(message, EmailMessage)
    plain = message.get_body(preferencelist=("plain",))
    # SMTP carries CRLF line ends; a reader sees lines.
    body = plain.get_content().replace("\r\n", "\n") if plain is not None else ""
    return Email(
        recipient=recipient,
        subject=str(message["subject"] or ""),
        body=body,
        sent_at=_sent_at(message, received),
    )


def _sent_at(message: EmailMessage, received: datetime) -> datetime:
    try:
        sent = parsedate_to_datetime(str(message["date"]))
    except (TypeError, ValueError):
        return received
    return sent if sent.tzinfo else sent.replace(tzinfo=UTC)


class SmtpCapture:
    """Listens on ``host:port`` (port 0: a free one, see ``address``) until ``stop()``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._received: list[Email] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        try:
            future = asyncio.run_coroutine_threadsafe(self._listen(host, port), self._loop)
            self._server = future.result(timeout=10)
        except BaseException:
            self._stop_loop()
            raise
        self.address: tuple[str, int] = self._server.sockets[0].getsockname()[:2]

    async def _listen(self, host: str, port: int) -> asyncio.Server:
        return await self._loop.create_server(
            lambda: SMTP(self, hostname="conformance-capture", loop=self._loop), host, port
        )

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        """aiosmtpd's hook: store one Email per envelope recipient before answering 250."""
        raw = envelope.original_content or envelope.content
        data = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
        received = datetime.now(UTC)
        emails = [parse_email(recipient, data, received) for recipient in envelope.rcpt_tos]
        with self._lock:
            self._received.extend(emails)
        return "250 Message accepted for delivery"

    def mark(self) -> int:
        """A position: ``since(mark)`` returns only what arrived after it."""
        with self._lock:
            return len(self._received)

    def since(self, mark: int) -> list[Email]:
        with self._lock:
            return self._received[mark:]

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
