"""Every error the reference implementation raises, in one place.

Callers (drivers, the HTTP server) map these onto outcomes by their ``reason``
category, so the category strings are part of the public surface::

    SecuritySettingsError            base; never raised itself
    ├── InvalidInput                 malformed value: None, wrong type, non-digits, too long …
    ├── InvalidAction                a trigger the current state does not allow
    ├── NotSignedIn                  the device has no session (or lost it)
    ├── AccountExists                create_account with an address already registered
    └── Rejected                     well-formed, but the rules say no
        ├── WrongCredentials         sign-in with an unknown address or wrong password
        ├── WrongPassword            identity confirmation / current password wrong
        ├── PasswordMismatch         New Password and Repeat New Password differ
        ├── WeakPassword             below the reference's minimum length
        ├── WrongCode                a one-time code that is wrong, expired or already used
        │   └── CodeAlreadyUsed      the code was right, and was spent a moment ago (not a failure)
        ├── CountdownRunning         Request Code pressed before the countdown ended
        └── TooManyAttempts          the attempt limit was reached; restart the flow

Every error is raised *before* any state changes, so a caller may retry safely.
"""

from __future__ import annotations


class SecuritySettingsError(Exception):
    """Base of all reference errors; ``reason`` is a stable machine-readable category."""

    reason = "error"


class InvalidInput(SecuritySettingsError):
    """A value has the wrong type or shape; it was never compared with anything."""

    reason = "invalid_input"


class InvalidAction(SecuritySettingsError):
    """The action is not available in the dialog's (or account's) current state."""

    reason = "invalid_action"


class NotSignedIn(SecuritySettingsError):
    """The device has no session: sign in first."""

    reason = "not_signed_in"


class AccountExists(SecuritySettingsError):
    """An account with that email address is already registered."""

    reason = "account_exists"


class Rejected(SecuritySettingsError):
    """A well-formed attempt that the documented rules refuse."""

    reason = "rejected"
    #: Whether the refusal counts as a failed guess towards the throttles (lockout.py).
    counts = True


class WrongCredentials(Rejected):
    """Sign-in refused; deliberately does not say whether the address exists."""

    reason = "wrong_credentials"


class WrongPassword(Rejected):
    """The password given to confirm identity is not the account's password."""

    reason = "wrong_password"


class PasswordMismatch(Rejected):
    """Repeat New Password does not match New Password."""

    reason = "password_mismatch"


class WeakPassword(Rejected):
    """The new password is shorter than the reference's minimum."""

    reason = "weak_password"


class WrongCode(Rejected):
    """The one-time code is wrong, expired or was already used."""

    reason = "wrong_code"


class CodeAlreadyUsed(WrongCode):
    """A code that was valid and has just been spent (a double submission): refused, but no guess."""

    counts = False


class CountdownRunning(Rejected):
    """Request Code is still locked by its countdown."""

    reason = "countdown_running"


class TooManyAttempts(Rejected):
    """The attempt limit was reached; this dialog or sign-in must be started again."""

    reason = "too_many_attempts"
