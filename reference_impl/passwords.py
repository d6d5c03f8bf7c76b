"""Password hashing with scrypt, whose cost is a parameter.

The default cost is the strong one a server should use; the test suite passes
:data:`FAST_SCRYPT` so thousands of sign-ins stay cheap.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's work factors (RFC 7914 §2)."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        return 128 * self.r * (self.n + self.p + 2) + 1024 * 1024


#: OWASP's Password Storage Cheat Sheet (N=2^17, r=8, p=1: 128 MiB, ~0.2-0.5 s per hash): ``serve``.
STRONG_SCRYPT = ScryptCost()
#: For tests only: microseconds per hash, same code path.
FAST_SCRYPT = ScryptCost(n=2**4, r=1, p=1)


class PasswordHasher:
    """Hashes to ``scrypt$n$r$p$salt$digest`` and verifies in constant time.

    At most ``parallel`` hashes run at once (default: one per CPU): at the strong
    cost each takes 128 MiB, and a flood of sign-ins must queue, not exhaust memory.
    """

    def __init__(self, cost: ScryptCost = STRONG_SCRYPT, parallel: int | None = None) -> None:
        self.cost = cost
        self._slots = threading.BoundedSemaphore(parallel or os.cpu_count() or 1)

    def hash(self, password: str) -> str:
        salt = secrets.token_bytes(16)
        digest = self._derive(password, salt, self.cost)
        c = self.cost
        return f"scrypt${c.n}${c.r}${c.p}${_b64(salt)}${_b64(digest)}"

    def verify(self, password: str, encoded: str) -> bool:
        _, n, r, p, salt, digest = encoded.split("$")
        cost = ScryptCost(int(n), int(r), int(p))
        candidate = self._derive(password, base64.b64decode(salt), cost)
        return hmac.compare_digest(candidate, base64.b64decode(digest))

    def _derive(self, password: str, salt: bytes, cost: ScryptCost) -> bytes:
        with self._slots:
            raw = password.encode("utf-8")
            return hashlib.scrypt(raw, salt=salt, n=cost.n, r=cost.r, p=cost.p, maxmem=cost.maxmem, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
