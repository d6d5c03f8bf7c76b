"""Deliberately wrong drivers, to show the suite fails the right rules and says BROKEN when it should."""

from __future__ import annotations

from dataclasses import replace

from harness.protocol import Capability, Outcome, Reason, SecuritySection
from reference_impl.driver import ReferenceDriver, outcome_of


class AcceptsAnyCurrentPassword(ReferenceDriver):
    """Change Password saves without checking the Current Password field."""

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        if new != repeat:
            return Outcome.reject(Reason.PASSWORD_MISMATCH)
        dialog = self.service.change_password(device)
        return outcome_of(lambda: dialog._commit(current, new, repeat))


class CarelessChangePassword(AcceptsAnyCurrentPassword):
    """Two defects for the report tests: any Current Password is taken (PWD-03/04), and the section
    never shows the date of the last change (PWD-02)."""

    def security_section(self, device: str) -> SecuritySection:
        return replace(super().security_section(device), last_password_change=None)


class CrashingSection(ReferenceDriver):
    """Reading the Security section raises: the driver is broken, no rule is."""

    def security_section(self, device: str) -> SecuritySection:
        raise RuntimeError("the section page did not load")


class NoClockControl(ReferenceDriver):
    """A driver for a system whose clock cannot be moved."""

    capabilities = frozenset({Capability.OUTBOX})


def accepts_any_current_password() -> AcceptsAnyCurrentPassword:
    return AcceptsAnyCurrentPassword()


def careless_change_password() -> CarelessChangePassword:
    return CarelessChangePassword()


def crashing_section() -> CrashingSection:
    return CrashingSection()


def no_clock_control() -> NoClockControl:
    return NoClockControl()
