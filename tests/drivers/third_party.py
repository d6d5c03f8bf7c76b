"""Products shaped like real third-party authentication frameworks: the reference with ONE ordinary deviation.

Each deviation is one a QA team meets in real products (issue 15): a missing
button, a missing method, one method at a time, another proof at the identity
step, a Disable without a code, no resend countdown, no code at sign-in. They
answer the Driver protocol 2.0 the way such a product's driver would
(:class:`NotOffered`, absent blocks, ``alternatives``, :attr:`Step.NO_INPUT`).
What the suite must say about each is written, from the documentation, in
tests/third_party_expectations.py; tests/test_third_party_products.py checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import ClassVar

from harness.protocol import (
    DialogKind,
    DialogView,
    Method,
    NotOffered,
    Outcome,
    Prompt,
    SecuritySection,
    SignInResult,
    Step,
    TextFile,
)
from reference_impl.dialogs.base import Flow
from reference_impl.dialogs.disable import DisableAuthenticatorAppDialog, DisableEmailCodeDialog
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.dialogs.identity import Prompt as RefPrompt
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.driver import (
    EnableAppDialog,
    EnableEmailDialog,
    RecoveryCodesDialog,
    ReferenceDialog,
    ReferenceDriver,
    outcome_of,
)
from reference_impl.errors import InvalidAction
from reference_impl.proofs import check_password

from .products import Product

_ENABLE_APP = DialogKind.ENABLE_AUTHENTICATOR_APP
_EMAIL_DIALOGS = (DialogKind.ENABLE_EMAIL_CODE, DialogKind.DISABLE_EMAIL_CODE)


# -- 1. no Download as Text File button ------------------------------------------------------
class _AppDialogWithoutDownload(EnableAppDialog):
    def download_text_file(self) -> TextFile:
        raise NotOffered("Download as Text File button")


class NoDownloadButton(Product):
    """Step 4 lists the recovery codes but offers no Download as Text File button."""

    DIALOGS: ClassVar = {
        **ReferenceDriver.DIALOGS,
        _ENABLE_APP: ("enable_authenticator_app", _AppDialogWithoutDownload),
    }


# -- 2. no email-code method at all -----------------------------------------------------------
class NoEmailCode(Product):
    """Only the authenticator app: no Email Code block, no Enable for it, no email choice at sign-in."""

    def security_section(self, device: str) -> SecuritySection:
        return replace(super().security_section(device), email_code=None)

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        if kind in _EMAIL_DIALOGS:
            raise NotOffered("Email Code method: the Security section has no Enable or Disable for it")
        return super().open_dialog(device, kind)

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        if method is Method.EMAIL_CODE:
            raise NotOffered("email code on the sign-in page")
        return super().choose_sign_in_method(device, method)


# -- 3. one MFA method at a time --------------------------------------------------------------
class _EmailReplacesApp(EnableEmailCodeDialog):
    def _activate(self, code: object) -> None:
        super()._activate(code)
        self.account.authenticator_app = None


class _AppReplacesEmail(EnableAuthenticatorAppDialog):
    def _activate(self, code: object) -> None:
        super()._activate(code)
        self.account.email_code = None


class OneMethodAtATime(Product):
    """Turning one method on turns the other off: never both active."""

    FLOWS: ClassVar = {
        EnableEmailCodeDialog: _EmailReplacesApp,
        EnableAuthenticatorAppDialog: _AppReplacesEmail,
    }


# -- 4. identity re-confirmed with the password everywhere ------------------------------------
class _EmailAsksPassword(EnableEmailCodeDialog):
    @property
    def prompt(self) -> RefPrompt:
        self._require_state("identity_confirmation", what="identity confirmation")
        return RefPrompt.PASSWORD


class _AppAsksPassword(EnableAuthenticatorAppDialog):
    def _on_open(self) -> None:
        """As the reference's, but the prompt is the password: no identity code is emailed."""
        self._prompt, self._challenge = RefPrompt.PASSWORD, None
        self._secret, self._accepted_step, self._issued = None, None, None


class _CodesAskPassword(ViewRecoveryCodesDialog):
    def _check_code(self, proof: object) -> None:
        self._require_app()
        check_password(self._ctx, self.account, proof, self.password_failures)


class _CodesDialogAskingPassword(RecoveryCodesDialog):
    def _view(self) -> DialogView:
        view = super()._view()
        return replace(view, prompt=Prompt.PASSWORD) if view.step is Step.IDENTITY_CONFIRMATION else view


class PasswordEverywhere(Product):
    """Every identity step (both Enable dialogs, View Recovery Codes) asks for the password."""

    FLOWS: ClassVar = {
        EnableEmailCodeDialog: _EmailAsksPassword,
        EnableAuthenticatorAppDialog: _AppAsksPassword,
        ViewRecoveryCodesDialog: _CodesAskPassword,
    }
    DIALOGS: ClassVar = {
        **ReferenceDriver.DIALOGS,
        DialogKind.VIEW_RECOVERY_CODES: ("view_recovery_codes", _CodesDialogAskingPassword),
    }


