"""Who and what a journey speaks about: the people, their devices, the clock's jumps, the suite's words."""

from __future__ import annotations

from ...protocol import DialogKind, Method, Prompt
from ..oracle import Answer

MAIN, OTHER = "Alice", "Carol"
WORDS = ("laptop", "phone", "tablet", "desktop", "workstation")
#: Carol only ever signs in on these (she is the other customer whose sessions must not move).
OTHER_WORDS = ("laptop", "phone")
EMAIL, APP = Method.EMAIL_CODE, Method.AUTHENTICATOR_APP
#: Clock advances a journey may take, with weights: the edges of the 60-second countdown and of
#: 30-second TOTP steps come up most, then minutes, days and up to six months.
TIME_STEPS = {
    1: 1,
    29: 2,
    31: 3,
    59: 3,
    60: 2,
    61: 3,
    90: 2,
    600: 1,
    3600: 1,
    86_400: 1,
    3 * 86_400: 1,
    31 * 86_400: 1,
    183 * 86_400: 1,
}

METHOD_WORDS = {EMAIL: "the email code", APP: "the authenticator app"}
PROMPT_PHRASES = {
    Prompt.PASSWORD: "the dialog asks for her password",
    Prompt.AUTHENTICATOR_APP_CODE: "the dialog asks for a code from her authenticator app",
    Prompt.EMAIL_CODE: "the dialog asks for a code sent by email",
}
OPEN_PHRASES = {
    DialogKind.ENABLE_EMAIL_CODE: "starts enabling the email code",
    DialogKind.ENABLE_AUTHENTICATOR_APP: "starts enabling the authenticator app",
    DialogKind.DISABLE_EMAIL_CODE: "opens the dialog to disable the email code",
    DialogKind.DISABLE_AUTHENTICATOR_APP: "opens the dialog to disable the authenticator app",
    DialogKind.VIEW_RECOVERY_CODES: "opens View Recovery Codes",
}
#: The answer a prompt asks for, and the code a code step asks for: likelier, so flows get somewhere.
RIGHT_ANSWERS = {
    Prompt.PASSWORD: "her password",
    Prompt.AUTHENTICATOR_APP_CODE: "a code from her authenticator app",
    Prompt.EMAIL_CODE: "the code from the latest email",
}
RIGHT_CODES = {
    EMAIL: "the code from the latest email",
    APP: "the current code from her authenticator app",
}
#: Confirmation answers that are not a code the World reads from a mailbox or an app.
FIXED_ANSWERS = {
    "her password": (Answer.PASSWORD, ""),
    "a wrong password": (Answer.WRONG, "?"),
    "a wrong authenticator code": (Answer.WRONG, "?"),
}
#: Typed at a code step: the suite's phrase for pressing Disable with the field empty.
EMPTY = "empty"
SAME_EMAIL_CODE, SAME_APP_CODE = "the same email code", "the same authenticator code"
