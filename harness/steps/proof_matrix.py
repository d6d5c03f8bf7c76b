"""The proof matrix's steps: get an answer ready, give it at a place, check it was refused.

The answers and places come from :mod:`harness.proofs` (one table, one registry); a
Scenario Outline per place and rule runs one Examples row per cell. Every outline ends
with a positive control from :mod:`harness.steps.controls` or the two defined here.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from pytest_bdd import given, parsers, then, when

from .. import journeys
from ..answers import ANSWERS, PER_ALTERNATIVE, Attempt, Give
from ..checks import relying_on, said, title
from ..person import Person
from ..proofs import PLACES, Place
from ..protocol import DialogKind, Outcome, Step
from ..world import World
from .common import NAME, ON_DEVICE

_PLACES = {place.phrase: place for place in PLACES}
#: Longest first, so "to enable the email code" does not stop short of "… with the app active".
_PLACE = "|".join(sorted(_PLACES, key=len, reverse=True))
_ANSWER = "|".join(sorted(ANSWERS, key=len, reverse=True))

#: The answer each person got ready, and what every answer given in a scenario came to.
_READY: WeakKeyDictionary[World, dict[str, tuple[str, Give]]] = WeakKeyDictionary()
_TRIED: WeakKeyDictionary[World, list[Outcome]] = WeakKeyDictionary()


@given(parsers.re(rf"{NAME} has (?P<answer>{_ANSWER}) at hand$"))
def has_at_hand(world: World, name: str, answer: str) -> None:
    """Get the answer ready before she reaches the place (a code used elsewhere, a closed dialog's code)."""
    _READY.setdefault(world, {})[name] = (answer, ANSWERS[answer](world, world.person(name)))


@when(parsers.re(rf"{NAME} gives (?P<answer>{_ANSWER}) (?P<place>{_PLACE})(?: {ON_DEVICE})?$"))
def gives_answer(world: World, name: str, answer: str, place: str, device: str | None) -> None:
    person = world.person(name)
    ready, give = _READY.get(world, {}).get(name, ("", None))
    assert give is not None and ready == answer, f"{name} has not got {answer} at hand"
    where = _PLACES[place]
    tried = _TRIED.setdefault(world, [])
    if where.method is not None:
        _reach_sign_in(world, person, where, device or "phone")
        attempts = give(None)
        for _, text in attempts:
            tried.append(world.enter_sign_in_code(person, device or "phone", text))
    else:
        attempts = _give_in_dialog(world, person, where, give, tried)
    assert attempts or answer in PER_ALTERNATIVE, f"{answer} came to nothing to type"


def _reach_sign_in(world: World, person: Person, place: Place, device: str) -> None:
    """Password, then the place's method: the code input she answers."""
    assert place.method is not None
    world.enter_password(person, device)
    with relying_on(journeys.SIGN_IN_RULES[place.method], f"choosing {place.method.value} on her {device}"):
        chosen = world.choose(person, device, place.method)
        assert chosen.accepted, f"choosing {place.method.value} was {said(chosen)}"


def _give_in_dialog(
    world: World, person: Person, place: Place, give: Give, tried: list[Outcome]
) -> list[Attempt]:
    """Open the place's dialog and answer its first step with each attempt, while the step stays open."""
    assert place.dialog is not None
    journeys.open_dialog(world, person, place.dialog, place.opened_by)
    view = world.view()
    attempts = give(view)
    for prompt, text in attempts:
        view = world.view()
        if view.step is Step.IDENTITY_CONFIRMATION and (prompt is None or prompt in view.alternatives):
            tried.append(world.confirm(text, prompt or view.prompt))
        elif view.step is Step.CODE_ENTRY and prompt is None:
            tried.append(world.enter_code(person, text))
        elif view.step is Step.CLOSED and tried:
            break  # a product may end a dialog after one wrong answer (I-16)
        else:
            with relying_on(place.owner, f"the {title(place.dialog)} dialog"):
                raise AssertionError(
                    f"the dialog shows {view.step.value} where it should ask for {place.asks}"
                )
    return attempts


@then("it is refused")
def it_is_refused(world: World) -> None:
    accepted = [outcome for outcome in _TRIED.get(world, []) if outcome.accepted]
    assert not accepted, f"{len(accepted)} of the answers given were accepted"


_ENABLES = {
    "the email code": DialogKind.ENABLE_EMAIL_CODE,
    "the authenticator app": DialogKind.ENABLE_AUTHENTICATOR_APP,
}


@then(parsers.re(rf"{NAME} can still confirm her identity to enable (?P<method>{'|'.join(_ENABLES)})"))
def can_still_confirm_identity(world: World, name: str, method: str) -> None:
    """Positive control: a fresh dialog takes her right proof and moves past its identity step."""
    if world.dialog is not None:
        world.dialog.close()
        world.dialog = None
    kind = _ENABLES[method]
    dialog = world.open(world.person(name), kind)
    view = journeys.confirm_identity(world, world.person(name), kind)
    assert view.step not in (Step.IDENTITY_CONFIRMATION, Step.CLOSED), (
        f"her right proof left the {title(kind)} dialog at {view.step.value}"
    )
    dialog.close()
    world.dialog = None
