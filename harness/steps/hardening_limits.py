"""Steps of spec/features/hardening/05_guessing_and_flooding.feature: many guesses, many openings.

Like the other hardening steps, the loops never stop at the first refusal: a
product may refuse the password, the dialog or the code once it throttles, and
each of those is within the bound. Only the final step, with the right answer,
is judged.
"""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then, when

from .. import journeys
from ..person import Person
from ..protocol import DialogKind, DialogRefused
from ..world import World
from .common import NAME
from .hardening import KEEPS_USING, keep_using_laptop

_APART = r"(?P<count>\d+) (?P<what>wrong passwords|wrong current passwords)"


def _wrong_password(world: World, person: Person) -> str:
    """A password she does not have (and never had)."""
    while True:
        guess = world.new_password()
        if guess != person.password and guess not in person.previous_passwords:
            return guess


@when(
    parsers.re(
        rf"someone tries (?P<count>\d+) wrong passwords for {NAME} on her (?P<device>[a-z]+), "
        rf"(?P<gap>\d+) minutes apart{KEEPS_USING}"
    )
)
def wrong_passwords_at_sign_in(
    world: World, count: str, name: str, device: str, gap: str, busy: str | None
) -> None:
    person = world.person(name)
    for _ in range(int(count)):
        world.pass_time(int(gap) * 60)
        if busy:
            keep_using_laptop(world, person)
        world.driver.sign_in(person.device(device), person.email, _wrong_password(world, person))


@when(
    parsers.re(
        rf"someone on {NAME}'s (?P<device>[a-z]+) tries (?P<count>\d+) wrong current passwords, "
        r"each in a new Change Password dialog, (?P<gap>\d+) minutes apart"
    )
)
def wrong_current_passwords(world: World, name: str, device: str, count: str, gap: str) -> None:
    person = world.person(name)
    for _ in range(int(count)):
        world.pass_time(int(gap) * 60)
        new = world.new_password()
        world.driver.change_password(person.device(device), _wrong_password(world, person), new, new)


@pytest.fixture
def code_mails_counted() -> list[int]:
    """How many code emails the last opening loop brought (one entry)."""
    return []


@when(
    parsers.re(
        rf"{NAME} opens and closes the dialog to disable the email code (?P<count>\d+) times within a minute"
    )
)
def reopens_disable_email(world: World, code_mails_counted: list[int], name: str, count: str) -> None:
    person = world.person(name)
    world.new_code_emails(person)  # what came before is not counted
    seconds_apart = 59 / int(count)
    received = 0
    for _ in range(int(count)):
        try:
            dialog = world.driver.open_dialog(person.device("laptop"), DialogKind.DISABLE_EMAIL_CODE)
        except DialogRefused:
            continue  # a product may refuse to open it again so soon
        received += len(world.new_code_emails(person))
        dialog.close()
        world.pass_time(seconds_apart)
    code_mails_counted.append(received)


@then(parsers.re(r"at most (?P<most>\d+) emails with a code reached (?P<name>[A-Z][a-z]+), and at least one"))
def at_most_code_mails(code_mails_counted: list[int], most: str, name: str) -> None:
    assert code_mails_counted, "no dialog was opened again and again"
    received = code_mails_counted[-1]
    assert received >= 1, f"no code email reached {name}: the dialog did not send its code"
    assert received <= int(most), f"{received} code emails reached {name} within a minute (at most {most})"


@then(parsers.re(rf"{NAME}'s laptop, signed in before the guesses, still turns the authenticator app off"))
def laptop_still_disables(world: World, name: str) -> None:
    """HRD-12's own check: the right code refused on her signed-in device is this rule broken."""
    journeys.disable(world, world.person(name), DialogKind.DISABLE_AUTHENTICATOR_APP, accepted_by="HRD-12")
