"""The guard turns driver misbehaviour into BROKEN and missing capabilities into NOT-APPLICABLE."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from harness.errors import DriverBroken, NotApplicable
from harness.guard import GuardedDriver
from harness.protocol import Capability, DialogKind, DialogRefused, Reason
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
