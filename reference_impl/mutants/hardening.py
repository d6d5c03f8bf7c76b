"""Mutants of the rules issue 17 added: a dialog that outlives its session, and the hardening limits.

Each puts back one finding of the security probe, so the rule written for it
must catch it: a read path without the session check (PWD-08), password
guesses without a count (HRD-11), sign-in guesses that stop the owner's
signed-in devices (HRD-12), a code mailed at every opening (HRD-13).
"""

from __future__ import annotations

from reference_impl import Clock, Outbox
from reference_impl.account import Account
from reference_impl.challenge import EmailChallenge
from reference_impl.dialogs.base import Flow
from reference_impl.dialogs.disable import DisableEmailCodeDialog
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.lockout import Failures
from reference_impl.sessions import Session, Sessions

from .base import MutantDriver, MutantService, mutant


class _CodesIgnoreSignOut(ViewRecoveryCodesDialog):
    def _valid(self) -> bool:
        return self.account.authenticator_app is self._app  # the defect: the session is not re-checked


@mutant("PWD-08")
class RecoveryCodesOutliveTheSession(MutantDriver):
    """View Recovery Codes left open on a device signed out elsewhere still shows and regenerates codes."""

    FLOWS = (_CodesIgnoreSignOut,)


class _UncountedPasswords(MutantService):
    def _password_failures(self, address: str, account: Account | None) -> Failures:
        return Failures()  # the defect: every sign-in starts a fresh count


@mutant("HRD-11")
class PasswordGuessesUncounted(MutantDriver):
    """Wrong passwords at sign-in are never counted, so guessing them has no limit."""

    SERVICE = _UncountedPasswords


class _SharedCount(Sessions):
    def start(self, device: str, account: Account) -> Session:
        session = super().start(device, account)
        session.code_failures = account.sign_in_code_failures  # the defect: one count for everyone
        return session


class _OneCountService(MutantService):
    def __init__(self, clock: Clock, outbox: Outbox, *, flows: tuple[type[Flow], ...]) -> None:
        super().__init__(clock, outbox, flows=flows)
        self._sessions = _SharedCount()


@mutant("HRD-12")
class SignInGuessesLockTheOwnerOut(MutantDriver):
    """Codes in the owner's signed-in dialogs count with guesses at sign-in, so a guesser locks her out."""

    SERVICE = _OneCountService


class _MailAtEveryOpening(DisableEmailCodeDialog):
    def _on_open(self) -> None:
        self._challenge = EmailChallenge(self._ctx, self.account.email, "turn off email codes")
        self._challenge.send()  # the defect: a fresh code each time, whatever was sent a moment ago


@mutant("HRD-13")
class CodeMailedAtEveryOpening(MutantDriver):
    """Every opening of Disable Email Code mails a new code, so reopening floods the mailbox."""

    FLOWS = (_MailAtEveryOpening,)
