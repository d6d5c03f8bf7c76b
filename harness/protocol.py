"""The Driver protocol: the only way the kit talks to an implementation.

A QA team implements :class:`Driver` (and the :class:`Dialog` objects it
returns) for its own system; docs/writing-a-driver.md walks through one.
Long on purpose: this file *is* the contract a team reads from top to bottom, every type
a driver returns and every call it answers, the optional ones included; split, it
would send them hunting across modules for the one page they must get right.
Everything is in the documentation's vocabulary and every value is plain,
frozen data, so the same scenarios run in-process, over HTTP or through a
browser.

Contract, in short:

* A **rejection is data**: return ``Outcome.reject(Reason.…)``; never raise
  for "wrong password" or "wrong code".
* **"The product shows no such thing" is an answer too**: raise
  :class:`NotOffered` from any call that stands for a user action when the
  product has no such button, field, page or choice (no Download as Text File
  button, no method choice at sign-in). The rule that documents the missing
  thing FAILS; nothing else is blamed. Any *other* exception that escapes a
  driver (or a timeout) makes the scenario BROKEN: the driver failed, not the
  product.
* A driver **declares what it can do** in ``capabilities``; scenarios that
  need a missing capability are NOT-APPLICABLE (and the verdict INCOMPLETE),
  never passed or failed. A declared capability must work.
* **Time and mail are part of the contract**: ``now()`` is always required
  (TOTP codes are computed from it); ``advance_clock`` needs
  :attr:`Capability.CLOCK_CONTROL`, ``emails_to`` :attr:`Capability.OUTBOX`.
* ``PROTOCOL_VERSION`` moves when this contract changes: major for a change
  that breaks drivers, minor for an addition. A driver states the version it
  was written for in ``protocol_version``.

What changed in 2.0 (docs/writing-a-driver.md has the migration):
:class:`NotOffered`; ``MethodStatus.action`` may be None (no button) and a
method block may be absent (None); ``DialogView.alternatives`` lists other
proofs a step accepts and ``confirm_identity`` names the one answered;
:attr:`Step.NO_INPUT` with ``submit()`` for a step that is only a button;
``qr_code_png`` became ``qr_code_image`` (PNG or SVG).

What 2.1 adds (drivers written for 2.0 run unchanged): the optional :class:`KeepsEvidence`, whose
``evidence()`` gives the kit a screenshot (and trace files) of a failing step for the reports; and
:attr:`Capability.HTTP` with :class:`SeesHttp`, whose ``dialog_caching()`` lets the hardening rule on
caching (HRD-14) read how the answer that showed a dialog may be cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Literal, Protocol, runtime_checkable

PROTOCOL_VERSION = "2.1"


class Capability(StrEnum):
    """Test controls a driver may offer beyond driving the product."""

    #: ``advance_clock`` works: countdowns and TOTP steps can be crossed without waiting.
    CLOCK_CONTROL = "clock_control"
    #: ``emails_to`` returns the messages the implementation sent.
    OUTBOX = "outbox"
    #: ``appearance`` works (:class:`SeesScreen`): the driver sees the page — colours, input attributes,
    #: layout, file names — so the documentation's visual statements are checked. A driver that sees the
    #: page may also keep evidence of a failing step (:class:`KeepsEvidence`, optional).
    SCREEN = "screen"
    #: ``dialog_caching`` works (:class:`SeesHttp`): the driver talks to the product over HTTP and sees
    #: the header fields of its answers, so the hardening rule on caching secrets (HRD-14) is checked.
    HTTP = "http"


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
    #: Enabling the app, step 2: ``qr_code_image`` and ``manual_key`` are shown.
    SCAN_QR_CODE = "scan_qr_code"
    #: A code input (``prompt`` says which code) answered with ``enter_code``.
    CODE_ENTRY = "code_entry"
    #: Only a button, no input (a Disable that asks for nothing): pressed with ``submit``.
    NO_INPUT = "no_input"
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
    #: The button shown: "Enable", "Disable" once active, or None when the block shows no button.
    action: Action | None


@dataclass(frozen=True)
class SecuritySection:
    """What Settings → Security shows; a method block the page does not show at all is None."""

    #: The date of the last password change, shown above the Change Password button.
    last_password_change: date | None
    email_code: MethodStatus | None
    authenticator_app: MethodStatus | None


@dataclass(frozen=True)
class DialogView:
    """What an open dialog shows right now; fields not shown at this step are None."""

    step: Step
    #: What the step asks for first (identity confirmation and code entry).
    prompt: Prompt | None = None
    #: Other proofs the same step accepts ("use your password instead"), each one ``confirm_identity``
    #: can be asked to answer; empty when the step offers no alternative.
    alternatives: tuple[Prompt, ...] = ()
    #: The QR code as the page shows it: PNG (or another raster format Pillow reads) or SVG bytes.
    qr_code_image: bytes | None = None
    manual_key: str | None = None
    recovery_codes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TextFile:
    """A file the user downloads ("Download as Text File")."""

    name: str
    content: str


RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Appearance:
    """How the device's screen looks where the documentation describes a look (:attr:`Capability.SCREEN`).

    Read from what the device shows now; a field is None when that thing is not on the screen.
    """

    #: The computed background colour of each Disable button in the Security section, by block
    #: ("email_code", "authenticator_app").
    disable_colours: dict[str, RGB] = field(default_factory=dict)
    #: The open dialog's code input: its maximum length and input mode ("numeric").
    code_input_maxlength: int | None = None
    code_input_inputmode: str | None = None
    #: Is the open dialog's Request Code button disabled (greyed out, not pressable)?
    request_code_disabled: bool | None = None
    #: Is the alphanumeric key visible, and below the QR code?
    key_below_qr: bool | None = None
    #: The name the last downloaded file was saved under.
    downloaded_file: str | None = None


@runtime_checkable
class SeesScreen(Protocol):
    """The extra call of a driver that declares :attr:`Capability.SCREEN` (a browser driver)."""

    def appearance(self, device: str) -> Appearance:
        """How ``device``'s screen looks now (after the clock moved: as a user would see it now)."""
        ...


