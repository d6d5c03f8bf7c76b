"""Correct drivers that answer the doc's open questions differently from the reference.

The simulation must not flag any of them (spec/INTERPRETATIONS.md): emailed
codes that expire after 90 seconds instead of 10 minutes (I-05), and dialogs
and sign-ins that end after the second wrong answer instead of the fifth (I-16).
"""

from __future__ import annotations

from datetime import timedelta

from harness.drivers.reference import ReferenceDriver
from reference_impl import FAST_SCRYPT, PasswordHasher, Policy, SecuritySettings


class OtherChoices(ReferenceDriver):
    def __init__(self, policy: Policy) -> None:
        super().__init__()
        self.service = SecuritySettings(
            self.clock, self.outbox, hasher=PasswordHasher(FAST_SCRYPT), policy=policy
        )


def short_lived_email_codes() -> OtherChoices:
    return OtherChoices(Policy(email_code_lifetime=timedelta(seconds=90)))


def two_attempts() -> OtherChoices:
    return OtherChoices(Policy(attempt_limit=2))
