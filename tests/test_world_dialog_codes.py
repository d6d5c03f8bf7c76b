"""Which emailed code the World types in a dialog: the one that dialog's kind mailed last, read or not.

Both cases were found by the simulation (a journey's generation changed and two seeds turned them up):
the World typed an older code of the same kind, or a sign-in's code, and the reference refused it — a
false EML-04 failure of a correct product. Reopened within its countdown, a dialog may take the
pending code again instead of mailing another (HRD-13), so the World must know which code that is.
"""

from __future__ import annotations

from typing import Any, cast

import pytest

from harness import journeys
from harness.errors import NotApplicable
from harness.guard import GuardedDriver
from harness.loading import load_factory
from harness.mailbox import one_time_code
from harness.protocol import Capability, DialogKind, Driver, Method, Step
from harness.world import HOME_DEVICE, World

ENABLE, DISABLE = DialogKind.ENABLE_EMAIL_CODE, DialogKind.DISABLE_EMAIL_CODE


@pytest.fixture
def world() -> World:
    world = World(GuardedDriver(load_factory("reference")()), seed=0)
    alice = world.person("Alice")
    world.create_account(alice)
    journeys.sign_in_fully(world, alice, HOME_DEVICE)
    return world


@pytest.mark.parametrize("closed", [False, True], ids=["left open", "closed by a step"])
def test_a_reopened_dialog_takes_the_pending_code_of_its_kind_though_she_never_read_it(
    world: World, closed: bool
) -> None:
    alice = world.person("Alice")
    journeys.enable_email_code(world, alice)  # the kind's first code: typed, used
    journeys.disable(world, alice, DISABLE)
    journeys.open_dialog(world, alice, ENABLE, "EML-01")
    journeys.confirm_identity(world, alice, ENABLE)  # mails a new code, which she does not read
    pending = one_time_code(world.emails(alice)[-1])
    if closed:  # as steps that close a dialog before reopening it do
        world.current_dialog().close()
        world.dialog = None

    journeys.enable_email_code(world, alice)  # reopened within the countdown: no new mail

    assert alice.last_email_code == pending


def test_a_code_a_sign_in_brought_is_not_the_dialogs(world: World) -> None:
    """The dialog she leaves keeps the codes it mailed, not the sign-in code that came meanwhile."""
    alice = world.person("Alice")
    journeys.enable_email_code(world, alice)
    journeys.open_dialog(world, alice, DISABLE, "DIS-03")
    journeys.confirm_identity(world, alice, DISABLE)
    mailed = len(world.emails(alice))
    world.sign_in_with(alice, "phone", Method.EMAIL_CODE)  # mails a sign-in code while the dialog is open
    assert len(world.emails(alice)) > mailed  # positive control: the sign-in did mail a code

    journeys.disable(world, alice, DISABLE)  # reopened within the countdown: the dialog's pending code

    assert alice.last_email_code == one_time_code(world.emails(alice)[mailed - 1])


class WithoutOutbox:
    """The reference, declaring no outbox: a product whose mail the kit cannot read."""

    def __init__(self) -> None:
        self._reference = load_factory("reference")()

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset(self._reference.capabilities) - {Capability.OUTBOX}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reference, name)


def test_without_an_outbox_signing_in_and_opening_a_dialog_read_no_mail() -> None:
    """Only the scenarios that read an emailed code are NOT-APPLICABLE without an outbox (docs/http.md)."""
    world = World(GuardedDriver(cast(Driver, WithoutOutbox())), seed=0)
    alice = world.person("Alice")
    try:  # NotApplicable is a pytest skip: caught here, or a regression would only show as skipped
        world.create_account(alice)
        journeys.sign_in_fully(world, alice, HOME_DEVICE)
        journeys.open_dialog(world, alice, DialogKind.ENABLE_AUTHENTICATOR_APP, "APP-01")
    except NotApplicable as needed:
        pytest.fail(f"signing in and opening a dialog needed {needed.capability.value}")
    assert world.view().step is Step.IDENTITY_CONFIRMATION
