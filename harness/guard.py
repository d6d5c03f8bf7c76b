"""The only object step definitions hold: a Driver behind a guard.

It turns anything a driver does outside the protocol into
:class:`~harness.errors.DriverBroken` (a BROKEN scenario, not a FAILED rule):
an exception other than the contract's two answers (:class:`NotOffered`,
:class:`DialogRefused`), or a value whose shape — nested fields included —
the protocol does not allow. A call that needs an undeclared capability
becomes :class:`~harness.errors.NotApplicable`; a driver that raises
NotApplicable itself (for a capability it declared) is BROKEN, or it could
turn any scenario into "not applicable"; so is NotOffered from a call that
stands for no user action (``now()``, ``view()``). What each call expects is
read from the protocol and harness/operations.py, not written out here: the
methods below only give the checked calls their static types.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from .errors import DriverBroken, NotApplicable
from .operations import APPEARANCE, DIALOG, DIALOG_CACHING, DRIVER, EVIDENCE, Operation
from .protocol import (
    Appearance,
    Capability,
    Dialog,
    DialogKind,
    DialogRefused,
    DialogView,
    Driver,
    Email,
    Evidence,
    KeepsEvidence,
    Method,
    NotOffered,
    Outcome,
    Prompt,
    SecuritySection,
    SeesHttp,
    SeesScreen,
    SignInResult,
    TextFile,
)
from .shapes import shape_problem


def call(op: Operation, args: tuple[object, ...], action: Callable[[], Any], on: str = "") -> Any:
    """Run one driver call; anything but an answer of the protocol's shape for ``op`` is BROKEN.

    The call's description is written only for a message: every scenario step and journey action
    makes a dozen calls, and describing each one up front cost a simulated journey 5 % of its time.
    """
    try:
        result = action()
    except DialogRefused:
        raise
    except NotOffered as exc:
        if op.user_action:
            raise
        raise DriverBroken(
            f"{op.describe(args, on)} raised NotOffered ({exc.what}): only a call that stands for a user "
            "action may say the product shows no such thing"
        ) from exc
    except NotApplicable as exc:
        raise DriverBroken(
            f"{op.describe(args, on)} raised NotApplicable ({exc.capability.value}): a driver must not "
            "refuse a capability it declares; leave it out of `capabilities` instead"
        ) from exc
    except Exception as exc:
        raise DriverBroken(f"{op.describe(args, on)} raised {type(exc).__name__}: {exc}") from exc
    problem, as_list = _answer_check(op.returns)(result)
    if problem:
        raise DriverBroken(f"{op.describe(args, on)} {problem}")
    return list(cast(Sequence[object], result)) if as_list else result


@functools.cache
def _answer_check(expected: Any) -> Callable[[object], tuple[str | None, bool]]:
    """For the protocol's return type ``expected``: what is wrong with an answer (None when nothing
    is), and whether the steps get it as a list (``Sequence[Email]``: any sequence of them). Built
    once per type, as harness/shapes.py builds its field checks: it runs on every driver call."""
    origin = typing.get_origin(expected)
    if origin is types.UnionType:  # str | None: one of the plain types it names
        options = typing.get_args(expected)
        named = " or ".join("None" if o is type(None) else o.__name__ for o in options)

        def one_of(result: object) -> tuple[str | None, bool]:
            if isinstance(result, options):
                return None, False
            return f"returned {type(result).__name__}, which is not {named}", False

        return one_of
    if origin is not None:  # Sequence[Email]
        item = typing.get_args(expected)[0]

        def sequence(result: object) -> tuple[str | None, bool]:
            if not isinstance(result, origin) or isinstance(result, str | bytes):
                return f"returned {type(result).__name__}, which is not a sequence", True
            if not all(isinstance(element, item) for element in result):
                return f"returned something that is not a {item.__name__}", True
            return None, True

        return sequence
    nested = dataclasses.is_dataclass(expected)

    def plain(result: object) -> tuple[str | None, bool]:
        if not isinstance(result, expected):
            return f"returned {type(result).__name__}, which is not a {expected.__name__}", False
        problem = shape_problem(result) if nested else None
        return (
            f"returned a {type(result).__name__} outside the protocol: {problem}" if problem else None
        ), False

    return plain


class GuardedDialog:
    """Same calls as :class:`~harness.protocol.Dialog`, each checked."""

    def __init__(self, kind: DialogKind, dialog: Dialog) -> None:
        self.kind = kind
        self._dialog = dialog

    def _call(self, name: str, *args: object) -> Any:
        return call(DIALOG[name], args, lambda: getattr(self._dialog, name)(*args), on=self.kind)

    def view(self) -> DialogView:
        return cast(DialogView, self._call("view"))

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        return cast(Outcome, self._call("confirm_identity", answer, prompt))

    def submit(self) -> Outcome:
        return cast(Outcome, self._call("submit"))

    def request_code(self) -> Outcome:
        return cast(Outcome, self._call("request_code"))

    def enter_code(self, code: str) -> Outcome:
        return cast(Outcome, self._call("enter_code", code))

    def regenerate(self) -> Outcome:
        return cast(Outcome, self._call("regenerate"))

    def download_text_file(self) -> TextFile:
        return cast(TextFile, self._call("download_text_file"))

    def close(self) -> None:
        self._call("close")


class GuardedDriver:
    """Same calls as :class:`~harness.protocol.Driver`, each checked."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        #: The instant a controlled clock stands at until the kit moves it (see :meth:`now`).
        self._still: datetime | None = None
        try:
            self.capabilities = frozenset(driver.capabilities)
        except Exception as exc:
            raise DriverBroken(f"capabilities raised {type(exc).__name__}: {exc}") from exc
        if not all(isinstance(c, Capability) for c in self.capabilities):
            raise DriverBroken(
                f"capabilities holds {sorted(map(repr, self.capabilities))}, not only Capability"
            )

    def require(self, capability: Capability) -> None:
        if capability not in self.capabilities:
            raise NotApplicable(capability)

    def _call(self, name: str, *args: object) -> Any:
        op = DRIVER[name]
        if op.capability is not None:
            self.require(op.capability)
        return call(op, args, lambda: getattr(self.driver, name)(*args))

    def create_account(self, email: str, password: str) -> None:
        self._call("create_account", email, password)

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        return cast(SignInResult, self._call("sign_in", device, email, password))

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        return cast(Outcome, self._call("choose_sign_in_method", device, method))

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        return cast(Outcome, self._call("enter_sign_in_code", device, code))

    def is_signed_in(self, device: str) -> bool:
        return cast(bool, self._call("is_signed_in", device))

    def sign_out(self, device: str) -> None:
        self._call("sign_out", device)

    def security_section(self, device: str) -> SecuritySection:
        return cast(SecuritySection, self._call("security_section", device))

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        return cast(Outcome, self._call("change_password", device, current, new, repeat))

    def open_dialog(self, device: str, kind: DialogKind) -> GuardedDialog:
        return GuardedDialog(kind, cast(Dialog, self._call("open_dialog", device, kind)))

    def now(self) -> datetime:
        """The product's time, read once after each move of a clock the kit controls.

        With CLOCK_CONTROL the clock stands still between moves (the contract,
        docs/writing-a-driver.md), so every read until the next ``advance_clock``
        would give the same instant: a simulated journey asked about three times
        an action. Without it, ``now()`` is the product's running clock, read
        every time.
        """
        if self._still is not None:
            return self._still
        now = cast(datetime, self._call("now"))
        if now.tzinfo is None:
            raise DriverBroken("now() returned a naive datetime; the protocol needs a timezone-aware one")
        if Capability.CLOCK_CONTROL in self.capabilities:
            self._still = now
        return now

    def advance_clock(self, seconds: float) -> None:
        self._still = None  # first: a move that fails half-way leaves no stale instant behind
        self._call("advance_clock", seconds)

    def emails_to(self, address: str) -> Sequence[Email]:
        return cast(list[Email], self._call("emails_to", address))

    def appearance(self, device: str) -> Appearance:
        """How ``device``'s screen looks (needs SCREEN: a driver that sees no page is NOT-APPLICABLE)."""
        self.require(Capability.SCREEN)
        if not isinstance(self.driver, SeesScreen):
            raise DriverBroken("the driver declares SCREEN but has no appearance(device) method")
        sees = self.driver
        return cast(Appearance, call(APPEARANCE, (device,), lambda: sees.appearance(device)))

    def evidence(self) -> Evidence | None:
        """What the screen shows after a failing step; None from a driver without SCREEN or ``evidence()``.

        The kit's own call (harness/evidence.py), never a step's: a driver may leave it out.
        """
        if Capability.SCREEN not in self.capabilities or not isinstance(self.driver, KeepsEvidence):
            return None
        keeps = self.driver
        return cast(Evidence, call(EVIDENCE, (), lambda: keeps.evidence()))

    def dialog_caching(self, device: str) -> str | None:
        """The caching of the answer that showed ``device`` its dialog (needs HTTP: else NOT-APPLICABLE)."""
        self.require(Capability.HTTP)
        if not isinstance(self.driver, SeesHttp):
            raise DriverBroken("the driver declares HTTP but has no dialog_caching(device) method")
        sees = self.driver
        return cast("str | None", call(DIALOG_CACHING, (device,), lambda: sees.dialog_caching(device)))

    def close(self) -> None:
        self._call("close")
