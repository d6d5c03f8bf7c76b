"""Shape checks for every value that enters the reference from outside.

They run before any comparison or state change, so malformed input (None,
wrong type, look-alike unicode digits, 10 kB strings) is refused with
:class:`~reference_impl.errors.InvalidInput` and changes nothing.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Final

import email_validator

from .errors import InvalidInput

ASCII_DIGITS: Final = frozenset("0123456789")
#: NIST SP 800-63B asks verifiers to allow at least 64 characters; we allow 256.
MAX_PASSWORD_LENGTH: Final = 256
MAX_EMAIL_LENGTH: Final = 254
MAX_DEVICE_LENGTH: Final = 128
MAX_CODE_LENGTH: Final = 64
#: Format (bidi and zero-width controls), control, private-use and unassigned characters.
_HIDDEN_CATEGORIES: Final = frozenset({"Cf", "Cc", "Co", "Cn"})


def require_text(value: object, field: str, max_length: int) -> str:
    """A non-empty ``str`` of at most ``max_length`` characters without NUL."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text, not {type(value).__name__}")
    if not value:
        raise InvalidInput(f"{field} must not be empty")
    if len(value) > max_length:
        raise InvalidInput(f"{field} is longer than {max_length} characters")
    if "\x00" in value:
        raise InvalidInput(f"{field} must not contain NUL characters")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(f"{field} must be valid Unicode text (no lone surrogates)") from None
    return value


def require_password(value: object, field: str = "password") -> str:
    return require_text(value, field, MAX_PASSWORD_LENGTH)


def require_email(value: object) -> str:
    """One address, checked and normalised by email-validator (a maintained RFC 5321/6531 parser).

    No display name ("Alice <a@…>"), no list ("a@…,root"), no quoted local
    part, no bidirectional or zero-width controls (email-validator refuses
    characters that render deceptively). The result is the normalised form
    (Unicode NFC, domain lowercased); compare addresses with :func:`address_key`. Look-alike
    compatibility characters (anything NFKC would change) are refused.
    """
    text = require_text(value, "email address", MAX_EMAIL_LENGTH)
    if any(unicodedata.category(c) in _HIDDEN_CATEGORIES for c in text):
        raise InvalidInput("an email address must not hold invisible or direction-changing characters")
    if unicodedata.normalize("NFKC", text) != text:
        # A compatibility look-alike (the Kelvin sign for "K", full-width letters) is refused, not
        # quietly mapped: "\u212aate@…" must neither reach Kate's account nor register beside it.
        raise InvalidInput(f"{text!r} holds look-alike characters; type the address in plain letters")
    return _normalised_address(text)


@functools.lru_cache(maxsize=1024)
def _normalised_address(text: str) -> str:
    """email-validator's answer for ``text``, remembered: every sign-in checks the same few addresses
    again, and the parse is a tenth of a sign-in (a refusal is not remembered: it raises each time).

    A remembered address answers some 40 µs sooner; next to the password hash every sign-in pays,
    known account or not (hundreds of milliseconds on the server), that says nothing over a network.
    """
    try:
        checked = email_validator.validate_email(
            text,
            check_deliverability=False,  # no DNS: registration must work offline and on reserved domains
            allow_display_name=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
            test_environment=True,  # RFC 2606/6761 names (example.com, *.test) are the kit's test data
        )
    except email_validator.EmailNotValidError as exc:
        raise InvalidInput(f"{text!r} is not one email address: {exc}") from None
    return str(checked.normalized)


def address_key(address: str) -> str:
    """What two addresses must share to be the same account: NFKC, then case folded.

    :func:`require_email` already refused what NFKC would change; folding the case
    makes "Kate@…" and "kate@…" one account, for any script.
    """
    return unicodedata.normalize("NFKC", address).casefold()


def require_device(value: object) -> str:
    return require_text(value, "device name", MAX_DEVICE_LENGTH)


def require_numeric_code(value: object, digits: int) -> str:
    """Exactly ``digits`` ASCII digits; surrounding spaces are forgiven.

    ``str.isdigit`` would accept Arabic-Indic or full-width digits, which no
    code we send contains, so only ``0-9`` pass.
    """
    text = require_text(value, "code", MAX_CODE_LENGTH).strip()
    if len(text) != digits or not set(text) <= ASCII_DIGITS:
        raise InvalidInput(f"the code must be {digits} digits 0-9")
    return text


def require_code_text(value: object) -> str:
    """Any code-like text (a 6-digit code or a recovery code), stripped of spaces."""
    text = require_text(value, "code", MAX_CODE_LENGTH).strip()
    # Spaces inside are allowed: codes.normalize_recovery_code ignores them, as it does hyphens.
    compact = "".join(text.split()).replace("-", "")
    if not text.isascii() or not compact or not compact.isalnum():
        raise InvalidInput("a code contains only ASCII letters, digits, spaces and hyphens")
    return text
