"""Mutants of enabling the email code (EML-01..07) and of the emailed code itself."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import timedelta
from typing import ClassVar

from reference_impl.account import EmailCode
from reference_impl.challenge import EmailChallenge
from reference_impl.codes import EMAIL_CODE_DIGITS
from reference_impl.context import RESEND_COUNTDOWN
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.dialogs.identity import Prompt
from reference_impl.errors import CountdownRunning
from reference_impl.section import SecuritySection
from reference_impl.validation import require_numeric_code

from .base import MutantDriver, MutantService, mutant, retype


def _mail(challenge: EmailChallenge, code: str, recipient: str | None = None) -> None:
    """Send ``code`` the way the reference does, possibly with the wrong length or to the wrong place."""
    challenge._code, challenge._sent_at = code, challenge._ctx.now()
    challenge._ctx.mail(
        recipient or challenge._address, "Your one-time code", f"Your one-time code is {code}.\n"
    )


class _ChallengeDialog(EnableEmailCodeDialog):
    """Enable Email Code whose challenge is re-typed to ``CHALLENGE`` as the dialog opens."""

    CHALLENGE: ClassVar[type[EmailChallenge]] = EmailChallenge

    def _on_open(self) -> None:
        super()._on_open()
        retype(self._challenge, self.CHALLENGE)


class _FourDigits(EmailChallenge):
    def send(self) -> None:
        _mail(self, f"{secrets.randbelow(10**4):04d}")


class _EightDigits(EmailChallenge):
    def send(self) -> None:
        _mail(self, f"{secrets.randbelow(10**8):08d}")


class _ToNoReply(EmailChallenge):
    def send(self) -> None:
        _mail(
            self,
            f"{secrets.randbelow(10**EMAIL_CODE_DIGITS):06d}",
            recipient="no-reply@customer-area.example",
        )


class _FourDigitDialog(_ChallengeDialog):
    CHALLENGE = _FourDigits


class _EightDigitDialog(_ChallengeDialog):
    CHALLENGE = _EightDigits


class _NoReplyDialog(_ChallengeDialog):
    CHALLENGE = _ToNoReply


@mutant("EML-03")
class FourDigitEmailCode(MutantDriver):
    """The code emailed when enabling the email method has 4 digits, not 6."""

    FLOWS = (_FourDigitDialog,)


@mutant("EML-03")
class EightDigitEmailCode(MutantDriver):
    """The code emailed when enabling the email method has 8 digits, not 6."""

    FLOWS = (_EightDigitDialog,)


@mutant("EML-03")
class CodeSentToAnotherAddress(MutantDriver):
    """The enabling code goes to the sender's own no-reply address instead of the registered one."""

    FLOWS = (_NoReplyDialog,)


class _SentOnOpen(EnableEmailCodeDialog):
    def _on_open(self) -> None:
        super()._on_open()
        self._challenge.send()


@mutant("EML-03")
class CodeSentBeforeIdentityConfirmed(MutantDriver):
    """The enabling code is emailed as the dialog opens, before identity is confirmed."""

    FLOWS = (_SentOnOpen,)


class _PasswordNotChecked(EnableEmailCodeDialog):
    def _confirm_identity(self, proof: object) -> None:
        if self.prompt is not Prompt.PASSWORD:
            super()._confirm_identity(proof)


@mutant("EML-01")
class EmailIdentityNotChecked(MutantDriver):
    """Enabling the email code asks for the password but accepts any."""

    FLOWS = (_PasswordNotChecked,)


class _AlwaysPassword(EnableEmailCodeDialog):
    @property
    def prompt(self) -> Prompt:
        self._require_state("identity_confirmation", what="identity confirmation")
        return Prompt.PASSWORD


@mutant("EML-02")
class PasswordPromptDespiteApp(MutantDriver):
    """Enabling the email code confirms identity with the password even while the authenticator app is
    active.
    """

    FLOWS = (_AlwaysPassword,)


