"""Outgoing email as an injected dependency.

Codes leave the reference only inside message text, the way a user reads
them; tests find them in an :class:`InMemoryOutbox`, a server hands the same
messages to SMTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Message:
    """One email as the user would receive it."""

    recipient: str
    subject: str
    body: str
    sent_at: datetime


@runtime_checkable
class Outbox(Protocol):
    """Accepts messages for delivery."""

    def send(self, message: Message) -> None: ...


class InMemoryOutbox:
    """Keeps every message, in order, for tests to read."""

    def __init__(self) -> None:
        self._messages: list[Message] = []
        #: The same messages by case-folded recipient: a test reads one inbox after every action.
        self._inboxes: dict[str, list[Message]] = {}

    def send(self, message: Message) -> None:
        self._messages.append(message)
        self._inboxes.setdefault(message.recipient.casefold(), []).append(message)

    def messages_to(self, address: str) -> list[Message]:
        """Messages to ``address`` (compared case-insensitively), oldest first."""
        return list(self._inboxes.get(address.casefold(), ()))

    @property
    def messages(self) -> tuple[Message, ...]:
        return tuple(self._messages)
