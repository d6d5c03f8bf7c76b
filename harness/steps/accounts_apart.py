"""Two accounts, kept apart: nothing of one person's opens the other's account or changes its state.

Codes, sessions and sign-outs are per account. These steps let Bob try what Alice holds
(her email code, app code, recovery code, password) and check afterwards that what Alice
holds still works for her, so a product that refuses everyone cannot pass.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from pytest_bdd import parsers, then, when

from .. import journeys
from ..checks import relying_on, said
from ..protocol import Method
from ..world import HOME_DEVICE, World
from . import controls, password
from .common import NAME, ON_DEVICE

#: Whose things are meant: "Alice's email code".
OTHER = r"(?P<other>[A-Z][a-z]+)"
#: What one person may hold, as a step says it, and the sign-in method it is typed for.
_HELD = {
    "email code": Method.EMAIL_CODE,
    "authenticator code": Method.AUTHENTICATOR_APP,
    "recovery code": Method.RECOVERY_CODE,
}
_WHAT = rf"(?P<what>{'|'.join(_HELD)})"
_BLOCKS = {"email code": "email_code", "authenticator app": "authenticator_app"}

#: The code of someone else's that each scenario's person tried, by the owner's name.
_TRIED: WeakKeyDictionary[World, dict[str, str]] = WeakKeyDictionary()


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with his password and (?:one of )?{OTHER}'s {_WHAT}s?$"))
def signs_in_with_someone_elses(world: World, name: str, device: str, other: str, what: str) -> None:
    person, owner, method = world.person(name), world.person(other), _HELD[what]
    code = world.code_for(owner, method)  # her newest emailed code, a fresh app code, an unused recovery code
    _TRIED.setdefault(world, {})[other] = code
    world.enter_password(person, device)
    with relying_on(journeys.SIGN_IN_RULES[method], f"{name} choosing {method.value}"):
        chosen = world.choose(person, device, method)
        assert chosen.accepted, f"choosing {method.value} was {said(chosen)}"
    world.enter_sign_in_code(person, device, code)


@when(parsers.re(rf"{NAME} enters {OTHER}'s latest email code"))
def enters_someone_elses_email_code(world: World, name: str, other: str) -> None:
    world.enter_code(world.person(name), world.newest_email_code(world.person(other)))


@when(parsers.re(rf"{NAME} changes his password {ON_DEVICE}"))
def changes_his_password(world: World, name: str, device: str) -> None:
    password.changes_password(world, name, device)


@when(parsers.re(rf"{NAME} regenerates his recovery codes"))
def regenerates_his_codes(world: World, name: str) -> None:
    person = world.person(name)
    journeys.view_recovery_codes(world, person)
    with relying_on("REC-03", f"{name} pressing Regenerate"):
        journeys.must(world.regenerate_recovery_codes(person), "Regenerate")
    world.current_dialog().close()
    world.dialog = None


# -- what still works, for whom -------------------------------------------------------------------
#: The positive control's phrase for each thing held (harness.steps.controls).
_OWN = {"email code": "an email code", "authenticator code": "a code from her authenticator app"}
_OWN["recovery code"] = "one of her recovery codes"


@then(parsers.re(rf"{NAME} can still sign in {ON_DEVICE} with (?:his|her) own {_WHAT}"))
def can_still_sign_in_with_own(world: World, name: str, device: str, what: str) -> None:
    controls.can_still_sign_in(world, name, device, _OWN[what])


@then(parsers.re(rf"{NAME}'s emailed code still signs her in {ON_DEVICE}"))
def emailed_code_still_signs_in(world: World, name: str, device: str) -> None:
    person = world.person(name)
    code = _TRIED.get(world, {}).get(name)
    assert code is not None, f"nobody tried {name}'s code"
    outcome = world.enter_sign_in_code(person, device, code)
    assert outcome.accepted, f"{name}'s own emailed code was {said(outcome)} after someone else tried it"


@then(parsers.re(rf"the recovery code {OTHER} tried still signs {NAME} in {ON_DEVICE}"))
def tried_recovery_code_still_signs_in(world: World, other: str, name: str, device: str) -> None:
    person = world.person(name)
    code = _TRIED.get(world, {}).get(name)
    assert code is not None, f"{other} tried none of {name}'s recovery codes"
    outcome = world.sign_in_with(person, device, Method.RECOVERY_CODE, code=code)
    assert outcome.accepted, f"{name}'s recovery code was {said(outcome)} after {other} tried it"


@then(parsers.re(rf"{NAME} can still sign in with (?:her|his) password"))
def password_still_signs_in(world: World, name: str) -> None:
    password.password_still_signs_in(world, name)


@then(parsers.re(rf"{OTHER}'s (?:new )?password does not sign {NAME} in"))
def someone_elses_password_refused(world: World, other: str, name: str) -> None:
    password = world.person(other).password
    assert not world.password_signs_in(world.person(name), password), (
        f"{other}'s password opens {name}'s account"
    )


@then(
    parsers.re(
        rf"{NAME}'s (?P<method>email code|authenticator app) method is (?:still )?(?P<negated>not )?active"
    )
)
def persons_method_active(world: World, name: str, method: str, negated: str | None) -> None:
    person = world.person(name)
    block = getattr(world.driver.security_section(person.device(HOME_DEVICE)), _BLOCKS[method])
    active = block is not None and block.active
    assert active is not bool(negated), f"{name}'s {method} method is {'active' if active else 'not active'}"
