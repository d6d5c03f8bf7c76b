"""Shape checks for every value that enters the reference from outside.

They run before any comparison or state change, so malformed input (None,
wrong type, look-alike unicode digits, 10 kB strings) is refused with
:class:`~reference_impl.errors.InvalidInput` and changes nothing.
"""

from __future__ import annotations

from typing import Final

from .errors import InvalidInput

ASCII_DIGITS: Final = frozenset("0123456789")
#: NIST SP 800-63B asks verifiers to allow at least 64 characters; we allow 256.
MAX_PASSWORD_LENGTH: Final = 256
MAX_EMAIL_LENGTH: Final = 254
MAX_DEVICE_LENGTH: Final = 128
MAX_CODE_LENGTH: Final = 64


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
    """A plausible address: one '@', something on each side, no spaces."""
    text = require_text(value, "email address", MAX_EMAIL_LENGTH)
    local, at, domain = text.partition("@")
    if not at or not local or not domain or "@" in domain or any(c.isspace() for c in text):
        raise InvalidInput(f"{text!r} is not an email address")
    return text


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
