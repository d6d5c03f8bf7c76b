"""Positive controls: the right answer is still accepted in the place where a wrong one was refused.

A scenario that only checks a refusal passes on a product that refuses everything. Each
refusal scenario ends with one of these steps, so it shows the product telling the right
answer from the wrong one. A fresh dialog or a fresh device is used, because after a
wrong answer a product may end the dialog (I-16): the place is the same, the attempt new.
"""

from __future__ import annotations

from pytest_bdd import parsers, then

from .. import journeys
from ..checks import said
from ..protocol import DialogKind
from ..world import World
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
    person = world.person(name)
    outcome = world.sign_in_with(person, device, METHOD_PHRASES[how])
    assert outcome.accepted, f"the right answer, {how}, was {said(outcome)} too"
    assert world.driver.is_signed_in(person.device(device)), f"{how} did not sign {name} in on her {device}"


@then(parsers.re(rf"{NAME} can still disable (?P<method>{'|'.join(_DISABLES)}) with the right code"))
def can_still_disable(world: World, name: str, method: str) -> None:
    _close_open_dialog(world)
    journeys.disable(world, world.person(name), _DISABLES[method])


@then(parsers.re(rf"{NAME} can still see her recovery codes with a fresh authenticator code"))
def can_still_view_codes(world: World, name: str) -> None:
    _close_open_dialog(world)
    journeys.view_recovery_codes(world, world.person(name))
