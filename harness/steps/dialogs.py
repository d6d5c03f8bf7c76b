"""Opening the dialogs, answering their prompts, entering codes."""

from __future__ import annotations

from datetime import timedelta

from pytest_bdd import given, parsers, then, when

from .. import journeys
from ..checks import own_check
from ..protocol import DialogKind, Method, Prompt, Step
from ..world import World
from .common import NAME

_METHODS = {"the email code": Method.EMAIL_CODE, "the authenticator app": Method.AUTHENTICATOR_APP}
_STARTS = {
    "the email code": DialogKind.ENABLE_EMAIL_CODE,
    "the authenticator app": DialogKind.ENABLE_AUTHENTICATOR_APP,
}
_DISABLES = {
    "the email code": DialogKind.DISABLE_EMAIL_CODE,
    "the authenticator app": DialogKind.DISABLE_AUTHENTICATOR_APP,
}
_PROMPTS = {
    "her password": Prompt.PASSWORD,
    "a code from her authenticator app": Prompt.AUTHENTICATOR_APP_CODE,
    "a code sent by email": Prompt.EMAIL_CODE,
}


@given(parsers.re(rf"{NAME} has the (?P<method>email code|authenticator app)(?: method)? active"))
def has_method_active(world: World, name: str, method: str) -> None:
    journeys.has_active(world, world.person(name), _METHODS[f"the {method}"])


@given(parsers.re(rf"{NAME} has the email code method active as well"))
def has_email_as_well(world: World, name: str) -> None:
    """On top of the app: both must then be active (BTH-01), or the scenario is blocked by it."""
    journeys.has_active(world, world.person(name), Method.EMAIL_CODE)


@given(parsers.re(rf"{NAME} has both methods active"))
def has_both_active(world: World, name: str) -> None:
    journeys.has_both_active(world, world.person(name))


@when(parsers.re(rf"{NAME} enables (?P<method>the email code|the authenticator app)$"))
def enables(world: World, name: str, method: str) -> None:
    journeys.ENABLE[_METHODS[method]](world, world.person(name))


@when(parsers.re(rf"{NAME} turns (?P<method>the email code|the authenticator app) on again"))
def turns_on_again(world: World, name: str, method: str) -> None:
    """The flow that already worked in the scenario's Given, once more: failing now is the scenario's own."""
    with own_check(f"turning {method} on again"):
        journeys.ENABLE[_METHODS[method]](world, world.person(name))


@when(parsers.re(rf"{NAME} enables the authenticator app as well"))
def enables_app_as_well(world: World, name: str) -> None:
    """BTH-01's own step. Someone else turned the app on in this scenario's Givens (the control), so the
    flow works; failing now, with her other method on, is the scenario's own deviation."""
    person = world.person(name)
    control = [p for p in world.people.values() if p is not person and p.app_active]
    assert control, "no one else turned the authenticator app on in this scenario (the control)"
    with own_check("with another method on"):
        journeys.has_active(world, person, Method.AUTHENTICATOR_APP)


@when(parsers.re(rf"{NAME} enables the authenticator app, keeping the dialog open"))
def enables_app_keeping_dialog(world: World, name: str) -> None:
    journeys.enable_authenticator_app(world, world.person(name), close=False)


@when(
    parsers.re(
        rf"{NAME} starts enabling (?P<method>the email code|the authenticator app) and confirms her identity"
    )
)
def starts_enabling_past_identity(world: World, name: str, method: str) -> None:
    """Set-up for the steps after identity: answers what the product asks (EML-01/02, APP-02/03 own that)."""
    person, kind = world.person(name), _STARTS[method]
    journeys.open_dialog(world, person, kind, "EML-01" if kind is DialogKind.ENABLE_EMAIL_CODE else "APP-01")
    journeys.confirm_identity(world, person, kind)


@when(parsers.re(rf"{NAME} starts enabling (?P<method>the email code|the authenticator app)$"))
def starts_enabling(world: World, name: str, method: str) -> None:
    world.open(world.person(name), _STARTS[method])


@when(parsers.re(rf"{NAME} opens the dialog to disable (?P<method>the email code|the authenticator app)"))
def opens_disable(world: World, name: str, method: str) -> None:
    world.open(world.person(name), _DISABLES[method])


