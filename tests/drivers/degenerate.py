"""Degenerate products: each answers everything the same way, whatever is asked (issue 16).

A scenario that only checks a refusal passes on a product that refuses everything;
one that only checks an acceptance passes on a product that accepts everything.
Every MUST rule must be FAILED or BLOCKED on at least one of these, so a rule
that passes on all of them is a rule with no positive (or no negative) control:
tests/test_degenerate_products.py lists them.

Both still let accounts be created, let the right password sign a device in
without MFA, and show the Security section: otherwise nothing would be checked
at all and every rule would be BLOCKED for the wrong reason.
"""

from __future__ import annotations

from typing import ClassVar

from harness.protocol import DialogKind, DialogView, Outcome, Prompt, Reason, SignInResult, TextFile
from reference_impl.dialogs.disable import DisableAuthenticatorAppDialog, DisableEmailCodeDialog
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.driver import ReferenceDialog
from reference_impl.errors import InvalidAction, NotSignedIn
from reference_impl.signin import SignInAttempt

from .products import Product


# -- refuses every answer -----------------------------------------------------------------------
class _RefusingDialog(ReferenceDialog):
    """Shows what the reference's dialog shows; every answer and button press is refused."""

    def __init__(self, inner: ReferenceDialog) -> None:
        super().__init__(inner.flow)
        self._inner = inner

    def view(self) -> DialogView:
        return self._inner.view()

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        return Outcome.reject(Reason.WRONG_CODE, "that is not right")

    def submit(self) -> Outcome:
        return Outcome.reject(Reason.WRONG_CODE, "that is not right")

    def request_code(self) -> Outcome:
        return Outcome.reject(Reason.COUNTDOWN_RUNNING, "please wait")

    def enter_code(self, code: str) -> Outcome:
        return Outcome.reject(Reason.WRONG_CODE, "that is not right")

    def regenerate(self) -> Outcome:
        return Outcome.reject(Reason.NOT_AVAILABLE, "not now")

    def download_text_file(self) -> TextFile:
        return self._inner.download_text_file()

    def close(self) -> None:
        self._inner.close()


class RefusesEverything(Product):
    """Every Save, Continue, code, Request Code and Regenerate is refused; sign-in codes too."""

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        return Outcome.reject(Reason.WRONG_PASSWORD, "that is not right")

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        return _RefusingDialog(super().open_dialog(device, kind))

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        return Outcome.reject(Reason.WRONG_CODE, "that is not right")


# -- accepts every answer -----------------------------------------------------------------------
class _EmailAcceptsAnything(EnableEmailCodeDialog):
    def _confirm_identity(self, proof: object) -> None:
        self._require_inactive()

    def _check_code(self, code: object) -> None:
        self._require_inactive()

    def _resend(self) -> None:
        self._challenge.send()


class _AppAcceptsAnything(EnableAuthenticatorAppDialog):
    def _confirm_identity(self, proof: object) -> None:
        self._require_inactive()

    def _check_code(self, code: object) -> None:
        self._require_inactive()
        self._accepted_step = None

    def _resend(self) -> None:
        if self._challenge is not None:
            self._challenge.send()


class _CodesAcceptAnything(ViewRecoveryCodesDialog):
    def _check_code(self, app_code: object) -> None:
        self._require_app()


class _EmailOffWithAnything(DisableEmailCodeDialog):
    def _check_code(self, code: object) -> None:
        if self.account.email_code is None:
            raise InvalidAction("Email Code is not active")

    def _resend(self) -> None:
        self._challenge.send()


class _AppOffWithAnything(DisableAuthenticatorAppDialog):
    def _check_code(self, code: object) -> None:
        if self.account.authenticator_app is None:
            raise InvalidAction("the authenticator app is not active")


class _SignInWithAnything(SignInAttempt):
    def _check_code(self, code: object) -> None:
        """Any code, for any method chosen."""


class AcceptsEverything(Product):
    """Any password (at sign-in, in Change Password, in a dialog), any code, any repeat: accepted."""

    FLOWS: ClassVar = {
        EnableEmailCodeDialog: _EmailAcceptsAnything,
        EnableAuthenticatorAppDialog: _AppAcceptsAnything,
        ViewRecoveryCodesDialog: _CodesAcceptAnything,
        DisableEmailCodeDialog: _EmailOffWithAnything,
        DisableAuthenticatorAppDialog: _AppOffWithAnything,
        SignInAttempt: _SignInWithAnything,
    }

    def __init__(self) -> None:
        super().__init__()
        self._passwords: dict[str, str] = {}

    def create_account(self, email: str, password: str) -> None:
        super().create_account(email, password)
        self._passwords[email.casefold()] = password

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        return super().sign_in(device, email, self._passwords.get(email.casefold(), password))

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        try:
            email = self.service.account_on(device).email.casefold()
        except NotSignedIn:
            return super().change_password(device, current, new, repeat)
        outcome = super().change_password(device, self._passwords[email], new, new)
        if outcome.accepted:
            self._passwords[email] = new
        return outcome


#: Every degenerate product, by factory name.
DEGENERATE = ("RefusesEverything", "AcceptsEverything")
