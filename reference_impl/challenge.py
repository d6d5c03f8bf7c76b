"""An emailed one-time code: send, resend after the countdown, verify once.

Used wherever the documentation sends a code by email: enabling the email
method, confirming identity for the app when email is active, disabling the
email method, and signing in with email.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from . import codes
from .account import Account
from .context import RESEND_COUNTDOWN, Context
from .errors import CodeAlreadyUsed, CountdownRunning, WrongCode


class EmailChallenge:
    """One pending code at a time; a resend replaces it and restarts the countdown.

    An account has one challenge per purpose, shared by every dialog (or
    sign-in) that mails that kind of code (:meth:`of`): reopening a dialog
    finds the code still pending and its countdown still running, so closing
    and reopening is no way around the 60 seconds (issue 17, finding 7).
    """

    @classmethod
    def of(cls, ctx: Context, account: Account, purpose: str) -> EmailChallenge:
        """The account's challenge for ``purpose`` (callers hold the account's lock)."""
        found = account.email_challenges.get(purpose)
        if not isinstance(found, EmailChallenge):
            found = account.email_challenges[purpose] = cls(ctx, account.email, purpose)
        return found

    def __init__(self, ctx: Context, address: str, purpose: str) -> None:
        self._ctx = ctx
        self._address = address
        self._purpose = purpose
        self._code: str | None = None
        self._sent_at: datetime | None = None
        #: The code accepted last: submitted again (a double click), it is refused but is no guess.
        self._spent: str | None = None

    def send(self) -> None:
        """Mail a new code; it replaces the pending one only once the outbox took the mail.

        An outbox that fails raises, and then nothing changed: the old code (if
        any) still counts and no countdown starts for a code that never left.
        """
        code, sent_at = codes.new_email_code(), self._ctx.now()
        minutes = int(self._ctx.policy.email_code_lifetime.total_seconds() // 60)
        self._ctx.mail(
            self._address,
            "Your one-time code",
            f"Your one-time code to {self._purpose} is {code}.\n"
            f"It expires in {minutes} minutes and can be used once.\n"
            "If you did not ask for it, change your password.\n",
        )
        self._code, self._sent_at = code, sent_at

    def send_unless_pending(self) -> None:
        """Send a code, unless one sent less than 60 seconds ago is still unused: that one stands."""
        pending = self._code is not None and self._sent_at is not None
        if pending and self._counting_down(self._ctx.now() - self._sent_at):  # type: ignore[operator]
            return
        self.send()

    def resend(self) -> None:
        """Request Code: refused while the 60-second countdown runs."""
        if self._sent_at is not None:
            elapsed = self._ctx.now() - self._sent_at
            if self._counting_down(elapsed):
                remaining = RESEND_COUNTDOWN - elapsed
                raise CountdownRunning(f"Request Code unlocks in {remaining.total_seconds():.0f} seconds")
        self.send()

    def _counting_down(self, elapsed: timedelta) -> bool:
        if self._ctx.policy.countdown_includes_its_end:
            return elapsed <= RESEND_COUNTDOWN
        return elapsed < RESEND_COUNTDOWN

    def verify(self, code: str) -> None:
        """Accept ``code`` once, if it is the latest one sent and not expired."""
        if self._spent is not None and hmac.compare_digest(self._spent, code):
            raise CodeAlreadyUsed("that code was used already")
        if self._code is None or self._sent_at is None:
            raise WrongCode("no code is pending; request a new one")
        expired = self._ctx.now() - self._sent_at >= self._ctx.policy.email_code_lifetime
        if not hmac.compare_digest(self._code, code) or expired:
            raise WrongCode("that code is wrong or has expired")
        self._spent, self._code = self._code, None
