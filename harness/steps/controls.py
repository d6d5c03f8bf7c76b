"""Positive controls: the right answer is still accepted in the place where a wrong one was refused.

A scenario that only checks a refusal passes on a product that refuses everything. Each
refusal scenario ends with one of these steps, so it shows the product telling the right
answer from the wrong one. A fresh dialog or a fresh device is used, because after a
wrong answer a product may end the dialog (I-16): the place is the same, the attempt new.
"""

from __future__ import annotations

from pytest_bdd import parsers, then

from .. import journeys
from ..checks import relying_on, said
from ..journeys import SIGN_IN_RULES
from ..protocol import DialogKind, Method, Step
from ..world import HOME_DEVICE, World
from .common import NAME, ON_DEVICE
from .sign_in import METHOD_PHRASES

_DISABLES = {
    "the email code": DialogKind.DISABLE_EMAIL_CODE,
    "the authenticator app": DialogKind.DISABLE_AUTHENTICATOR_APP,
}


def _close_open_dialog(world: World) -> None:
    if world.dialog is not None:
        world.dialog.close()
        world.dialog = None


@then(parsers.re(rf"{NAME} can still sign in {ON_DEVICE} with (?P<how>{'|'.join(METHOD_PHRASES)})"))
def can_still_sign_in(world: World, name: str, device: str, how: str) -> None:
    person, method = world.person(name), METHOD_PHRASES[how]
    with relying_on(SIGN_IN_RULES[method], f"{name} signing in on her {device} with {how}"):
        outcome = world.sign_in_with(person, device, method)
        assert outcome.accepted, f"the right answer, {how}, was {said(outcome)} too"
        assert world.driver.is_signed_in(person.device(device)), f"{how} did not sign {name} in"


@then(parsers.re(rf"{NAME} can still disable (?P<method>{'|'.join(_DISABLES)}) with the right code"))
def can_still_disable(world: World, name: str, method: str) -> None:
    _close_open_dialog(world)
    journeys.disable(world, world.person(name), _DISABLES[method])


_ENABLES = {
    "Enable Email Code": DialogKind.ENABLE_EMAIL_CODE,
    "Enable Authenticator App Code": DialogKind.ENABLE_AUTHENTICATOR_APP,
}
_TURN_ON = {"the email code": Method.EMAIL_CODE, "the authenticator app": Method.AUTHENTICATOR_APP}


@then(parsers.re(rf"{NAME} can still confirm her identity in (?P<dialog>{'|'.join(_ENABLES)})"))
def can_still_confirm(world: World, name: str, dialog: str) -> None:
    _close_open_dialog(world)
    person, kind = world.person(name), _ENABLES[dialog]
    journeys.open_dialog(world, person, kind, "EML-01" if kind is DialogKind.ENABLE_EMAIL_CODE else "APP-01")
    view = journeys.confirm_identity(world, person, kind)
    assert view.step is not Step.IDENTITY_CONFIRMATION, (
        "the right proof did not get her past the identity step"
    )


@then(parsers.re(rf"{NAME} can still turn on (?P<method>{'|'.join(_TURN_ON)}) with the right code"))
def can_still_turn_on(world: World, name: str, method: str) -> None:
    _close_open_dialog(world)
    journeys.has_active(world, world.person(name), _TURN_ON[method])


@then(parsers.re(rf"{NAME} can still change her password"))
def can_still_change_password(world: World, name: str) -> None:
    person = world.person(name)
    new = world.new_password()
    with relying_on("PWD-07", f"{name} changing her password with the right fields"):
        outcome = world.change_password(person, HOME_DEVICE, person.password, new, new)
        assert outcome.accepted, f"Save with the right fields was {said(outcome)}"


@then(parsers.re(rf"{NAME} can still see her recovery codes with a fresh authenticator code"))
def can_still_view_codes(world: World, name: str) -> None:
    _close_open_dialog(world)
    journeys.view_recovery_codes(world, world.person(name))
