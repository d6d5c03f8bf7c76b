"""The reference behind the server: devices by bearer token (tokens.py), dialogs by id.

The reference driver already maps the reference onto protocol values; the
server reuses it with server-minted device names, so what goes over the wire
is exactly what the in-process run sees. There is no server-wide lock: the
reference serialises each account on its own lock (two requests spending the
same recovery or TOTP code cannot both succeed), so one account's slow mail
or password check never holds up another's request.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from harness.protocol import (
    DialogKind,
    DialogRefused,
    DialogView,
    Method,
    NotOffered,
    Outcome,
    Reason,
    SecuritySection,
    SignInResult,
    TextFile,
)
from reference_impl import (
    FAST_SCRYPT,
    STRONG_SCRYPT,
    FakeClock,
    PasswordHasher,
    SecuritySettings,
    SecuritySettingsError,
    SystemClock,
)
from reference_impl.driver import ReferenceDialog, ReferenceDriver, rejection
from reference_impl.errors import AccountExists

from .errors import ACCOUNT_EXISTS, MAIL_FAILED, NOT_FOUND, UNAUTHORIZED, ApiError
from .mail import LogOutbox, MailFailed, SmtpOutbox
from .tokens import Tokens

#: Dialog ids a device keeps: its open one and a few closed ones (issue 17, finding 9).
DIALOGS_KEPT_PER_DEVICE = 4
#: How long a token whose device is not signed in still answers after its last request (tokens.py).
#: Longer than an emailed code lives (10 minutes, I-05; NIST SP 800-63B's bound on completing an
#: authentication), so a sign-in can still be told its code expired; after it, a sign-in left
#: waiting for a code starts again from the password.
TOKEN_IDLE_LIFETIME = timedelta(minutes=15)
#: Longest-idle tokens each sign-in looks at: more than the one it may issue, so lapsed ones cannot pile up.
TOKENS_SWEPT_PER_SIGN_IN = 8


@dataclass(frozen=True)
class OpenDialog:
    device: str
    kind: DialogKind
    adapter: ReferenceDialog


class ServedReference:
    """One reference instance shared by every client of the server.

    With test control the clock is a FakeClock the client moves and hashing is cheap
    (a test stand-in); without it the clock is the system's and hashing is strong.
    """

    def __init__(self, outbox: SmtpOutbox | LogOutbox, *, test_control: bool) -> None:
        self.test_control = test_control
        self._outbox = outbox
        self._start()

    def _start(self) -> None:
        self.clock: FakeClock | SystemClock = FakeClock() if self.test_control else SystemClock()
        hasher = PasswordHasher(FAST_SCRYPT if self.test_control else STRONG_SCRYPT)
        # The reference driver's own FakeClock and outbox stay unused: the service carries ours.
        self._reference = ReferenceDriver(SecuritySettings(self.clock, self._outbox, hasher=hasher))
        self._tokens = Tokens(
            self.clock,
            TOKEN_IDLE_LIFETIME,
            signed_in=self._reference.is_signed_in,
            forget=self._forget_device,
        )
        self._dialogs: dict[str, OpenDialog] = {}
        #: Each device's dialog ids, oldest first; past DIALOGS_KEPT_PER_DEVICE the oldest is forgotten.
        self._dialogs_of: dict[str, deque[str]] = {}

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Around every request: mail the relay did not take is the contract's 503 (nothing changed)."""
        try:
            yield
        except MailFailed as exc:
            raise ApiError(MAIL_FAILED, str(exc)) from exc

    # -- accounts, sign-in, sessions --------------------------------------------------------------
    def create_account(self, email: str, password: str) -> None:
        with self._locked():
            try:
                self._reference.create_account(email, password)
            except AccountExists as exc:
                raise ApiError(ACCOUNT_EXISTS, str(exc)) from None
            except SecuritySettingsError as exc:
                raise ApiError.refused(rejection(exc)) from None

    def sign_in(self, token: str | None, email: str, password: str) -> tuple[str, SignInResult]:
        """The device's token (minted for a device the server does not know) and the result."""
        with self._locked():
            self._tokens.sweep(TOKENS_SWEPT_PER_SIGN_IN)
            known = self._tokens.device(token) if token else None
            device = known or f"device-{secrets.token_hex(8)}"
            result = self._reference.sign_in(device, email, password)
            _require(result.outcome)
            if known is None:
                token = self._tokens.issue(device)
            assert token is not None
            return token, result

    def choose_sign_in_method(self, token: str | None, method: Method) -> None:
        with self._locked():
            _require(self._reference.choose_sign_in_method(self._device(token), method))

    def enter_sign_in_code(self, token: str | None, code: str) -> None:
        with self._locked():
            _require(self._reference.enter_sign_in_code(self._device(token), code))

    def is_signed_in(self, token: str | None) -> bool:
        with self._locked():
            return self._reference.is_signed_in(self._device(token))

    def sign_out(self, token: str | None) -> None:
        with self._locked():
            self._reference.sign_out(self._device(token))

    # -- the Security section ----------------------------------------------------------------------
    def security_section(self, token: str | None) -> SecuritySection:
        with self._locked():
            try:
                return self._reference.security_section(self._device(token))
            except SecuritySettingsError as exc:
                raise ApiError.refused(rejection(exc)) from None
            except NotOffered:  # no page for a signed-out device: over HTTP, the token is not signed in
                raise ApiError(Reason.NOT_SIGNED_IN, "this device is signed out") from None

    def change_password(self, token: str | None, current: str, new: str, repeat: str) -> None:
        with self._locked():
            _require(self._reference.change_password(self._device(token), current, new, repeat))

    # -- dialogs -----------------------------------------------------------------------------------
    def open_dialog(self, token: str | None, kind: DialogKind) -> tuple[str, DialogView]:
        with self._locked():
            device = self._device(token)
            try:
                adapter = self._reference.open_dialog(device, kind)
            except DialogRefused as refused:
                raise ApiError.refused(refused.outcome) from None
            dialog_id = secrets.token_urlsafe(16)
            self._dialogs[dialog_id] = OpenDialog(device, kind, adapter)
            self._forget_old_dialogs(device, dialog_id)
            return dialog_id, adapter.view()

    def view(self, token: str | None, dialog_id: str) -> DialogView:
        with self._locked():
            return self._dialog(token, dialog_id).view()

    def act(
        self, token: str | None, dialog_id: str, action: Callable[[ReferenceDialog], Outcome]
    ) -> DialogView:
        """Run one dialog action; a refusal becomes the error, success the dialog's new view."""
        with self._locked():
            dialog = self._dialog(token, dialog_id)
            _require(action(dialog))
            return dialog.view()

    def text_file(self, token: str | None, dialog_id: str) -> TextFile:
        with self._locked():
            dialog = self._dialog(token, dialog_id)
            try:
                return dialog.download_text_file()
            except SecuritySettingsError as exc:
                raise ApiError.refused(rejection(exc)) from None

    def close_dialog(self, token: str | None, dialog_id: str) -> None:
        with self._locked():
            self._dialog(token, dialog_id).close()

    # -- test control ------------------------------------------------------------------------------
    def now(self) -> datetime:
        with self._locked():
            return self.clock.now()

    def move_clock(self, move: Callable[[FakeClock], None]) -> datetime:
        """Set or advance the fake clock; a move no clock can make is invalid input."""
        with self._locked():
            assert isinstance(self.clock, FakeClock), "test control needs the fake clock"
            try:
                move(self.clock)
            except (ValueError, OverflowError) as exc:
                raise ApiError(Reason.INVALID_INPUT, str(exc)) from None
            return self.clock.now()

    def reset(self) -> None:
        """An empty system on a clock back at its start: what a fresh in-process reference is."""
        with self._locked():
            self._reference.close()
            self._start()

    def close(self) -> None:
        with self._locked():
            self._reference.close()
            self._outbox.close()

    # -- internals ---------------------------------------------------------------------------------
    def _forget_old_dialogs(self, device: str, newest: str) -> None:
        """Closed state expires: a device has one open dialog (opening one closes the last), so only
        its newest few ids are kept, to answer "closed" for a moment; older ones answer 404."""
        ids = self._dialogs_of.setdefault(device, deque())
        ids.append(newest)
        while len(ids) > DIALOGS_KEPT_PER_DEVICE:
            self._dialogs.pop(ids.popleft(), None)

    def _forget_device(self, device: str) -> None:
        """Its token is forgotten: sign it out (abandoning any open flow) and drop its dialog ids."""
        self._reference.forget(device)
        for dialog_id in self._dialogs_of.pop(device, ()):
            self._dialogs.pop(dialog_id, None)

    def _device(self, token: str | None) -> str:
        device = self._tokens.device(token) if token else None
        if device is None:
            raise ApiError(UNAUTHORIZED, "send the bearer token POST /sign-in returned for this device")
        return device

    def _dialog(self, token: str | None, dialog_id: str) -> ReferenceDialog:
        device = self._device(token)
        dialog = self._dialogs.get(dialog_id)
        if dialog is None or dialog.device != device:  # another device's dialog is not even there
            raise ApiError(NOT_FOUND, "this device has no dialog with that id")
        return dialog.adapter


def _require(outcome: Outcome) -> None:
    if not outcome.accepted:
        raise ApiError.refused(outcome)