@when(parsers.re(rf"{NAME} disables (?P<method>the email code|the authenticator app)"))
def disables(world: World, name: str, method: str) -> None:
    journeys.disable(world, world.person(name), _DISABLES[method])


@when(parsers.re(rf"{NAME} opens View Recovery Codes"))
def opens_view_recovery_codes(world: World, name: str) -> None:
    world.open(world.person(name), DialogKind.VIEW_RECOVERY_CODES)


# -- answering ------------------------------------------------------------------------
@when(parsers.re(rf"{NAME} confirms with her password"))
def confirms_with_password(world: World, name: str) -> None:
    world.confirm(world.person(name).password, as_=Prompt.PASSWORD)


@when(parsers.re(rf"{NAME} confirms with a wrong password"))
def confirms_with_wrong_password(world: World, name: str) -> None:
    world.confirm(world.person(name).password + "x", as_=Prompt.PASSWORD)


@when(parsers.re(rf"{NAME} confirms with a code from her authenticator app"))
def confirms_with_app_code(world: World, name: str) -> None:
    world.confirm(world.fresh_app_code(world.person(name)), as_=Prompt.AUTHENTICATOR_APP_CODE)


@when(parsers.re(rf"{NAME} confirms with a wrong (?:authenticator|email) code"))
def confirms_with_wrong_code(world: World, name: str) -> None:
    world.confirm(world.wrong_code(world.person(name)))


@when(parsers.re(rf"{NAME} confirms with the code from the latest email"))
def confirms_with_email_code(world: World, name: str) -> None:
    world.confirm(world.newest_email_code(world.person(name)), as_=Prompt.EMAIL_CODE)


@when(parsers.re(rf"{NAME} confirms with the code she used to activate the app"))
def confirms_with_activation_code(world: World, name: str) -> None:
    person = world.person(name)
    assert person.activation_app_code is not None, f"{name} has not activated the app in this scenario"
    world.confirm(person.activation_app_code, as_=Prompt.AUTHENTICATOR_APP_CODE)


@when(parsers.re(rf"{NAME} enters the code from the latest email"))
def enters_email_code(world: World, name: str) -> None:
    person = world.person(name)
    world.enter_code(person, world.newest_email_code(person))


@when(parsers.re(rf"{NAME} enters a wrong code"))
def enters_wrong_code(world: World, name: str) -> None:
    person = world.person(name)
    world.enter_code(person, world.wrong_code(person))


@when(parsers.re(rf"{NAME} presses Disable without entering a code"))
def presses_disable_without_code(world: World, name: str) -> None:
    if world.view().step is Step.NO_INPUT:  # a Disable that asks for nothing: press it
        world.outcome = world.current_dialog().submit()
    else:
        world.enter_code(world.person(name), "")


@when(parsers.re(rf"{NAME} enters the current code from her authenticator app"))
def enters_current_app_code(world: World, name: str) -> None:
    person = world.person(name)
    if person.app is None:
        world.scan_qr_code(person)
    world.enter_code(person, world.fresh_app_code(person))


@when(parsers.re(rf"{NAME} enters the code her authenticator app showed an hour ago"))
def enters_hour_old_code(world: World, name: str) -> None:
    person = world.person(name)
    app = world.app_of(person)
    world.enter_code(person, app.code_at(world.driver.now() - timedelta(hours=1)))


@when(parsers.re(rf"{NAME} presses Request Code"))
def presses_request_code(world: World, name: str) -> None:
    world.outcome = world.current_dialog().request_code()


@when(parsers.re(rf"{NAME} closes the dialog"))
def closes_dialog(world: World, name: str) -> None:
    world.current_dialog().close()


# -- what the dialog shows ------------------------------------------------------------------
@then(parsers.re(rf"the dialog asks for (?P<what>{'|'.join(_PROMPTS)})"))
def dialog_asks_for(world: World, what: str) -> None:
    view = world.view()
    expected = _PROMPTS[what]
    assert view.prompt is expected, f"the dialog asks for {view.prompt} (at {view.step}), expected {expected}"


@then("the dialog asks for the code from the email")
def dialog_asks_for_email_code(world: World) -> None:
    view = world.view()
    assert view.step is Step.CODE_ENTRY, f"the dialog is at {view.step}, not at the code input"
    assert view.prompt is Prompt.EMAIL_CODE, f"the code input asks for {view.prompt}, not the emailed code"
