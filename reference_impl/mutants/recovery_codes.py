"""Mutants of reviewing and regenerating recovery codes (REC-01..03)."""

from __future__ import annotations

from reference_impl.codes import RecoveryCodeSet
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.errors import SecuritySettingsError
from reference_impl.proofs import check_password

from .base import MutantDriver, mutant


class _PasswordOpensCodes(ViewRecoveryCodesDialog):
    def _check_code(self, app_code: object) -> None:
        try:
            super()._check_code(app_code)
        except SecuritySettingsError:
            check_password(self._ctx, self.account, app_code, self.password_failures)  # "or your password"


@mutant("REC-01")
class PasswordOpensRecoveryCodes(MutantDriver):
    """View Recovery Codes also accepts the account password instead of an authenticator code."""

    FLOWS = (_PasswordOpensCodes,)


class _RegenerateUnconfirmed(ViewRecoveryCodesDialog):
    def regenerate(self) -> None:
        if self.state == "authenticator_code":
            self._regenerate()  # the button works before the code is given
            return
        super().regenerate()


@mutant("REC-01")
class RegenerateBeforeAppCode(MutantDriver):
    """Regenerate works before the authenticator code is given, throwing the codes away unconfirmed."""

    FLOWS = (_RegenerateUnconfirmed,)


class _UsedStillListed(ViewRecoveryCodesDialog):
    @property
    def recovery_codes(self) -> tuple[str, ...]:
        super().recovery_codes  # noqa: B018 - the reference's check that the codes are shown at this step
        return tuple(code.display for code in self._require_app().recovery_codes.codes)


@mutant("REC-02")
class UsedCodesStillListed(MutantDriver):
    """View Recovery Codes lists every code issued, the used ones included."""

    FLOWS = (_UsedStillListed,)


class _ViewRegenerates(ViewRecoveryCodesDialog):
    def _check_code(self, app_code: object) -> None:
        super()._check_code(app_code)
        self._regenerate()


@mutant("REC-02")
class ViewingRegeneratesCodes(MutantDriver):
    """Confirming View Recovery Codes silently issues a new set instead of showing the current one."""

    FLOWS = (_ViewRegenerates,)


class _OldCodesKept(ViewRecoveryCodesDialog):
    def _regenerate(self) -> None:
        current = self._require_app().recovery_codes
        fresh = RecoveryCodeSet.issue()
        current.codes.extend(current._make(code.display) for code in fresh.codes)


@mutant("REC-03")
class RegenerateKeepsOldCodes(MutantDriver):
    """Regenerate adds ten new codes but leaves the old ones valid."""

    FLOWS = (_OldCodesKept,)


class _DisplayOnlyRegenerate(ViewRecoveryCodesDialog):
    def _on_open(self) -> None:
        super()._on_open()
        self._shown: RecoveryCodeSet | None = None

    def _regenerate(self) -> None:
        self._shown = RecoveryCodeSet.issue()  # shown in the dialog, never stored on the account

    @property
    def recovery_codes(self) -> tuple[str, ...]:
        current = super().recovery_codes
        return self._shown.valid() if self._shown is not None else current


@mutant("REC-03")
class RegenerateNotSaved(MutantDriver):
    """Regenerate shows ten new codes but never saves them.

    The old codes keep working, the new ones do not.
    """

    FLOWS = (_DisplayOnlyRegenerate,)
