"""Change password, and what the password then opens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from pytest_bdd import given, parsers, then, when

from .. import journeys
from ..checks import relying_on, said
from ..world import HOME_DEVICE, World, same_day_anywhere
from .accounts import DAY
from .common import NAME, ON_DEVICE


@given(parsers.re(rf"{NAME} changed her password (?P<days>\d+) days? ago"))
def changed_password_days_ago(world: World, name: str, days: str) -> None:
    person = world.person(name)
    new = world.new_password()
    with relying_on("PWD-07", f"{name} changing her password"):
        outcome = world.change_password(person, HOME_DEVICE, person.password, new, new)
        assert outcome.accepted, f"Save was {said(outcome)}"
    journeys.pass_time(world, int(days) * DAY)


@when(parsers.re(rf"{NAME} changes her password {ON_DEVICE}"))
def changes_password(world: World, name: str, device: str) -> None:
    person = world.person(name)
    new = world.new_password()
    world.change_password(person, device, person.password, new, new)


@when(parsers.re(rf'{NAME} changes her password to "(?P<new>[^"]+)" {ON_DEVICE}'))
def changes_password_to(world: World, name: str, new: str, device: str) -> None:
    person = world.person(name)
    world.change_password(person, device, person.password, new, new)


Fields = tuple[str, str, str]

#: Ways to get the Change Password dialog wrong, as (current, new, repeat) from (password, new password).
_MISTAKES: dict[str, Callable[[str, str], Fields]] = {
    "giving a wrong current password": lambda p, n: (p + "x", n, n),
    "leaving the current password empty": lambda p, n: ("", n, n),
    "leaving the new password empty": lambda p, n: (p, "", ""),
    "leaving the repeat empty": lambda p, n: (p, n, ""),
    "with a repeat that does not match": lambda p, n: (p, n, n + "x"),
}


@when(parsers.re(rf"{NAME} tries to change her password (?P<mistake>{'|'.join(_MISTAKES)})"))
def tries_to_change_password(world: World, name: str, mistake: str) -> None:
    person = world.person(name)
    new = world.new_password()
    person.attempted_password = new
    world.change_password(person, HOME_DEVICE, *_MISTAKES[mistake](person.password, new))


@when(parsers.re(rf"{NAME} tries to change her password giving her former password as the current one"))
def tries_former_password(world: World, name: str) -> None:
    person = world.person(name)
    assert person.previous_passwords, f"{name} has no former password"
    new = world.new_password()
    person.attempted_password = new
    world.change_password(person, HOME_DEVICE, person.previous_passwords[-1], new, new)


@then(parsers.re(rf"{NAME} can sign in with her password"))
def password_still_signs_in(world: World, name: str) -> None:
    person = world.person(name)
    assert world.password_signs_in(person, person.password), f"{name}'s password no longer signs her in"


@then(parsers.re(rf"{NAME} can sign in with her new password"))
def new_password_signs_in(world: World, name: str) -> None:
    person = world.person(name)
    assert world.password_signs_in(person, person.password), (
        f"{name}'s new password is not accepted at sign-in"
    )


@then(parsers.re(rf"{NAME} cannot sign in with her old password"))
def old_password_refused(world: World, name: str) -> None:
    person = world.person(name)
    assert person.previous_passwords, f"{name} has not changed her password"
    old = person.previous_passwords[-1]
    assert not world.password_signs_in(person, old), f"{name}'s old password is still accepted at sign-in"


@then(parsers.re(rf"{NAME}'s password is unchanged"))
def password_unchanged(world: World, name: str) -> None:
    person = world.person(name)
    assert world.password_signs_in(person, person.password), f"{name}'s password no longer signs her in"
    attempted = person.attempted_password
    assert attempted is not None, "no change was attempted"
    assert not world.password_signs_in(person, attempted), "the refused new password signs her in"


@then("the Security section shows today as the date of the last password change")
def last_change_today(world: World) -> None:
    shown = world.section().last_password_change
    assert same_day_anywhere(shown, world.today()), (
        f"the date of the last change is {shown}, expected today ({world.today()})"
    )


@then(
    parsers.re(r"the Security section shows the date of the last password change as (?P<days>\d+) days ago")
)
def last_change_days_ago(world: World, days: str) -> None:
    expected = world.today() - timedelta(days=int(days))
    shown = world.section().last_password_change
    assert same_day_anywhere(shown, expected), f"the date of the last change is {shown}, expected {expected}"
