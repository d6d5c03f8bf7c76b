"""Shared fixtures for the reference implementation's own tests.

Every fixture here is prefixed ``ref_`` so it never clashes with the harness's.
``RefKit`` bundles a service on a FakeClock and an InMemoryOutbox with one
account and the small helpers every dialog test needs; codes are read the way
a user reads them (from the email text) and TOTP codes are computed with an
RFC 4226 implementation written here, independent of ``reference_impl.totp``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from reference_impl import (
    FAST_SCRYPT,
    FakeClock,
    InMemoryOutbox,
    Method,
    PasswordHasher,
    Policy,
    SecuritySettings,
    codes,
)
from reference_impl.account import Account
from reference_impl.dialogs.base import Flow
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.errors import InvalidAction
from reference_impl.section import security_section

EMAIL = "alice@example.com"
PASSWORD = "correct horse battery"
NEW_PASSWORD = "staple battery horse 42!"
LAPTOP, PHONE, TABLET = "Alice's laptop", "Alice's phone", "Alice's tablet"
DEVICES = (LAPTOP, PHONE, TABLET)
START = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)

_CODE_IN_MAIL = re.compile(r"\bis (\d{6})\.")


def rfc4226_code(secret: str, unix_time: float, digits: int = 6, step: int = 30) -> str:
    """What an authenticator app shows at ``unix_time`` (RFC 6238 over RFC 4226, SHA-1)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(unix_time) // step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def other_code(*codes: str) -> str:
    """A 6-digit code different from every one given."""
    candidate = int(codes[0])
    while f"{candidate:06d}" in codes:
        candidate = (candidate + 1) % 10**6
    return f"{candidate:06d}"