# -- 5. identity not asked again within five minutes of a previous proof ---------------------
SUDO_WINDOW = timedelta(minutes=5)


class _EmailSkipsIdentity(EnableEmailCodeDialog):
    def _on_open(self) -> None:
        super()._on_open()
        self._fire("Continue", None)

    def _confirm_identity(self, proof: object) -> None:
        self._require_inactive()


class _AppSkipsIdentity(_AppAsksPassword):
    def _on_open(self) -> None:
        super()._on_open()
        self._fire("Continue", None)

    def _confirm_identity(self, proof: object) -> None:
        self._require_inactive()


class _CodesSkipIdentity(ViewRecoveryCodesDialog):
    def _on_open(self) -> None:
        super()._on_open()  # the reference's records which app's codes the dialog shows
        self._fire("Confirm", None)

    def _check_code(self, proof: object) -> None:
        self._require_app()


_SKIPPING = {
    EnableEmailCodeDialog: _EmailSkipsIdentity,
    EnableAuthenticatorAppDialog: _AppSkipsIdentity,
    ViewRecoveryCodesDialog: _CodesSkipIdentity,
}


class _ProofWatch(ReferenceDialog):
    """Tells the driver when this dialog's identity step accepted a proof."""

    on_proof: Callable[[str], None] = staticmethod(lambda device: None)

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        outcome = super().confirm_identity(answer, prompt)
        if outcome.accepted:
            self.on_proof(self.flow.device)
        return outcome


class _WatchedEmail(_ProofWatch, EnableEmailDialog):
    pass


class _WatchedApp(_ProofWatch, EnableAppDialog):
    pass


class _WatchedCodes(_ProofWatch, RecoveryCodesDialog):
    pass


class NoReproofWithinFiveMinutes(Product):
    """A dialog opened within 5 minutes of an identity proof on the same device skips its identity step.

    "Sudo mode" as several frameworks have it: the proof given in one dialog
    still counts for the next one opened on that device shortly after.
    """

    DIALOGS: ClassVar = {
        **ReferenceDriver.DIALOGS,
        DialogKind.ENABLE_EMAIL_CODE: ("enable_email_code", _WatchedEmail),
        DialogKind.ENABLE_AUTHENTICATOR_APP: ("enable_authenticator_app", _WatchedApp),
        DialogKind.VIEW_RECOVERY_CODES: ("view_recovery_codes", _WatchedCodes),
    }

    def __init__(self) -> None:
        super().__init__()
        self._proved_at: dict[str, datetime] = {}

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        last = self._proved_at.get(device)
        recent = last is not None and self.now() - last < SUDO_WINDOW
        self.service.flows = dict(_SKIPPING) if recent else {}
        try:
            dialog = super().open_dialog(device, kind)
        finally:
            self.service.flows = {}
        if isinstance(dialog, _ProofWatch):
            dialog.on_proof = self._remember_proof
        return dialog

    def _remember_proof(self, device: str) -> None:
        self._proved_at[device] = self.now()


# -- 6. a code step offering the password as an alternative -----------------------------------
@dataclass(frozen=True)
class _PasswordInstead:
    """The answer typed after "use your password instead"."""

    password: str


def _password_instead(flow: Flow, proof: object, require: Callable[[], object]) -> bool:
    """Check ``proof`` as the password if it was given as one (after ``require``); False if it was not."""
    if not isinstance(proof, _PasswordInstead):
        return False
    require()
    check_password(flow._ctx, flow.account, proof.password, flow.password_failures)
    return True


class _EmailTakesPasswordToo(EnableEmailCodeDialog):
    def _confirm_identity(self, proof: object) -> None:
        if not _password_instead(self, proof, self._require_inactive):
            super()._confirm_identity(proof)


class _AppTakesPasswordToo(EnableAuthenticatorAppDialog):
    def _confirm_identity(self, proof: object) -> None:
        if not _password_instead(self, proof, self._require_inactive):
            super()._confirm_identity(proof)


class _CodesTakePasswordToo(ViewRecoveryCodesDialog):
    def _check_code(self, proof: object) -> None:
        if not _password_instead(self, proof, self._require_app):
            super()._check_code(proof)


class _OffersPassword(ReferenceDialog):
    """A code prompt with a "use your password instead" link."""

    def view(self) -> DialogView:
        view = super().view()
        asks_code = view.step is Step.IDENTITY_CONFIRMATION and view.prompt is not Prompt.PASSWORD
        return replace(view, alternatives=(Prompt.PASSWORD,)) if asks_code else view

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        if prompt is Prompt.PASSWORD and Prompt.PASSWORD in self.view().alternatives:
            return self._confirm(_PasswordInstead(answer))  # type: ignore[arg-type]
        return super().confirm_identity(answer, prompt)


class _EmailOffersPassword(_OffersPassword, EnableEmailDialog):
    pass


class _AppOffersPassword(_OffersPassword, EnableAppDialog):
    pass


