"""The account-wide limit on consecutive wrong one-time codes (NIST SP 800-63B-4 §3.2.2).

A flow's own limit (``Policy.attempt_limit``) ends one dialog or sign-in, but a
new sign-in would start a guesser's count again. This one counts every wrong
one-time code on the account — email, authenticator or recovery code, in any
flow, on any device — and a right code sets it back to zero. Once
``Policy.account_attempt_limit`` is reached, codes are refused without being
compared: from then on the account needs recovery by support, which the
documentation leaves out (spec/INTERPRETATIONS.md, I-16).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .account import Account
from .context import Context
from .errors import TooManyAttempts, WrongCode


@contextmanager
def counted_code_check(ctx: Context, account: Account) -> Iterator[None]:
    """Wrap one check of a one-time code: refused unchecked once locked; WrongCode counts; success resets."""
    if account.failed_code_attempts >= ctx.policy.account_attempt_limit:
        raise TooManyAttempts(
            f"{account.failed_code_attempts} wrong codes in a row: this account no longer accepts codes"
        )
    try:
        yield
    except WrongCode:
        account.failed_code_attempts += 1
        raise
    account.failed_code_attempts = 0