class RefKit:
    """One service, one account (``EMAIL``/``PASSWORD``) and helpers to drive it.

    Test modules reach the constants and helpers through the fixture object
    (``ref_kit.LAPTOP``, ``ref_kit.rfc4226_code``) rather than importing this file.
    """

    EMAIL, PASSWORD, NEW_PASSWORD = EMAIL, PASSWORD, NEW_PASSWORD
    LAPTOP, PHONE, TABLET, DEVICES = LAPTOP, PHONE, TABLET, DEVICES
    START = START
    rfc4226_code = staticmethod(rfc4226_code)
    other_code = staticmethod(other_code)

    def __init__(
        self,
        clock: FakeClock | None = None,
        outbox: InMemoryOutbox | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.clock = clock or FakeClock(START)
        self.outbox = outbox or InMemoryOutbox()
        self.service = SecuritySettings(
            self.clock, self.outbox, hasher=PasswordHasher(FAST_SCRYPT), policy=policy
        )
        self.service.create_account(EMAIL, PASSWORD)
        self.password = PASSWORD
        self.secret: str | None = None
        self.recovery_codes: tuple[str, ...] = ()

    # -- reading ---------------------------------------------------------------
    @property
    def account(self) -> Account:
        return self.service._accounts[EMAIL.casefold()]

    def last_email_code(self) -> str:
        mails = self.outbox.messages_to(EMAIL)
        assert mails, "no email was sent"
        found = _CODE_IN_MAIL.search(mails[-1].body)
        assert found, mails[-1].body
        return found.group(1)

    def wrong_email_code(self) -> str:
        return other_code(self.last_email_code())

    def app_code(self, steps: int = 0) -> str:
        """The app's code ``steps`` time steps from now (negative: the past)."""
        assert self.secret is not None, "the app is not enabled in this kit"
        return rfc4226_code(self.secret, self.clock.now().timestamp() + 30 * steps)

    def next_app_code(self) -> str:
        """Move to the next time step and return its code (so no replay is involved)."""
        self.clock.advance(30)
        return self.app_code()

    def wrong_app_code(self) -> str:
        return other_code(self.app_code(), self.app_code(-1))

    def signed_in_devices(self) -> tuple[str, ...]:
        return tuple(d for d in DEVICES if self.service.is_signed_in(d))

    def snapshot(self, dialog: Flow | None = None) -> dict[str, Any]:
        """Everything observable about the account, its devices, the outbox and ``dialog``."""
        account = self.account
        app = account.authenticator_app
        flows = self.service._open
        snap: dict[str, Any] = {
            "section": security_section(account),
            "password_hash": account.password_hash,
            "app": None
            if app is None
            else (
                app.secret,
                app.last_used_step,
                tuple((c.display, c.used) for c in app.recovery_codes.codes),
            ),
            "signed_in": self.signed_in_devices(),
            "outbox": len(self.outbox.messages),
            "open_flows": tuple(sorted((d, type(f).__name__, f.state) for d, f in flows.items())),
        }
        if dialog is not None:
            challenge = getattr(dialog, "_challenge", None)
            snap["dialog"] = (
                dialog.state,
                dialog.failed_attempts,
                None if challenge is None else (challenge._code, challenge._sent_at),
                dialog in type(dialog).MACHINE.models,
            )
        return snap

    # -- driving ---------------------------------------------------------------
    def sign_in(self, device: str = LAPTOP, method: Method | None = None) -> None:
        """Sign ``device`` in, answering the MFA step with ``method`` (default: the first offered)."""
        attempt = self.service.sign_in(device, EMAIL, self.password)
        if attempt.finished:
            return
        chosen = method or attempt.methods[0]
        attempt.choose_method(chosen)
        attempt.enter_code(self.last_email_code() if chosen is Method.EMAIL_CODE else self.next_app_code())
        assert self.service.is_signed_in(device)

    def enable_email(self, device: str = LAPTOP) -> None:
        dialog = self.service.enable_email_code(device)
        proof = self.password if self.account.authenticator_app is None else self.next_app_code()
        dialog.press_continue(proof)
        dialog.enter_code(self.last_email_code())
        assert self.account.email_code is not None

    def enable_app(self, device: str = LAPTOP) -> tuple[str, ...]:
        dialog = self.open_app_dialog_at_code_entry(device)
        dialog.enter_code(self.app_code())
        self.recovery_codes = dialog.recovery_codes
        dialog.close()
        return self.recovery_codes

    def open_app_dialog_at_code_entry(self, device: str = LAPTOP) -> EnableAuthenticatorAppDialog:
        dialog = self.service.enable_authenticator_app(device)
        dialog.press_continue(self.password if self.account.email_code is None else self.last_email_code())
        self.secret = dialog.manual_key
        dialog.next()
        return dialog

    def assert_refused(self, dialog: Flow, action: Callable[[], object]) -> None:
        """``action`` raises InvalidAction and changes nothing at all."""
        before = self.snapshot(dialog)
        with pytest.raises(InvalidAction):
            action()
        assert self.snapshot(dialog) == before


@pytest.fixture(scope="session")
def ref_factory() -> type[RefKit]:
    """Builds a fresh RefKit; session-scoped so Hypothesis tests may use it."""
    return RefKit


@pytest.fixture
def ref_clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def ref_outbox() -> InMemoryOutbox:
    return InMemoryOutbox()


@pytest.fixture
def ref_email_codes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Emailed codes become 100001, 100002, … so a resend provably carries a different code."""
    issued: list[str] = []

    def next_code() -> str:
        issued.append(f"{100001 + len(issued)}")
        return issued[-1]

    monkeypatch.setattr(codes, "new_email_code", next_code)
    return issued


@pytest.fixture
def ref_kit(ref_clock: FakeClock, ref_outbox: InMemoryOutbox) -> Iterator[RefKit]:
    """A kit whose account is signed in on the laptop, with no MFA method active."""
    kit = RefKit(ref_clock, ref_outbox)
    kit.sign_in(LAPTOP)
    yield kit
    kit.service.close()


@pytest.fixture
def ref_service(ref_kit: RefKit) -> SecuritySettings:
    return ref_kit.service
