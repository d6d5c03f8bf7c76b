"""Mutants of multi-factor sign-in and of both methods together (MFA-01..05, BTH-01..03)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from harness.protocol import DialogKind, NotOffered, SecuritySection
from reference_impl import totp
from reference_impl.account import Account, AuthenticatorApp, Method
from reference_impl.challenge import EmailChallenge
from reference_impl.codes import normalize_recovery_code
from reference_impl.context import Context
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.driver import ReferenceDialog
from reference_impl.errors import InvalidAction, WrongCode, WrongCredentials
from reference_impl.sessions import Sessions
from reference_impl.signin import SignInAttempt
from reference_impl.validation import require_device, require_email

from .base import MutantDriver, MutantService, mutant
from .enable_app import RetypedAppActivation


class _NoCodeStep(SignInAttempt):
    def __init__(
        self, ctx: Context, sessions: Sessions, device: str, account: Account, initial: str | None = None
    ) -> None:
        super().__init__(ctx, sessions, device, account, initial="signed_in")


@mutant("MFA-01")
class PasswordAloneSignsIn(MutantDriver):
    """Sign-in skips the code step: the password alone opens a session although a method is active."""

    FLOWS = (_NoCodeStep,)


class _CodeInsteadOfPassword(MutantService):
    def sign_in(self, device: object, email: object, password: object) -> SignInAttempt:
        try:
            return super().sign_in(device, email, password)
        except WrongCredentials:
            account = self._accounts.get(require_email(email).casefold())
            if account is None or not account.active_methods():
                raise
            # The defect: with MFA on, the code is taken as proof enough and the password is not required.
            return self._replace_flow(require_device(device), SignInAttempt, account, initial="method_choice")


@mutant("MFA-01")
class WrongPasswordWithCodeSignsIn(MutantDriver):
    """With MFA active, a wrong password still leads to the code step, and a valid code signs in."""

    SERVICE = _CodeInsteadOfPassword


class _EmailNotSentOnChoice(SignInAttempt):
    def _choose(self, method: object) -> None:
        if method is Method.EMAIL_CODE and self._challenge is None:
            self._challenge = EmailChallenge(self._ctx, self.account.email, "sign in")  # not sent
        super()._choose(method)


@mutant("MFA-03")
class SignInEmailNotSent(MutantDriver):
    """Choosing the email code at sign-in sends nothing until Request Code is pressed."""

    FLOWS = (_EmailNotSentOnChoice,)


class _ReusableTotp(AuthenticatorApp):
    def accept_code(self, code: str, now: datetime, window: totp.Window = totp.DEFAULT_WINDOW) -> bool:
        self.last_used_step = None  # the defect: the last used step is never consulted
        return super().accept_code(code, now, window)


class _ReusableTotpActivation(RetypedAppActivation):
    APP = _ReusableTotp


@mutant("MFA-04")
class AuthenticatorCodeAcceptedTwice(MutantDriver):
    """An authenticator code that was already used is accepted again while it is current (no replay check)."""

    FLOWS = (_ReusableTotpActivation,)


class _FailOpen(SignInAttempt):
    def enter_code(self, code: object) -> None:
        try:
            super().enter_code(code)
        except WrongCode:
            self._sessions.start(self.device, self.account)  # session created before the code was judged
            raise


@mutant("MFA-05")
class WrongCodeStillSignsIn(MutantDriver):
    """A wrong sign-in code is reported as wrong, but the session was already started (fail-open)."""

    FLOWS = (_FailOpen,)


class _OneMethodOnly(MutantService):
    def enable_authenticator_app(self, device: object) -> EnableAuthenticatorAppDialog:
        if self._account_of(device).email_code is not None:
            raise InvalidAction("only one multi-factor method can be active")
        return super().enable_authenticator_app(device)

    def enable_email_code(self, device: object) -> EnableEmailCodeDialog:
        if self._account_of(device).authenticator_app is not None:
            raise InvalidAction("only one multi-factor method can be active")
        return super().enable_email_code(device)


@mutant("BTH-01")
class OnlyOneMethodAtATime(MutantDriver):
    """Either method can be enabled, but not the second one while the first is active."""

    SERVICE = _OneMethodOnly


class _AppReplacesEmail(EnableAuthenticatorAppDialog):
    def _activate(self, code: object) -> None:
        super()._activate(code)
        self.account.email_code = None


@mutant("BTH-01")
class EnablingAppTurnsEmailOff(MutantDriver):
    """Enabling the authenticator app silently turns the email code off (the new method replaces the old)."""

    FLOWS = (_AppReplacesEmail,)


class _FirstMethodOnly(SignInAttempt):
    @property
    def methods(self) -> tuple[Method, ...]:
        return self.account.active_methods()[:1]


@mutant("BTH-02")
class OnlyFirstMethodOffered(MutantDriver):
    """With both methods active the sign-in page offers only the email code."""

    FLOWS = (_FirstMethodOnly,)


class _AppPreferred(SignInAttempt):
    @property
    def methods(self) -> tuple[Method, ...]:
        active = self.account.active_methods()
        return (Method.AUTHENTICATOR_APP,) if Method.AUTHENTICATOR_APP in active else active


@mutant("BTH-03")
class EmailHiddenWhenAppActive(MutantDriver):
    """With both methods active the sign-in page offers only the app: no email fallback when the phone is
    lost.
    """

    FLOWS = (_AppPreferred,)


class _SnapshotRecoveryCodes(SignInAttempt):
    def _on_open(self) -> None:
        super()._on_open()
        app = self.account.authenticator_app
        self._loaded = {normalize_recovery_code(c) for c in app.recovery_codes.valid()} if app else set()

    def _check_code(self, code: object) -> None:
        try:
            super()._check_code(code)
        except WrongCode:
            # The defect: the list loaded when the page opened is trusted, not the account's current one.
            if not (isinstance(code, str) and normalize_recovery_code(code) in self._loaded):
                raise


@mutant("APP-08")
class RecoveryCodeTwiceWhenInterleaved(MutantDriver):
    """A sign-in checks recovery codes against the list loaded when its page opened: a code used meanwhile on
    another device is accepted again.
    """

    FLOWS = (_SnapshotRecoveryCodes,)


@mutant("MFA-02")
class OnlyTheEmailCodeMethod(MutantDriver):
    """One method supported, not two: the Security section has no Authenticator App Code block."""

    def security_section(self, device: str) -> SecuritySection:
        return dataclasses.replace(super().security_section(device), authenticator_app=None)

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        if kind in (DialogKind.ENABLE_AUTHENTICATOR_APP, DialogKind.DISABLE_AUTHENTICATOR_APP):
            raise NotOffered("Authenticator App Code method: the Security section has no block for it")
        return super().open_dialog(device, kind)
