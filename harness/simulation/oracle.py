"""What the documentation promises, as a compact model: the oracle of the simulation.

It shares nothing with ``reference_impl``. Every expectation names the rule
that makes it, and questions the doc leaves open (spec/INTERPRETATIONS.md)
get :attr:`Verdict.EITHER`: the model then follows what the implementation
did instead of guessing. Open questions it leaves to the implementation:
code lifetimes beyond 60 seconds and resends (I-05), exactly 60 s of
countdown (I-06), TOTP tolerance (I-09), recovery codes of an earlier
activation (I-14), attempt limits (I-16: after a refused answer every
"must accept" becomes "either" until a right one is accepted), session and
dialog lifetimes (I-17), wording and reasons (I-21).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum

from ..authenticator import Authenticator

#: An emailed code entered within this time must work ("if it does not arrive within a minute or two").
SURE_CODE_AGE = timedelta(seconds=60)
#: Dialogs and sign-ins older than this may have expired (undocumented); the simulation leaves them.
SURE_FLOW_AGE = timedelta(seconds=300)
#: I-16: the doc sets no attempt limit, and a product may end a dialog at the first wrong answer
#: (tests/drivers/other_choices.py:one_attempt): after one, refusing a right answer is allowed.
LENIENT_AFTER_FAILURES = 1
#: I-09: a code this many 30-second steps away (an hour) is never "the current one".
HOUR_OF_STEPS = 120
COUNTDOWN = timedelta(seconds=60)


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


@dataclass
class Challenge:
    """One context an emailed code is sent for (a dialog or a sign-in)."""

    latest: str | None = None
    sent_at: datetime | None = None
    #: Set when the step that opened or resent it promised a mail.
    awaiting: bool = False


@dataclass
class Attempt:
    """A sign-in waiting for a code on one device."""

    password_ok: bool
    password: str
    started: datetime
    #: The methods active when the password was given (what the page offers).
    methods: frozenset[str] = frozenset()
    failures: int = 0
    chosen: str | None = None
    challenge: Challenge = field(default_factory=Challenge)


@dataclass
class DialogModel:
    """The dialog the journey acts on (the World's current dialog, always on the laptop)."""

    kind: str
    stage: str  # identity | code | scan | codes | done
    prompt: str | None
    opened: datetime
    challenge: Challenge | None = None
    #: Another flow started on the laptop since: the doc is silent on what happens to this one.
    stale: bool = False
    #: The laptop was signed out since: every action must be refused (PWD-08).
    signed_out: bool = False
    key: Authenticator | None = None
    failures: int = 0


@dataclass
class AccountModel:
    """One customer's account as the documentation describes it."""

    name: str
    email_active: bool = False
    app_active: bool = False
    email_since: date | None = None
    last_change: date | None = None
    #: The rule behind the current expectation of each method's state.
    email_rule: str = "MFA-02"
    app_rule: str = "MFA-02"
    app_key: Authenticator | None = None
    #: (secret, step) of every app code accepted: each works once (MFA-04, APP-11).
    accepted_steps: set[tuple[str, int]] = field(default_factory=set)
    issued: tuple[str, ...] = ()
    used_recovery: set[str] = field(default_factory=set)
    replaced: set[str] = field(default_factory=set)
    #: Codes of an earlier activation: whether they still work is open (I-14).
    earlier: set[str] = field(default_factory=set)
    #: Every code emailed to the account, with the time it was seen.
    email_codes: dict[str, datetime] = field(default_factory=dict)
    used_email: set[str] = field(default_factory=set)
    #: Wrong answers since the last right one (limits count consecutive failures, as HRD-07 says).
    failures: int = 0
    signed_in: dict[str, bool] = field(default_factory=dict)
    attempts: dict[str, Attempt] = field(default_factory=dict)
    mails_seen: int = 0

    @property
    def lenient(self) -> bool:
        return self.failures >= LENIENT_AFTER_FAILURES

    def methods(self) -> frozenset[str]:
        active = {"email_code"} if self.email_active else set()
        return frozenset(active | ({"authenticator_app"} if self.app_active else set()))

    def valid_recovery(self) -> set[str]:
        return set(self.issued) - self.used_recovery if self.app_active else set()


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
