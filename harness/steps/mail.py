"""What reaches a person's registered address."""

from __future__ import annotations

from pytest_bdd import parsers, then

from ..mailbox import one_time_code
from ..world import World
from .common import NAME


@then(parsers.re(rf"an email with a 6-digit code is sent to {NAME}'s registered address"))
def email_with_code_sent(world: World, name: str) -> None:
    person = world.person(name)
    fresh = world.new_code_emails(person)
    assert fresh, f"no new email with a 6-digit code reached {person.email}"
    one_time_code(fresh[-1])


@then(parsers.re(rf"no code is emailed to {NAME}"))
def no_code_emailed(world: World, name: str) -> None:
    fresh = world.new_code_emails(world.person(name))
    assert not fresh, f"{len(fresh)} email(s) with a code reached her: {[e.subject for e in fresh]}"