@dataclass(frozen=True)
class Evidence:
    """What the user saw when a step failed, for the reports (:class:`KeepsEvidence`).

    Example: ``Evidence(screenshot=page.screenshot())``, or with a Playwright trace the driver saved::

        Evidence(screenshot=page.screenshot(), files=("/tmp/run-1/alice-s-laptop.trace.zip",))
    """

    #: A PNG screenshot of the page the scenario used last; None when no page was open.
    screenshot: bytes | None = None
    #: Paths of files the driver saved that show how the scenario got there (a Playwright trace per
    #: device, a video, a HAR). The kit moves them next to the report and links them: the driver must not
    #: need them afterwards.
    files: tuple[str, ...] = ()


@runtime_checkable
class KeepsEvidence(Protocol):
    """The optional call of a driver that sees the page (:attr:`Capability.SCREEN`): evidence of a failure.

    Made once, when a step of a scenario FAILED or BROKE, before ``close()``; never for a driver that
    does not declare SCREEN. Whatever it raises or returns, the scenario's status stays what it was.
    """

    def evidence(self) -> Evidence:
        """What the screen shows now, right after the failing step: a screenshot, and any trace files."""
        ...


@runtime_checkable
class SeesHttp(Protocol):
    """The extra call of a driver that declares :attr:`Capability.HTTP` (it talks HTTP to the product)."""

    def dialog_caching(self, device: str) -> str | None:
        """The ``Cache-Control`` field of the answer that last showed ``device`` its open dialog (the page
        or the JSON the dialog was read from); None when that answer had no such field."""
        ...


@dataclass(frozen=True)
class Email:
    """A message as the recipient reads it (plain-text body)."""

    recipient: str
    subject: str
    body: str
    sent_at: datetime


@runtime_checkable
class Dialog(Protocol):
    """One open dialog.

    An action the dialog shows but refuses at this moment (Request Code during the countdown)
    returns ``Outcome.reject``; a button or field the product does not have at all raises
    :class:`NotOffered`.
    """

    def view(self) -> DialogView:
        """What the dialog shows now."""
        ...

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        """Answer ``prompt`` — the step's ``prompt`` or one of its ``alternatives`` — and press Continue.

        For an alternative, the driver first picks it the way a user would ("use your password instead").
        """
        ...

    def submit(self) -> Outcome:
        """Press the step's button without typing anything (:attr:`Step.NO_INPUT`)."""
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
        """Press Download as Text File (enabling the app, step 4); :class:`NotOffered` without the button."""
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
        """Pick a method on the sign-in page (email: a code is sent now).

        :class:`NotOffered` if the page offers no choice at all (the product asked for no code).
        """
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
        """Read Settings → Security as the account signed in on ``device``.

        :class:`NotOffered` when the product shows no such page there (the device is signed out).
        """
        ...

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        """Fill in the Change Password dialog's three fields and press Save."""
        ...

    def open_dialog(self, device: str, kind: DialogKind) -> Dialog:
        """Press Enable, Disable or View Recovery Codes.

        :class:`NotOffered` if the page has no such button or link; :class:`DialogRefused` if the
        button is there but the dialog does not open.
        """
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


class NotOffered(Exception):
    """Raised by a user-action call when the product shows no such button, field, page or choice.

    Part of the contract (not a crash): the rule that documents the missing thing FAILS with
    "the product offers no <what>"; a scenario that needed it only to get somewhere is BLOCKED.
    """

    def __init__(self, what: str) -> None:
        #: The missing thing in the product's words: "Download as Text File", "the method choice".
        self.what = what
        super().__init__(f"the product offers no {what}")
