"""What a person answers at a place of the proof matrix (:mod:`harness.proofs`): one builder per kind.

Each entry of :data:`ANSWERS` gets the answer ready *before* she reaches the place (signing
in elsewhere, closing an earlier dialog: what she holds when she gets there) and returns
what she types once there, knowing what the place shows (its alternatives). Getting an
answer ready relies on the rules that document how she got it, so a product that cannot
give her that answer leaves the cell BLOCKED by that rule, never passed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from . import journeys
from .checks import relying_on, said
from .person import Person
from .proofs import (
    ACTIVATION_CODE,
    APP_CODE,
    CLOSED_ENABLE_EMAIL_CODE,
    ENABLING_EMAIL_CODE,
    HOUR_OLD_CODE,
    PASSWORD,
    PASSWORD_ALTERNATIVE,
    RECOVERY_CODE,
    SIGN_IN_EMAIL_CODE,
    USED_APP_CODE,
    USED_EMAIL_CODE,
    WRONG_ALTERNATIVES,
    WRONG_CODE,
    WRONG_PASSWORD,
)
from .protocol import DialogKind, DialogView, Method, Prompt
from .world import World

#: What she types at the place, as the answer to which prompt (None: what the place asks first).
Attempt = tuple[Prompt | None, str]
#: Called once she is at the place, with what it shows (None at sign-in).
Give = Callable[[DialogView | None], list[Attempt]]
#: Called before she reaches the place: gets the answer ready.
Prepare = Callable[[World, Person], Give]
#: A device of hers used only to get an answer ready (a code that signed her in there).
SPARE_DEVICE = "workstation"
#: RFC 6238 §6's example drift window: an old code must not fall inside it by chance.
_DRIFT_WINDOW_STEPS = 2


def _typed(text: Callable[[], str]) -> Give:
    return lambda view: [(None, text())]


def _ensure_active(world: World, person: Person, method: Method) -> None:
    """Turn ``method`` on unless she has it (an answer of that method needs it)."""
    section = world.section(person)
    block = section.authenticator_app if method is Method.AUTHENTICATOR_APP else section.email_code
    if block is None or not block.active:
        journeys.has_active(world, person, method)


def _signed_in_code(world: World, person: Person, method: Method) -> str:
    """Sign in on a spare device with ``method``; the code that did it."""
    _ensure_active(world, person, method)
    with relying_on(journeys.SIGN_IN_RULES[method], f"{person.name} signing in with {method.value}"):
        outcome = world.sign_in_with(person, SPARE_DEVICE, method)
        assert outcome.accepted, f"her {method.value} code was {said(outcome)}"
    code = person.last_app_code if method is Method.AUTHENTICATOR_APP else person.last_email_code
    assert code is not None
    return code


def _sign_in_email_code(world: World, person: Person) -> str:
    """An email code sent for a sign-in on a spare device, left unused."""
    _ensure_active(world, person, Method.EMAIL_CODE)
    world.enter_password(person, SPARE_DEVICE)
    with relying_on("MFA-03", f"{person.name} asking for a sign-in code by email"):
        chosen = world.choose(person, SPARE_DEVICE, Method.EMAIL_CODE)
        assert chosen.accepted, f"choosing an email code was {said(chosen)}"
        return world.newest_email_code(person)


def _closed_dialog_code(world: World, person: Person, kind: DialogKind, rule: str) -> str:
    """Open ``kind``, give what it asks until it emails a code, take that code, close the dialog."""
    dialog = journeys.open_dialog(world, person, kind, rule)
    journeys.confirm_identity(world, person, kind)
    with relying_on(rule, f"the code the {kind.value.replace('_', ' ')} dialog emails"):
        code = world.newest_email_code(person)
    dialog.close()
    world.dialog = None
    return code


def _enabling_email_code(world: World, person: Person) -> str:
    """The code she typed to turn email codes on, in the Given just before (or now)."""
    section = world.section(person)
    if section.email_code is None or not section.email_code.active:
        journeys.has_active(world, person, Method.EMAIL_CODE)
    assert person.last_email_code is not None, f"{person.name} has typed no email code yet"
    return person.last_email_code


def _hour_old_code(world: World, person: Person) -> str:
    """The code of an hour ago; should it equal one a drift window allows (1 in ~200 000), wait a step."""
    app = world.app_of(person)
    while True:
        now = world.driver.now()
        old = app.code_at(now - timedelta(hours=1))
        window = range(-_DRIFT_WINDOW_STEPS, _DRIFT_WINDOW_STEPS + 1)
        if old not in {app.code_at_step(app.step(now) + k) for k in window}:
            return old
        world.pass_time(app.period)


def _wrong_for(world: World, person: Person, prompt: Prompt) -> str:
    return person.password + "x" if prompt is Prompt.PASSWORD else world.wrong_code(person)


def _offered(view: DialogView | None, prompt: Prompt, answer: str) -> list[Attempt]:
    """``answer`` given as ``prompt`` if the step offers that as an alternative; nothing otherwise."""
    return [(prompt, answer)] if view is not None and prompt in view.alternatives else []


#: Answers tried once per alternative the place offers: a place offering none tries nothing.
PER_ALTERNATIVE = frozenset({WRONG_ALTERNATIVES, PASSWORD_ALTERNATIVE})


def _ready(code: str) -> Give:
    return lambda view: [(None, code)]


def _activation_code(world: World, person: Person) -> Give:
    if person.activation_app_code is None:
        journeys.has_active(world, person, Method.AUTHENTICATOR_APP)
    code = person.activation_app_code
    assert code is not None
    return _ready(code)


def _with_app(world: World, person: Person, then: Callable[[], str]) -> Give:
    _ensure_active(world, person, Method.AUTHENTICATOR_APP)
    return _typed(then)


ANSWERS: dict[str, Prepare] = {
    WRONG_CODE: lambda w, p: _typed(lambda: w.wrong_code(p)),
    WRONG_PASSWORD: lambda w, p: _typed(lambda: p.password + "x"),
    PASSWORD: lambda w, p: _typed(lambda: p.password),
    APP_CODE: lambda w, p: _with_app(w, p, lambda: w.fresh_app_code(p)),
    SIGN_IN_EMAIL_CODE: lambda w, p: _ready(_sign_in_email_code(w, p)),
    RECOVERY_CODE: lambda w, p: _with_app(w, p, lambda: w.unused_recovery_code(p)),
    USED_APP_CODE: lambda w, p: _ready(_signed_in_code(w, p, Method.AUTHENTICATOR_APP)),
    ACTIVATION_CODE: _activation_code,
    HOUR_OLD_CODE: lambda w, p: _with_app(w, p, lambda: _hour_old_code(w, p)),
    ENABLING_EMAIL_CODE: lambda w, p: _ready(_enabling_email_code(w, p)),
    USED_EMAIL_CODE: lambda w, p: _ready(_signed_in_code(w, p, Method.EMAIL_CODE)),
    CLOSED_ENABLE_EMAIL_CODE: lambda w, p: _ready(
        _closed_dialog_code(w, p, DialogKind.ENABLE_EMAIL_CODE, "EML-03")
    ),
    WRONG_ALTERNATIVES: lambda w, p: (
        lambda view: [(alt, _wrong_for(w, p, alt)) for alt in (view.alternatives if view else ())]
    ),
    PASSWORD_ALTERNATIVE: lambda w, p: lambda view: _offered(view, Prompt.PASSWORD, p.password),
}
