"""Dialogs left open while their device's session ends (PWD-08 and signing out).

A step here names the device whose dialog it uses ("in the dialog on her
phone"), so one scenario can hold the same dialog open on two devices: the one
still signed in is the positive control for the one signed out. A signed-out
device's dialog may answer by showing nothing, by showing the dialog closed,
or by no longer offering the page or button (:class:`NotOffered`); all of
these are "nothing shown, nothing accepted".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_bdd import given, parsers, then, when

from .. import journeys
from ..guard import GuardedDialog
from ..protocol import DialogKind, DialogView, NotOffered, Outcome, Reason, Step
from ..world import World
from .common import NAME, ON_DEVICE

OpenDialogs = dict[str, GuardedDialog]


@pytest.fixture
def dialogs_by_device() -> OpenDialogs:
    """The dialog each device ("phone") has open in this scenario."""
    return {}


def _dialog(dialogs: OpenDialogs, device: str) -> GuardedDialog:
    assert device in dialogs, f"no dialog was opened on the {device} in this scenario"
    return dialogs[device]


def _shown(dialog: GuardedDialog) -> DialogView:
    """What the dialog shows; a page the product no longer offers shows nothing."""
    try:
        return dialog.view()
    except NotOffered:
        return DialogView(step=Step.CLOSED)


def _act(world: World, action: Callable[[], Outcome]) -> Outcome:
    """Press a button; a button no longer offered refuses the action as surely as a rejection."""
    try:
        world.outcome = action()
    except NotOffered as missing:
        world.outcome = Outcome.reject(Reason.NOT_AVAILABLE, f"not offered: {missing}")
    return world.outcome


@given(parsers.re(rf"{NAME} has her recovery codes open {ON_DEVICE}"))
@when(parsers.re(rf"{NAME} opens her recovery codes {ON_DEVICE}"))
def recovery_codes_open(world: World, dialogs_by_device: OpenDialogs, name: str, device: str) -> None:
    person = world.person(name)
    world.remember_recovery_codes(person, journeys.view_recovery_codes(world, person, device))
    dialogs_by_device[device] = world.current_dialog()


@given(parsers.re(rf"{NAME} has the dialog to disable the authenticator app open {ON_DEVICE}"))
@when(parsers.re(rf"{NAME} opens another dialog to disable the authenticator app {ON_DEVICE}"))
def disable_app_open(world: World, dialogs_by_device: OpenDialogs, name: str, device: str) -> None:
    dialogs_by_device[device] = world.open(world.person(name), DialogKind.DISABLE_AUTHENTICATOR_APP, device)


@when(parsers.re(rf"{NAME} signs out {ON_DEVICE}"))
def signs_out(world: World, name: str, device: str) -> None:
    person = world.person(name)
    world.driver.sign_out(person.device(device))
    person.signed_in_on.discard(device)


@when(parsers.re(rf"{NAME} regenerates her recovery codes in the dialog {ON_DEVICE}"))
def regenerates_on(world: World, dialogs_by_device: OpenDialogs, name: str, device: str) -> None:
    dialog = _dialog(dialogs_by_device, device)
    if _act(world, dialog.regenerate).accepted:
        world.remember_recovery_codes(world.person(name), dialog.view())


@when(parsers.re(rf"{NAME} confirms disabling the authenticator app in the dialog {ON_DEVICE}"))
def confirms_disable_on(world: World, dialogs_by_device: OpenDialogs, name: str, device: str) -> None:
    """What the Disable dialog shows asks for: a fresh app code in its input, or only the button."""
    person = world.person(name)
    dialog = _dialog(dialogs_by_device, device)
    step = _shown(dialog).step
    if step is Step.NO_INPUT:
        action = dialog.submit
    elif step is Step.CODE_ENTRY:
        action = lambda: dialog.enter_code(world.fresh_app_code(person))  # noqa: E731
    else:
        action = lambda: Outcome.reject(Reason.NOT_AVAILABLE, f"the dialog shows {step.value}")  # noqa: E731
    if _act(world, action).accepted:
        person.app, person.recovery_codes, person.app_active = None, (), False


@then(parsers.re(r"the dialog on her (?P<device>[a-z]+) (?:still )?shows her recovery codes"))
def shows_codes_on(world: World, dialogs_by_device: OpenDialogs, device: str) -> None:
    view = _shown(_dialog(dialogs_by_device, device))
    assert view.step is Step.RECOVERY_CODES and view.recovery_codes, (
        f"the dialog on the {device} shows no recovery codes (at {view.step})"
    )


@then(parsers.re(r"the dialog on her (?P<device>[a-z]+) still shows the same recovery codes"))
def shows_same_codes_on(world: World, dialogs_by_device: OpenDialogs, device: str) -> None:
    view = _shown(_dialog(dialogs_by_device, device))
    held = set(world.main.recovery_codes)
    assert view.recovery_codes and set(view.recovery_codes) <= held, (
        f"the dialog on the {device} shows codes she was never given: "
        f"{sorted(set(view.recovery_codes or ()) - held)}"
    )


@then(parsers.re(r"the dialog on her (?P<device>[a-z]+) shows none of her recovery codes"))
def shows_no_codes_on(world: World, dialogs_by_device: OpenDialogs, device: str) -> None:
    view = _shown(_dialog(dialogs_by_device, device))
    assert not view.recovery_codes, (
        f"the dialog on the signed-out {device} still shows {len(view.recovery_codes or ())} "
        f"recovery codes (at {view.step})"
    )
