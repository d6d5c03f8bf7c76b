"""Mutants of disabling a method (DIS-01..07)."""

from __future__ import annotations

import dataclasses

from reference_impl import Clock, Outbox
from reference_impl.account import Account
from reference_impl.challenge import EmailChallenge
from reference_impl.codes import EMAIL_CODE_DIGITS
from reference_impl.dialogs.base import Flow
from reference_impl.dialogs.disable import DisableAuthenticatorAppDialog, DisableEmailCodeDialog
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.errors import InvalidAction, SecuritySettingsError
from reference_impl.proofs import check_app_code
from reference_impl.section import SecuritySection
from reference_impl.signin import SignInAttempt
from reference_impl.validation import require_numeric_code

from .base import F, MutantDriver, MutantService, mutant


class _AppEnableStillOffered(MutantService):
    def security_section(self, device: object) -> SecuritySection:
        section = super().security_section(device)
        app = dataclasses.replace(section.authenticator_app, action="Enable")
        return dataclasses.replace(section, authenticator_app=app)


@mutant("DIS-01")
class DisableNotOfferedForApp(MutantDriver):
    """The authenticator app block keeps offering Enable once active; Disable never appears."""

    SERVICE = _AppEnableStillOffered


class _NotSentOnOpen(DisableEmailCodeDialog):
    def _on_open(self) -> None:
        self._challenge = EmailChallenge(self._ctx, self.account.email, "turn off email codes")


@mutant("DIS-02")
class DisableEmailSendsNoCode(MutantDriver):
    """Opening Disable for the email code sends no code; one arrives only after Request Code."""

    FLOWS = (_NotSentOnOpen,)


class _BlankCodeDisables(DisableEmailCodeDialog):
    def _check_code(self, code: object) -> None:
        if code != "":
            super()._check_code(code)


@mutant("DIS-02")
class DisableEmailWithoutCode(MutantDriver):
    """Disable with the code field left empty turns the email code off.

    The check runs only on a typed code.
    """

    FLOWS = (_BlankCodeDisables,)


class _AppCodeDisablesEmail(DisableEmailCodeDialog):
    def _check_code(self, code: object) -> None:
        try:
            super()._check_code(code)
        except SecuritySettingsError:
            if self.account.authenticator_app is None:
                raise
            check_app_code(self._ctx, self.account, code, self.failures)  # "any second factor will do"


@mutant("DIS-02")
class AppCodeDisablesEmail(MutantDriver):
    """Disabling the email code also accepts a current authenticator app code."""

    FLOWS = (_AppCodeDisablesEmail,)


class _EmailCodeDisablesApp(DisableAuthenticatorAppDialog):
    def _on_open(self) -> None:
        self._challenge: EmailChallenge | None = None
        if self.account.email_code is not None:
            self._challenge = EmailChallenge(self._ctx, self.account.email, "turn off the authenticator app")
            self._challenge.send()

    def _check_code(self, code: object) -> None:
        try:
            super()._check_code(code)
        except SecuritySettingsError:
            if self._challenge is None:
                raise
            self._challenge.verify(require_numeric_code(code, EMAIL_CODE_DIGITS))


@mutant("DIS-03")
class EmailCodeDisablesApp(MutantDriver):
    """With the email code active, disabling the app mails a code and accepts it instead of an app code."""

    FLOWS = (_EmailCodeDisablesApp,)


class _AnyAppCode(DisableAuthenticatorAppDialog):
    def _check_code(self, code: object) -> None:
        require_numeric_code(code, EMAIL_CODE_DIGITS)  # six digits, never compared with the app's


@mutant("DIS-03")
class WrongAppCodeDisablesApp(MutantDriver):
    """Any six digits disable the authenticator app."""

    FLOWS = (_AnyAppCode,)


class _EmailStaysOn(DisableEmailCodeDialog):
    def _disable(self, code: object) -> None:
        pass  # the dialog reports success but the method is not touched


@mutant("DIS-04")
class DisableEmailDoesNothing(MutantDriver):
    """Disable accepts the emailed code and closes, but the email code method stays on."""

    FLOWS = (_EmailStaysOn,)


class _BothOffViaEmail(DisableEmailCodeDialog):
    def _disable(self, code: object) -> None:
        super()._disable(code)
        self.account.authenticator_app = None


@mutant("DIS-05")
class DisablingEmailDisablesApp(MutantDriver):
    """Disabling the email code turns the authenticator app off as well."""

    FLOWS = (_BothOffViaEmail,)


class _BothOffViaApp(DisableAuthenticatorAppDialog):
    def _disable(self, code: object) -> None:
        super()._disable(code)
        self.account.email_code = None


@mutant("DIS-05")
class DisablingAppDisablesEmail(MutantDriver):
    """Disabling the authenticator app turns the email code off as well."""

    FLOWS = (_BothOffViaApp,)


class _StickyMfaFlag(MutantService):
    """Remembers accounts that ever had a method on, and keeps asking them for a code."""

    def __init__(self, clock: Clock, outbox: Outbox, *, flows: tuple[type[Flow], ...]) -> None:
        super().__init__(clock, outbox, flows=flows)
        self._mfa_required: set[str] = set()

    def _replace_flow(self, device: str, kind: type[F], account: Account, initial: str | None = None) -> F:
        if account.active_methods():
            self._mfa_required.add(account.email)
        if kind is SignInAttempt and account.email in self._mfa_required:
            initial = "method_choice"
        return super()._replace_flow(device, kind, account, initial)


@mutant("DIS-06")
class CodeStillAskedAfterLastMethod(MutantDriver):
    """An "MFA required" flag is set on enabling and never cleared.

    With no method left, sign-in still waits for a code.
    """

    SERVICE = _StickyMfaFlag


class _NoReEnrolment(MutantService):
    def __init__(self, clock: Clock, outbox: Outbox, *, flows: tuple[type[Flow], ...]) -> None:
        super().__init__(clock, outbox, flows=flows)
        self._disabled: set[str] = set()

    def disable_email_code(self, device: object) -> DisableEmailCodeDialog:
        self._disabled.add(self._account_of(device).email)
        return super().disable_email_code(device)

    def enable_email_code(self, device: object) -> EnableEmailCodeDialog:
        if self._account_of(device).email in self._disabled:
            raise InvalidAction("Email Code was turned off for this account")
        return super().enable_email_code(device)


@mutant("DIS-07")
class DisabledEmailCannotReturn(MutantDriver):
    """Once the email code was disabled, Enable no longer opens: the soft-deleted method blocks a new one."""

    SERVICE = _NoReEnrolment
