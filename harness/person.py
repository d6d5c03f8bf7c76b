"""What the kit knows of one person in a scenario: what she holds and what she expects of the product."""

from __future__ import annotations

from dataclasses import dataclass, field

from .authenticator import Authenticator


@dataclass
class Person:
    name: str
    email: str
    password: str
    previous_passwords: list[str] = field(default_factory=list)
    #: The authenticator app entry, once she scanned the QR code (or typed the key).
    app: Authenticator | None = None
    #: TOTP steps whose code she has already typed somewhere.
    used_steps: set[int] = field(default_factory=set)
    last_app_code: str | None = None
    #: The email code she typed last, wherever she typed it.
    last_email_code: str | None = None
    activation_app_code: str | None = None
    recovery_codes: tuple[str, ...] = ()
    old_recovery_codes: tuple[str, ...] = ()
    used_recovery_codes: list[str] = field(default_factory=list)
    signed_in_on: set[str] = field(default_factory=set)
    #: The new password of the last change attempt that should have been refused.
    attempted_password: str | None = None
    #: Methods a journey turned on (and not off) in this scenario: she expects to be asked for a code.
    email_active: bool = False
    app_active: bool = False

    @property
    def has_mfa(self) -> bool:
        return self.email_active or self.app_active

    def device(self, word: str) -> str:
        return f"{self.name}'s {word}"