class _AnyCodeActivates(EnableEmailCodeDialog):
    def _check_code(self, code: object) -> None:
        self._require_inactive()
        require_numeric_code(code, EMAIL_CODE_DIGITS)  # the defect: the emailed code is never compared


@mutant("EML-04")
class AnyCodeActivatesEmail(MutantDriver):
    """Any six digits activate the email code method: the emailed code is not compared."""

    FLOWS = (_AnyCodeActivates,)


class _Countdown(EmailChallenge):
    COUNTDOWN: ClassVar[timedelta] = RESEND_COUNTDOWN

    def resend(self) -> None:
        if self._sent_at is not None and self._ctx.now() - self._sent_at < self.COUNTDOWN:
            raise CountdownRunning(f"Request Code unlocks after {self.COUNTDOWN.total_seconds():.0f} seconds")
        self.send()


class _ThirtySeconds(_Countdown):
    COUNTDOWN = timedelta(seconds=30)


class _TwoMinutes(_Countdown):
    COUNTDOWN = timedelta(seconds=120)


class _EarlyResendDialog(_ChallengeDialog):
    CHALLENGE = _ThirtySeconds


class _LateResendDialog(_ChallengeDialog):
    CHALLENGE = _TwoMinutes


@mutant("EML-05")
class RequestCodeUnlockedEarly(MutantDriver):
    """Request Code unlocks after 30 seconds instead of 60."""

    FLOWS = (_EarlyResendDialog,)


@mutant("EML-05")
class RequestCodeUnlockedLate(MutantDriver):
    """Request Code unlocks only after 120 seconds instead of 60."""

    FLOWS = (_LateResendDialog,)


class _FirstCodeKept(EmailChallenge):
    def resend(self) -> None:
        first = self._code
        super().resend()
        self._code = first  # the new code is mailed, the old one is still the one checked


class _FirstCodeDialog(_ChallengeDialog):
    CHALLENGE = _FirstCodeKept


@mutant("EML-05")
class ResentCodeNotAccepted(MutantDriver):
    """Request Code mails a new code, but only the first one is accepted."""

    FLOWS = (_FirstCodeDialog,)


class _ActivatedOnPasswordDate(EnableEmailCodeDialog):
    def _activate(self, code: object) -> None:
        super()._activate(code)
        assert self.account.email_code is not None
        self.account.email_code.activated_at = self.account.password_changed_at


@mutant("EML-06")
class ActivationDateFromWrongColumn(MutantDriver):
    """The email block shows the date of the last password change as its activation date."""

    FLOWS = (_ActivatedOnPasswordDate,)


class _AddressHidden(MutantService):
    def security_section(self, device: object) -> SecuritySection:
        section = super().security_section(device)
        return dataclasses.replace(section, email_code=dataclasses.replace(section.email_code, address=None))


@mutant("EML-06")
class AddressNotShown(MutantDriver):
    """Once the email code is active the section does not show the address codes are sent to."""

    SERVICE = _AddressHidden


class _EnableStillOffered(MutantService):
    def security_section(self, device: object) -> SecuritySection:
        section = super().security_section(device)
        return dataclasses.replace(
            section, email_code=dataclasses.replace(section.email_code, action="Enable")
        )


@mutant("EML-07")
class EnableStillOfferedForEmail(MutantDriver):
    """The email block keeps offering Enable after activation instead of a red Disable."""

    SERVICE = _EnableStillOffered


class _DatedWhenSent(EnableEmailCodeDialog):
    def _activate(self, code: object) -> None:
        self.account.email_code = EmailCode(activated_at=self._challenge._sent_at or self._ctx.now())


@mutant("EML-06")
class ActivationDatedWhenCodeWasSent(MutantDriver):
    """The email code's activation is dated when its code was emailed, not when it was entered."""

    FLOWS = (_DatedWhenSent,)
