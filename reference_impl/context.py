"""What every flow needs from its surroundings: time, mail, hashing and policy.

The numbers in :class:`Policy` are the reference's answers to questions the
documentation leaves open (see spec/INTERPRETATIONS.md); the documented ones
(6 digits, 60-second countdown, 10 recovery codes) live next to the code that
obeys them and are not configurable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .clock import Clock
from .outbox import Message, Outbox
from .passwords import PasswordHasher
from .totp import DEFAULT_WINDOW, Window

#: Documented: "Request Code (unlocked after a 60-second countdown)".
RESEND_COUNTDOWN = timedelta(seconds=60)


@dataclass(frozen=True)
class Policy:
    """The reference's choices where the documentation is silent."""

    attempt_limit: int = 5
    #: Consecutive failures after which a try waits ``cool_off`` (NIST allows 100 at most; lockout.py).
    account_attempt_limit: int = 100
    #: Failures in a row that cost no wait, then waits from ``first_wait`` doubling to ``longest_wait``.
    free_failures: int = 10
    first_wait: timedelta = timedelta(seconds=30)
    longest_wait: timedelta = timedelta(hours=1)
    cool_off: timedelta = timedelta(days=1)
    email_code_lifetime: timedelta = timedelta(minutes=10)
    min_password_length: int = 8
    issuer: str = "Customer Area"
    totp_window: Window = DEFAULT_WINDOW
    #: Is the 60th second still inside the resend countdown (I-06 reads "after a 60-second
    #: countdown" either way)? The reference unlocks when 60 s have elapsed.
    countdown_includes_its_end: bool = False


@dataclass(frozen=True)
class Context:
    clock: Clock
    outbox: Outbox
    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    policy: Policy = field(default_factory=Policy)

    def now(self) -> datetime:
        return self.clock.now()

    def mail(self, recipient: str, subject: str, body: str) -> None:
        self.outbox.send(Message(recipient=recipient, subject=subject, body=body, sent_at=self.now()))
