"""TOTP (RFC 6238) through pyotp, always at an explicit time.

Every call passes ``for_time`` from the injected clock; pyotp never reads the
wall clock here. :func:`code_at` is the single code path used both for
verification and by the RFC 6238 Appendix B test vectors.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import quote

import pyotp

STEP_SECONDS: Final = 30
DIGITS: Final = 6
SECRET_BYTES: Final = 20  # 160 bits, RFC 4226 §4 recommends it
#: Steps accepted behind the current one (clock drift of a phone; RFC 6238 §5.2).
ACCEPTED_PAST_STEPS: Final = 1


@dataclass(frozen=True)
class Window:
    """The time steps around now a code may come from: RFC 6238 §5.2 leaves the size to the verifier."""

    past_steps: int = ACCEPTED_PAST_STEPS
    future_steps: int = 0

    def steps(self, current: int) -> range:
        return range(current - self.past_steps, current + self.future_steps + 1)


#: The reference's window: the current step and the one before it (spec/INTERPRETATIONS.md, I-09).
DEFAULT_WINDOW: Final = Window()


def new_secret() -> str:
    """A fresh 160-bit secret in unpadded base32, the 'manual key' users type."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def step_of(when: datetime) -> int:
    """The RFC 6238 time-step counter T for ``when``."""
    return int(when.timestamp()) // STEP_SECONDS


def code_at(secret: str, for_time: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """The code an authenticator app shows at Unix time ``for_time``."""
    return pyotp.TOTP(secret, digits=digits, digest=getattr(hashlib, digest), interval=STEP_SECONDS).at(
        for_time
    )


def matching_step(
    secret: str, code: str, now: datetime, newer_than: int | None, window: Window = DEFAULT_WINDOW
) -> int | None:
    """The time step whose code equals ``code``, or None.

    Only the steps of ``window`` around now count, and only steps after
    ``newer_than`` (the last step already used), so an accepted code is never
    accepted again (RFC 6238 §5.2). Every candidate is compared, with
    ``hmac.compare_digest``, so timing does not tell which one matched.
    """
    current = step_of(now)
    found: int | None = None
    for step in window.steps(current):
        candidate = code_at(secret, step * STEP_SECONDS)
        if hmac.compare_digest(candidate, code) and (newer_than is None or step > newer_than):
            found = step
    return found


def provisioning_uri(secret: str, account_label: str, issuer: str) -> str:
    """``otpauth://totp/Issuer:label?secret=…&issuer=…`` as authenticator apps expect it."""
    label = quote(f"{issuer}:{account_label}", safe="@:")
    return (
        f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer, safe='')}"
        f"&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )
