"""The reference implementation behind the Driver protocol, in-process.

One of the reference side's adapters to the kit's seams (with the HTTP server
and the mutants built on it); step definitions see it only as a ``Driver``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from harness.protocol import (
    PROTOCOL_VERSION,
    Capability,
    DialogKind,
    DialogRefused,
    DialogView,
    Email,
    Method,
    MethodStatus,
    NotOffered,
    Outcome,
    Prompt,
    Reason,
    SecuritySection,
    SignInResult,
    Step,
    TextFile,
)
from reference_impl import FAST_SCRYPT, FakeClock, InMemoryOutbox, PasswordHasher, Policy, SecuritySettings
from reference_impl import Method as RefMethod
from reference_impl import Prompt as RefPrompt
from reference_impl import errors as ref_errors
from reference_impl.dialogs.base import Flow
from reference_impl.dialogs.disable import DisableAuthenticatorAppDialog, DisableEmailCodeDialog
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.section import MethodBlock
from reference_impl.signin import SignInAttempt

_REASONS: dict[type[ref_errors.SecuritySettingsError], Reason] = {
    ref_errors.WrongCredentials: Reason.WRONG_PASSWORD,
    ref_errors.WrongPassword: Reason.WRONG_PASSWORD,
    ref_errors.PasswordMismatch: Reason.PASSWORD_MISMATCH,
    ref_errors.WeakPassword: Reason.PASSWORD_POLICY,
    ref_errors.WrongCode: Reason.WRONG_CODE,
    ref_errors.CountdownRunning: Reason.COUNTDOWN_RUNNING,
    ref_errors.TooManyAttempts: Reason.TOO_MANY_ATTEMPTS,
    ref_errors.InvalidInput: Reason.INVALID_INPUT,
    ref_errors.InvalidAction: Reason.NOT_AVAILABLE,
    ref_errors.NotSignedIn: Reason.NOT_SIGNED_IN,
}
_PROMPTS = {
    RefPrompt.PASSWORD: Prompt.PASSWORD,
    RefPrompt.AUTHENTICATOR_APP_CODE: Prompt.AUTHENTICATOR_APP_CODE,
    RefPrompt.EMAIL_CODE: Prompt.EMAIL_CODE,
}
_METHODS = {RefMethod.EMAIL_CODE: Method.EMAIL_CODE, RefMethod.AUTHENTICATOR_APP: Method.AUTHENTICATOR_APP}
#: A recovery code is typed where the app's code goes.
_CHOICES = {
    Method.EMAIL_CODE: RefMethod.EMAIL_CODE,
    Method.AUTHENTICATOR_APP: RefMethod.AUTHENTICATOR_APP,
    Method.RECOVERY_CODE: RefMethod.AUTHENTICATOR_APP,
}


def rejection(exc: ref_errors.SecuritySettingsError) -> Outcome:
    """The protocol's view of one of the reference's typed errors."""
    return Outcome.reject(_REASONS.get(type(exc), Reason.OTHER), str(exc))


def outcome_of(action: Callable[[], object]) -> Outcome:
    """Run ``action``; the reference's typed errors become rejected outcomes."""
    try:
        action()
    except ref_errors.SecuritySettingsError as exc:
        return rejection(exc)
    return Outcome.accept()


