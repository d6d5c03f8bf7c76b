"""Throttling of wrong proofs: slow a guesser down without locking the owner out (NIST SP 800-63B-4 §3.2.2).

Failures are counted per *who could be guessing*, so one guesser's count
never stops the owner elsewhere:

* at sign-in, per account: wrong passwords in one count, wrong one-time codes
  in another (the code count is what HRD-06..08 bound: it spans sign-in
  attempts and devices, and a new code does not reset it);
* in the dialogs of a signed-in device, per session: wrong passwords and codes
  given there (Change Password's Current Password, identity confirmation, the
  codes of the Disable and View Recovery Codes dialogs), however many dialogs
  are opened. The owner's own signed-in laptop is never slowed by a guesser at
  the sign-in page.

The first ``Policy.free_failures`` failures in a row cost nothing; each one
after that makes the next try wait, twice as long each time from
``first_wait`` up to ``longest_wait``. After ``account_attempt_limit`` failures
in a row a try waits ``cool_off`` (a day): the NIST bound of 100 consecutive
failures, without a lockout that lasts for ever. A right proof resets its
count; a password change resets the sign-in counts of the account (the owner
proved herself on a signed-in device, and the guessed password no longer
works). A try made while a wait runs is refused unchecked and not counted.
A valid code submitted twice (a double click, a retried request) is refused
the second time but is not a failure. One proof per count is checked at a
time: a try that arrives while another is being checked is refused unchecked,
so parallel guesses cannot all slip through before the first failure is
counted, nor queue up a slow password hash each.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .context import Context, Policy
from .errors import TooManyAttempts, WrongCode, WrongCredentials, WrongPassword

#: Doubling stops growing long before it could overflow.
_MAX_DOUBLINGS = 30


@dataclass
class Failures:
    """Consecutive failed proofs of one kind for one subject, and when the last one came."""

    count: int = 0
    last: datetime | None = None
    #: Held while a proof of this count is being checked (see the module's docstring).
    checking: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def wait(self, policy: Policy) -> timedelta:
        """How long after the last failure the next try must wait."""
        if self.count >= policy.account_attempt_limit:
            return policy.cool_off
        if self.count < policy.free_failures:
            return timedelta(0)
        doublings = min(self.count - policy.free_failures, _MAX_DOUBLINGS)
        wait: timedelta = policy.first_wait * (1 << doublings)
        return min(wait, policy.longest_wait)

    def require_allowed(self, ctx: Context) -> None:
        if self.last is None:
            return
        remaining = self.last + self.wait(ctx.policy) - ctx.now()
        if remaining > timedelta(0):
            raise TooManyAttempts(
                f"{self.count} wrong attempts in a row: try again in {_duration(remaining)}"
            )

    def record(self, now: datetime) -> None:
        self.count, self.last = self.count + 1, now

    def reset(self) -> None:
        self.count, self.last = 0, None


@contextmanager
def counted_code_check(ctx: Context, failures: Failures) -> Iterator[None]:
    """One check of a proof: refused unchecked while a wait runs or another proof of the same count
    is being checked; a wrong one counts, a right one resets."""
    if not failures.checking.acquire(blocking=False):
        raise TooManyAttempts("another try is being checked: try again in a moment")
    try:
        failures.require_allowed(ctx)
        try:
            yield
        except (WrongCode, WrongPassword, WrongCredentials) as exc:
            if exc.counts:
                failures.record(ctx.now())
            raise
        failures.reset()
    finally:
        failures.checking.release()


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds() + 0.999)
    return f"{seconds} seconds" if seconds < 120 else f"{seconds // 60} minutes"
