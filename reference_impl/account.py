"""The account and its two MFA methods: the state every dialog reads and changes."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from . import totp
from .codes import RecoveryCodeSet
from .lockout import Failures


class Method(StrEnum):
    """The two documented MFA methods, in the doc's order."""

    EMAIL_CODE = "email_code"
    AUTHENTICATOR_APP = "authenticator_app"


@dataclass
class EmailCode:
    activated_at: datetime


@dataclass
class AuthenticatorApp:
    secret: str
    activated_at: datetime
    recovery_codes: RecoveryCodeSet = field(default_factory=RecoveryCodeSet.issue)
    #: The last TOTP step accepted, so no code is accepted twice (RFC 6238 §5.2).
    last_used_step: int | None = None

    def accept_code(self, code: str, now: datetime, window: totp.Window = totp.DEFAULT_WINDOW) -> bool:
        step = totp.matching_step(self.secret, code, now, newer_than=self.last_used_step, window=window)
        if step is None:
            return False
        self.last_used_step = step
        return True

    def replays_code(self, code: str, now: datetime, window: totp.Window = totp.DEFAULT_WINDOW) -> bool:
        """Is ``code`` the one accepted last (a double submission), still inside the window?"""
        step = totp.matching_step(self.secret, code, now, newer_than=None, window=window)
        return step is not None and step == self.last_used_step

    def accept_recovery_code(self, text: str) -> bool:
        code = self.recovery_codes.find_unused(text)
        if code is None:
            return False
        code.used = True
        return True


@dataclass
class Account:
    email: str
    password_hash: str
    password_changed_at: datetime
    email_code: EmailCode | None = None
    authenticator_app: AuthenticatorApp | None = None
    #: Wrong one-time codes in a row at sign-in, whatever the attempt or device (lockout.py).
    sign_in_code_failures: Failures = field(default_factory=Failures)
    #: Wrong passwords in a row at sign-in (lockout.py).
    sign_in_password_failures: Failures = field(default_factory=Failures)
    #: The pending emailed code of each purpose, shared by every dialog (challenge.py).
    email_challenges: dict[str, object] = field(default_factory=dict, repr=False)
    #: Serialises what changes this account (a code spent by two requests at once succeeds once);
    #: other accounts never wait on it.
    lock: threading.RLock = field(default_factory=threading.RLock, compare=False, repr=False)

    def active_methods(self) -> tuple[Method, ...]:
        methods = []
        if self.email_code is not None:
            methods.append(Method.EMAIL_CODE)
        if self.authenticator_app is not None:
            methods.append(Method.AUTHENTICATOR_APP)
        return tuple(methods)
