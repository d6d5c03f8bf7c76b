"""Accounts, devices, time, and what happened to the last action."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from pytest_bdd import given, parsers, then, when

from .. import journeys
from ..checks import said
from ..world import World
from .common import NAME, ON_DEVICE

DAY = 86_400


@given(parsers.re(rf"{NAME} has an account"))
def has_account(world: World, name: str) -> None:
    world.create_account(world.person(name))  # registration is the kit's set-up, not a documented rule


@given(parsers.re(rf"{NAME} is (?:also )?signed in {ON_DEVICE}"))
def is_signed_in(world: World, name: str, device: str) -> None:
    journeys.sign_in_fully(world, world.person(name), device)


@given(parsers.re(r"(?P<days>\d+) days have passed"))
def days_have_passed(world: World, days: str) -> None:
    journeys.pass_time(world, int(days) * DAY)


@given(parsers.re(r"it is (?P<seconds>\d+) seconds before midnight UTC"))
def before_midnight(world: World, seconds: str) -> None:
    """Move the clock forward to just before the next UTC midnight (I-18: dates at their edges)."""
    now = world.driver.now().astimezone(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), time(), UTC)
    wait = (midnight - now).total_seconds() - int(seconds)
    journeys.pass_time(world, wait if wait >= 0 else wait + DAY)


@when(parsers.re(r"(?P<seconds>\d+) seconds pass"))
def seconds_pass(world: World, seconds: str) -> None:
    journeys.pass_time(world, int(seconds))


@then(parsers.re(r"the (?:change|code|confirmation|request|sign-in) is (?P<verdict>accepted|refused)"))
def last_outcome_is(world: World, verdict: str) -> None:
    assert world.outcome is not None, "nothing has been tried yet"
    expected = verdict == "accepted"
    assert world.outcome.accepted is expected, (
        f"expected it to be {verdict}, but it was {said(world.outcome)}"
    )


@then(parsers.re(rf"{NAME} is (?:still )?signed in {ON_DEVICE}"))
def still_signed_in(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert world.driver.is_signed_in(person.device(device)), f"{name} is not signed in on her {device}"


@then(parsers.re(rf"{NAME} is (?:signed out|not signed in) {ON_DEVICE}"))
def not_signed_in(world: World, name: str, device: str) -> None:
    person = world.person(name)
    assert not world.driver.is_signed_in(person.device(device)), f"{name} is still signed in on her {device}"
