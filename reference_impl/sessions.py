"""Which device is signed in to which account.

A device is named by the caller ("Alice's laptop"); it holds at most one
session. Each sign-in starts a new :class:`Session` object, and a flow keeps
the one it was opened in: a device signed out (by a password change
elsewhere, or by signing out) and signed in again does not bring its old
dialogs back to life.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from .account import Account
from .errors import NotSignedIn
from .lockout import Failures


@dataclass(eq=False)
class Session:
    """One sign-in of one device; compared by identity."""

    device: str
    account: Account
    #: Wrong codes, and wrong passwords, given in this session's dialogs, however many were opened
    #: (lockout.py). Apart, so the password this session's holder knows cannot reset a code count.
    code_failures: Failures = field(default_factory=Failures)
    password_failures: Failures = field(default_factory=Failures)


class Sessions:
    """Thread-safe: each method holds the table's own lock for a dictionary operation, nothing longer."""

    def __init__(self) -> None:
        self._by_device: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, device: str, account: Account) -> Session:
        session = Session(device, account)
        with self._lock:
            self._by_device[device] = session
        return session

    def end(self, device: str) -> None:
        with self._lock:
            self._by_device.pop(device, None)

    def current(self, device: str) -> Session | None:
        """The device's session now, None when it is signed out."""
        return self._by_device.get(device)

    def account_for(self, device: str) -> Account:
        session = self._by_device.get(device)
        if session is None:
            raise NotSignedIn(f"{device!r} is not signed in")
        return session.account

    def is_signed_in(self, device: str) -> bool:
        return device in self._by_device

    def require(self, session: Session | None) -> None:
        """Raise NotSignedIn unless ``session`` is still its device's session."""
        if session is None or self._by_device.get(session.device) is not session:
            raise NotSignedIn("this device is no longer signed in: sign in again")

    def end_all_except(self, account: Account, keep: str) -> tuple[str, ...]:
        """Sign ``account`` out everywhere but ``keep``; returns the devices signed out."""
        with self._lock:
            ended = tuple(d for d, s in self._by_device.items() if s.account is account and d != keep)
            for device in ended:
                del self._by_device[device]
        return ended
