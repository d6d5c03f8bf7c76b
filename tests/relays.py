"""An SMTP relay a test can take down, make hang, and bring back, on one loopback port."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from aiosmtpd.smtp import Envelope, Session

from harness.drivers.smtp_capture import SmtpCapture


class Relay(SmtpCapture):
    """``mode``: "up" stores mail; "down" answers 451 to DATA; "hang" waits ``hang_seconds``, then 451.

    ``attempts`` counts every DATA the relay saw, delivered or not, so a test can
    tell a request that handed its mail over twice.
    """

    def __init__(self) -> None:
        super().__init__()
        self.mode = "up"
        self.hang_seconds = 2.0
        self.attempts = 0
        #: Set at each DATA, before the relay answers: the sender is now waiting on the relay.
        self.data_seen = threading.Event()

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.attempts += 1
        self.data_seen.set()
        if self.mode == "hang":
            await asyncio.sleep(self.hang_seconds)
        if self.mode != "up":
            return "451 4.3.0 relay unavailable, try again later"
        return await super().handle_DATA(server, session, envelope)
