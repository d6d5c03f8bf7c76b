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

Three parts: :mod:`.model` (the accounts, sign-ins and dialog as the doc
describes them), :mod:`.verdicts` (accept, refuse or either for one answer)
and :mod:`.rules` (the doc's expectations of each dialog, page and answer).
"""

from __future__ import annotations

from .model import (
    COUNTDOWN,
    LENIENT_AFTER_FAILURES,
    SURE_CODE_AGE,
    SURE_FLOW_AGE,
    AccountModel,
    Answer,
    Attempt,
    Challenge,
    DialogModel,
    Stage,
    Typed,
)
from .verdicts import (
    Expect,
    Verdict,
    Violation,
    accept,
    app_code,
    either,
    email_code,
    near_steps,
    recovery_code,
    refuse,
)

__all__ = [
    "COUNTDOWN",
    "LENIENT_AFTER_FAILURES",
    "SURE_CODE_AGE",
    "SURE_FLOW_AGE",
    "AccountModel",
    "Answer",
    "Attempt",
    "Challenge",
    "DialogModel",
    "Expect",
    "Stage",
    "Typed",
    "Verdict",
    "Violation",
    "accept",
    "app_code",
    "either",
    "email_code",
    "near_steps",
    "recovery_code",
    "refuse",
]
