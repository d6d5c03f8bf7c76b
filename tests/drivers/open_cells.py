"""Correct drivers that accept an answer at an open cell of the proof matrix.

The proof matrix (harness/proofs.py) leaves some cells open: the doc does not say
whether that answer must be refused at that place (``_open(place, answer, "I-nn")``),
so a correct product may accept it. Each driver here is the reference with one more
such cell accepted, another valid choice of spec/INTERPRETATIONS.md, and the whole
suite (hardening included) must pass on it, as on the drivers of other_choices.py,
which registers these in its ``VARIANTS``. They swap the reference's adapter of one
dialog (``ReferenceDriver.DIALOGS``) or one of its email challenges, so they need
nothing from other_choices.py.

A recovery code accepted anywhere is used up, as at sign-in: it is single-use.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from harness.protocol import DialogKind, Outcome
from reference_impl import Method as RefMethod
from reference_impl import Prompt as RefPrompt
from reference_impl.challenge import EmailChallenge
from reference_impl.context import Context
from reference_impl.dialogs.base import Flow
from reference_impl.driver import (
    DisableEmailDialog,
    EnableEmailDialog,
    ReferenceDialog,
    ReferenceDriver,
    outcome_of,
)
from reference_impl.errors import InvalidInput, TooManyAttempts
from reference_impl.signin import SIGNED_IN
from reference_impl.validation import address_key, require_code_text


def _by_recovery_code(flow: Flow, typed: str, effect: Callable[[], None]) -> Outcome | None:
    """``typed`` as a recovery code at ``flow``'s place: ``effect`` runs and the code is used up.

    None when it is not an unused recovery code of the account (or the flow is over, or a
    wait after wrong codes runs): the reference's own check then answers, and refuses it.
    """
    account = flow.account
    with account.lock:
        app = account.authenticator_app
        try:
            text = require_code_text(typed)
        except InvalidInput:
            return None
        if app is None or not flow.still_open() or app.recovery_codes.find_unused(text) is None:
            return None
        try:
            flow.failures.require_allowed(flow._ctx)
        except TooManyAttempts:
            return None  # refused unchecked by the reference's path, as any code is during a wait
        outcome = outcome_of(effect)
        if outcome.accepted:
            app.accept_recovery_code(text)
            flow.failures.reset()
        return outcome


def _finish(flow: Flow, state: str) -> None:
    """Move ``flow`` to its final ``state``, as the reference's own transition does."""
    flow.MACHINE.set_state(state, model=flow)
    flow.release()


# -- I-24: a recovery code stands in for another proof -------------------------------------------------
class RecoveryCodeAtEmailSignIn(ReferenceDriver):
    """I-24, SIGN_IN_EMAIL x RECOVERY_CODE: with an email code chosen, a recovery code signs in."""

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        attempt = self._attempts.get(device)
        if attempt is not None and attempt.state == "code_entry" and attempt.chosen is RefMethod.EMAIL_CODE:

            def sign_in() -> None:
                attempt._start_session(code)
                _finish(attempt, SIGNED_IN)

            taken = _by_recovery_code(attempt, code, sign_in)
            if taken is not None:
                return taken
        return super().enter_sign_in_code(device, code)


class _EnableEmailByRecoveryCode(EnableEmailDialog):
    def _confirm(self, answer: str) -> Outcome:
        flow = self.flow
        with flow.account.lock:
            asks_app_code = (
                flow.still_open()
                and flow.state == "identity_confirmation"
                and flow.account.email_code is None
                and flow.prompt is RefPrompt.AUTHENTICATOR_APP_CODE
            )

            def confirmed() -> None:
                flow._challenge.send_unless_pending()  # the code goes out before the step moves on
                flow.MACHINE.set_state("code_entry", model=flow)

            taken = _by_recovery_code(flow, answer, confirmed) if asks_app_code else None
        return taken if taken is not None else super()._confirm(answer)


class RecoveryCodeTurnsEmailOn(ReferenceDriver):
    """I-24, ENABLE_EMAIL_APP_ACTIVE x RECOVERY_CODE: a recovery code confirms identity there."""

    DIALOGS: ClassVar[dict[DialogKind, tuple[str, type[ReferenceDialog]]]] = {
        **ReferenceDriver.DIALOGS,
        DialogKind.ENABLE_EMAIL_CODE: ("enable_email_code", _EnableEmailByRecoveryCode),
    }


class _DisableEmailByRecoveryCode(DisableEmailDialog):
    def enter_code(self, code: str) -> Outcome:
        flow = self.flow
        with flow.account.lock:
            if flow.account.email_code is not None:

                def disabled() -> None:
                    flow.account.email_code = None
                    _finish(flow, "disabled")

                taken = _by_recovery_code(flow, code, disabled)
                if taken is not None:
                    return taken
        return super().enter_code(code)


class RecoveryCodeTurnsEmailOff(ReferenceDriver):
    """I-24, DISABLE_EMAIL x RECOVERY_CODE: with the app active, a recovery code disables email codes."""

    DIALOGS: ClassVar[dict[DialogKind, tuple[str, type[ReferenceDialog]]]] = {
        **ReferenceDriver.DIALOGS,
        DialogKind.DISABLE_EMAIL_CODE: ("disable_email_code", _DisableEmailByRecoveryCode),
    }


# -- I-05: a newer emailed code does not void the earlier ones ------------------------------------------
#: The purposes the reference mails codes for (reference_impl's ``EmailChallenge.of`` calls).
_PURPOSES = ("sign in", "turn on email codes", "turn on the authenticator app", "turn off email codes")


class _EarlierCodesStay(EmailChallenge):
    """Every code sent stays valid for its whole lifetime; the first one used voids them all."""

    def __init__(self, ctx: Context, address: str, purpose: str) -> None:
        super().__init__(ctx, address, purpose)
        self._earlier: list[tuple[str, datetime]] = []

    def send(self) -> None:
        before = (self._code, self._sent_at)
        super().send()
        if before[0] is not None and before[1] is not None:
            self._earlier.append((before[0], before[1]))

    def verify(self, code: str) -> None:
        lifetime, now = self._ctx.policy.email_code_lifetime, self._ctx.now()
        for earlier, sent_at in self._earlier:
            if hmac.compare_digest(earlier, code) and now - sent_at < lifetime:
                self._earlier.clear()
                self._spent, self._code = earlier, None
                return
        super().verify(code)
        self._earlier.clear()


class EarlierEmailCodesStayValid(ReferenceDriver):
    """I-05, DISABLE_EMAIL x CLOSED_DISABLE_EMAIL_CODE: a newer emailed code leaves earlier ones valid."""

    # The same holds for ENABLE_APP_EMAIL_ACTIVE x CLOSED_ENABLE_APP_CODE and for sign-in codes.

    def create_account(self, email: str, password: str) -> None:
        super().create_account(email, password)
        account = self.service._accounts[address_key(email)]
        ctx = self.service._ctx
        for purpose in _PURPOSES:
            account.email_challenges[purpose] = _EarlierCodesStay(ctx, account.email, purpose)


__all__ = [
    "EarlierEmailCodesStayValid",
    "RecoveryCodeAtEmailSignIn",
    "RecoveryCodeTurnsEmailOff",
    "RecoveryCodeTurnsEmailOn",
]
