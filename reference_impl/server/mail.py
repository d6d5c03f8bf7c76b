"""Outboxes for the served reference: real SMTP, or the server's log when no SMTP host is given."""

from __future__ import annotations

import smtplib
import sys
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

    One SMTP session carries many messages (as mail servers do); a session the server dropped is
    opened again once. Callers serialise ``send`` (the served reference holds its lock).
    """

    def __init__(self, host: str, port: int, timeout: float = 10.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self._session: smtplib.SMTP | None = None

    def send(self, message: Message) -> None:
        mime = as_mime(message)
        try:
            try:
                self._open().send_message(mime)
            except smtplib.SMTPServerDisconnected:
                self.close()
                self._open().send_message(mime)
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise MailFailed(f"SMTP {self.host}:{self.port} did not take the mail: {exc}") from exc

    def _open(self) -> smtplib.SMTP:
        if self._session is None:
            # A fixed EHLO name: smtplib would otherwise look up this host's FQDN (a DNS query).
            self._session = smtplib.SMTP(
                self.host, self.port, local_hostname="localhost", timeout=self.timeout
            )
        return self._session

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            try:
                session.quit()
            except (OSError, smtplib.SMTPException):
                session.close()


class LogOutbox:
    """No SMTP host configured: print each message so a developer can still read the codes."""

    def send(self, message: Message) -> None:
        print(f"[mail] {as_mime(message)}", file=sys.stderr, flush=True)

    def close(self) -> None:
        """Nothing held."""
