"""Enable Authenticator App Code, in the doc's four steps.

1. identity confirmation (password, or an email code when Email Code is active —
   that code is emailed as the step opens);
2. scan the QR code, or type the manual key shown below it;
3. enter the current 6-digit code the app generates;
4. ten recovery codes, with "Download as Text File"; once closed, not shown again.
"""

from __future__ import annotations

from .. import qr, totp
from ..account import AuthenticatorApp, Method
from ..challenge import EmailChallenge
from ..codes import RecoveryCodeSet, recovery_codes_text_file
from ..errors import InvalidAction, WrongCode
from ..lockout import counted_code_check
from ..validation import require_numeric_code
from .base import Flow, build_machine, machine_config
from .identity import Prompt, confirm_identity, identity_prompt

CONFIG = machine_config(
    states=["identity_confirmation", "scan_qr_code", "enter_generated_code", "recovery_codes"],
    transitions=[
        {
            "trigger": "Continue",
            "source": "identity_confirmation",
            "dest": "scan_qr_code",
            "before": "_confirm_identity",
            "after": "_new_secret",
        },
        {"trigger": "Request Code", "source": "identity_confirmation", "dest": None, "before": "_resend"},
        {"trigger": "Next", "source": "scan_qr_code", "dest": "enter_generated_code"},
        {
            "trigger": "Enter code",
            "source": "enter_generated_code",
            "dest": "recovery_codes",
            "before": "_check_code",
            "after": "_activate",
        },
        {"trigger": "Download as Text File", "source": "recovery_codes", "dest": None},
    ],
    finished=[],
)


class EnableAuthenticatorAppDialog(Flow):
    MACHINE = build_machine(CONFIG)

    def _on_open(self) -> None:
        self._prompt = identity_prompt(self.account, Method.AUTHENTICATOR_APP)
        self._challenge: EmailChallenge | None = None
        self._secret: str | None = None
        self._accepted_step: int | None = None
        self._issued: RecoveryCodeSet | None = None
        if self._prompt is Prompt.EMAIL_CODE:
            self._challenge = EmailChallenge.of(self._ctx, self.account, "turn on the authenticator app")
            self._challenge.send_unless_pending()

    # -- step 1 ---------------------------------------------------------------
    @property
    def prompt(self) -> Prompt:
        self._require_state("identity_confirmation", what="identity confirmation")
        return self._prompt

    def press_continue(self, proof: object) -> None:
        self._fire("Continue", proof)

    def request_code(self) -> None:
        """Resend the identity email code (only when the prompt is an email code)."""
        self._fire("Request Code")

    # -- step 2 ---------------------------------------------------------------
    @property
    def provisioning_uri(self) -> str:
        self._require_state("scan_qr_code", "enter_generated_code", what="the QR code")
        assert self._secret is not None
        return totp.provisioning_uri(self._secret, self.account.email, self._ctx.policy.issuer)

    @property
    def qr_code_png(self) -> bytes:
        return qr.qr_png(self.provisioning_uri)

    @property
    def manual_key(self) -> str:
        """The alphanumeric code shown below the QR: the same secret."""
        self._require_state("scan_qr_code", "enter_generated_code", what="the manual key")
        assert self._secret is not None
        return self._secret

    def next(self) -> None:
        self._fire("Next")

    # -- step 3 ---------------------------------------------------------------
    def enter_code(self, code: object) -> None:
        self._fire("Enter code", code)

    # -- step 4 ---------------------------------------------------------------
    @property
    def recovery_codes(self) -> tuple[str, ...]:
        self._require_state("recovery_codes", what="the recovery codes")
        assert self._issued is not None
        return self._issued.valid()

    def download_text_file(self) -> tuple[str, str]:
        """("recovery-codes.txt", its text): every code of step 4."""
        self._fire("Download as Text File")
        return "recovery-codes.txt", recovery_codes_text_file(self.recovery_codes, self.account.email)

    # -- callbacks --------------------------------------------------------------
    def _confirm_identity(self, proof: object) -> None:
        self._require_inactive()
        confirm_identity(
            self._ctx,
            self.account,
            self._prompt,
            proof,
            self._challenge,
            self.failures,
            self.password_failures,
        )

    def _resend(self) -> None:
        if self._challenge is None:
            raise InvalidAction("Request Code is offered only when the prompt is an email code")
        self._challenge.resend()

    def _new_secret(self, proof: object) -> None:
        self._secret = totp.new_secret()

    def _check_code(self, code: object) -> None:
        self._require_inactive()
        offered = require_numeric_code(code, totp.DIGITS)
        assert self._secret is not None
        with counted_code_check(self._ctx, self.failures):
            self._accepted_step = totp.matching_step(
                self._secret, offered, self._ctx.now(), newer_than=None, window=self._ctx.policy.totp_window
            )
            if self._accepted_step is None:
                raise WrongCode("that is not the code the app shows now")

    def _activate(self, code: object) -> None:
        assert self._secret is not None
        self._issued = RecoveryCodeSet.issue()
        self.account.authenticator_app = AuthenticatorApp(
            secret=self._secret,
            activated_at=self._ctx.now(),
            recovery_codes=self._issued,
            last_used_step=self._accepted_step,
        )

    def _require_inactive(self) -> None:
        if self.account.authenticator_app is not None:
            raise InvalidAction("Authenticator App Code is already active")
