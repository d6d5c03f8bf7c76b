"""The oracle's model of one journey: what the documentation says the accounts, flows and dialogs are now.

Plain data the journey updates after each accepted or refused action; the
verdicts (:mod:`.verdicts`) and the doc's expectations (:mod:`.rules`) read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from ...authenticator import Authenticator
from ...protocol import DialogKind, Method, Prompt

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


class Stage(StrEnum):
    """Where the dialog the journey acts on stands."""

    IDENTITY = "identity"
    CODE = "code"
    SCAN = "scan"
    CODES = "codes"
    DONE = "done"


class Answer(StrEnum):
    """What kind of answer the World just typed (the value it typed travels beside it)."""

    PASSWORD = "password"  # noqa: S105  (a kind of answer, not a secret)
    EMAIL = "email"
    APP = "app"
    RECOVERY = "recovery"
    WRONG = "wrong"


#: (kind of answer, the answer) as the World typed it.
Typed = tuple[Answer, str]


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
    methods: frozenset[Method] = frozenset()
    failures: int = 0
    chosen: Method | None = None
    challenge: Challenge = field(default_factory=Challenge)


@dataclass
class DialogModel:
    """The dialog the journey acts on (the World's current dialog, always on the laptop)."""

    kind: DialogKind
    stage: Stage
    prompt: Prompt | None
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
    #: The code emailed last (a code mailed again keeps its first place in ``email_codes``).
    last_mailed: str | None = None
    used_email: set[str] = field(default_factory=set)
    #: Wrong answers since the last right one (limits count consecutive failures, as HRD-07 says).
    failures: int = 0
    signed_in: dict[str, bool] = field(default_factory=dict)
    attempts: dict[str, Attempt] = field(default_factory=dict)
    #: Every sign-in's challenge, also of attempts a new sign-in on the same device replaced: a code
    #: mailed for one may still stand for the next (see ``_standing_sign_in_code``).
    sign_in_challenges: list[Challenge] = field(default_factory=list)
    mails_seen: int = 0

    @property
    def lenient(self) -> bool:
        return self.failures >= LENIENT_AFTER_FAILURES

    def methods(self) -> frozenset[Method]:
        active = {Method.EMAIL_CODE} if self.email_active else set()
        return frozenset(active | ({Method.AUTHENTICATOR_APP} if self.app_active else set()))

    def valid_recovery(self) -> set[str]:
        return set(self.issued) - self.used_recovery if self.app_active else set()
