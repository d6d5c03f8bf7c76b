"""Change password: Current Password, New Password, Repeat New Password, Save.

On success the other devices are signed out (the doc: "you will be signed out
from every other device"), the device that made the change stays signed in,
and the last-change date moves to now.
"""

from __future__ import annotations

from typing import ClassVar

from ..errors import PasswordMismatch, WeakPassword
from ..proofs import check_password
from ..validation import require_password
from .base import Flow, build_machine, machine_config

CONFIG = machine_config(
    states=["password_fields", "changed"],
    transitions=[
        {
            "trigger": "Save",
            "source": "password_fields",
            "dest": "changed",
            "before": "_check",
            "after": "_commit",
        },
    ],
    finished=["changed"],
)


class ChangePasswordDialog(Flow):
    MACHINE = build_machine(CONFIG)
    FINAL_STATES: ClassVar[frozenset[str]] = Flow.FINAL_STATES | {"changed"}

    def save(self, current: object, new: object, repeat: object) -> None:
        """Press Save with the three fields filled in."""
        self._fire("Save", current, new, repeat)

    def _check(self, current: object, new: object, repeat: object) -> None:
        new_password = require_password(new, "New Password")
        repeated = require_password(repeat, "Repeat New Password")
        check_password(self._ctx, self.account, current, self.password_failures)
        if new_password != repeated:
            raise PasswordMismatch("Repeat New Password must match New Password")
        if len(new_password) < self._ctx.policy.min_password_length:
            raise WeakPassword(f"use at least {self._ctx.policy.min_password_length} characters")

    def _commit(self, current: object, new: str, repeat: object) -> None:
        self.account.password_hash = self._ctx.hasher.hash(new)
        self.account.password_changed_at = self._ctx.now()
        self._sessions.end_all_except(self.account, keep=self.device)
        # The owner proved herself here, and a guessed password is worth nothing now.
        self.account.sign_in_code_failures.reset()
        self.account.sign_in_password_failures.reset()
