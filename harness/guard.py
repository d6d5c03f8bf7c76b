"""The only object step definitions hold: a Driver behind a guard.

It turns anything a driver does outside the protocol into
:class:`~harness.errors.DriverBroken` (a BROKEN scenario, not a FAILED rule):
an exception other than the contract's two answers (:class:`NotOffered`,
:class:`DialogRefused`), or a value whose shape — nested fields included —
the protocol does not allow. A call that needs an undeclared capability
becomes :class:`~harness.errors.NotApplicable`; a driver that raises
NotApplicable itself (for a capability it declared) is BROKEN, or it could
turn any scenario into "not applicable".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from .errors import DriverBroken, NotApplicable
from .protocol import (
    Appearance,
    Capability,
    Dialog,
    DialogKind,
    DialogRefused,
    DialogView,
    Driver,
    Email,
    Method,
    NotOffered,
    Outcome,
    Prompt,
    SecuritySection,
    SeesScreen,
    SignInResult,
    TextFile,
)
from .shapes import shape_problem

T = TypeVar("T")


def call(what: str, action: Callable[[], Any], expect: type[T] | tuple[type, ...]) -> T:
    """Run one driver call; anything but a value of the protocol's shape ``expect`` is BROKEN."""
    try:
        result = action()
    except (DialogRefused, NotOffered):
        raise
    except NotApplicable as exc:
        raise DriverBroken(
            f"{what} raised NotApplicable ({exc.capability.value}): a driver must not refuse a capability "
            "it declares; leave it out of `capabilities` instead"
        ) from exc
    except Exception as exc:
        raise DriverBroken(f"{what} raised {type(exc).__name__}: {exc}") from exc
    if not isinstance(result, expect):
        raise DriverBroken(f"{what} returned {type(result).__name__}, which is not a {_names(expect)}")
    problem = shape_problem(result)
    if problem:
        raise DriverBroken(f"{what} returned a {type(result).__name__} outside the protocol: {problem}")
    return result  # type: ignore[return-value]


def _names(expect: type | tuple[type, ...]) -> str:
    types = expect if isinstance(expect, tuple) else (expect,)
    return " or ".join(t.__name__ for t in types)


class GuardedDialog:
    def __init__(self, kind: DialogKind, dialog: Dialog) -> None:
        self.kind = kind
        self._dialog = dialog

    def view(self) -> DialogView:
        return call(f"{self.kind}.view()", self._dialog.view, DialogView)

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        return call(
            f"{self.kind}.confirm_identity(…, {prompt})",
            lambda: self._dialog.confirm_identity(answer, prompt),
            Outcome,
        )

    def submit(self) -> Outcome:
        return call(f"{self.kind}.submit()", self._dialog.submit, Outcome)

    def request_code(self) -> Outcome:
        return call(f"{self.kind}.request_code()", self._dialog.request_code, Outcome)

    def enter_code(self, code: str) -> Outcome:
        return call(f"{self.kind}.enter_code({code!r})", lambda: self._dialog.enter_code(code), Outcome)

    def regenerate(self) -> Outcome:
        return call(f"{self.kind}.regenerate()", self._dialog.regenerate, Outcome)

    def download_text_file(self) -> TextFile:
        return call(f"{self.kind}.download_text_file()", self._dialog.download_text_file, TextFile)

    def close(self) -> None:
        call(f"{self.kind}.close()", self._dialog.close, type(None))


class GuardedDriver:
    """Same calls as :class:`~harness.protocol.Driver`, each checked."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self.capabilities = call("capabilities", lambda: frozenset(driver.capabilities), frozenset)

    def require(self, capability: Capability) -> None:
        if capability not in self.capabilities:
            raise NotApplicable(capability)

    def create_account(self, email: str, password: str) -> None:
        call("create_account(…)", lambda: self.driver.create_account(email, password), type(None))

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        return call(
            f"sign_in({device!r}, …)", lambda: self.driver.sign_in(device, email, password), SignInResult
        )

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        return call(
            f"choose_sign_in_method({device!r}, {method})",
            lambda: self.driver.choose_sign_in_method(device, method),
            Outcome,
        )

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        return call(
            f"enter_sign_in_code({device!r}, {code!r})",
            lambda: self.driver.enter_sign_in_code(device, code),
            Outcome,
        )

    def is_signed_in(self, device: str) -> bool:
        return call(f"is_signed_in({device!r})", lambda: self.driver.is_signed_in(device), bool)

    def sign_out(self, device: str) -> None:
        call(f"sign_out({device!r})", lambda: self.driver.sign_out(device), type(None))

    def security_section(self, device: str) -> SecuritySection:
        return call(
            f"security_section({device!r})", lambda: self.driver.security_section(device), SecuritySection
        )

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        return call(
            f"change_password({device!r}, …)",
            lambda: self.driver.change_password(device, current, new, repeat),
            Outcome,
        )

    def open_dialog(self, device: str, kind: DialogKind) -> GuardedDialog:
        dialog = call(
            f"open_dialog({device!r}, {kind})", lambda: self.driver.open_dialog(device, kind), object
        )
        if not isinstance(dialog, Dialog):
            raise DriverBroken(f"open_dialog({kind}) returned {type(dialog).__name__}, which is not a Dialog")
        return GuardedDialog(kind, dialog)

    def now(self) -> datetime:
        now = call("now()", self.driver.now, datetime)
        if now.tzinfo is None:
            raise DriverBroken("now() returned a naive datetime; the protocol needs a timezone-aware one")
        return now

    def advance_clock(self, seconds: float) -> None:
        self.require(Capability.CLOCK_CONTROL)
        call(f"advance_clock({seconds})", lambda: self.driver.advance_clock(seconds), type(None))

    def emails_to(self, address: str) -> Sequence[Email]:
        self.require(Capability.OUTBOX)
        emails = call(f"emails_to({address!r})", lambda: list(self.driver.emails_to(address)), list)
        if not all(isinstance(e, Email) for e in emails):
            raise DriverBroken("emails_to() returned something that is not an Email")
        return emails

    def appearance(self, device: str) -> Appearance:
        """How ``device``'s screen looks (needs SCREEN: a driver that sees no page is NOT-APPLICABLE)."""
        self.require(Capability.SCREEN)
        if not isinstance(self.driver, SeesScreen):
            raise DriverBroken("the driver declares SCREEN but has no appearance(device) method")
        sees = self.driver
        return call(f"appearance({device!r})", lambda: sees.appearance(device), Appearance)

    def close(self) -> None:
        call("close()", self.driver.close, type(None))
