"""A driver whose bug only shows after an unusual order of steps, for the simulation to find.

View Recovery Codes checks the app code but forgets to mark it used: the very
code that just opened the codes still signs Alice in on another device within
the same 30 seconds. Every hand-written scenario takes a fresh app code after
each use, so the whole conformance suite passes on this driver; only a
journey that opens View Recovery Codes and then replays that code at sign-in
(an attacker reading over her shoulder) exposes it.
"""

from __future__ import annotations

from typing import ClassVar

from harness.drivers.reference import RecoveryCodesDialog, ReferenceDialog, ReferenceDriver
from harness.protocol import DialogKind, Outcome


class ForgetfulRecoveryCodesDialog(RecoveryCodesDialog):
    def confirm_identity(self, answer: str) -> Outcome:
        app = self.flow.account.authenticator_app
        last_used = app.last_used_step if app is not None else None
        outcome = super().confirm_identity(answer)
        if app is not None:
            app.last_used_step = last_used  # the bug: the accepted code is not burnt
        return outcome


class SneakyDriver(ReferenceDriver):
    DIALOGS: ClassVar[dict[DialogKind, tuple[str, type[ReferenceDialog]]]] = {
        **ReferenceDriver.DIALOGS,
        DialogKind.VIEW_RECOVERY_CODES: ("view_recovery_codes", ForgetfulRecoveryCodesDialog),
    }


def create() -> SneakyDriver:
    return SneakyDriver()
