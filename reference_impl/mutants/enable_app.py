"""Mutants of enabling the authenticator app and of its recovery codes (APP-01..11)."""

from __future__ import annotations

from typing import ClassVar

from reference_impl import qr, totp
from reference_impl.account import Account, AuthenticatorApp
from reference_impl.codes import recovery_codes_text_file
from reference_impl.context import Context
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.dialogs.identity import Prompt
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.errors import WrongCode
from reference_impl.sessions import Sessions
from reference_impl.validation import require_numeric_code

from .base import MutantDriver, mutant, retype


class _ActiveOnQr(EnableAuthenticatorAppDialog):
    def _new_secret(self, proof: object) -> None:
        super()._new_secret(proof)
        assert self._secret is not None
        self.account.authenticator_app = AuthenticatorApp(secret=self._secret, activated_at=self._ctx.now())

    def _require_inactive(self) -> None:
        app = self.account.authenticator_app
        if app is None or app.secret != self._secret:
            super()._require_inactive()


@mutant("APP-01")
class AppActiveBeforeGeneratedCode(MutantDriver):
    """The app is saved as active as soon as the QR code is shown, before a generated code proves the link."""

    FLOWS = (_ActiveOnQr,)


class _PasswordDespiteEmail(EnableAuthenticatorAppDialog):
    def _on_open(self) -> None:
        super()._on_open()
        self._prompt = Prompt.PASSWORD


@mutant("APP-02")
class AppPasswordPromptDespiteEmail(MutantDriver):
    """With the email code active, enabling the app still confirms identity with the password."""

    FLOWS = (_PasswordDespiteEmail,)


class _AppPasswordNotChecked(EnableAuthenticatorAppDialog):
    def _confirm_identity(self, proof: object) -> None:
        if self._prompt is not Prompt.PASSWORD:
            super()._confirm_identity(proof)


@mutant("APP-03")
class AppIdentityNotChecked(MutantDriver):
    """Enabling the app asks for the password but accepts any, revealing the QR code."""

    FLOWS = (_AppPasswordNotChecked,)


class _BareKeyQr(EnableAuthenticatorAppDialog):
    @property
    def qr_code_png(self) -> bytes:
        return qr.qr_png(self.manual_key)


@mutant("APP-04")
class QrHoldsBareKey(MutantDriver):
    """The QR code holds the bare secret instead of an otpauth://totp/ link, so authenticator apps cannot add
    it.
    """

    FLOWS = (_BareKeyQr,)


class _SecondSecret(EnableAuthenticatorAppDialog):
    def _on_open(self) -> None:
        super()._on_open()
        self._manual_key = totp.new_secret()  # drawn separately from the one in the QR code

    @property
    def manual_key(self) -> str:
        super().manual_key  # noqa: B018 - the reference's check that the key is shown at this step
        return self._manual_key


@mutant("APP-05")
class ManualKeyDiffersFromQr(MutantDriver):
    """The manual key below the QR is drawn separately from the QR code's secret, so typed-in codes never
    match.
    """

    FLOWS = (_SecondSecret,)


class _TruncatedKey(EnableAuthenticatorAppDialog):
    @property
    def manual_key(self) -> str:
        return super().manual_key[:16]


@mutant("APP-05")
class ManualKeyTruncated(MutantDriver):
    """The manual key below the QR shows only the first 16 characters of the secret."""

    FLOWS = (_TruncatedKey,)


class _WideWindow(EnableAuthenticatorAppDialog):
    def _check_code(self, code: object) -> None:
        try:
            super()._check_code(code)
        except WrongCode:
            # The defect: a "drift tolerance" of two hours behind.
            assert self._secret is not None
            offered, current = require_numeric_code(code, totp.DIGITS), totp.step_of(self._ctx.now())
            for step in range(current - 240, current + 1):
                if totp.code_at(self._secret, step * totp.STEP_SECONDS) == offered:
                    self._accepted_step = step
                    return
            raise


@mutant("APP-06")
class HourOldCodeAccepted(MutantDriver):
    """Step 3 accepts any code the app showed in the last two hours, not only the current one."""

    FLOWS = (_WideWindow,)


class _SixtySecondQr(EnableAuthenticatorAppDialog):
    @property
    def provisioning_uri(self) -> str:
        return super().provisioning_uri.replace(f"period={totp.STEP_SECONDS}", "period=60")