class _CodesOfferPassword(_OffersPassword, RecoveryCodesDialog):
    pass


class PasswordAlternative(Product):
    """Where identity is confirmed with a code, "use your password instead" is offered and works."""

    FLOWS: ClassVar = {
        EnableEmailCodeDialog: _EmailTakesPasswordToo,
        EnableAuthenticatorAppDialog: _AppTakesPasswordToo,
        ViewRecoveryCodesDialog: _CodesTakePasswordToo,
    }
    DIALOGS: ClassVar = {
        **ReferenceDriver.DIALOGS,
        DialogKind.ENABLE_EMAIL_CODE: ("enable_email_code", _EmailOffersPassword),
        DialogKind.ENABLE_AUTHENTICATOR_APP: ("enable_authenticator_app", _AppOffersPassword),
        DialogKind.VIEW_RECOVERY_CODES: ("view_recovery_codes", _CodesOfferPassword),
    }


# -- 7. Disable without any code ---------------------------------------------------------------
class _EmailOffWithoutCode(DisableEmailCodeDialog):
    def _on_open(self) -> None:
        """No code is emailed: the dialog asks for none."""

    def _check_code(self, code: object) -> None:
        if self.account.email_code is None:
            raise InvalidAction("Email Code is not active")


class _AppOffWithoutCode(DisableAuthenticatorAppDialog):
    def _check_code(self, code: object) -> None:
        if self.account.authenticator_app is None:
            raise InvalidAction("the authenticator app is not active")


class _DisableButtonOnly(ReferenceDialog):
    """ "Turn off?" and a Disable button: no input, no Request Code."""

    def _view(self) -> DialogView:
        return DialogView(step=Step.NO_INPUT)

    def submit(self) -> Outcome:
        return outcome_of(lambda: self.flow.disable(None))  # type: ignore[attr-defined]


class DisableWithoutCode(Product):
    """Both Disable dialogs are a button that asks for nothing and turns the method off."""

    FLOWS: ClassVar = {
        DisableEmailCodeDialog: _EmailOffWithoutCode,
        DisableAuthenticatorAppDialog: _AppOffWithoutCode,
    }
    DIALOGS: ClassVar = {
        **ReferenceDriver.DIALOGS,
        DialogKind.DISABLE_EMAIL_CODE: ("disable_email_code", _DisableButtonOnly),
        DialogKind.DISABLE_AUTHENTICATOR_APP: ("disable_authenticator_app", _DisableButtonOnly),
    }


# -- 8. no Request Code countdown ----------------------------------------------------------------
class _EmailResendsAtOnce(EnableEmailCodeDialog):
    def _resend(self) -> None:
        self._challenge.send()


class _AppResendsAtOnce(EnableAuthenticatorAppDialog):
    def _resend(self) -> None:
        if self._challenge is None:
            raise InvalidAction("Request Code is offered only when the prompt is an email code")
        self._challenge.send()


class _DisableResendsAtOnce(DisableEmailCodeDialog):
    def _resend(self) -> None:
        self._challenge.send()


class NoRequestCodeCountdown(Product):
    """Request Code sends a new code at once, however recently the last one went."""

    FLOWS: ClassVar = {
        EnableEmailCodeDialog: _EmailResendsAtOnce,
        EnableAuthenticatorAppDialog: _AppResendsAtOnce,
        DisableEmailCodeDialog: _DisableResendsAtOnce,
    }


# -- 9. MFA skipped at sign-in ---------------------------------------------------------------------
class MfaSkippedAtSignIn(Product):
    """The right password signs in, MFA active or not: no method choice, no code at sign-in."""

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        result = super().sign_in(device, email, password)
        if result.outcome.accepted and not result.signed_in:
            attempt = self._attempts.pop(device)
            self.service.start_session(device, attempt.account)
            return SignInResult(outcome=Outcome.accept(), signed_in=True)
        return result

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        raise NotOffered("choice of sign-in method: the password alone signs in")

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        raise NotOffered("code input at sign-in: the password alone signs in")


# -- 10. the activating code stays usable (issue 16, "an untested replay") ----------------------
class _ActivationNotRecorded(EnableAuthenticatorAppDialog):
    def _activate(self, code: object) -> None:
        super()._activate(code)
        assert self.account.authenticator_app is not None
        self.account.authenticator_app.last_used_step = None


class ActivationCodeReusable(Product):
    """The app's code typed in step 3 is not remembered as used: it is accepted once more, anywhere."""

    FLOWS: ClassVar = {EnableAuthenticatorAppDialog: _ActivationNotRecorded}


#: Every product, by factory name (a class is its own ``--driver`` factory).
PRODUCTS = (
    "NoDownloadButton",
    "NoEmailCode",
    "OneMethodAtATime",
    "PasswordEverywhere",
    "NoReproofWithinFiveMinutes",
    "PasswordAlternative",
    "DisableWithoutCode",
    "NoRequestCodeCountdown",
    "MfaSkippedAtSignIn",
    "ActivationCodeReusable",
)
