"""Identity confirmation, step one of enabling either method.

The doc: with no other method active the prompt is for the password; with the
other method active it is for that method's code ("if Authenticator App Code
is already active, the prompt is for a one-time code from the app instead";
"If you already have Email Code active, the first step uses an email code").
"""

from __future__ import annotations

from enum import StrEnum

from ..account import Account, Method
from ..challenge import EmailChallenge
from ..codes import EMAIL_CODE_DIGITS
from ..context import Context
from ..lockout import Failures, counted_code_check
from ..proofs import check_app_code, check_password
from ..validation import require_numeric_code


class Prompt(StrEnum):
    PASSWORD = "password"  # noqa: S105 - a prompt kind, not a secret
    AUTHENTICATOR_APP_CODE = "authenticator_app_code"
    EMAIL_CODE = "email_code"


def identity_prompt(account: Account, enabling: Method) -> Prompt:
    """What the first step asks for when ``enabling`` the given method."""
    if enabling is Method.EMAIL_CODE and account.authenticator_app is not None:
        return Prompt.AUTHENTICATOR_APP_CODE
    if enabling is Method.AUTHENTICATOR_APP and account.email_code is not None:
        return Prompt.EMAIL_CODE
    return Prompt.PASSWORD


def confirm_identity(
    ctx: Context,
    account: Account,
    prompt: Prompt,
    offered: object,
    challenge: EmailChallenge | None,
    failures: Failures,
    password_failures: Failures,
) -> None:
    """Raise unless ``offered`` answers ``prompt``; the other proofs are not accepted.

    Wrong codes count in ``failures``, wrong passwords in ``password_failures`` (lockout.py).
    """
    if prompt is Prompt.PASSWORD:
        check_password(ctx, account, offered, password_failures)
    elif prompt is Prompt.AUTHENTICATOR_APP_CODE:
        check_app_code(ctx, account, offered, failures)
    else:
        assert challenge is not None, "an email prompt always has a challenge"
        with counted_code_check(ctx, failures):
            challenge.verify(require_numeric_code(offered, EMAIL_CODE_DIGITS))
