"""The Driver protocol: the only way the kit talks to an implementation.

A QA team implements :class:`Driver` (and the :class:`Dialog` objects it
returns) for its own system; docs/writing-a-driver.md walks through one.
Everything is in the documentation's vocabulary and every value is plain,
frozen data, so the same scenarios run in-process, over HTTP or through a
browser.

Contract, in short:

* A **rejection is data**: return ``Outcome.reject(Reason.…)``; never raise
  for "wrong password" or "wrong code". Any exception that escapes a driver
  (or a timeout) makes the scenario BROKEN, not FAILED.
* A driver **declares what it cannot do** in ``capabilities``; scenarios that
  need a missing capability are NOT-APPLICABLE, never passed or failed.
* **Time and mail are part of the contract**: ``now()`` is always required
  (TOTP codes are computed from it); ``advance_clock`` needs
  :attr:`Capability.CLOCK_CONTROL`, ``emails_to`` :attr:`Capability.OUTBOX`.
* ``PROTOCOL_VERSION`` moves when this contract changes: major for a change
  that breaks drivers, minor for an addition. A driver states the version it
  was written for in ``protocol_version``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Literal, Protocol, runtime_checkable

PROTOCOL_VERSION = "1.0"


class Capability(StrEnum):
    """Test controls a driver may offer beyond driving the product."""

    #: ``advance_clock`` works: countdowns and TOTP steps can be crossed without waiting.
    CLOCK_CONTROL = "clock_control"
    #: ``emails_to`` returns the messages the implementation sent.
    OUTBOX = "outbox"


class Method(StrEnum):
    """What a user can pick on the sign-in page."""

    EMAIL_CODE = "email_code"
    AUTHENTICATOR_APP = "authenticator_app"
    #: A recovery code, the fallback when the authenticator app is lost.
    RECOVERY_CODE = "recovery_code"


class Prompt(StrEnum):
    """What a confirmation step asks the user for."""

    PASSWORD = "password"
    AUTHENTICATOR_APP_CODE = "authenticator_app_code"
    EMAIL_CODE = "email_code"


class DialogKind(StrEnum):
    """The dialogs of the Security section (Change Password is one call: ``change_password``)."""

    ENABLE_EMAIL_CODE = "enable_email_code"
    ENABLE_AUTHENTICATOR_APP = "enable_authenticator_app"
    VIEW_RECOVERY_CODES = "view_recovery_codes"
    DISABLE_EMAIL_CODE = "disable_email_code"
    DISABLE_AUTHENTICATOR_APP = "disable_authenticator_app"


class Step(StrEnum):
    """Where an open dialog is."""

    #: A prompt (``DialogView.prompt``) answered with ``confirm_identity``.
    IDENTITY_CONFIRMATION = "identity_confirmation"
    #: Enabling the app, step 2: ``qr_code_png`` and ``manual_key`` are shown.
    SCAN_QR_CODE = "scan_qr_code"
    #: A code input (``prompt`` says which code) answered with ``enter_code``.
    CODE_ENTRY = "code_entry"
    #: Recovery codes are listed in ``recovery_codes``.
    RECOVERY_CODES = "recovery_codes"
    #: The dialog is no longer open (finished or closed).
    CLOSED = "closed"


class Reason(StrEnum):
    """Why something was rejected. Scenarios at MUST level never depend on it."""

    WRONG_PASSWORD = "wrong_password"
    WRONG_CODE = "wrong_code"
    PASSWORD_MISMATCH = "password_mismatch"
    PASSWORD_POLICY = "password_policy"
    COUNTDOWN_RUNNING = "countdown_running"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    INVALID_INPUT = "invalid_input"
    NOT_AVAILABLE = "not_available"
    NOT_SIGNED_IN = "not_signed_in"
    OTHER = "other"


@dataclass(frozen=True)
class Outcome:
    """Accepted, or rejected with a reason category and a free-text detail."""

    accepted: bool
    reason: Reason | None = None
    detail: str = ""

    @classmethod
    def accept(cls) -> Outcome:
        return cls(accepted=True)

    @classmethod
    def reject(cls, reason: Reason, detail: str = "") -> Outcome:
        return cls(accepted=False, reason=reason, detail=detail)


@dataclass(frozen=True)
class SignInResult:
    """After the password: signed in already, a code needed (``offered_methods``), or rejected."""

    outcome: Outcome
    signed_in: bool
    #: The methods the sign-in page offers; empty once signed in or when rejected.
    offered_methods: frozenset[Method] = frozenset()


Action = Literal["Enable", "Disable"]


@dataclass(frozen=True)
class MethodStatus:
    """One method's block in the Security section."""

    active: bool
    #: The activation date shown once active (a calendar date on the driver's clock, UTC).
    activated_on: date | None
    #: Email Code only: the address codes are sent to, shown once active.
    address: str | None
    #: The button offered: "Enable", or "Disable" once active.
    action: Action


