"""The Security settings of a customer area, as one object.

>>> from reference_impl import SecuritySettings, FakeClock, InMemoryOutbox, FAST_SCRYPT
>>> service = SecuritySettings(FakeClock(), InMemoryOutbox(), hasher=PasswordHasher(FAST_SCRYPT))
>>> service.create_account("alice@example.com", "correct horse battery")
>>> service.sign_in("laptop", "alice@example.com", "correct horse battery").state
'signed_in'
>>> service.security_section("laptop").email_code.action
'Enable'
"""

from __future__ import annotations

import threading
from typing import TypeVar

from .account import Account
from .clock import Clock
from .context import Context, Policy
from .dialogs.base import Flow
from .dialogs.change_password import ChangePasswordDialog
from .dialogs.disable import DisableAuthenticatorAppDialog, DisableEmailCodeDialog
from .dialogs.enable_app import EnableAuthenticatorAppDialog
from .dialogs.enable_email import EnableEmailCodeDialog
from .dialogs.recovery_codes import ViewRecoveryCodesDialog
from .errors import AccountExists, InvalidAction, WeakPassword, WrongCredentials
from .lockout import Failures, counted_code_check
from .outbox import Outbox
from .passwords import PasswordHasher
from .section import SecuritySection, security_section
from .sessions import Sessions
from .signin import SignInAttempt
from .validation import address_key, require_device, require_email, require_password

F = TypeVar("F", bound=Flow)
#: Unknown addresses whose wrong sign-ins are counted; the oldest is forgotten first.
UNKNOWN_ADDRESSES_KEPT = 10_000


