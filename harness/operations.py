"""One row per protocol operation: what the kit needs to know about a call beyond its signature.

The protocol (harness/protocol.py) already says each call's name, arguments, return type and
what it must do (its docstring); those are read from it, never copied. This table adds the rest:
whether the call stands for a user action (so :class:`~harness.protocol.NotOffered` is an
answer, not a crash), the capability it needs, and its route in spec/api/openapi.yaml. The guard,
the HTTP client, the recording test driver and ``conformance new-driver`` are derived from it;
tests check that it lists exactly the protocol's methods and the contract's routes.
"""

from __future__ import annotations

import functools
import inspect
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from . import protocol
from .protocol import Capability, Dialog, Driver, KeepsEvidence, SeesHttp, SeesScreen

#: Arguments never written into a message (a report is shared; a password in it would leak).
SECRET_ARGUMENTS = frozenset({"email", "password", "current", "new", "repeat", "answer"})


@dataclass(frozen=True)
class Route:
    """An operation's request in the HTTP contract; ``{dialog_id}`` stands for the open dialog."""

    method: Literal["GET", "POST", "PUT", "DELETE"]
    path: str


@dataclass(frozen=True)
class Operation:
    """One call of :class:`~harness.protocol.Driver` or :class:`~harness.protocol.Dialog`."""

    owner: type
    name: str
    #: Something a user does on a page: NotOffered is then the product's answer that it shows no such thing.
    user_action: bool
    #: The capability a driver must declare before the kit makes this call.
    capability: Capability | None = None
    #: Its request over HTTP; None when the HTTP client answers it without one request of its own.
    route: Route | None = None

    @property
    def parameters(self) -> tuple[str, ...]:
        """The argument names, in order, as the protocol declares them."""
        return tuple(p for p in _signature(self.owner, self.name).parameters if p != "self")

    @property
    def hints(self) -> dict[str, Any]:
        """The protocol's annotations of this call, resolved (``"return"`` is the return type)."""
        return _hints(self.owner, self.name)

    @functools.cached_property
    def returns(self) -> Any:
        """The protocol's return type; read on every driver call, so resolved once per operation."""
        return self.hints["return"]

    @property
    def doc(self) -> str:
        return inspect.getdoc(getattr(self.owner, self.name)) or ""

    def describe(self, args: tuple[object, ...], on: str = "") -> str:
        """The call as messages name it, secrets left out: ``enter_code('123456')``, ``sign_in('pc', …)``."""
        shown: list[str] = []
        for name, value in zip(self.parameters, args, strict=True):
            text = _shown(name, value)
            if not (text == "…" and shown[-1:] == ["…"]):  # one ellipsis for a run of secrets
                shown.append(text)
        prefix = f"{on}." if on else ""
        return f"{prefix}{self.name}({', '.join(shown)})"


def _shown(name: str, value: object) -> str:
    if name in SECRET_ARGUMENTS:
        return "…"
    if isinstance(value, Enum):
        return str(value.value)
    return repr(value)


@functools.cache
def _signature(owner: type, name: str) -> inspect.Signature:
    return inspect.signature(getattr(owner, name))


@functools.cache
def _hints(owner: type, name: str) -> dict[str, Any]:
    return typing.get_type_hints(getattr(owner, name), vars(protocol))


_DIALOG = "/dialogs/{dialog_id}"

DRIVER_OPERATIONS: tuple[Operation, ...] = (
    Operation(Driver, "create_account", user_action=False, route=Route("POST", "/accounts")),
    Operation(Driver, "sign_in", user_action=True, route=Route("POST", "/sign-in")),
    Operation(Driver, "choose_sign_in_method", user_action=True, route=Route("POST", "/sign-in/method")),
    Operation(Driver, "enter_sign_in_code", user_action=True, route=Route("POST", "/sign-in/code")),
    Operation(Driver, "is_signed_in", user_action=False, route=Route("GET", "/session")),
    Operation(Driver, "sign_out", user_action=True, route=Route("DELETE", "/session")),
    Operation(Driver, "security_section", user_action=True, route=Route("GET", "/security")),
    Operation(Driver, "change_password", user_action=True, route=Route("POST", "/security/password")),
    Operation(Driver, "open_dialog", user_action=True, route=Route("POST", "/dialogs")),
    Operation(Driver, "now", user_action=False, route=Route("GET", "/test-control/clock")),
    Operation(
        Driver,
        "advance_clock",
        user_action=False,
        capability=Capability.CLOCK_CONTROL,
        route=Route("POST", "/test-control/clock/advance"),
    ),
    # Mail arrives over SMTP, not as an answer; closing signs devices out (DELETE /session) if needed.
    Operation(Driver, "emails_to", user_action=False, capability=Capability.OUTBOX),
    Operation(Driver, "close", user_action=False),
)

DIALOG_OPERATIONS: tuple[Operation, ...] = (
    Operation(Dialog, "view", user_action=False, route=Route("GET", _DIALOG)),
    Operation(
        Dialog, "confirm_identity", user_action=True, route=Route("POST", f"{_DIALOG}/confirm-identity")
    ),
    Operation(Dialog, "submit", user_action=True, route=Route("POST", f"{_DIALOG}/submit")),
    Operation(Dialog, "request_code", user_action=True, route=Route("POST", f"{_DIALOG}/request-code")),
    Operation(Dialog, "enter_code", user_action=True, route=Route("POST", f"{_DIALOG}/enter-code")),
    Operation(Dialog, "regenerate", user_action=True, route=Route("POST", f"{_DIALOG}/regenerate")),
    Operation(Dialog, "download_text_file", user_action=True, route=Route("GET", f"{_DIALOG}/text-file")),
    Operation(Dialog, "close", user_action=False, route=Route("DELETE", _DIALOG)),
)

#: The one call of the optional :class:`~harness.protocol.SeesScreen` (drivers that see the page).
APPEARANCE = Operation(SeesScreen, "appearance", user_action=False, capability=Capability.SCREEN)
#: The one call of the optional :class:`~harness.protocol.KeepsEvidence`: made by the kit (never by a step)
#: when a step failed or broke, for the reports; a SCREEN driver without it simply leaves no evidence.
EVIDENCE = Operation(KeepsEvidence, "evidence", user_action=False, capability=Capability.SCREEN)
#: The one call of the optional :class:`~harness.protocol.SeesHttp` (drivers that talk HTTP to the product).
DIALOG_CACHING = Operation(SeesHttp, "dialog_caching", user_action=False, capability=Capability.HTTP)

DRIVER: dict[str, Operation] = {op.name: op for op in DRIVER_OPERATIONS}
DIALOG: dict[str, Operation] = {op.name: op for op in DIALOG_OPERATIONS}

#: Every new HTTP driver empties the test server first.
RESET = Route("POST", "/test-control/reset")
#: Sets the test clock to a chosen instant: for tests of a server, no driver call needs it.
SET_CLOCK = Route("PUT", "/test-control/clock")
#: The contract's routes that are no protocol operation.
OTHER_ROUTES: tuple[Route, ...] = (RESET, SET_CLOCK)


def protocol_methods(owner: type) -> list[str]:
    """The methods ``owner`` (Driver or Dialog) declares, in declaration order."""
    return [
        name for name, value in vars(owner).items() if inspect.isfunction(value) and not name.startswith("_")
    ]


def route(table: dict[str, Operation], name: str) -> Route:
    """The HTTP route of ``name`` in ``table`` (DRIVER or DIALOG); LookupError for a call without one."""
    found = table[name].route
    if found is None:
        raise LookupError(f"{name} has no route of its own in the HTTP contract")
    return found
