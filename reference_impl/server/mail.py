"""Outboxes for the served reference: real SMTP, or the server's log when no SMTP host is given."""

from __future__ import annotations

import smtplib
import sys
import threading
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from reference_impl import Message

SENDER = "Customer Area <no-reply@customer-area.invalid>"


class MailFailed(Exception):
    """The SMTP server did not take a message; the request that caused it answers 503."""


def as_mime(message: Message) -> EmailMessage:
    """The reference's message as a real, plain-text MIME email."""
    mime = EmailMessage()
    mime["From"] = SENDER
    mime["To"] = message.recipient
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(message.sent_at)
    mime["Message-ID"] = make_msgid(domain="customer-area.invalid")
    mime.set_content(message.body)
    return mime


class SmtpOutbox:
    """Hands every message to an SMTP server before returning (the contract's synchronous delivery).

    Each message is handed over exactly once: a relay that fails or does not answer within
    ``timeout`` seconds makes ``send`` raise :class:`MailFailed`, never try the message again (a
    relay that hung after taking it would deliver it twice). Idle sessions are kept for reuse and
    checked with NOOP first, so a session the relay dropped is replaced before a message is sent.
    ``send`` may be called from several threads: each takes a session of its own.
    """

    def __init__(self, host: str, port: int, timeout: float = 5.0, idle_sessions: int = 4) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self._idle: list[smtplib.SMTP] = []
        self._idle_limit = idle_sessions
        self._lock = threading.Lock()

    def send(self, message: Message) -> None:
        mime = as_mime(message)
        session: smtplib.SMTP | None = None
        try:
            session = self._session()
            session.send_message(mime)
        except (OSError, smtplib.SMTPException) as exc:
            if session is not None:
                _close(session)
            raise MailFailed(f"SMTP {self.host}:{self.port} did not take the mail: {exc}") from exc
        self._put_back(session)

    def _session(self) -> smtplib.SMTP:
        """An idle session that still answers NOOP, or a new one."""
        while True:
            with self._lock:
                idle = self._idle.pop() if self._idle else None
            if idle is None:
                # A fixed EHLO name: smtplib would otherwise look up this host's FQDN (a DNS query).
                return smtplib.SMTP(self.host, self.port, local_hostname="localhost", timeout=self.timeout)
            try:
                if idle.noop()[0] == 250:
                    return idle
            except (OSError, smtplib.SMTPException):
                pass
            _close(idle)

    def _put_back(self, session: smtplib.SMTP) -> None:
        with self._lock:
            if len(self._idle) < self._idle_limit:
                self._idle.append(session)
                return
        _close(session)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for session in idle:
            _close(session)


def _close(session: smtplib.SMTP) -> None:
    try:
        session.quit()
    except (OSError, smtplib.SMTPException):
        session.close()


class LogOutbox:
    """No SMTP host configured: note each message in the log; its text (the code) only when asked.

    A log is read by more people than a mailbox, so codes appear in it only with
    ``print_codes`` (``conformance serve --print-codes``), for a developer's own machine.
    """

    def __init__(self, print_codes: bool = False) -> None:
        self.print_codes = print_codes

    def send(self, message: Message) -> None:
        if self.print_codes:
            text = str(as_mime(message))
        else:
            text = f"to {message.recipient}: {message.subject!r} (text hidden; --print-codes shows it)"
        print(f"[mail] {text}", file=sys.stderr, flush=True)

    def close(self) -> None:
        """Nothing held."""
