"""Drivers that keep every documented rule but break a hardening one.

The doc is silent on code lifetime and attempt limits, so these pass the MUST
suite; only ``--levels must,hardening`` may fail them. Each changes one
``Policy`` value of the reference, nothing else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import ClassVar

from reference_impl import Policy
from reference_impl.driver import ReferenceDriver


class _ReferenceWithPolicy(ReferenceDriver):
    POLICY: ClassVar[Policy]

    def __init__(self) -> None:
        super().__init__(policy=self.POLICY)


class LongLivedEmailCodes(_ReferenceWithPolicy):
    """Emailed codes work for an hour (NIST: at most 10 minutes)."""

    POLICY = replace(Policy(), email_code_lifetime=timedelta(hours=1))


class NoAccountLockout(_ReferenceWithPolicy):
    """Each sign-in attempt takes 5 wrong codes, but a new attempt starts afresh: guessing never stops."""

    POLICY = replace(Policy(), account_attempt_limit=10**9, free_failures=10**9)


def long_lived_email_codes() -> LongLivedEmailCodes:
    return LongLivedEmailCodes()


def no_account_lockout() -> NoAccountLockout:
    return NoAccountLockout()