class SecuritySettings:
    """Accounts, device sessions, sign-in and the six dialogs of the Security section.

    Each device has at most one flow open (a dialog or a sign-in attempt):
    opening another abandons the previous one, as a browser tab would.
    """

    def __init__(
        self,
        clock: Clock,
        outbox: Outbox,
        *,
        hasher: PasswordHasher | None = None,
        policy: Policy | None = None,
    ) -> None:
        self._ctx = Context(
            clock=clock, outbox=outbox, hasher=hasher or PasswordHasher(), policy=policy or Policy()
        )
        self._accounts: dict[str, Account] = {}
        self._sessions = Sessions()
        self._open: dict[str, Flow] = {}
        #: Guards the two tables above for a dictionary operation only; never held while hashing,
        #: mailing or taking an account's lock.
        self._registry = threading.Lock()
        self._unknown_failures: dict[str, Failures] = {}
        # Compared against when the address is unknown, so timing does not reveal which addresses exist.
        self._decoy_hash = self._ctx.hasher.hash("decoy password")

    # -- accounts and devices ---------------------------------------------------
    def create_account(self, email: object, password: object) -> None:
        """Register an address with a password; no MFA method is active."""
        address, secret = require_email(email), require_password(password)
        if address_key(address) in self._accounts:
            raise AccountExists(f"{address} is already registered")
        if len(secret) < self._ctx.policy.min_password_length:
            raise WeakPassword(f"use at least {self._ctx.policy.min_password_length} characters")
        hashed = self._ctx.hasher.hash(secret)  # outside every lock: hashing is the slow part
        with self._registry:
            if address_key(address) in self._accounts:  # registered by a parallel request meanwhile
                raise AccountExists(f"{address} is already registered")
            self._accounts[address_key(address)] = Account(
                email=address, password_hash=hashed, password_changed_at=self._ctx.now()
            )

    def sign_in(self, device: object, email: object, password: object) -> SignInAttempt:
        """Check the password; the attempt is signed in already when no method is active.

        The hash is compared outside every lock, against the hash read before; a
        password changed meanwhile makes the comparison count for nothing.
        """
        name, address, secret = require_device(device), require_email(email), require_password(password)
        account = self._accounts.get(address_key(address))
        stored = account.password_hash if account else self._decoy_hash
        # Refused unchecked while a wait runs, before any hashing: a flood of guesses costs little.
        with counted_code_check(self._ctx, self._password_failures(address, account)):
            if not self._ctx.hasher.verify(secret, stored) or account is None:
                raise WrongCredentials("the email address or password is wrong")
        self._close_flow(name)
        with account.lock:
            if account.password_hash != stored:
                raise WrongCredentials("the email address or password is wrong")
            initial = "signed_in" if not account.active_methods() else "method_choice"
            attempt = self._replace_flow(name, SignInAttempt, account, initial=initial)
            if attempt.finished:
                self._sessions.start(name, account)
        return attempt

    def _password_failures(self, address: str, account: Account | None) -> Failures:
        """The sign-in password count: the account's, or one per unknown address (so a wait does not
        tell which addresses exist), kept for the most recent addresses only."""
        if account is not None:
            return account.sign_in_password_failures
        with self._registry:
            failures = self._unknown_failures.pop(address_key(address), None) or Failures()
            self._unknown_failures[address_key(address)] = failures
            while len(self._unknown_failures) > UNKNOWN_ADDRESSES_KEPT:
                del self._unknown_failures[next(iter(self._unknown_failures))]
        return failures

    def is_signed_in(self, device: object) -> bool:
        return self._sessions.is_signed_in(require_device(device))

    def sign_out(self, device: object) -> None:
        name = require_device(device)
        self._close_flow(name)
        self._sessions.end(name)

    def security_section(self, device: object) -> SecuritySection:
        account = self._account_of(device)
        with account.lock:
            return security_section(account)

    # -- the six dialogs ---------------------------------------------------------
    def change_password(self, device: object) -> ChangePasswordDialog:
        return self._open_dialog(device, ChangePasswordDialog)

    def enable_email_code(self, device: object) -> EnableEmailCodeDialog:
        return self._open_dialog(device, EnableEmailCodeDialog, needs_email=False)

    def enable_authenticator_app(self, device: object) -> EnableAuthenticatorAppDialog:
        return self._open_dialog(device, EnableAuthenticatorAppDialog, needs_app=False)

    def view_recovery_codes(self, device: object) -> ViewRecoveryCodesDialog:
        return self._open_dialog(device, ViewRecoveryCodesDialog, needs_app=True)

    def disable_email_code(self, device: object) -> DisableEmailCodeDialog:
        return self._open_dialog(device, DisableEmailCodeDialog, needs_email=True)

    def disable_authenticator_app(self, device: object) -> DisableAuthenticatorAppDialog:
        return self._open_dialog(device, DisableAuthenticatorAppDialog, needs_app=True)

    def close(self) -> None:
        """Abandon every open flow (they leave the shared machines)."""
        with self._registry:
            devices = list(self._open)
        for device in devices:
            self._close_flow(device)

    # -- internals ---------------------------------------------------------------
    def _account_of(self, device: object) -> Account:
        return self._sessions.account_for(require_device(device))

    def _open_dialog(
        self, device: object, kind: type[F], *, needs_email: bool | None = None, needs_app: bool | None = None
    ) -> F:
        name = require_device(device)
        account = self._account_of(name)
        with account.lock:
            self._sessions.account_for(name)  # still signed in, now that this account's lock is held
            _require_method_state(account.email_code is not None, needs_email, "Email Code")
            _require_method_state(account.authenticator_app is not None, needs_app, "Authenticator App Code")
            return self._replace_flow(name, kind, account)

    def _replace_flow(self, device: str, kind: type[F], account: Account, initial: str | None = None) -> F:
        """Build ``kind`` (the caller holds the account's lock) as the device's open flow.

        The seam mutants use to build their own flow in place of ``kind``.
        """
        flow = kind(self._ctx, self._sessions, device, account, initial=initial)
        self._keep_open(device, flow)
        return flow

    def _keep_open(self, device: str, flow: Flow) -> None:
        """Remember ``flow`` as the device's open one; one opened meanwhile by a parallel request closes."""
        with self._registry:
            previous = self._open.pop(device, None)
            if not flow.finished:
                self._open[device] = flow
        if previous is not None and previous is not flow:
            previous.close()

    def _close_flow(self, device: str) -> None:
        with self._registry:
            flow = self._open.pop(device, None)
        if flow is not None:
            # Closing (not merely releasing) moves it to ``closed``, so an abandoned dialog
            # refuses every further trigger instead of still acting on the account.
            flow.close()


def _require_method_state(active: bool, wanted: bool | None, label: str) -> None:
    if wanted is not None and active != wanted:
        raise InvalidAction(f"{label} is {'not ' if wanted else 'already '}active")
