"""Signing in: the password, the method chosen, the code."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from ..checks import PASSWORD_ALONE, relying_on, said
from ..journeys import SIGN_IN_RULES
from ..protocol import Method
from ..world import World
from .common import NAME, ON_DEVICE

#: How each way of finishing a sign-in is said in a step, and the method it uses.
METHOD_PHRASES = {
    "an email code": Method.EMAIL_CODE,
    "a code from her authenticator app": Method.AUTHENTICATOR_APP,
    "one of her recovery codes": Method.RECOVERY_CODE,
}
_METHOD_NAMES = {"email code": Method.EMAIL_CODE, "authenticator app": Method.AUTHENTICATOR_APP}


@given(parsers.re(rf"{NAME} has signed in {ON_DEVICE} with (?P<how>{'|'.join(METHOD_PHRASES)})"))
def has_signed_in_with(world: World, name: str, device: str, how: str) -> None:
    method = METHOD_PHRASES[how]
    with relying_on(SIGN_IN_RULES[method], f"{name} signing in with {how}"):
        outcome = world.sign_in_with(world.person(name), device, method)
        assert outcome.accepted, f"{how} was {said(outcome)}"


@given(parsers.re(rf"{NAME} has entered her password {ON_DEVICE}"))
def has_entered_password(world: World, name: str, device: str) -> None:
    world.enter_password(world.person(name), device)


@given(parsers.re(rf"{NAME} has asked for a sign-in code by email {ON_DEVICE}"))
def asked_for_email_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    world.enter_password(person, device)
    with relying_on("MFA-03", f"{name} choosing an email code on her {device}"):
        chosen = world.choose(person, device, Method.EMAIL_CODE)
        assert chosen.accepted, f"choosing an email code was {said(chosen)}"


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password"))
def signs_in_with_password(world: World, name: str, device: str) -> None:
    world.start_sign_in(world.person(name), device)


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with a wrong password"))
def signs_in_with_wrong_password(world: World, name: str, device: str) -> None:
    person = world.person(name)
    world.start_sign_in(person, device, password=person.password + "x")


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and (?P<how>{'|'.join(METHOD_PHRASES)})"))
def signs_in_with(world: World, name: str, device: str, how: str) -> None:
    world.sign_in_with(world.person(name), device, METHOD_PHRASES[how])


_HOW = rf"(?P<how>{'|'.join(METHOD_PHRASES)})"


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with a wrong password and {_HOW}"))
def signs_in_with_wrong_password_and(world: World, name: str, device: str, how: str) -> None:
    """Some products ask for the code before judging the password (MFA-01 allows both): give both."""
    person = world.person(name)
    result = world.start_sign_in(person, device, password=person.password + "x")
    if result.outcome.accepted and not result.signed_in:
        method = METHOD_PHRASES[how]
        if world.choose(person, device, method).accepted:
            world.enter_sign_in_code(person, device, world.code_for(person, method))


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and the same email code"))
def signs_in_with_same_email_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert person.last_email_code is not None, f"{name} has not used an email code yet"
    world.sign_in_with(person, device, Method.EMAIL_CODE, code=person.last_email_code)


@when(parsers.re(rf"{NAME} enters the same recovery code {ON_DEVICE}"))
def enters_same_recovery_code_on(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert person.used_recovery_codes, f"{name} has not used a recovery code yet"
    world.focus, world.sign_in_word = "sign-in", device
    if world.choose(person, device, Method.RECOVERY_CODE).accepted:
        world.enter_sign_in_code(person, device, person.used_recovery_codes[-1])


@when(parsers.re(rf"{NAME} enters the same email code {ON_DEVICE}"))
def enters_same_email_code_on(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert person.last_email_code is not None, f"{name} has not used an email code yet"
    world.focus, world.sign_in_word = "sign-in", device
    world.enter_sign_in_code(person, device, person.last_email_code)


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and the same authenticator code"))
def signs_in_with_same_app_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert person.last_app_code is not None, f"{name} has not used an authenticator code yet"
    world.sign_in_with(person, device, Method.AUTHENTICATOR_APP, code=person.last_app_code)


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and the code she used to activate the app"))
def signs_in_with_activation_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert person.activation_app_code is not None, f"{name} has not activated the app in this scenario"
    world.sign_in_with(person, device, Method.AUTHENTICATOR_APP, code=person.activation_app_code)


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and the same recovery code"))
def signs_in_with_same_recovery_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert person.used_recovery_codes, f"{name} has not used a recovery code yet"
    world.sign_in_with(person, device, Method.RECOVERY_CODE, code=person.used_recovery_codes[-1])


@when(
    parsers.re(
        rf"{NAME} signs in {ON_DEVICE} with her password and a wrong (?P<kind>authenticator|email) code"
    )
)
def signs_in_with_wrong_code(world: World, name: str, device: str, kind: str) -> None:
    person = world.person(name)
    method = Method.AUTHENTICATOR_APP if kind == "authenticator" else Method.EMAIL_CODE
    world.sign_in_with(person, device, method, code=world.wrong_code(person))


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and a made-up recovery code"))
def signs_in_with_made_up_recovery_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    world.sign_in_with(person, device, Method.RECOVERY_CODE, code=world.made_up_recovery_code(person))


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and an old recovery code"))
def signs_in_with_old_recovery_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert person.old_recovery_codes, f"{name} has no replaced recovery codes"
    world.sign_in_with(person, device, Method.RECOVERY_CODE, code=person.old_recovery_codes[0])


@when(parsers.re(rf"{NAME} chooses the (?P<method>email code|authenticator app)"))
def chooses(world: World, name: str, method: str) -> None:
    person = world.person(name)
    assert world.sign_in_word is not None, "no sign-in is in progress"
    with relying_on("MFA-01", f"{name} choosing the {method}", PASSWORD_ALONE):
        result = world.sign_in_result if world.sign_in_by == name else None
        signed_in = result is not None and result.signed_in
        assert not (signed_in and person.has_mfa), (
            "the password alone signed her in: there is nothing to choose"
        )
    world.choose(person, world.sign_in_word, _METHOD_NAMES[method])


@then("she is asked for a one-time code")
def asked_for_code(world: World) -> None:
    result = world.sign_in_result
    assert result is not None, "no sign-in was tried"
    assert result.outcome.accepted, f"the password was {said(result.outcome)}"
    assert not result.signed_in, "the password alone signed her in"
    assert result.offered_methods, "no method to get a code was offered"


_CHOICES = "the email code and the authenticator app|only the email code|only the authenticator app"


@then(parsers.re(rf"she can choose (?:between )?(?P<methods>{_CHOICES})"))
def can_choose(world: World, methods: str) -> None:
    expected = {m for phrase, m in _METHOD_NAMES.items() if phrase in methods}
    result = world.sign_in_result
    assert result is not None, "no sign-in was tried"
    offered = {m for m in result.offered_methods if m is not Method.RECOVERY_CODE}
    assert offered == expected, f"the sign-in page offers {sorted(offered)}, expected {sorted(expected)}"
