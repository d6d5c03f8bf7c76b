"""Bearer tokens: the device each names, forgotten once idle while the device is not signed in.

Issue 17, finding 9. A token is its device's credential for as long as the
device is signed in (sessions last until sign-out, I-17). Once it is not —
signed out, signed out by a password change elsewhere, or a sign-in that never
got its code — the token still answers as before for ``idle_lifetime`` after
its last request, so a client finishing its flow sees no change; then it is
forgotten, with its device, and answers as a token never issued.

Forgetting is lazy, with no thread: a request finds its own token lapsed, and
each sign-in (the only request that issues tokens) looks at a few of the
longest-idle ones. The table is kept least recently used first, so a look is
O(1) and stops at the first token still in its lifetime. A lapsed token whose
device is still signed in counts as used at that look, so the devices signed
in cost one look per lifetime each. Memory is then bounded by the devices
signed in plus the tokens used within the last lifetime.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from reference_impl.clock import Clock


@dataclass
class _Use:
    device: str
    last: datetime


class Tokens:
    """Thread-safe; ``signed_in`` is called under the table's lock (keep it a lookup), ``forget`` outside it.

    >>> from reference_impl import FakeClock
    >>> clock, forgotten = FakeClock(), []
    >>> tokens = Tokens(clock, timedelta(minutes=15), signed_in=lambda d: False, forget=forgotten.append)
    >>> token = tokens.issue("device-1")
    >>> clock.advance(15 * 60); tokens.device(token)
    'device-1'
    >>> clock.advance(15 * 60 + 1); tokens.device(token), forgotten
    (None, ['device-1'])
    """

    def __init__(
        self,
        clock: Clock,
        idle_lifetime: timedelta,
        *,
        signed_in: Callable[[str], bool],
        forget: Callable[[str], None],
    ) -> None:
        self._clock, self._lifetime = clock, idle_lifetime
        self._signed_in, self._forget = signed_in, forget
        #: By token, least recently used first.
        self._uses: OrderedDict[str, _Use] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._uses)

    def issue(self, device: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._uses[token] = _Use(device, self._clock.now())
        return token

    def device(self, token: str) -> str | None:
        """The token's device, the token counting as used now; None if never issued or forgotten."""
        now = self._clock.now()
        with self._lock:
            use = self._uses.get(token)
            if use is None:
                return None
            if not self._lapsed(use, now):
                use.last = now
                self._uses.move_to_end(token)
                return use.device
            del self._uses[token]
        self._forget(use.device)
        return None

    def sweep(self, most: int) -> None:
        """Look at up to ``most`` of the longest-idle tokens: forget the lapsed ones."""
        now = self._clock.now()
        forgotten: list[str] = []
        with self._lock:
            for _ in range(most):
                if not self._uses:
                    break
                token, use = next(iter(self._uses.items()))
                if now - use.last <= self._lifetime:
                    break  # every token after this one was used more recently
                if self._lapsed(use, now):
                    del self._uses[token]
                    forgotten.append(use.device)
                else:  # its device is signed in: look again one lifetime from now
                    use.last = now
                    self._uses.move_to_end(token)
        for device in forgotten:
            self._forget(device)

    def _lapsed(self, use: _Use, now: datetime) -> bool:
        return now - use.last > self._lifetime and not self._signed_in(use.device)
