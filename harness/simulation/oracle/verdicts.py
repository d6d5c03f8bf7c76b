"""The doc's verdict on one answer: accept, refuse or either, and the rule that says so.

Questions the doc leaves open (spec/INTERPRETATIONS.md) get
:attr:`Verdict.EITHER`: the model then follows what the implementation did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from ...authenticator import Authenticator
from .model import HOUR_OF_STEPS, SURE_CODE_AGE, AccountModel, Challenge


class Verdict(Enum):
    ACCEPT = "accepted"
    REFUSE = "refused"
    EITHER = "either"


@dataclass(frozen=True)
class Expect:
    """What the doc says about one answer, and which rule says it."""

    verdict: Verdict
    rule: str
    why: str
    #: For a refusal: a costly check, run only if the answer was accepted, that excuses it (I-09).
    excuse: Callable[[], bool] | None = field(default=None, compare=False)

    def allows(self, accepted: bool) -> bool:
        if self.verdict is Verdict.EITHER:
            return True
        if accepted and self.verdict is Verdict.REFUSE and self.excuse is not None:
            return self.excuse()
        return accepted is (self.verdict is Verdict.ACCEPT)

    def relaxed(self, reason: str) -> Expect:
        """A promise to accept that an open question (time, attempts, a stale flow) may void."""
        if self.verdict is Verdict.ACCEPT:
            return Expect(Verdict.EITHER, self.rule, f"{self.why}; {reason}")
        return self


def accept(rule: str, why: str) -> Expect:
    return Expect(Verdict.ACCEPT, rule, why)


def refuse(rule: str, why: str) -> Expect:
    return Expect(Verdict.REFUSE, rule, why)


def either(rule: str, why: str) -> Expect:
    return Expect(Verdict.EITHER, rule, why)


class Violation(AssertionError):
    """A documented rule broken by the implementation during a journey."""

    def __init__(self, rule: str, message: str, then: tuple[str, ...] = ()) -> None:
        super().__init__(f"{rule}: {message}")
        self.rule = rule
        self.message = message
        #: Then-phrases that state the broken promise in the suite's words.
        self.then = then
        #: Whether the printed scenario ends in a step that fails on this implementation.
        self.reproduced = False
        #: The journey up to and including the failing step, as (keyword, phrase).
        self.lines: list[tuple[str, str]] = []


def near_steps(key: Authenticator, code: str, now: datetime) -> list[int]:
    """Steps within an hour of ``now`` whose code is ``code`` (only computed when a check needs it)."""
    current = key.step(now)
    return [
        k for k in range(current - HOUR_OF_STEPS + 1, current + HOUR_OF_STEPS) if key.code_at_step(k) == code
    ]


def app_code(
    account: AccountModel,
    active: Authenticator | None,
    typed: Authenticator | None,
    code: str,
    now: datetime,
    rules: tuple[str, str],
) -> Expect:
    """A code typed from ``typed`` where a code of the ``active`` key is asked; rules = (accept, refuse)."""
    accept_rule, refuse_rule = rules
    if active is None:
        return refuse(refuse_rule, "no authenticator app is active")
    if typed is None or typed.secret != active.secret:
        return _unless_current(account, active, code, now, refuse(refuse_rule, "not from the active app"))
    step = active.step(now)
    if active.code_at_step(step) == code:
        if (active.secret, step) in account.accepted_steps:
            once = "APP-11" if refuse_rule == "APP-11" else "MFA-04"
            return refuse(once, "this app code was accepted once already (one-time codes)")
        used = [s for secret, s in account.accepted_steps if secret == active.secret]
        if used and max(used) >= step:
            return either(accept_rule, "a later code was accepted already (RFC 6238 §5.2 allows refusing)")
        return accept(accept_rule, "the current code of the authenticator app")
    return _unless_current(account, active, code, now, refuse(refuse_rule, "not a current app code"))


def _unless_current(
    account: AccountModel, key: Authenticator, code: str, now: datetime, verdict: Expect
) -> Expect:
    """A code that happens to be valid near now may be accepted (I-09); checked only if it was."""

    def matches_an_unused_step() -> bool:
        return any((key.secret, k) not in account.accepted_steps for k in near_steps(key, code, now))

    return Expect(verdict.verdict, verdict.rule, verdict.why, excuse=matches_an_unused_step)


def email_code(
    account: AccountModel, code: str, challenge: Challenge | None, now: datetime, rules: tuple[str, str]
) -> Expect:
    """A code typed where an emailed code is asked (I-05: older codes and resends are open)."""
    accept_rule, refuse_rule = rules
    if code in account.used_email:
        return refuse(refuse_rule, "this emailed code was accepted once already (one-time codes)")
    if code not in account.email_codes:
        return refuse(refuse_rule, "no email ever held this code")
    if challenge is not None and code == challenge.latest and challenge.sent_at is not None:
        if now - challenge.sent_at <= SURE_CODE_AGE:
            return accept(accept_rule, "the code from the latest email, entered within a minute")
        return either(accept_rule, "the code is over a minute old (I-05)")
    return either(accept_rule, "a code sent for another step or replaced by a resend (I-05)")


def recovery_code(account: AccountModel, code: str) -> Expect:
    if not account.app_active:
        return either("APP-09", "recovery codes are used only while the app is active (I-14)")
    if code in account.used_recovery:
        return refuse("APP-08", "each recovery code can be used only once")
    if code in account.replaced:
        return refuse("REC-03", "Regenerate invalidates every existing code")
    if code in account.valid_recovery():
        return accept("APP-09", "an unused recovery code of the active app")
    if code in account.earlier:
        return either("APP-09", "a code of an earlier activation of the app (I-14)")
    return refuse("APP-09", "not one of her recovery codes")
