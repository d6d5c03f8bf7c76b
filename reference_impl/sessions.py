"""Which device is signed in to which account.

A device is named by the caller ("Alice's laptop"); it holds at most one
session. Dialogs re-check their session on every action, so a device signed
out by a password change elsewhere cannot finish a dialog it had open.
"""

from __future__ import annotations

from .account import Account
from .errors import NotSignedIn


class Sessions:
    def __init__(self) -> None:
        self._by_device: dict[str, Account] = {}

    def start(self, device: str, account: Account) -> None:
        self._by_device[device] = account

    def end(self, device: str) -> None:
        self._by_device.pop(device, None)

    def account_for(self, device: str) -> Account:
        try:
            return self._by_device[device]
        except KeyError:
            raise NotSignedIn(f"{device!r} is not signed in") from None

    def is_signed_in(self, device: str) -> bool:
        return device in self._by_device

    def require(self, device: str, account: Account) -> None:
        """Raise NotSignedIn unless ``device`` is still signed in to ``account``."""
        if self._by_device.get(device) is not account:
            raise NotSignedIn(f"{device!r} is no longer signed in to this account")

    def end_all_except(self, account: Account, keep: str) -> tuple[str, ...]:
        """Sign ``account`` out everywhere but ``keep``; returns the devices signed out."""
        ended = tuple(d for d, a in self._by_device.items() if a is account and d != keep)
        for device in ended:
            del self._by_device[device]
        return ended
