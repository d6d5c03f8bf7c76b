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
    """Hands every message to an SMTP server before returning (the contract's synchronous delivery)."""

    def __init__(self, host: str, port: int, timeout: float = 10.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout

    def send(self, message: Message) -> None:
        try:
            # A fixed EHLO name: smtplib would otherwise look up this host's FQDN (a DNS query per mail).
            with smtplib.SMTP(self.host, self.port, local_hostname="localhost", timeout=self.timeout) as smtp:
                smtp.send_message(as_mime(message))
        except (OSError, smtplib.SMTPException) as exc:
            raise MailFailed(f"SMTP {self.host}:{self.port} did not take the mail: {exc}") from exc


class LogOutbox:
    """No SMTP host configured: print each message so a developer can still read the codes."""

    def send(self, message: Message) -> None:
        print(f"[mail] {as_mime(message)}", file=sys.stderr, flush=True)
