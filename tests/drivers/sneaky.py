"""A driver whose bug only shows after an unusual order of steps, for the simulation to find.

Regenerate keeps the set it replaces as a quiet fallback, except the set shown
at activation (a "grace period" for customers who regenerate by mistake). The
documented scenarios regenerate once and try a code of the activation set, so
the whole suite (MUST, SHOULD and hardening) passes; only a journey that
regenerates twice and then signs in with a code from the first regenerated
set shows that Regenerate did not invalidate "all existing codes" (REC-03).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from harness.protocol import DialogKind, Outcome
from reference_impl.codes import RecoveryCode, RecoveryCodeSet
from reference_impl.driver import RecoveryCodesDialog, ReferenceDialog, ReferenceDriver


@dataclass
class RegeneratedSet(RecoveryCodeSet):
    """A set issued by Regenerate; the one it replaced still signs in (the bug)."""

    fallback: RecoveryCodeSet | None = None

    def find_unused(self, text: str) -> RecoveryCode | None:
        found = super().find_unused(text)
        if found is None and self.fallback is not None:
            return self.fallback.find_unused(text)
        return found


class LingeringRecoveryCodesDialog(RecoveryCodesDialog):
    def regenerate(self) -> Outcome:
        app = self.flow.account.authenticator_app
        replaced = app.recovery_codes if app is not None else None
        outcome = super().regenerate()
        if outcome.accepted and app is not None:
            fresh = app.recovery_codes
            grace = replaced if isinstance(replaced, RegeneratedSet) else None  # the activation set does go
            app.recovery_codes = RegeneratedSet(key=fresh.key, codes=fresh.codes, fallback=grace)
        return outcome


class SneakyDriver(ReferenceDriver):
    DIALOGS: ClassVar[dict[DialogKind, tuple[str, type[ReferenceDialog]]]] = {
        **ReferenceDriver.DIALOGS,
        DialogKind.VIEW_RECOVERY_CODES: ("view_recovery_codes", LingeringRecoveryCodesDialog),
    }


def create() -> SneakyDriver:
    return SneakyDriver()
