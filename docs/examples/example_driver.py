"""A complete driver, as a QA team would write it for its own Python service.

"Our system" here is the reference implementation's public API
(``reference_impl.SecuritySettings``), reached the way you would reach yours:
through its own objects and errors. Replace those calls with your client,
your HTTP requests or your browser automation; keep the shape.

Run it:  conformance run --driver docs.examples.example_driver:create
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

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
from reference_impl import FAST_SCRYPT, FakeClock, InMemoryOutbox, PasswordHasher, SecuritySettings
from reference_impl import Method as OurMethod
from reference_impl.errors import SecuritySettingsError

# 1. Say why your system refused something, in the protocol's categories.
#    Scenarios never depend on the category; reports show it.
OUR_REASONS = {
    "wrong_credentials": Reason.WRONG_PASSWORD,
    "wrong_password": Reason.WRONG_PASSWORD,
    "password_mismatch": Reason.PASSWORD_MISMATCH,
    "weak_password": Reason.PASSWORD_POLICY,
    "wrong_code": Reason.WRONG_CODE,
    "countdown_running": Reason.COUNTDOWN_RUNNING,
    "too_many_attempts": Reason.TOO_MANY_ATTEMPTS,
    "invalid_input": Reason.INVALID_INPUT,
    "invalid_action": Reason.NOT_AVAILABLE,
    "not_signed_in": Reason.NOT_SIGNED_IN,
}


def refused(refusal: SecuritySettingsError) -> Outcome:
    return Outcome.reject(OUR_REASONS.get(refusal.reason, Reason.OTHER), str(refusal))


def attempt(action: Callable[[], Any]) -> Outcome:
    """A refusal is data, never an exception: any exception that escapes makes the scenario BROKEN."""
    try:
        action()
    except SecuritySettingsError as refusal:
        return refused(refusal)
    return Outcome.accept()


# 2. Dialogs: one adapter, driven by what the open dialog shows.
#    Each entry: our dialog state -> (protocol step, prompt).
STEPS: dict[str, tuple[Step, Prompt | None]] = {
    "code_entry": (Step.CODE_ENTRY, None),  # prompt filled in per dialog kind below
    "scan_qr_code": (Step.SCAN_QR_CODE, None),
    "enter_generated_code": (Step.CODE_ENTRY, Prompt.AUTHENTICATOR_APP_CODE),
    "recovery_codes": (Step.RECOVERY_CODES, None),
    "codes_shown": (Step.RECOVERY_CODES, None),
    "authenticator_code": (Step.IDENTITY_CONFIRMATION, Prompt.AUTHENTICATOR_APP_CODE),
}
CODE_PROMPTS = {
    DialogKind.ENABLE_EMAIL_CODE: Prompt.EMAIL_CODE,
    DialogKind.DISABLE_EMAIL_CODE: Prompt.EMAIL_CODE,
    DialogKind.DISABLE_AUTHENTICATOR_APP: Prompt.AUTHENTICATOR_APP_CODE,
}


class ExampleDialog:
    def __init__(self, kind: DialogKind, ours: Any) -> None:
        self.kind, self.ours = kind, ours

    def view(self) -> DialogView:
        # A finished dialog, or one whose device was signed out meanwhile (PWD-08), shows nothing.
        if not self.ours.still_open():
            return DialogView(step=Step.CLOSED)
        state = self.ours.state
        if state == "identity_confirmation":
            return DialogView(step=Step.IDENTITY_CONFIRMATION, prompt=Prompt(self.ours.prompt.value))
        step, prompt = STEPS[state]
        if step is Step.SCAN_QR_CODE:
            return DialogView(step=step, qr_code_image=self.ours.qr_code_png, manual_key=self.ours.manual_key)
        if step is Step.RECOVERY_CODES:
            return DialogView(step=step, recovery_codes=tuple(self.ours.recovery_codes))
        return DialogView(step=step, prompt=prompt or CODE_PROMPTS.get(self.kind))

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        # Our product offers no alternative proofs: the prompt it shows is the only one it takes.
        if prompt is not self.view().prompt:
            raise NotOffered(f"{prompt.value.replace('_', ' ')} as a proof at this step")
        # Enabling a method says "Continue"; View Recovery Codes says "confirm".
        press = getattr(self.ours, "press_continue", None) or getattr(self.ours, "confirm", None)
        return attempt(lambda: press(answer)) if press else self._nothing_to_press()

    def submit(self) -> Outcome:
        raise NotOffered("step without an input")  # every step of ours has a field to fill in

    def request_code(self) -> Outcome:
        return (
            attempt(self.ours.request_code)
            if hasattr(self.ours, "request_code")
            else self._nothing_to_press()
        )

    def enter_code(self, code: str) -> Outcome:
        submit = getattr(self.ours, "disable", None) or getattr(self.ours, "enter_code", None)
        if submit is None:
            return self._nothing_to_press()

        def next_then_submit() -> None:
            if self.ours.state == "scan_qr_code":
                self.ours.next()  # the product's "Next" between step 2 and 3: it can refuse too
            submit(code)

        return attempt(next_then_submit)

    def regenerate(self) -> Outcome:
        return attempt(self.ours.regenerate) if hasattr(self.ours, "regenerate") else self._nothing_to_press()

    def download_text_file(self) -> TextFile:
        download = getattr(self.ours, "download_text_file", None)
        if download is None:
            raise NotOffered("Download as Text File button in this dialog")
        try:
            name, content = download()
        except SecuritySettingsError as refusal:  # not shown at this step, or the page is gone
            raise NotOffered(f"Download as Text File button here ({refusal})") from None
        return TextFile(name=name, content=content)

    def close(self) -> None:
        self.ours.close()

    def _nothing_to_press(self) -> Outcome:
        raise NotOffered(f"such button in the {self.kind.value} dialog")


# 3. The driver: one instance per scenario, so every scenario starts from an empty system.
OPENERS = {
    DialogKind.ENABLE_EMAIL_CODE: "enable_email_code",
    DialogKind.ENABLE_AUTHENTICATOR_APP: "enable_authenticator_app",
    DialogKind.VIEW_RECOVERY_CODES: "view_recovery_codes",
    DialogKind.DISABLE_EMAIL_CODE: "disable_email_code",
    DialogKind.DISABLE_AUTHENTICATOR_APP: "disable_authenticator_app",
}
SIGN_IN_CHOICES = {
    Method.EMAIL_CODE: OurMethod.EMAIL_CODE,
    Method.AUTHENTICATOR_APP: OurMethod.AUTHENTICATOR_APP,
    Method.RECOVERY_CODE: OurMethod.AUTHENTICATOR_APP,  # our product takes them in the app-code field
}


class ExampleDriver:
    protocol_version = PROTOCOL_VERSION
    # Our test environment lets us move the clock and read sent mail.
    capabilities = frozenset({Capability.CLOCK_CONTROL, Capability.OUTBOX})

    def __init__(self) -> None:
        self.clock, self.mail = FakeClock(), InMemoryOutbox()
        self.system = SecuritySettings(self.clock, self.mail, hasher=PasswordHasher(FAST_SCRYPT))
        self.sign_ins: dict[str, Any] = {}

    def create_account(self, email: str, password: str) -> None:
        self.system.create_account(email, password)

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        try:
            self.sign_ins[device] = progress = self.system.sign_in(device, email, password)
        except SecuritySettingsError as refusal:
            return SignInResult(outcome=refused(refusal), signed_in=False)
        offered = frozenset(Method(m.value) for m in progress.methods)
        done = progress.state == "signed_in"
        return SignInResult(
            outcome=Outcome.accept(), signed_in=done, offered_methods=frozenset() if done else offered
        )

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        progress = self.sign_ins.get(device)
        if progress is None or progress.state == "signed_in":  # the page shows no choice at all
            raise NotOffered("choice of sign-in method: no sign-in is waiting for a code on this device")
        return attempt(lambda: progress.choose_method(SIGN_IN_CHOICES[method]))

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        progress = self.sign_ins.get(device)
        if progress is None:
            return Outcome.reject(Reason.NOT_AVAILABLE, "no sign-in in progress on this device")
        return attempt(lambda: progress.enter_code(code))

    def is_signed_in(self, device: str) -> bool:
        return self.system.is_signed_in(device)

    def sign_out(self, device: str) -> None:
        self.system.sign_out(device)

    def security_section(self, device: str) -> SecuritySection:
        try:
            page = self.system.security_section(device)
        except SecuritySettingsError as refusal:  # a signed-out device shows the sign-in page instead
            raise NotOffered(f"Settings → Security page ({refusal})") from None

        def block(ours: Any) -> MethodStatus:
            shown = ours.activated_at.date() if ours.activated_at else None
            return MethodStatus(
                active=ours.active, activated_on=shown, address=ours.address, action=ours.action
            )

        return SecuritySection(
            last_password_change=page.last_password_change.date(),
            email_code=block(page.email_code),
            authenticator_app=block(page.authenticator_app),
        )

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        return attempt(lambda: self.system.change_password(device).save(current, new, repeat))

    def open_dialog(self, device: str, kind: DialogKind) -> ExampleDialog:
        try:
            ours = getattr(self.system, OPENERS[kind])(device)
        except SecuritySettingsError as refusal:
            raise DialogRefused(kind, refused(refusal)) from None
        return ExampleDialog(kind, ours)

    # 4. Test control: time and mail.
    def now(self) -> datetime:
        return self.clock.now()

    def advance_clock(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def emails_to(self, address: str) -> Sequence[Email]:
        return [Email(m.recipient, m.subject, m.body, m.sent_at) for m in self.mail.messages_to(address)]

    def close(self) -> None:
        self.system.close()


def create() -> ExampleDriver:
    """The factory named by --driver: a fresh driver per scenario."""
    return ExampleDriver()
