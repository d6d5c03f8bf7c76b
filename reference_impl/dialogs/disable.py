"""The two Disable dialogs: a one-time code confirms the request.

For the email method the code is emailed as the dialog opens; for the app it
comes from the app. Disabling one method leaves the other as it was.
Disabling the app also deletes its recovery codes.
"""

from __future__ import annotations

from typing import ClassVar

from ..challenge import EmailChallenge
from ..codes import EMAIL_CODE_DIGITS
from ..errors import InvalidAction
from ..lockout import counted_code_check
from ..proofs import check_app_code
from ..validation import require_numeric_code
from .base import Flow, build_machine, machine_config

EMAIL_CONFIG = machine_config(
    states=["code_entry", "disabled"],
    transitions=[
        {"trigger": "Request Code", "source": "code_entry", "dest": None, "before": "_resend"},
        {
            "trigger": "Disable",
            "source": "code_entry",
            "dest": "disabled",
            "before": "_check_code",
            "after": "_disable",
        },
    ],
    finished=["disabled"],
)
APP_CONFIG = machine_config(
    states=["code_entry", "disabled"],
    transitions=[
        {
            "trigger": "Disable",
            "source": "code_entry",
            "dest": "disabled",
            "before": "_check_code",
            "after": "_disable",
        },
    ],
    finished=["disabled"],
)


class DisableEmailCodeDialog(Flow):
    MACHINE = build_machine(EMAIL_CONFIG)
    FINAL_STATES: ClassVar[frozenset[str]] = Flow.FINAL_STATES | {"disabled"}

    def _on_open(self) -> None:
        self._challenge = EmailChallenge.of(self._ctx, self.account, "turn off email codes")
        self._challenge.send_unless_pending()

    def request_code(self) -> None:
        self._fire("Request Code")

    def disable(self, code: object) -> None:
        """Enter the emailed code and press Disable."""
        self._fire("Disable", code)

    def _resend(self) -> None:
        self._challenge.resend()

    def _check_code(self, code: object) -> None:
        if self.account.email_code is None:
            raise InvalidAction("Email Code is not active")
        with counted_code_check(self._ctx, self.failures):
            self._challenge.verify(require_numeric_code(code, EMAIL_CODE_DIGITS))

    def _disable(self, code: object) -> None:
        self.account.email_code = None


class DisableAuthenticatorAppDialog(Flow):
    MACHINE = build_machine(APP_CONFIG)
    FINAL_STATES: ClassVar[frozenset[str]] = Flow.FINAL_STATES | {"disabled"}

    def disable(self, code: object) -> None:
        """Enter the app's current code and press Disable."""
        self._fire("Disable", code)

    def _check_code(self, code: object) -> None:
        check_app_code(self._ctx, self.account, code, self.failures)

    def _disable(self, code: object) -> None:
        self.account.authenticator_app = None
