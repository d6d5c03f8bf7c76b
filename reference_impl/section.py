"""The Security section as a read model: what the page shows, nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .account import Account, Method

Action = Literal["Enable", "Disable"]


@dataclass(frozen=True)
class MethodBlock:
    method: Method
    active: bool
    activated_at: datetime | None
    #: For Email Code: the address codes are sent to, once active.
    address: str | None
    #: "Enable", replaced by a red "Disable" once active.
    action: Action


@dataclass(frozen=True)
class SecuritySection:
    last_password_change: datetime
    email_code: MethodBlock
    authenticator_app: MethodBlock


def security_section(account: Account) -> SecuritySection:
    email, app = account.email_code, account.authenticator_app
    return SecuritySection(
        last_password_change=account.password_changed_at,
        email_code=MethodBlock(
            method=Method.EMAIL_CODE,
            active=email is not None,
            activated_at=email.activated_at if email else None,
            address=account.email if email else None,
            action="Disable" if email else "Enable",
        ),
        authenticator_app=MethodBlock(
            method=Method.AUTHENTICATOR_APP,
            active=app is not None,
            activated_at=app.activated_at if app else None,
            address=None,
            action="Disable" if app else "Enable",
        ),
    )
