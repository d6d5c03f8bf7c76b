"""Enable Email Code: identity confirmation → code sent → 6-digit entry → active."""

from __future__ import annotations

from typing import ClassVar

from ..account import EmailCode, Method
from ..challenge import EmailChallenge
from ..codes import EMAIL_CODE_DIGITS
from ..errors import InvalidAction
from ..lockout import counted_code_check
from ..validation import require_numeric_code
from .base import Flow, build_machine, machine_config
from .identity import Prompt, confirm_identity, identity_prompt

CONFIG = machine_config(
    states=["identity_confirmation", "code_entry", "active"],
    transitions=[
        {
            "trigger": "Continue",
            "source": "identity_confirmation",
            "dest": "code_entry",
            # Sent before the state moves: a mail that fails leaves the dialog at identity confirmation.
            "before": ["_confirm_identity", "_send_code"],
        },
        {"trigger": "Request Code", "source": "code_entry", "dest": None, "before": "_resend"},
        {
            "trigger": "Enter code",
            "source": "code_entry",
            "dest": "active",
            "before": "_check_code",
            "after": "_activate",
        },
    ],
    finished=["active"],
)


class EnableEmailCodeDialog(Flow):
    MACHINE = build_machine(CONFIG)
    FINAL_STATES: ClassVar[frozenset[str]] = Flow.FINAL_STATES | {"active"}

    def _on_open(self) -> None:
        self._challenge = EmailChallenge.of(self._ctx, self.account, "turn on email codes")

    @property
    def prompt(self) -> Prompt:
        """What identity confirmation asks for right now."""
        self._require_state("identity_confirmation", what="identity confirmation")
        return identity_prompt(self.account, Method.EMAIL_CODE)

    def press_continue(self, proof: object) -> None:
        """Confirm identity; on success a code goes to the registered address."""
        self._fire("Continue", proof)

    def request_code(self) -> None:
        """Resend the code; locked for 60 seconds after each send."""
        self._fire("Request Code")

    def enter_code(self, code: object) -> None:
        """Enter the 6-digit code from the email to activate the method."""
        self._fire("Enter code", code)

    def _confirm_identity(self, proof: object) -> None:
        self._require_inactive()
        confirm_identity(
            self._ctx, self.account, self.prompt, proof, None, self.failures, self.password_failures
        )

    def _send_code(self, proof: object) -> None:
        self._challenge.send_unless_pending()

    def _resend(self) -> None:
        self._challenge.resend()

    def _check_code(self, code: object) -> None:
        self._require_inactive()
        with counted_code_check(self._ctx, self.failures):
            self._challenge.verify(require_numeric_code(code, EMAIL_CODE_DIGITS))

    def _activate(self, code: object) -> None:
        self.account.email_code = EmailCode(activated_at=self._ctx.now())

    def _require_inactive(self) -> None:
        if self.account.email_code is not None:
            raise InvalidAction("Email Code is already active")
