"""What the six dialogs (and sign-in) share: one ``transitions`` Machine per
kind, a typed error for a trigger the state does not allow, the attempt limit,
and the session re-check on every read and every action: a dialog whose
device was signed out closes itself and shows nothing more.

Each dialog module declares ``STATES`` and ``TRANSITIONS`` in the doc's own
words (trigger names are the button labels, e.g. ``"Request Code"``) and builds
one :class:`FlowMachine` shared by every dialog of that kind: models join it
with ``add_model`` (~14 µs, against ~800 µs for a machine per dialog) and leave
it when they reach a final state or are replaced, so the machine holds only
open dialogs.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from transitions import Event, Machine

from ..account import Account
from ..context import Context
from ..errors import InvalidAction, NotSignedIn, TooManyAttempts, WrongCode, WrongPassword
from ..lockout import Failures
from ..sessions import Sessions

CLOSE = "Close"
LOCK_OUT = "Lock out"
#: States in which a flow is over; ``Close`` and ``Lock out`` lead here from every other state.
CLOSED, LOCKED = "closed", "locked"


class _StrictEvent(Event):
    """Raises our typed InvalidAction (not transitions' MachineError) for a trigger the state lacks."""

    def _is_valid_source(self, state: Any) -> bool:
        if state.name not in self.transitions:
            raise InvalidAction(f"{self.name!r} is not available at {state.name!r}")
        return True


class FlowMachine(Machine):
    """A machine whose models are driven only through ``events[trigger]`` (see :meth:`Flow._trigger`).

    transitions gives every model it adds a convenience attribute per trigger and
    per state (``is_<state>``, ``may_<trigger>``, and ``"Enter code"``, a name no
    code can call as a method) and looks for ``on_enter_<state>`` methods: most of
    ``add_model``'s cost, paid by every dialog that opens. Dialogs use none of them
    and declare their callbacks in ``TRANSITIONS`` (tests/test_reference_dialog_machine.py
    holds them to that), so models join without them.
    """

    event_cls = _StrictEvent

    def _checked_assignment(self, model: Any, name: str, func: Any) -> None:
        """No convenience attribute on the model."""

    def _add_model_to_state(self, state: Any, model: Any) -> None:
        """No ``is_<state>`` attribute and no callbacks found by method name."""


def machine_config(
    states: list[str], transitions: list[dict[str, Any]], finished: list[str]
) -> dict[str, Any]:
    """States and transitions plus Close and Lock out from every unfinished state.

    Returned as plain keyword arguments so docs/state-machines.md can draw the
    very same definition with a GraphMachine.
    """
    final = [*finished, CLOSED, LOCKED]
    open_states = [s for s in states if s not in final]
    return {
        "states": [*states, CLOSED, LOCKED],
        "transitions": [
            *transitions,
            {"trigger": CLOSE, "source": open_states, "dest": CLOSED},
            {"trigger": LOCK_OUT, "source": open_states, "dest": LOCKED},
        ],
        "initial": states[0],
        "auto_transitions": False,
    }


def build_machine(config: dict[str, Any]) -> FlowMachine:
    return FlowMachine(model=None, **config)


class Flow:
    """A model driven by a shared machine; subclasses set ``MACHINE`` and ``FINAL_STATES``."""

    MACHINE: ClassVar[FlowMachine]
    FINAL_STATES: ClassVar[frozenset[str]] = frozenset({CLOSED, LOCKED})
    state: str  # maintained by transitions

    def __init__(
        self, ctx: Context, sessions: Sessions, device: str, account: Account, initial: str | None = None
    ) -> None:
        self._ctx = ctx
        self._sessions = sessions
        self.device = device
        self.account = account
        self.failed_attempts = 0
        #: The sign-in this flow belongs to; a later sign-in of the same device is another one.
        self._session = sessions.current(device)
        self._released = False
        self.MACHINE.add_model(self, initial=initial)
        try:
            self._on_open()
        except BaseException:
            self.release()  # a dialog that failed to open (its mail did not go) leaves no model behind
            raise
        if self.finished:
            self.release()

    def _on_open(self) -> None:
        """What happens as the dialog opens (for example: a code is emailed)."""

    @property
    def finished(self) -> bool:
        return self.state in self.FINAL_STATES

    def close(self) -> None:
        """Close the dialog (or abandon the sign-in); a finished flow ignores it."""
        with self.account.lock:
            if not self.finished:
                self._trigger(CLOSE)

    def still_open(self) -> bool:
        """False once finished; a flow whose device was signed out (or whose subject is gone) closes first.

        Every read of what a dialog shows goes through here, so a signed-out
        device's dialog shows nothing, not even what it showed a moment ago.
        """
        with self.account.lock:
            with contextlib.suppress(NotSignedIn):
                self._close_if_over()
            return not self.finished

    def _close_if_over(self) -> None:
        """Close a flow whose subject is gone; raise NotSignedIn if its device's session is what ended."""
        if not self.finished and not self._valid():
            self._trigger(CLOSE)
            self._check_session()

    def _valid(self) -> bool:
        try:
            self._check_session()
        except NotSignedIn:
            return False
        return True

    def release(self) -> None:
        """Leave the shared machine; called when finished or replaced by a newer flow."""
        if not self._released:
            self._released = True
            self.MACHINE.remove_model(self)

    def _check_session(self) -> None:
        self._sessions.require(self._session)

    @property
    def failures(self) -> Failures:
        """Where this flow's wrong codes count: its session's count (lockout.py)."""
        self._check_session()
        assert self._session is not None
        return self._session.code_failures

    @property
    def password_failures(self) -> Failures:
        """Where this flow's wrong passwords count: its session's count (lockout.py)."""
        self._check_session()
        assert self._session is not None
        return self._session.password_failures

    def _device_signed_out(self) -> bool:
        return not self._sessions.is_signed_in(self.device)

    def _fire(self, trigger: str, *args: object) -> None:
        """Run ``trigger``; wrong passwords and codes count towards the attempt limit."""
        with self.account.lock:
            self._close_if_over()  # a flow that is over refuses the trigger as unavailable...
            if self.finished and self._device_signed_out():
                raise NotSignedIn("this device is signed out: sign in again")  # ...unless signed out
            try:
                self._trigger(trigger, *args)
            except (WrongPassword, WrongCode) as exc:
                if not exc.counts:
                    raise
                self.failed_attempts += 1
                if self.failed_attempts >= self._ctx.policy.attempt_limit:
                    self._trigger(LOCK_OUT)
                    raise TooManyAttempts(
                        f"{self.failed_attempts} wrong attempts: start again ({exc})"
                    ) from exc
                raise

    def _trigger(self, trigger: str, *args: object) -> None:
        self.MACHINE.events[trigger].trigger(self, *args)
        if self.finished:
            self.release()

    def _require_state(self, *states: str, what: str) -> None:
        """For reads: nothing is shown on a signed-out device (the flow closes) or outside ``states``."""
        with self.account.lock:
            self._close_if_over()
        if self.state not in states:
            raise InvalidAction(f"{what} is not shown at {self.state!r}")
