"""Checks of what a user offers as proof: the password or a code of the app."""

from __future__ import annotations

from .account import Account
from .context import Context
from .errors import CodeAlreadyUsed, InvalidAction, WrongCode, WrongPassword
from .lockout import Failures, counted_code_check
from .totp import DIGITS
from .validation import require_numeric_code, require_password


def check_password(ctx: Context, account: Account, offered: object, failures: Failures) -> None:
    """The account's password; wrong ones count in ``failures``, however many dialogs ask."""
    password = require_password(offered)
    with counted_code_check(ctx, failures):
        if not ctx.hasher.verify(password, account.password_hash):
            raise WrongPassword("that is not the current password")


def check_app_code(ctx: Context, account: Account, offered: object, failures: Failures) -> None:
    """A current, not yet used code of the authenticator app."""
    code = require_numeric_code(offered, DIGITS)
    app = account.authenticator_app
    if app is None:
        raise InvalidAction("the authenticator app is not active")
    with counted_code_check(ctx, failures):
        if not app.accept_code(code, ctx.now(), ctx.policy.totp_window):
            if app.replays_code(code, ctx.now(), ctx.policy.totp_window):
                raise CodeAlreadyUsed("that authenticator code was used already")
            raise WrongCode("that authenticator code is wrong, too old or already used")
