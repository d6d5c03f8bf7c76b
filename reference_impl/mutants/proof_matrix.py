"""Mutants of the proof matrix and of keeping accounts apart: a place takes a proof the doc rules out.

Each is killed by one Examples row of the matrix's outlines (spec/features, harness/proofs.py)
or by one of the several-accounts scenarios.
"""

from __future__ import annotations

from reference_impl import totp
from reference_impl.account import Method
from reference_impl.dialogs.disable import DisableAuthenticatorAppDialog
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.signin import SignInAttempt
from reference_impl.totp import Window
from reference_impl.validation import require_code_text

from .base import MutantDriver, mutant


class _PasswordDisablesApp(DisableAuthenticatorAppDialog):
    def _check_code(self, code: object) -> None:
        if not (isinstance(code, str) and self._ctx.hasher.verify(code, self.account.password_hash)):
            super()._check_code(code)


@mutant("DIS-03")
class PasswordDisablesTheApp(MutantDriver):
    """Disable Authenticator App also takes the account password typed where the app code goes."""

    FLOWS = (_PasswordDisablesApp,)


class _RecoveryCodeShowsCodes(ViewRecoveryCodesDialog):
    def _check_code(self, app_code: object) -> None:
        app = self._require_app()
        if not (isinstance(app_code, str) and app.recovery_codes.find_unused(app_code) is not None):
            super()._check_code(app_code)


@mutant("REC-01")
class RecoveryCodeOpensRecoveryCodes(MutantDriver):
    """View Recovery Codes takes one of the recovery codes in place of a code from the app."""

    FLOWS = (_RecoveryCodeShowsCodes,)


#: An hour of 30-second steps.
_AN_HOUR = Window(past_steps=120)


class _HourOldCodeSignsIn(SignInAttempt):
    def _check_chosen_code(self, code: object) -> None:
        if not self._an_hour_old(code):
            super()._check_chosen_code(code)

    def _an_hour_old(self, code: object) -> bool:
        """Any code the app showed in the last hour, used or not (no step is remembered)."""
        app = self.account.authenticator_app
        if self.chosen is not Method.AUTHENTICATOR_APP or app is None:
            return False
        now = self._ctx.now()
        return totp.matching_step(app.secret, require_code_text(code), now, None, _AN_HOUR) is not None


@mutant("MFA-04")
class HourOldAppCodeSignsIn(MutantDriver):
    """At sign-in, any app code of the last hour is taken, not only the current one."""

    FLOWS = (_HourOldCodeSignsIn,)


class _AnyAccountsAppCode(SignInAttempt):
    def _check_chosen_code(self, code: object) -> None:
        if self.chosen is Method.AUTHENTICATOR_APP:
            others = {
                id(s.account): s.account
                for s in self._sessions._by_device.values()
                if s.account is not self.account
            }
            for other in others.values():
                app = other.authenticator_app
                if app is not None and app.accept_code(require_code_text(code), self._ctx.now()):
                    return
        super()._check_chosen_code(code)


@mutant("MFA-04")
class AnotherAccountsAppCodeSignsIn(MutantDriver):
    """At sign-in, the current app code of any account signed in somewhere is taken too."""

    FLOWS = (_AnyAccountsAppCode,)
