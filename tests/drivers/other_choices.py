"""Correct drivers that answer the doc's open questions differently from the reference.

Each one is the reference with ONE other valid choice from spec/INTERPRETATIONS.md,
made either in the implementation (a reference :class:`Policy`) or in what the product shows
(a hook of :class:`Presenting`). The whole MUST and SHOULD suite must pass on every
one of them (tests/test_other_valid_choices.py), and the simulation must not flag
them: a kit that fails a correct product for a choice the doc leaves open is wrong.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import ClassVar

import segno

from harness.mailbox import holds_code, one_time_code
from harness.protocol import (
    DialogKind,
    DialogRefused,
    DialogView,
    Email,
    Method,
    MethodStatus,
    Outcome,
    Prompt,
    Reason,
    SecuritySection,
    SignInResult,
    TextFile,
)
from reference_impl import Policy
from reference_impl.account import Account
from reference_impl.account import Method as RefMethod
from reference_impl.challenge import EmailChallenge
from reference_impl.driver import ReferenceDialog, ReferenceDriver
from reference_impl.section import MethodBlock
from reference_impl.totp import Window
from tests.drivers.open_cells import (
    EarlierEmailCodesStayValid,
    RecoveryCodeAtEmailSignIn,
    RecoveryCodeTurnsEmailOff,
    RecoveryCodeTurnsEmailOn,
)


# -- choices made in the implementation ------------------------------------------------
def short_lived_email_codes() -> ReferenceDriver:
    """I-05: emailed codes expire after 90 seconds, not 10 minutes."""
    return ReferenceDriver(policy=Policy(email_code_lifetime=timedelta(seconds=90)))


def countdown_includes_its_end() -> ReferenceDriver:
    """I-06: the 60th second is still inside the countdown (Request Code unlocks after it, and a
    reopened dialog's pending code still stands at it)."""
    return ReferenceDriver(policy=Policy(countdown_includes_its_end=True))


def two_attempts() -> ReferenceDriver:
    """I-16: a dialog or sign-in ends after the second wrong answer, not the fifth."""
    return ReferenceDriver(policy=Policy(attempt_limit=2))


def one_attempt() -> ReferenceDriver:
    """I-16: the first wrong answer ends the dialog or sign-in; it must be started again."""
    return ReferenceDriver(policy=Policy(attempt_limit=1))


def twelve_character_passwords() -> ReferenceDriver:
    """I-01: passwords under 12 characters are refused (the doc's recommendation, enforced)."""
    return ReferenceDriver(policy=Policy(min_password_length=12))


def current_step_only() -> ReferenceDriver:
    """I-09: only the code of the current 30-second step is accepted, no drift allowed."""
    return ReferenceDriver(policy=Policy(totp_window=Window(past_steps=0)))


def wide_totp_window() -> ReferenceDriver:
    """I-09: codes of two steps either side are accepted (a hardening failure, not a MUST one)."""
    return ReferenceDriver(policy=Policy(totp_window=Window(past_steps=2, future_steps=2)))


# -- choices made in what the product shows --------------------------------------------
class Presenting(ReferenceDriver):
    """The reference, shown differently: each variant overrides one ``present_*`` hook."""

    def __init__(self) -> None:
        super().__init__()
        #: The account each device signed in to, for variants that show per-account state.
        self.account_on: dict[str, str] = {}

    def present_outcome(self, outcome: Outcome) -> Outcome:
        return outcome

    def present_section(self, device: str, section: SecuritySection) -> SecuritySection:
        return section

    def present_email(self, email: Email) -> Email:
        return email

    def present_view(self, dialog: ReferenceDialog, view: DialogView) -> DialogView:
        return view

    def present_file(self, file: TextFile) -> TextFile:
        return file

    def typed_sign_in_code(self, code: str) -> str:
        """What the product makes of a code typed at sign-in (the inverse of a shown format)."""
        return code

    # The protocol's methods, passing through the hooks.
    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        result = super().sign_in(device, email, password)
        if result.outcome.accepted:
            self.account_on[device] = email
        return SignInResult(
            outcome=self.present_outcome(result.outcome),
            signed_in=result.signed_in,
            offered_methods=result.offered_methods,
        )

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        return self.present_outcome(super().choose_sign_in_method(device, method))

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        return self.present_outcome(super().enter_sign_in_code(device, self.typed_sign_in_code(code)))

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        return self.present_outcome(super().change_password(device, current, new, repeat))

    def security_section(self, device: str) -> SecuritySection:
        return self.present_section(device, super().security_section(device))

    def emails_to(self, address: str) -> list[Email]:
        return [self.present_email(email) for email in super().emails_to(address)]

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        try:
            dialog = super().open_dialog(device, kind)
        except DialogRefused as refused:
            raise DialogRefused(kind, self.present_outcome(refused.outcome)) from None
        return _PresentedDialog(dialog, self)


class _PresentedDialog(ReferenceDialog):
    def __init__(self, inner: ReferenceDialog, driver: Presenting) -> None:
        super().__init__(inner.flow)
        self._inner, self._driver = inner, driver

    def view(self) -> DialogView:
        return self._driver.present_view(self._inner, self._inner.view())

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        return self._driver.present_outcome(self._inner.confirm_identity(answer, prompt))

    def submit(self) -> Outcome:
        return self._driver.present_outcome(self._inner.submit())

    def request_code(self) -> Outcome:
        return self._driver.present_outcome(self._inner.request_code())

    def enter_code(self, code: str) -> Outcome:
        return self._driver.present_outcome(self._inner.enter_code(code))

    def regenerate(self) -> Outcome:
        return self._driver.present_outcome(self._inner.regenerate())

    def download_text_file(self) -> TextFile:
        return self._driver.present_file(self._inner.download_text_file())

    def close(self) -> None:
        self._inner.close()


class GenericRefusals(Presenting):
    """I-21: every refusal says the same vague thing, with no reason category."""

    def present_outcome(self, outcome: Outcome) -> Outcome:
        if outcome.accepted:
            return outcome
        return Outcome.reject(Reason.OTHER, "Something went wrong. Please try again.")


class MaskedAddresses(Presenting):
    """I-19: the section shows the address codes go to as ``a•••e@example.com``."""

    def present_section(self, device: str, section: SecuritySection) -> SecuritySection:
        shown = section.email_code
        if shown is None or shown.address is None:
            return section
        local, _, domain = shown.address.partition("@")
        masked = f"{local[0]}•••{local[-1]}@{domain}"
        return replace(section, email_code=replace(shown, address=masked))


class LocalDates(Presenting):
    """I-18: dates are shown in the user's time zone, not in UTC."""

    ZONE: ClassVar[timezone]

    def security_section(self, device: str) -> SecuritySection:
        section = self.service.security_section(device)
        return SecuritySection(
            last_password_change=section.last_password_change.astimezone(self.ZONE).date(),
            email_code=self._status(section.email_code),
            authenticator_app=self._status(section.authenticator_app),
        )

    def _status(self, block: MethodBlock) -> MethodStatus:
        shown = block.activated_at.astimezone(self.ZONE).date() if block.activated_at else None
        return MethodStatus(block.active, shown, block.address, block.action)


class DatesInSamoa(LocalDates):
    """UTC-11: at the suite's 09:00 UTC start the shown date is the day before UTC's."""

    ZONE = timezone(timedelta(hours=-11))


class NoDateUntilFirstChange(Presenting):
    """I-03: no last-change date is shown until the password has been changed once."""

    def __init__(self) -> None:
        super().__init__()
        self._changed: set[str] = set()

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        outcome = super().change_password(device, current, new, repeat)
        if outcome.accepted:
            self._changed.add(self.account_on[device])
        return outcome

    def present_section(self, device: str, section: SecuritySection) -> SecuritySection:
        if self.account_on.get(device) in self._changed:
            return section
        return SecuritySection(None, section.email_code, section.authenticator_app)


_SIX_DIGITS = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")


class FriendlyEmails(Presenting):
    """I-08: its own subject and wording, the code grouped ``042 917``, other numbers around it."""

    def present_email(self, email: Email) -> Email:
        found = _SIX_DIGITS.search(email.body)
        if found is None:
            return email
        code = found.group(0)
        body = (
            "Hello,\n\nYour security code is below.\n\n"
            f"    {code[:3]} {code[3:]}\n\n"
            f"It works for 10 minutes. Requested on {email.sent_at:%d/%m/%Y at %H:%M} UTC.\n"
            "Customer Area, 221B Baker Street, London NW1 6XE\n"
        )
        return Email(email.recipient, "Customer Area security notice", body, email.sent_at)


class SpacedManualKey(Presenting):
    """I-11: the manual key is shown in lower case, in groups of four."""

    def present_view(self, dialog: ReferenceDialog, view: DialogView) -> DialogView:
        if view.manual_key is None:
            return view
        key = view.manual_key.lower()
        grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        return replace(view, manual_key=grouped)


class StyledQrCode(Presenting):
    """I-11: a larger, coloured QR code (dark blue on cream) encoding the same link, drawn as SVG."""

    def present_view(self, dialog: ReferenceDialog, view: DialogView) -> DialogView:
        if view.qr_code_image is None:
            return view
        link = dialog.flow.provisioning_uri  # type: ignore[attr-defined]
        svg = io.BytesIO()
        segno.make_qr(link, error="m").save(svg, kind="svg", scale=8, dark="#1a237e", light="#fff8e1")
        return replace(view, qr_code_image=svg.getvalue())


class NumberedDownload(Presenting):
    """I-15: the file has its own name and a numbered list under a heading."""

    def present_file(self, file: TextFile) -> TextFile:
        codes = [
            line.strip() for line in file.content.splitlines() if re.fullmatch(r"\S+-\S+-\S+", line.strip())
        ]
        listing = "\n".join(f"{n:2}) {code}" for n, code in enumerate(codes, start=1))
        content = f"CUSTOMER AREA - RECOVERY CODES\nKeep them somewhere safe.\n\n{listing}\n"
        return TextFile("customer-area-backup-codes.txt", content)


class NumericRecoveryCodes(Presenting):
    """I-12: recovery codes are ten digits (``4830-2217-95``), typed back with or without hyphens."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, str] = {}  # ten digits -> the reference's code
        self._digits_of: dict[str, str] = {}

    def _numeric(self, code: str) -> str:
        digits = self._digits_of.get(code)
        if digits is None:
            digits = f"{int.from_bytes(code.encode(), 'big') % 10**10:010d}"
            while digits in self._shown:  # two codes landing on one number: take the next free one
                digits = f"{(int(digits) + 1) % 10**10:010d}"
            self._shown[digits], self._digits_of[code] = code, digits
        return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"

    def present_view(self, dialog: ReferenceDialog, view: DialogView) -> DialogView:
        if view.recovery_codes is None:
            return view
        shown = tuple(self._numeric(code) for code in view.recovery_codes)
        return replace(view, recovery_codes=shown)

    def present_file(self, file: TextFile) -> TextFile:
        content = re.sub(r"\b\w{4}-\w{4}-\w{4}\b", lambda m: self._numeric(m.group(0)), file.content)
        return TextFile(file.name, content)

    def typed_sign_in_code(self, code: str) -> str:
        return self._shown.get(code.replace("-", "").replace(" ", ""), code)


class SeparateRecoveryField(Presenting):
    """I-14: recovery codes go only in their own field, and the app-code field takes only app codes."""

    def __init__(self) -> None:
        super().__init__()
        self._chosen: dict[str, Method] = {}

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        outcome = super().choose_sign_in_method(device, method)
        if outcome.accepted:
            self._chosen[device] = method
        return outcome

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        looks_like_app_code = re.fullmatch(r"[0-9]{6}", code.strip()) is not None
        if self._chosen.get(device) is Method.AUTHENTICATOR_APP and not looks_like_app_code:
            return Outcome.reject(Reason.WRONG_CODE, "enter the 6-digit code from your app")
        if self._chosen.get(device) is Method.RECOVERY_CODE and looks_like_app_code:
            return Outcome.reject(Reason.WRONG_CODE, "that is not a recovery code")
        return super().enter_sign_in_code(device, code)


class NoPasswordReuse(Presenting):
    """I-04: a new password may not be the current one or any former one."""

    def __init__(self) -> None:
        super().__init__()
        self._former: dict[str, set[str]] = {}

    def create_account(self, email: str, password: str) -> None:
        super().create_account(email, password)
        self._former[email] = {password}

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        former = self._former.get(self.account_on.get(device, ""), set())
        if new in former and new == repeat:
            return Outcome.reject(Reason.PASSWORD_POLICY, "choose a password you have not used before")
        outcome = super().change_password(device, current, new, repeat)
        if outcome.accepted:
            former.add(new)
        return outcome


class SessionsEndAfterAnHour(Presenting):
    """I-17: a device left alone for an hour is signed out."""

    IDLE = timedelta(hours=1)

    def __init__(self) -> None:
        super().__init__()
        self._last_seen: dict[str, datetime] = {}

    def _touch(self, device: str) -> None:
        now = self.now()
        last = self._last_seen.get(device)
        if last is not None and now - last >= self.IDLE and super().is_signed_in(device):
            super().sign_out(device)
        self._last_seen[device] = now

    def is_signed_in(self, device: str) -> bool:
        self._touch(device)
        return super().is_signed_in(device)

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        self._touch(device)
        return super().sign_in(device, email, password)

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        self._touch(device)
        return super().enter_sign_in_code(device, code)

    def security_section(self, device: str) -> SecuritySection:
        self._touch(device)
        return super().security_section(device)

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        self._touch(device)
        return super().change_password(device, current, new, repeat)

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        self._touch(device)
        return super().open_dialog(device, kind)


class RecoveryCodeForLostPhone(Presenting):
    """I-24: Disable Authenticator App also takes an unused recovery code (the phone is lost), using it up."""

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        dialog = super().open_dialog(device, kind)
        if kind is DialogKind.DISABLE_AUTHENTICATOR_APP:
            return _RecoveryCodeDisables(dialog)
        return dialog


class _RecoveryCodeDisables(_PresentedDialog):
    def __init__(self, inner: ReferenceDialog) -> None:
        assert isinstance(inner, _PresentedDialog)
        super().__init__(inner._inner, inner._driver)

    def enter_code(self, code: str) -> Outcome:
        account = self.flow.account
        app = account.authenticator_app
        if not self.flow.finished and app is not None and app.accept_recovery_code(code):
            account.authenticator_app = None
            self.flow.close()
            return Outcome.accept()
        return super().enter_code(code)


class OneCurrentEmailCode(Presenting):
    """I-25: one current email code per account, whatever it was sent for; it works wherever an email code
    is asked, and each new code replaces the last (the place's own code too, once a newer one was sent)."""

    def __init__(self) -> None:
        super().__init__()
        self._used: set[tuple[str, str]] = set()

    def _current(self, address: str) -> str | None:
        with_code = [email for email in super().emails_to(address) if holds_code(email)]
        return one_time_code(with_code[-1]) if with_code else None

    def take(self, account: Account, challenge: EmailChallenge, typed: str, submit: Submit) -> Outcome:
        """The account's current code passes at this place; anything else is tried as a wrong code."""
        address = account.email
        current = self._current(address)
        if current is not None and typed.strip() == current and (address, current) not in self._used:
            challenge._code, challenge._sent_at = current, challenge._sent_at or self.now()
            outcome = submit(current)
            if outcome.accepted:
                self._used.add((address, current))
                self._retire(account, current)
            return outcome
        own = challenge._code or "000000"
        return submit(f"{(int(own) + 1) % 10**6:06d}")  # refused, and counted like any wrong code

    @staticmethod
    def _retire(account: Account, used: str) -> None:
        """The one current code is used up everywhere it was pending, not only where it was typed: a
        place still holding it would stand on it (no new mail in its countdown) though it can never work."""
        for pending in account.email_challenges.values():
            if isinstance(pending, EmailChallenge) and pending._code == used:
                pending._spent, pending._code = used, None

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        attempt = self._attempts.get(device)
        challenge = attempt._challenge if attempt is not None else None
        if attempt is None or attempt.chosen is not RefMethod.EMAIL_CODE or challenge is None:
            return super().enter_sign_in_code(device, code)
        plain = super().enter_sign_in_code
        return self.take(attempt.account, challenge, code, lambda c: plain(device, c))

    def open_dialog(self, device: str, kind: DialogKind) -> ReferenceDialog:
        dialog = super().open_dialog(device, kind)
        assert isinstance(dialog, _PresentedDialog)
        return _CurrentEmailCodeDialog(dialog, self)


Submit = Callable[[str], Outcome]


class _CurrentEmailCodeDialog(_PresentedDialog):
    def __init__(self, inner: _PresentedDialog, driver: OneCurrentEmailCode) -> None:
        super().__init__(inner._inner, driver)
        self._taker = driver

    def _challenge(self) -> EmailChallenge | None:
        challenge = getattr(self.flow, "_challenge", None)
        return challenge if isinstance(challenge, EmailChallenge) else None

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        challenge = self._challenge()
        if prompt is not Prompt.EMAIL_CODE or challenge is None:
            return super().confirm_identity(answer, prompt)
        plain = super().confirm_identity
        return self._taker.take(self.flow.account, challenge, answer, lambda c: plain(c, prompt))

    def enter_code(self, code: str) -> Outcome:
        challenge = self._challenge()
        if self.view().prompt is not Prompt.EMAIL_CODE or challenge is None:
            return super().enter_code(code)
        return self._taker.take(self.flow.account, challenge, code, super().enter_code)


#: Every variant, by factory name, with the interpretation it exercises.
VARIANTS: dict[str, str] = {
    "short_lived_email_codes": "I-05",
    "countdown_includes_its_end": "I-06",
    "two_attempts": "I-16",
    "one_attempt": "I-16",
    "SeparateRecoveryField": "I-14",
    "NoPasswordReuse": "I-04",
    "twelve_character_passwords": "I-01",
    "current_step_only": "I-09",
    "wide_totp_window": "I-09",
    "GenericRefusals": "I-21",
    "MaskedAddresses": "I-19",
    "DatesInSamoa": "I-18",
    "NoDateUntilFirstChange": "I-03",
    "FriendlyEmails": "I-08",
    "SpacedManualKey": "I-11",
    "StyledQrCode": "I-11",
    "NumberedDownload": "I-15",
    "NumericRecoveryCodes": "I-12",
    "SessionsEndAfterAnHour": "I-17",
    "RecoveryCodeForLostPhone": "I-24",
    "OneCurrentEmailCode": "I-25",
    # Open cells of the proof matrix, accepted (tests/drivers/open_cells.py).
    RecoveryCodeAtEmailSignIn.__name__: "I-24",
    RecoveryCodeTurnsEmailOn.__name__: "I-24",
    RecoveryCodeTurnsEmailOff.__name__: "I-24",
    EarlierEmailCodesStayValid.__name__: "I-05",
}