@dataclass(frozen=True)
class SecuritySection:
    """What Settings → Security shows."""

    #: The date of the last password change, shown above the Change Password button.
    last_password_change: date | None
    email_code: MethodStatus
    authenticator_app: MethodStatus


@dataclass(frozen=True)
class DialogView:
    """What an open dialog shows right now; fields not shown at this step are None."""

    step: Step
    prompt: Prompt | None = None
    qr_code_png: bytes | None = None
    manual_key: str | None = None
    recovery_codes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TextFile:
    """A file the user downloads ("Download as Text File")."""

    name: str
    content: str


@dataclass(frozen=True)
class Email:
    """A message as the recipient reads it (plain-text body)."""

    recipient: str
    subject: str
    body: str
    sent_at: datetime


@runtime_checkable
class Dialog(Protocol):
    """One open dialog. Actions a dialog does not offer return ``Reason.NOT_AVAILABLE``."""

    def view(self) -> DialogView:
        """What the dialog shows now."""
        ...

    def confirm_identity(self, answer: str) -> Outcome:
        """Answer the prompt (password or code) and press Continue (or confirm)."""
        ...

    def request_code(self) -> Outcome:
        """Press Request Code to have the email code sent again."""
        ...

    def enter_code(self, code: str) -> Outcome:
        """Type a code into the code input and submit it (Enable email, app step 3, Disable).

        At :attr:`Step.SCAN_QR_CODE` the driver first moves on to step 3.
        """
        ...

    def regenerate(self) -> Outcome:
        """Press Regenerate (View Recovery Codes)."""
        ...

    def download_text_file(self) -> TextFile:
        """Press Download as Text File (enabling the app, step 4)."""
        ...

    def close(self) -> None:
        """Close the dialog."""
        ...


@runtime_checkable
class Driver(Protocol):
    """An implementation of the Security settings, seen the way a user sees it.

    Devices are names chosen by the harness ("Alice's laptop"); each holds at
    most one session. Every method may be called from one thread at a time.
    """

    protocol_version: str
    capabilities: frozenset[Capability]

    def create_account(self, email: str, password: str) -> None:
        """Register an account with no MFA method active."""
        ...

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        """Enter email and password on ``device``'s sign-in page."""
        ...

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        """Pick a method on the sign-in page (email: a code is sent now)."""
        ...

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        """Enter the code for the chosen method; accepted means signed in."""
        ...

    def is_signed_in(self, device: str) -> bool:
        """Does ``device`` still have a session?"""
        ...

    def sign_out(self, device: str) -> None:
        """End ``device``'s session."""
        ...

    def security_section(self, device: str) -> SecuritySection:
        """Read Settings → Security as the account signed in on ``device``."""
        ...

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        """Fill in the Change Password dialog's three fields and press Save."""
        ...

    def open_dialog(self, device: str, kind: DialogKind) -> Dialog:
        """Press Enable, Disable or View Recovery Codes; raise :class:`DialogRefused` if it does not open."""
        ...

    def now(self) -> datetime:
        """The implementation's current time, timezone-aware."""
        ...

    def advance_clock(self, seconds: float) -> None:
        """Move the implementation's clock forward (needs CLOCK_CONTROL)."""
        ...

    def emails_to(self, address: str) -> Sequence[Email]:
        """Every message sent to ``address`` so far, oldest first (needs OUTBOX)."""
        ...

    def close(self) -> None:
        """Release everything the driver holds; called once after each scenario."""
        ...


@dataclass(frozen=True)
class DialogRefused(Exception):
    """Raised by ``open_dialog`` when the implementation does not open the dialog.

    Part of the contract (not a crash): the scenario treats it as the
    implementation's answer and asserts on it.
    """

    kind: DialogKind
    outcome: Outcome = field(default_factory=lambda: Outcome.reject(Reason.NOT_AVAILABLE))
