"""Sign-in after the password: pick one active method, enter one code.

Picking email sends a code to the registered address at that moment; the app
takes its current code, and while the app is active a recovery code is
accepted in its place. With no method active the password alone signs in.
"""

from __future__ import annotations

from typing import ClassVar

from .account import Method
from .challenge import EmailChallenge
from .codes import EMAIL_CODE_DIGITS
from .dialogs.base import Flow, build_machine, machine_config
from .errors import CodeAlreadyUsed, InvalidAction, InvalidInput, NotSignedIn, WrongCode
from .lockout import Failures, counted_code_check
from .validation import require_code_text, require_numeric_code

SIGNED_IN = "signed_in"

CONFIG = machine_config(
    states=["method_choice", "code_entry", SIGNED_IN],
    transitions=[
        {
            "trigger": "Choose method",
            "source": ["method_choice", "code_entry"],
            "dest": "code_entry",
            "before": "_choose",
        },
        {"trigger": "Request Code", "source": "code_entry", "dest": None, "before": "_resend"},
        {
            "trigger": "Enter code",
            "source": "code_entry",
            "dest": SIGNED_IN,
            "before": "_check_code",
            "after": "_start_session",
        },
    ],
    finished=[SIGNED_IN],
)


class SignInAttempt(Flow):
    """Created once the password is right; ``state`` is ``signed_in`` when done."""

    MACHINE = build_machine(CONFIG)
    FINAL_STATES: ClassVar[frozenset[str]] = Flow.FINAL_STATES | {SIGNED_IN}

    def _on_open(self) -> None:
        self.chosen: Method | None = None
        self._challenge: EmailChallenge | None = None
        #: The password this attempt was started with: a change elsewhere voids the attempt.
        self._password_hash = self.account.password_hash

    @property
    def methods(self) -> tuple[Method, ...]:
        """The methods offered on the sign-in page: every active one."""
        return self.account.active_methods()

    def choose_method(self, method: object) -> None:
        self._fire("Choose method", method)

    def request_code(self) -> None:
        self._fire("Request Code")

    def enter_code(self, code: object) -> None:
        self._fire("Enter code", code)

    def _check_session(self) -> None:
        """No session yet, but a password changed since the password step voids the attempt."""
        if self.account.password_hash != self._password_hash:
            raise NotSignedIn("the password changed since this sign-in began; sign in again")

    @property
    def failures(self) -> Failures:
        """Codes at sign-in count on the account, across attempts and devices (lockout.py)."""
        return self.account.sign_in_code_failures

    def _device_signed_out(self) -> bool:
        return False  # a sign-in is what a signed-out device does

    def _choose(self, method: object) -> None:
        if not isinstance(method, Method):
            raise InvalidInput(f"method must be one of {[m.value for m in Method]}")
        if method not in self.methods:
            raise InvalidAction(f"{method.value} is not active on this account")
        if method is Method.EMAIL_CODE and self._challenge is None:
            challenge = EmailChallenge.of(self._ctx, self.account, "sign in")
            challenge.send_unless_pending()  # kept only once sent: a failed mail is sent again next time
            self._challenge = challenge
        self.chosen = method

    def _resend(self) -> None:
        if self.chosen is not Method.EMAIL_CODE or self._challenge is None:
            raise InvalidAction("Request Code is offered only for email codes")
        self._challenge.resend()

    def _check_code(self, code: object) -> None:
        with counted_code_check(self._ctx, self.failures):
            self._check_chosen_code(code)

    def _check_chosen_code(self, code: object) -> None:
        if self.chosen is Method.EMAIL_CODE:
            if self.account.email_code is None or self._challenge is None:
                raise InvalidAction("Email Code is no longer active")
            self._challenge.verify(require_numeric_code(code, EMAIL_CODE_DIGITS))
            return
        app = self.account.authenticator_app
        if app is None:
            raise InvalidAction("the authenticator app is no longer active")
        text, now, window = require_code_text(code), self._ctx.now(), self._ctx.policy.totp_window
        if not (app.accept_code(text, now, window) or app.accept_recovery_code(text)):
            if app.replays_code(text, now, window) or app.recovery_codes.was_used(text):
                raise CodeAlreadyUsed("that code was used already")
            raise WrongCode("that code is wrong, too old or already used")

    def _start_session(self, code: object) -> None:
        self._sessions.start(self.device, self.account)
