"""The page vocabulary: every label, button name and phrase the browser driver looks for.

The driver finds things the way a user does — by role and visible name
(``get_by_role("button", name="Disable")``, ``get_by_label("Email code")``) —
so a team whose product words things differently adapts this one mapping
(``Vocabulary(...)`` with its own values, passed to :func:`..driver.create`)
rather than the driver. The defaults are the documentation's own words, which
the reference UI also renders.

Example: a product whose code submit button reads "Verify"::

    words = replace(DEFAULT, code_submit={**DEFAULT.code_submit, DialogKind.ENABLE_EMAIL_CODE: "Verify"})
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...protocol import DialogKind, Method, Prompt, Reason


@dataclass(frozen=True)
class Vocabulary:
    """Where the pages are and what their controls are called."""

    # -- pages (paths below the base URL) --
    sign_in_path: str = "/ui/sign-in"
    security_path: str = "/ui/security"
    create_account_path: str = "/ui/accounts/new"

    # -- sign-in and accounts --
    email: str = "Email"
    password: str = "Password"
    sign_in: str = "Sign In"
    sign_out: str = "Sign Out"
    create_account: str = "Create Account"
    #: The radio group of methods after the password, and each method's option.
    method_choice: str = "Choose how to sign in"
    method_options: dict[Method, str] = field(
        default_factory=lambda: {
            Method.EMAIL_CODE: "Email Code",
            Method.AUTHENTICATOR_APP: "Authenticator App Code",
            # A recovery code goes where the app's code goes (the doc: a fallback for a lost app).
            Method.RECOVERY_CODE: "Authenticator App Code",
        }
    )
    #: The sign-in code input, by chosen method.
    sign_in_code: dict[Method, str] = field(
        default_factory=lambda: {
            Method.EMAIL_CODE: "Email code",
            Method.AUTHENTICATOR_APP: "Authenticator app code or recovery code",
            Method.RECOVERY_CODE: "Authenticator app code or recovery code",
        }
    )

    # -- Settings → Security --
    security_heading: str = "Security"
    password_block: str = "Change password"
    #: The phrase before the last-change date, shown above the Change Password button.
    last_changed: str = "Last changed"
    change_password: str = "Change Password"
    current_password: str = "Current Password"
    new_password: str = "New Password"
    repeat_new_password: str = "Repeat New Password"
    save: str = "Save"
    #: The method blocks (regions named by their heading).
    blocks: dict[str, str] = field(
        default_factory=lambda: {"email_code": "Email Code", "authenticator_app": "Authenticator App Code"}
    )
    enable: str = "Enable"
    disable: str = "Disable"
    activated_on: str = "Activated on"
    codes_sent_to: str = "Codes are sent to"
    view_recovery_codes: str = "View Recovery Codes"

    # -- dialogs --
    dialog_titles: dict[DialogKind, str] = field(
        default_factory=lambda: {
            DialogKind.ENABLE_EMAIL_CODE: "Enable Email Code",
            DialogKind.ENABLE_AUTHENTICATOR_APP: "Enable Authenticator App Code",
            DialogKind.VIEW_RECOVERY_CODES: "Recovery Codes",
            DialogKind.DISABLE_EMAIL_CODE: "Disable Email Code",
            DialogKind.DISABLE_AUTHENTICATOR_APP: "Disable Authenticator App Code",
        }
    )
    prompts: dict[Prompt, str] = field(
        default_factory=lambda: {
            Prompt.PASSWORD: "Password",
            Prompt.AUTHENTICATOR_APP_CODE: "Authenticator app code",
            Prompt.EMAIL_CODE: "Email code",
        }
    )
    #: Headings that mark an identity-confirmation step (the same input may ask for a code later).
    identity_steps: tuple[str, ...] = ("Step 1 — Identity confirmation", "Confirm your identity")
    continue_: str = "Continue"
    request_code: str = "Request Code"
    #: The button that submits a typed code, by dialog.
    code_submit: dict[DialogKind, str] = field(
        default_factory=lambda: {
            DialogKind.ENABLE_EMAIL_CODE: "Enable",
            DialogKind.ENABLE_AUTHENTICATOR_APP: "Continue",
            DialogKind.VIEW_RECOVERY_CODES: "Continue",
            DialogKind.DISABLE_EMAIL_CODE: "Disable",
            DialogKind.DISABLE_AUTHENTICATOR_APP: "Disable",
        }
    )
    qr_code: str = "QR code"
    #: The alphanumeric key shown below the QR code.
    manual_key: str = "Key"
    recovery_codes: str = "Recovery codes"
    download_text_file: str = "Download as Text File"
    regenerate: str = "Regenerate"
    close: str = "Close"

    #: What an error message (role=alert) starts with, by the refusal it stands for.
    refusals: dict[Reason, str] = field(
        default_factory=lambda: {
            Reason.WRONG_PASSWORD: "Wrong password.",
            Reason.WRONG_CODE: "Wrong or expired code.",
            Reason.PASSWORD_MISMATCH: "The new passwords do not match.",
            Reason.PASSWORD_POLICY: "The new password is not allowed.",
            Reason.COUNTDOWN_RUNNING: "Request Code is locked until the countdown ends.",
            Reason.TOO_MANY_ATTEMPTS: "Too many wrong attempts.",
            Reason.INVALID_INPUT: "That is not a valid entry.",
            Reason.NOT_AVAILABLE: "That is not available now.",
            Reason.NOT_SIGNED_IN: "You are signed out.",
            Reason.OTHER: "That did not work.",
        }
    )

    def reason_of(self, message: str) -> Reason:
        """The refusal an error message stands for; OTHER when no phrase matches."""
        for reason, phrase in self.refusals.items():
            if message.strip().startswith(phrase):
                return reason
        return Reason.OTHER


DEFAULT = Vocabulary()
