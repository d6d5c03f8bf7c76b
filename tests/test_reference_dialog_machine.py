"""The dialogs' shared transitions machines: callbacks are declared, never found by method name.

FlowMachine adds models without transitions' convenience attributes and without
looking for ``on_enter_<state>``/``on_exit_<state>`` methods (reference_impl/dialogs/base.py).
A dialog or mutant with such a method would silently lose that behaviour: it fails here. One
that called a convenience attribute would fail in its own tests, with an AttributeError. And
the overrides replace private methods of transitions: if a release renamed them, the first
test below fails instead of the dialogs quietly paying for the attributes again.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest

import reference_impl
from reference_impl.dialogs.base import Flow

for module in pkgutil.walk_packages(reference_impl.__path__, "reference_impl."):
    if not module.name.endswith(".__main__"):  # a command, not a module to import
        importlib.import_module(module.name)


def _flows(cls: type[Flow] = Flow) -> Iterator[type[Flow]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _flows(sub)


#: The reference's own, all imported above: test doubles elsewhere may subclass Flow too, and whether
#: their modules are loaded yet depends on which tests ran first in this process.
FLOWS = sorted(
    {flow for flow in _flows() if flow.__module__.startswith("reference_impl.")},
    key=lambda c: f"{c.__module__}.{c.__qualname__}",
)


def _callbacks(flow: type[Flow]) -> Iterator[str]:
    for event in flow.MACHINE.events.values():
        for transitions in event.transitions.values():
            for transition in transitions:
                yield from (*transition.prepare, *transition.before, *transition.after)
                yield from (condition.func for condition in transition.conditions)
    for state in flow.MACHINE.states.values():
        yield from (*state.on_enter, *state.on_exit)


def test_an_open_dialog_has_no_convenience_attributes(ref_kit):
    dialog = ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    assert dialog.state == "identity_confirmation"  # the machine did add it
    present = [
        name
        for name in ("trigger", "may_trigger", "Close", "may_Close", "is_closed")
        if hasattr(dialog, name)
    ]
    assert not present, f"transitions added {present}: FlowMachine's overrides no longer take effect"


def test_every_dialog_and_mutant_is_found():
    names = {c.__name__ for c in FLOWS}
    assert {"EnableAuthenticatorAppDialog", "SignInAttempt", "ChangePasswordDialog"} <= names
    assert len(FLOWS) > 10  # the six dialogs, sign-in and the mutants


@pytest.mark.parametrize("flow", FLOWS, ids=lambda c: c.__qualname__)
def test_no_callback_is_left_to_a_method_name(flow: type[Flow]):
    hooks = [name for name in dir(flow) if name.startswith(("on_enter_", "on_exit_"))]
    assert not hooks, f"{flow.__qualname__} relies on transitions finding {hooks}: declare them instead"


@pytest.mark.parametrize("flow", FLOWS, ids=lambda c: c.__qualname__)
def test_every_declared_callback_is_a_method_of_the_dialog(flow: type[Flow]):
    missing: list[Any] = [
        name for name in _callbacks(flow) if isinstance(name, str) and not callable(getattr(flow, name, None))
    ]
    assert not missing, f"{flow.__qualname__} declares callbacks it does not have: {missing}"
