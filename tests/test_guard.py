"""The guard turns driver misbehaviour into BROKEN and missing capabilities into NOT-APPLICABLE."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from harness.errors import DriverBroken, NotApplicable
from harness.guard import GuardedDriver
from harness.protocol import Capability, DialogKind, DialogRefused, NotOffered, Reason, SecuritySection
from reference_impl.driver import ReferenceDriver


class Misbehaving(ReferenceDriver):
    def is_signed_in(self, device: str) -> Any:
        return "yes"  # not a bool

    def security_section(self, device: str) -> Any:
        raise TimeoutError("page load took 30 s")

    def now(self) -> datetime:
        return datetime(2026, 1, 1)  # naive


class ClockOnly(ReferenceDriver):
    capabilities = frozenset({Capability.CLOCK_CONTROL})


def test_an_exception_inside_the_driver_is_broken_and_names_the_call() -> None:
    with pytest.raises(
        DriverBroken, match=r"security_section\('x'\) raised TimeoutError: page load took 30 s"
    ):
        GuardedDriver(Misbehaving()).security_section("x")


def test_a_value_outside_the_protocol_is_broken() -> None:
    with pytest.raises(DriverBroken, match="returned str, which is not a bool"):
        GuardedDriver(Misbehaving()).is_signed_in("x")


def test_a_naive_clock_is_broken() -> None:
    with pytest.raises(DriverBroken, match="naive"):
        GuardedDriver(Misbehaving()).now()


def test_missing_capabilities_are_not_applicable_before_the_driver_is_called() -> None:
    driver = GuardedDriver(ClockOnly())
    with pytest.raises(NotApplicable, match="outbox"):
        driver.emails_to("a@example.com")
    driver.advance_clock(1)  # declared: allowed


def test_a_refused_dialog_is_the_protocol_signal_not_a_crash() -> None:
    driver = GuardedDriver(ReferenceDriver())
    with pytest.raises(DialogRefused) as refused:
        driver.open_dialog("nobody's laptop", DialogKind.ENABLE_EMAIL_CODE)
    assert refused.value.outcome.reason is Reason.NOT_SIGNED_IN


def test_rejections_pass_through_as_data() -> None:
    driver = GuardedDriver(ReferenceDriver())
    driver.create_account("a@example.com", "long enough password")
    result = driver.sign_in("laptop", "a@example.com", "wrong password!")
    assert not result.outcome.accepted and result.outcome.reason is Reason.WRONG_PASSWORD


class RefusesItsOwnCapability(ReferenceDriver):
    """Declares clock control, then says NOT-APPLICABLE: could turn any scenario into 'not checked'."""

    def advance_clock(self, seconds: float) -> None:
        raise NotApplicable(Capability.CLOCK_CONTROL)


class OutsideTheProtocolInside(ReferenceDriver):
    """Right outer type, wrong nested value: a button the protocol does not know."""

    def security_section(self, device: str) -> SecuritySection:
        section = super().security_section(device)
        assert section.email_code is not None
        return replace(section, email_code=replace(section.email_code, action="Enabled"))  # type: ignore[arg-type]


class NoSuchButton(ReferenceDriver):
    def security_section(self, device: str) -> SecuritySection:
        raise NotOffered("Settings → Security page")


def test_a_driver_raising_not_applicable_for_a_declared_capability_is_broken() -> None:
    with pytest.raises(DriverBroken, match="must not refuse a capability it declares"):
        GuardedDriver(RefusesItsOwnCapability()).advance_clock(1)


def test_a_nested_value_outside_the_protocol_is_broken_and_names_the_field() -> None:
    driver = GuardedDriver(OutsideTheProtocolInside())
    driver.create_account("a@example.com", "long enough password")
    driver.sign_in("laptop", "a@example.com", "long enough password")
    with pytest.raises(DriverBroken, match=r"SecuritySection\.email_code\.action is 'Enabled'"):
        driver.security_section("laptop")


def test_not_offered_is_the_products_answer_not_a_crash() -> None:
    with pytest.raises(NotOffered, match="the product offers no Settings → Security page"):
        GuardedDriver(NoSuchButton()).security_section("laptop")


class NothingOffered(ReferenceDriver):
    def is_signed_in(self, device: str) -> bool:
        raise NotOffered("session indicator")  # an observation of the kit's, not something a user presses

    def sign_out(self, device: str) -> None:
        raise NotOffered("Sign Out button")


def test_not_offered_is_an_answer_only_from_a_user_action() -> None:
    driver = GuardedDriver(NothingOffered())
    with pytest.raises(NotOffered):
        driver.sign_out("laptop")
    with pytest.raises(
        DriverBroken, match=r"is_signed_in\('laptop'\) raised NotOffered \(session indicator\)"
    ):
        driver.is_signed_in("laptop")


class CountsClockReads(ReferenceDriver):
    """The reference, counting how often the kit reads its clock."""

    def __init__(self, capabilities: frozenset[Capability]) -> None:
        super().__init__()
        self.capabilities = capabilities
        self.reads = 0

    def now(self) -> datetime:
        self.reads += 1
        return super().now()


def test_a_controlled_clock_is_read_once_after_each_move() -> None:
    driver = CountsClockReads(frozenset({Capability.CLOCK_CONTROL}))
    guarded = GuardedDriver(driver)
    start = guarded.now()
    assert guarded.now() == start and driver.reads == 1
    guarded.advance_clock(90)
    assert (guarded.now() - start).total_seconds() == 90
    assert guarded.now() - start == driver.now() - start  # the product's own clock says the same
    assert driver.reads == 3  # once after the move, plus the direct read just above


def test_a_failed_move_leaves_no_stale_instant() -> None:
    driver = CountsClockReads(frozenset({Capability.CLOCK_CONTROL}))
    guarded = GuardedDriver(driver)
    guarded.now()
    with pytest.raises(DriverBroken):
        guarded.advance_clock("soon")  # type: ignore[arg-type]  # the reference refuses it
    driver.clock.advance(30)  # however far the product's clock got
    assert guarded.now() == driver.now()


def test_a_clock_the_kit_does_not_control_is_read_every_time() -> None:
    driver = CountsClockReads(frozenset({Capability.OUTBOX}))
    guarded = GuardedDriver(driver)
    guarded.now(), guarded.now()
    assert driver.reads == 2
