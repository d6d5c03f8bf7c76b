"""Reading one-time codes out of emails, the way a person reads them."""

from __future__ import annotations

import re

from .protocol import Email

#: A run of exactly six ASCII digits standing on its own.
_SIX_DIGITS = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])", re.ASCII)


def six_digit_codes(email: Email) -> set[str]:
    return set(_SIX_DIGITS.findall(f"{email.subject}\n{email.body}"))


def one_time_code(email: Email) -> str:
    """The single 6-digit code in ``email``; an AssertionError (a broken rule) otherwise."""
    codes = six_digit_codes(email)
    assert len(codes) == 1, (
        f"the email to {email.recipient} ({email.subject!r}) should hold one 6-digit code, "
        f"found {sorted(codes) or 'none'} in: {email.body[:200]!r}"
    )
    return codes.pop()
