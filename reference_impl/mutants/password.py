"""Mutants of the Security section and Change password (SEC-01, PWD-01..08)."""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import timedelta

from harness.protocol import SecuritySection
from reference_impl.dialogs.change_password import ChangePasswordDialog
from reference_impl.errors import InvalidAction, WeakPassword, WrongPassword

from .base import MutantDriver, MutantService, mutant


class _NeedsMfaFirst(MutantService):
    def change_password(self, device: object) -> ChangePasswordDialog:
        if not self._account_of(device).active_methods():
            raise InvalidAction("turn on multi-factor authentication before changing the password")
        return super().change_password(device)


@mutant("SEC-01")
class ChangePasswordHiddenWithoutMfa(MutantDriver):
    """Change Password is offered only once an MFA method is active, so a new account cannot change its
    password.
    """

    SERVICE = _NeedsMfaFirst


@mutant("PWD-01")
class OldChangeDateHidden(MutantDriver):
    """The section stops showing the date of the last change once it is older than 180 days.

    A "time to rotate your password" notice replaces it.
    """

    def security_section(self, device: str) -> SecuritySection:
        section = super().security_section(device)
        changed = section.last_password_change
        if changed is not None and self.now().date() - changed > timedelta(days=180):
            return dataclasses.replace(section, last_password_change=None)
        return section


class _KeepsOldDate(ChangePasswordDialog):
    def _commit(self, current: object, new: str, repeat: object) -> None:
        before = self.account.password_changed_at
        super()._commit(current, new, repeat)
        self.account.password_changed_at = before


@mutant("PWD-02")
class ChangeDateNotMoved(MutantDriver):
    """A successful change leaves the date of the last change where it was."""

    FLOWS = (_KeepsOldDate,)


class _BlankRepeatSkipped(ChangePasswordDialog):
    def _check(self, current: object, new: object, repeat: object) -> None:
        super()._check(current, new, new if repeat == "" else repeat)


@mutant("PWD-03")
class BlankRepeatAccepted(MutantDriver):
    """Repeat New Password is compared only when filled in: left empty, the change goes through."""

    FLOWS = (_BlankRepeatSkipped,)


class _WrongCurrentLogged(ChangePasswordDialog):
    def _check(self, current: object, new: object, repeat: object) -> None:
        with contextlib.suppress(
            WrongPassword
        ):  # the defect: a wrong Current Password is logged, not refused
            super()._check(current, new, repeat)


@mutant("PWD-04")
class WrongCurrentPasswordAccepted(MutantDriver):
    """A wrong Current Password is logged but the change is saved anyway."""

    FLOWS = (_WrongCurrentLogged,)


class _CappedLength(ChangePasswordDialog):
    def _check(self, current: object, new: object, repeat: object) -> None:
        super()._check(current, new, repeat)
        if isinstance(new, str) and len(new) > 16:
            raise WeakPassword("use at most 16 characters")


@mutant("PWD-05")
class LongPasswordsRefused(MutantDriver):
    """New passwords longer than 16 characters are refused (a column sized for the old rules)."""

    FLOWS = (_CappedLength,)


class _RepeatIgnored(ChangePasswordDialog):
    def _check(self, current: object, new: object, repeat: object) -> None:
        super()._check(current, new, new)


@mutant("PWD-06")
class RepeatNotCompared(MutantDriver):
    """Repeat New Password is never compared with New Password."""

    FLOWS = (_RepeatIgnored,)


class _HashNotStored(ChangePasswordDialog):
    def _commit(self, current: object, new: str, repeat: object) -> None:
        before = self.account.password_hash
        super()._commit(current, new, repeat)
        self.account.password_hash = before


@mutant("PWD-07")
class NewPasswordNotSaved(MutantDriver):
    """Save reports success, moves the date and signs other devices out, but keeps the old password."""

    FLOWS = (_HashNotStored,)


class _OthersKept(ChangePasswordDialog):
    def _commit(self, current: object, new: str, repeat: object) -> None:
        self.account.password_hash = self._ctx.hasher.hash(new)
        self.account.password_changed_at = self._ctx.now()


@mutant("PWD-08")
class OtherDevicesStaySignedIn(MutantDriver):
    """After a successful change the other devices stay signed in."""

    FLOWS = (_OthersKept,)


class _CurrentSignedOut(ChangePasswordDialog):
    def _commit(self, current: object, new: str, repeat: object) -> None:
        super()._commit(current, new, repeat)
        self._sessions.end(self.device)


@mutant("PWD-08")
class CurrentDeviceSignedOutToo(MutantDriver):
    """A successful change signs out every device, the one that made the change included."""

    FLOWS = (_CurrentSignedOut,)


class _EveryoneSignedOut(ChangePasswordDialog):
    def _commit(self, current: object, new: str, repeat: object) -> None:
        super()._commit(current, new, repeat)
        for device in list(self._sessions._by_device):
            if device != self.device:
                self._sessions.end(device)


@mutant("PWD-08")
class OtherCustomersSignedOut(MutantDriver):
    """The sign-out after a change forgets to filter by account: every other customer's devices are signed
    out too.
    """

    FLOWS = (_EveryoneSignedOut,)


class _SignOutBeforeChecks(ChangePasswordDialog):
    def _check(self, current: object, new: object, repeat: object) -> None:
        self._sessions.end_all_except(self.account, keep=self.device)
        super()._check(current, new, repeat)


@mutant("PWD-08")
class RefusedChangeSignsOut(MutantDriver):
    """Other devices are signed out as soon as Save is pressed, before the fields are checked."""

    FLOWS = (_SignOutBeforeChecks,)