@mutant("APP-06")
class QrSetsUpSixtySecondCodes(MutantDriver):
    """The QR code tells the app to renew codes every 60 seconds while the server expects 30."""

    FLOWS = (_SixtySecondQr,)


class _NineCodes(EnableAuthenticatorAppDialog):
    def _activate(self, code: object) -> None:
        super()._activate(code)
        assert self._issued is not None
        self._issued.codes.pop()


@mutant("APP-07")
class NineRecoveryCodes(MutantDriver):
    """Activation issues 9 recovery codes instead of 10 (an off-by-one)."""

    FLOWS = (_NineCodes,)


class _RepeatedCodes(EnableAuthenticatorAppDialog):
    def _activate(self, code: object) -> None:
        super()._activate(code)
        assert self._issued is not None
        first = self._issued.codes[0]
        self._issued.codes = [first] * len(self._issued.codes)


@mutant("APP-07")
class RepeatedRecoveryCodes(MutantDriver):
    """The generator is seeded once per request, so all ten recovery codes are the same code."""

    FLOWS = (_RepeatedCodes,)


class _ReusableRecovery(AuthenticatorApp):
    def accept_recovery_code(self, text: str) -> bool:
        return self.recovery_codes.find_unused(text) is not None  # found, but never marked used


class RetypedAppActivation(EnableAuthenticatorAppDialog):
    """Enable Authenticator App Code whose newly active app is re-typed to ``APP``."""

    APP: ClassVar[type[AuthenticatorApp]] = AuthenticatorApp

    def _activate(self, code: object) -> None:
        super()._activate(code)
        retype(self.account.authenticator_app, self.APP)


class _ReusableRecoveryActivation(RetypedAppActivation):
    APP = _ReusableRecovery


@mutant("APP-08")
class RecoveryCodeUsableTwice(MutantDriver):
    """A recovery code that signed in is not marked used and signs in again."""

    FLOWS = (_ReusableRecoveryActivation,)


class _NoRecoveryAtSignIn(AuthenticatorApp):
    def accept_recovery_code(self, text: str) -> bool:
        return False


class _NoRecoveryActivation(RetypedAppActivation):
    APP = _NoRecoveryAtSignIn


@mutant("APP-09")
class RecoveryCodesRefusedAtSignIn(MutantDriver):
    """The sign-in code field accepts only authenticator codes: recovery codes never sign in."""

    FLOWS = (_NoRecoveryActivation,)


class _FileMissesACode(EnableAuthenticatorAppDialog):
    def download_text_file(self) -> tuple[str, str]:
        name, _ = super().download_text_file()
        return name, recovery_codes_text_file(self.recovery_codes[:-1], self.account.email)


@mutant("APP-10")
class DownloadMissesLastCode(MutantDriver):
    """The downloaded text file leaves out the last recovery code."""

    FLOWS = (_FileMissesACode,)


class _CsvFile(EnableAuthenticatorAppDialog):
    def download_text_file(self) -> tuple[str, str]:
        _, content = super().download_text_file()
        return "recovery-codes.csv", content


@mutant("APP-10")
class DownloadIsNotTxt(MutantDriver):
    """Download as Text File saves a .csv file."""

    FLOWS = (_CsvFile,)


class _ShownOnOpen(ViewRecoveryCodesDialog):
    def __init__(
        self, ctx: Context, sessions: Sessions, device: str, account: Account, initial: str | None = None
    ) -> None:
        super().__init__(ctx, sessions, device, account, initial="codes_shown")


@mutant("APP-11")
class CodesShownWithoutAppCode(MutantDriver):
    """View Recovery Codes shows the codes at once, without asking for an authenticator code."""

    FLOWS = (_ShownOnOpen,)


class _UsedCodeOpensView(ViewRecoveryCodesDialog):
    def _check_code(self, app_code: object) -> None:
        app = self._require_app()
        offered = require_numeric_code(app_code, totp.DIGITS)
        if totp.matching_step(app.secret, offered, self._ctx.now(), newer_than=None) is None:
            raise WrongCode("that authenticator code is wrong")


@mutant("APP-11")
class UsedAppCodeShowsCodes(MutantDriver):
    """View Recovery Codes accepts an authenticator code that was already used (the one that activated the
    app).
    """

    FLOWS = (_UsedCodeOpensView,)