class ReferenceDialog:
    """Adapts one reference dialog; subclasses map its states onto protocol steps."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    def view(self) -> DialogView:
        """A finished dialog, or one whose device was signed out meanwhile, shows nothing."""
        if not self.flow.still_open():
            return DialogView(step=Step.CLOSED)
        return self._view()

    def _view(self) -> DialogView:
        raise NotImplementedError

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        view = self.view()
        if prompt is not view.prompt and prompt not in view.alternatives:
            raise NotOffered(f"{prompt.value.replace('_', ' ')} as a proof at this step")
        return self._confirm(answer)

    def _confirm(self, answer: str) -> Outcome:
        raise NotOffered("identity confirmation in this dialog")

    def submit(self) -> Outcome:
        raise NotOffered("step without an input in this dialog")

    def request_code(self) -> Outcome:
        raise NotOffered("Request Code button in this dialog")

    def enter_code(self, code: str) -> Outcome:
        raise NotOffered("code input in this dialog")

    def regenerate(self) -> Outcome:
        raise NotOffered("Regenerate button in this dialog")

    def download_text_file(self) -> TextFile:
        raise NotOffered("Download as Text File button in this dialog")

    def close(self) -> None:
        self.flow.close()


class EnableEmailDialog(ReferenceDialog):
    flow: EnableEmailCodeDialog

    def _view(self) -> DialogView:
        if self.flow.state == "identity_confirmation":
            return DialogView(step=Step.IDENTITY_CONFIRMATION, prompt=_PROMPTS[self.flow.prompt])
        return DialogView(step=Step.CODE_ENTRY, prompt=Prompt.EMAIL_CODE)

    def _confirm(self, answer: str) -> Outcome:
        return outcome_of(lambda: self.flow.press_continue(answer))

    def request_code(self) -> Outcome:
        return outcome_of(self.flow.request_code)

    def enter_code(self, code: str) -> Outcome:
        return outcome_of(lambda: self.flow.enter_code(code))


class EnableAppDialog(ReferenceDialog):
    flow: EnableAuthenticatorAppDialog

    def _view(self) -> DialogView:
        state = self.flow.state
        if state == "identity_confirmation":
            return DialogView(step=Step.IDENTITY_CONFIRMATION, prompt=_PROMPTS[self.flow.prompt])
        if state == "scan_qr_code":
            return DialogView(
                step=Step.SCAN_QR_CODE, qr_code_image=self.flow.qr_code_png, manual_key=self.flow.manual_key
            )
        if state == "enter_generated_code":
            return DialogView(step=Step.CODE_ENTRY, prompt=Prompt.AUTHENTICATOR_APP_CODE)
        return DialogView(step=Step.RECOVERY_CODES, recovery_codes=self.flow.recovery_codes)

    def _confirm(self, answer: str) -> Outcome:
        return outcome_of(lambda: self.flow.press_continue(answer))

    def request_code(self) -> Outcome:
        return outcome_of(self.flow.request_code)

    def enter_code(self, code: str) -> Outcome:
        def next_then_enter() -> None:
            if self.flow.state == "scan_qr_code":
                self.flow.next()  # refused too on a device signed out meanwhile: an outcome, not a crash
            self.flow.enter_code(code)

        return outcome_of(next_then_enter)

    def download_text_file(self) -> TextFile:
        name, content = self.flow.download_text_file()
        return TextFile(name=name, content=content)


class RecoveryCodesDialog(ReferenceDialog):
    flow: ViewRecoveryCodesDialog

    def _view(self) -> DialogView:
        if self.flow.state == "authenticator_code":
            return DialogView(step=Step.IDENTITY_CONFIRMATION, prompt=Prompt.AUTHENTICATOR_APP_CODE)
        return DialogView(step=Step.RECOVERY_CODES, recovery_codes=self.flow.recovery_codes)

    def _confirm(self, answer: str) -> Outcome:
        return outcome_of(lambda: self.flow.confirm(answer))

    def regenerate(self) -> Outcome:
        return outcome_of(self.flow.regenerate)


class DisableEmailDialog(ReferenceDialog):
    flow: DisableEmailCodeDialog

    def _view(self) -> DialogView:
        return DialogView(step=Step.CODE_ENTRY, prompt=Prompt.EMAIL_CODE)

    def request_code(self) -> Outcome:
        return outcome_of(self.flow.request_code)

    def enter_code(self, code: str) -> Outcome:
        return outcome_of(lambda: self.flow.disable(code))


class DisableAppDialog(ReferenceDialog):
    flow: DisableAuthenticatorAppDialog

    def _view(self) -> DialogView:
        return DialogView(step=Step.CODE_ENTRY, prompt=Prompt.AUTHENTICATOR_APP_CODE)

    def enter_code(self, code: str) -> Outcome:
        return outcome_of(lambda: self.flow.disable(code))


class ReferenceDriver:
    """A fresh reference implementation with a fake clock and an in-memory outbox."""

    protocol_version = PROTOCOL_VERSION
    capabilities: frozenset[Capability] = frozenset({Capability.CLOCK_CONTROL, Capability.OUTBOX})

    #: Which reference call opens each dialog, and which adapter wraps it.
    DIALOGS: ClassVar[dict[DialogKind, tuple[str, type[ReferenceDialog]]]] = {
        DialogKind.ENABLE_EMAIL_CODE: ("enable_email_code", EnableEmailDialog),
        DialogKind.ENABLE_AUTHENTICATOR_APP: ("enable_authenticator_app", EnableAppDialog),
        DialogKind.VIEW_RECOVERY_CODES: ("view_recovery_codes", RecoveryCodesDialog),
        DialogKind.DISABLE_EMAIL_CODE: ("disable_email_code", DisableEmailDialog),
        DialogKind.DISABLE_AUTHENTICATOR_APP: ("disable_authenticator_app", DisableAppDialog),
    }

    def __init__(self, service: SecuritySettings | None = None, *, policy: Policy | None = None) -> None:
        """``policy`` answers the doc's open questions differently (test drivers of other valid choices)."""
        self.clock = FakeClock()
        self.outbox = InMemoryOutbox()
        self.service = service or SecuritySettings(
            self.clock, self.outbox, hasher=PasswordHasher(FAST_SCRYPT), policy=policy
        )
        self._attempts: dict[str, SignInAttempt] = {}
        #: Each inbox's messages as the protocol's Emails, converted once: the outbox only grows.
        self._inboxes: dict[str, list[Email]] = {}

    def create_account(self, email: str, password: str) -> None:
        self.service.create_account(email, password)

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        try:
            attempt = self.service.sign_in(device, email, password)
        except ref_errors.SecuritySettingsError as exc:
            return SignInResult(outcome=rejection(exc), signed_in=False)
        self._attempts[device] = attempt
        if attempt.state == "signed_in":
            return SignInResult(outcome=Outcome.accept(), signed_in=True)
        offered = frozenset(_METHODS[m] for m in attempt.methods)
        return SignInResult(outcome=Outcome.accept(), signed_in=False, offered_methods=offered)

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        attempt = self._attempts.get(device)
        if attempt is None or attempt.state == "signed_in":
            raise NotOffered("choice of sign-in method: no sign-in is waiting for a code on this device")
        return outcome_of(lambda: attempt.choose_method(_CHOICES[method]))

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        attempt = self._attempts.get(device)
        if attempt is None:
            return Outcome.reject(Reason.NOT_AVAILABLE, "no sign-in in progress on this device")
        return outcome_of(lambda: attempt.enter_code(code))

    def is_signed_in(self, device: str) -> bool:
        return self.service.is_signed_in(device)

    def sign_out(self, device: str) -> None:
        self.service.sign_out(device)

    def forget(self, device: str) -> None:
        """Sign ``device`` out and drop its sign-in attempt: the server forgot the device's token."""
        self.service.sign_out(device)
        self._attempts.pop(device, None)

    def security_section(self, device: str) -> SecuritySection:
        try:
            section = self.service.security_section(device)
        except ref_errors.NotSignedIn:
            raise NotOffered("Settings → Security page: the device is signed out") from None
        return SecuritySection(
            last_password_change=section.last_password_change.date(),
            email_code=_status(section.email_code),
            authenticator_app=_status(section.authenticator_app),
        )

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        try:
            dialog = self.service.change_password(device)
        except ref_errors.SecuritySettingsError as exc:
            return rejection(exc)
        return outcome_of(lambda: dialog.save(current, new, repeat))

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        opener, adapter = self.DIALOGS[kind]
        try:
            flow = getattr(self.service, opener)(device)
        except ref_errors.SecuritySettingsError as exc:
            raise DialogRefused(kind, rejection(exc)) from None
        return adapter(flow)

    def now(self) -> datetime:
        return self.clock.now()

    def advance_clock(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def emails_to(self, address: str) -> Sequence[Email]:
        messages = self.outbox.messages_to(address)
        inbox = self._inboxes.setdefault(address.casefold(), [])
        inbox.extend(
            Email(recipient=m.recipient, subject=m.subject, body=m.body, sent_at=m.sent_at)
            for m in messages[len(inbox) :]
        )
        return list(inbox)

    def close(self) -> None:
        self.service.close()


def _status(block: MethodBlock) -> MethodStatus:
    return MethodStatus(
        active=block.active,
        activated_on=block.activated_at.date() if block.activated_at else None,
        address=block.address,
        action=block.action,
    )


def create() -> ReferenceDriver:
    """The default ``--driver`` factory: a fresh reference per scenario."""
    return ReferenceDriver()
