"""The proof matrix: every place that asks for a proof, every wrong answer, and what the doc says of each.

One table, :data:`MATRIX`, is the whole matrix. Each cell names the answer, the place and
either the rule that refuses it (a MUST rule of the doc, or a hardening rule where the doc
is silent) or the interpretation (``I-nn`` of spec/INTERPRETATIONS.md) that records why
the doc leaves it open. Open cells are never asserted: a correct product may accept them.

The feature files hold one Scenario Outline per place and rule whose Examples rows are
this table's cells (``tests/test_proof_matrix.py`` checks they are equal); cells already
checked by a hand-written scenario name it, and the test checks that scenario exists.
docs/quality.md shows the table (:func:`markdown`), checked the same way.

What she answers is built by :data:`harness.answers.ANSWERS`, the only registry of answer kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from .protocol import DialogKind, Method


@dataclass(frozen=True)
class Place:
    """A prompt for a proof, as a step names it ("to disable the authenticator app")."""

    phrase: str
    #: What the doc asks for there, for the table.
    asks: str
    #: The sign-in method chosen, or the dialog opened, to reach it.
    method: Method | None = None
    dialog: DialogKind | None = None
    #: The rule that opens the dialog (journeys attribute a failure to open it to this rule).
    opened_by: str = ""
    #: The rule that documents the prompt: a place that asks nothing breaks it.
    owner: str = ""


SIGN_IN_APP = Place(
    "at sign-in with the authenticator app", "an app code", Method.AUTHENTICATOR_APP, owner="MFA-04"
)
SIGN_IN_EMAIL = Place("at sign-in with an email code", "the emailed code", Method.EMAIL_CODE, owner="MFA-03")
SIGN_IN_RECOVERY = Place(
    "at sign-in with a recovery code", "a recovery code", Method.RECOVERY_CODE, owner="APP-09"
)
ENABLE_EMAIL = Place(
    "to enable the email code",
    "her password",
    dialog=DialogKind.ENABLE_EMAIL_CODE,
    opened_by="EML-01",
    owner="EML-01",
)
ENABLE_EMAIL_APP_ACTIVE = Place(
    "to enable the email code with the app active",
    "an app code",
    dialog=DialogKind.ENABLE_EMAIL_CODE,
    opened_by="EML-01",
    owner="EML-02",
)
ENABLE_APP = Place(
    "to enable the authenticator app",
    "her password",
    dialog=DialogKind.ENABLE_AUTHENTICATOR_APP,
    opened_by="APP-01",
    owner="APP-03",
)
ENABLE_APP_EMAIL_ACTIVE = Place(
    "to enable the authenticator app with the email code active",
    "an email code",
    dialog=DialogKind.ENABLE_AUTHENTICATOR_APP,
    opened_by="APP-01",
    owner="APP-02",
)
VIEW_CODES = Place(
    "to view her recovery codes",
    "a fresh app code",
    dialog=DialogKind.VIEW_RECOVERY_CODES,
    opened_by="REC-01",
    owner="REC-01",
)
DISABLE_EMAIL = Place(
    "to disable the email code",
    "the code emailed as it opens",
    dialog=DialogKind.DISABLE_EMAIL_CODE,
    opened_by="DIS-01",
    owner="DIS-02",
)
DISABLE_APP = Place(
    "to disable the authenticator app",
    "an app code",
    dialog=DialogKind.DISABLE_AUTHENTICATOR_APP,
    opened_by="DIS-01",
    owner="DIS-03",
)
PLACES = (
    SIGN_IN_APP,
    SIGN_IN_EMAIL,
    SIGN_IN_RECOVERY,
    ENABLE_EMAIL,
    ENABLE_EMAIL_APP_ACTIVE,
    ENABLE_APP,
    ENABLE_APP_EMAIL_ACTIVE,
    VIEW_CODES,
    DISABLE_EMAIL,
    DISABLE_APP,
)


@dataclass(frozen=True)
class Cell:
    """One answer at one place: refused by ``rule``, or left open by ``open``."""

    place: Place
    answer: str
    rule: str | None = None
    open: str | None = None
    #: A hand-written scenario under ``rule`` that already checks this cell (none: the outline does).
    scenario: str | None = None


def _must(place: Place, answer: str, rule: str, scenario: str | None = None) -> Cell:
    return Cell(place, answer, rule=rule, scenario=scenario)


def _open(place: Place, answer: str, interpretation: str) -> Cell:
    return Cell(place, answer, open=interpretation)


WRONG_CODE = "a wrong code"
WRONG_PASSWORD = "a wrong password"  # noqa: S105 - an answer kind, not a secret
PASSWORD = "her password"  # noqa: S105 - an answer kind, not a secret
APP_CODE = "a code from her authenticator app"
SIGN_IN_EMAIL_CODE = "an email code sent for signing in"
RECOVERY_CODE = "one of her recovery codes"
USED_APP_CODE = "the authenticator code that signed her in"
ACTIVATION_CODE = "the code she used to activate the app"
HOUR_OLD_CODE = "the code her authenticator app showed an hour ago"
ENABLING_EMAIL_CODE = "the code that turned email codes on"
USED_EMAIL_CODE = "the email code that signed her in"
CLOSED_ENABLE_EMAIL_CODE = "the code a closed Enable Email Code dialog sent"
CLOSED_DISABLE_EMAIL_CODE = "the code a closed Disable Email Code dialog sent"
CLOSED_ENABLE_APP_CODE = "the code a closed Enable Authenticator App dialog sent"
WRONG_ALTERNATIVES = "a wrong answer to each alternative it offers"
PASSWORD_ALTERNATIVE = "her password as an alternative it offers"  # noqa: S105
NOTHING = "nothing"
OLD_RECOVERY_CODE = "a recovery code replaced by Regenerate"
USED_RECOVERY_CODE = "the recovery code that signed her in"
MADE_UP_RECOVERY_CODE = "a made-up recovery code"

MATRIX: tuple[Cell, ...] = (
    # -- sign-in, the authenticator app chosen ----------------------------------------------------------
    _must(
        SIGN_IN_APP,
        WRONG_CODE,
        "MFA-05",
        "Someone with the password but a wrong authenticator code stays out",
    ),
    _must(SIGN_IN_APP, PASSWORD, "MFA-04"),
    _must(SIGN_IN_APP, SIGN_IN_EMAIL_CODE, "MFA-04"),
    _open(SIGN_IN_APP, RECOVERY_CODE, "I-14"),
    _must(
        SIGN_IN_APP,
        USED_APP_CODE,
        "MFA-04",
        "An authenticator code that signed Alice in does not sign her in again",
    ),
    _must(
        SIGN_IN_APP,
        ACTIVATION_CODE,
        "MFA-04",
        "The code that activated the authenticator app does not also sign Alice in",
    ),
    _must(SIGN_IN_APP, HOUR_OLD_CODE, "MFA-04"),
    # -- sign-in, an email code chosen --------------------------------------------------------------------
    _must(SIGN_IN_EMAIL, WRONG_CODE, "MFA-05", "Someone with the password but a wrong email code stays out"),
    _must(SIGN_IN_EMAIL, PASSWORD, "MFA-03"),
    _must(SIGN_IN_EMAIL, APP_CODE, "MFA-03"),
    _open(SIGN_IN_EMAIL, RECOVERY_CODE, "I-24"),
    _must(
        SIGN_IN_EMAIL,
        USED_EMAIL_CODE,
        "MFA-03",
        "An email code that signed Alice in does not sign her in again",
    ),
    _must(
        SIGN_IN_EMAIL,
        ENABLING_EMAIL_CODE,
        "HRD-05",
        "The email code that turned email codes on does not also sign Alice in on her tablet",
    ),
    _open(SIGN_IN_EMAIL, CLOSED_DISABLE_EMAIL_CODE, "I-25"),
    # -- sign-in, a recovery code chosen ------------------------------------------------------------------
    _must(
        SIGN_IN_RECOVERY,
        MADE_UP_RECOVERY_CODE,
        "APP-09",
        "A code that is not one of Alice's recovery codes does not sign her in",
    ),
    _must(SIGN_IN_RECOVERY, PASSWORD, "APP-09"),
    _open(SIGN_IN_RECOVERY, APP_CODE, "I-14"),
    _must(
        SIGN_IN_RECOVERY,
        USED_RECOVERY_CODE,
        "APP-08",
        "A recovery code that signed Alice in does not sign her in again",
    ),
    _must(
        SIGN_IN_RECOVERY,
        OLD_RECOVERY_CODE,
        "REC-03",
        "After Regenerate an old recovery code no longer signs in",
    ),
    # -- Enable Email Code, identity: the password --
    _must(ENABLE_EMAIL, WRONG_PASSWORD, "EML-01", "A wrong password does not get past identity confirmation"),
    _must(ENABLE_EMAIL, NOTHING, "HRD-10", "Being signed in is no proof for turning on the email code"),
    _must(ENABLE_EMAIL, CLOSED_ENABLE_EMAIL_CODE, "EML-01"),
    _must(ENABLE_EMAIL, WRONG_ALTERNATIVES, "EML-01"),
    # -- Enable Email Code, identity: an app code --
    _must(
        ENABLE_EMAIL_APP_ACTIVE,
        WRONG_CODE,
        "EML-02",
        "With the app active, a wrong app code does not confirm identity",
    ),
    _must(
        ENABLE_EMAIL_APP_ACTIVE,
        PASSWORD,
        "EML-02",
        "With the app active, the password does not confirm identity",
    ),
    _open(ENABLE_EMAIL_APP_ACTIVE, RECOVERY_CODE, "I-24"),
    _must(ENABLE_EMAIL_APP_ACTIVE, USED_APP_CODE, "HRD-01"),
    _must(ENABLE_EMAIL_APP_ACTIVE, ACTIVATION_CODE, "HRD-01"),
    _must(ENABLE_EMAIL_APP_ACTIVE, HOUR_OLD_CODE, "EML-02"),
    _must(ENABLE_EMAIL_APP_ACTIVE, WRONG_ALTERNATIVES, "EML-02"),
    _must(ENABLE_EMAIL_APP_ACTIVE, PASSWORD_ALTERNATIVE, "EML-02"),
    # -- Enable Authenticator App, identity: the password --
    _must(ENABLE_APP, WRONG_PASSWORD, "APP-03", "A wrong password does not reveal the QR code"),
    _must(ENABLE_APP, CLOSED_ENABLE_EMAIL_CODE, "APP-03"),
    _must(ENABLE_APP, WRONG_ALTERNATIVES, "APP-03"),
    # -- Enable Authenticator App, identity: an email code --
    _must(
        ENABLE_APP_EMAIL_ACTIVE,
        WRONG_CODE,
        "APP-02",
        "With the email code active, a wrong email code does not confirm identity",
    ),
    _must(
        ENABLE_APP_EMAIL_ACTIVE,
        PASSWORD,
        "APP-02",
        "With the email code active, the password does not confirm identity",
    ),
    _must(ENABLE_APP_EMAIL_ACTIVE, ENABLING_EMAIL_CODE, "HRD-05"),
    _must(ENABLE_APP_EMAIL_ACTIVE, USED_EMAIL_CODE, "HRD-05"),
    _open(ENABLE_APP_EMAIL_ACTIVE, CLOSED_ENABLE_APP_CODE, "I-05"),
    _open(ENABLE_APP_EMAIL_ACTIVE, CLOSED_DISABLE_EMAIL_CODE, "I-25"),
    _must(ENABLE_APP_EMAIL_ACTIVE, WRONG_ALTERNATIVES, "APP-02"),
    _must(ENABLE_APP_EMAIL_ACTIVE, PASSWORD_ALTERNATIVE, "APP-02"),
    # -- View Recovery Codes: a fresh app code --
    _must(VIEW_CODES, WRONG_CODE, "APP-11", "A wrong authenticator code does not show the codes again"),
    _must(VIEW_CODES, PASSWORD, "REC-01", "The password does not open the recovery codes"),
    _must(VIEW_CODES, SIGN_IN_EMAIL_CODE, "REC-01", "An email code does not open the recovery codes"),
    _must(
        VIEW_CODES, ACTIVATION_CODE, "APP-11", "The code that activated the app does not show the codes again"
    ),
    _must(VIEW_CODES, RECOVERY_CODE, "REC-01"),
    _must(VIEW_CODES, USED_APP_CODE, "REC-01"),
    _must(VIEW_CODES, HOUR_OLD_CODE, "REC-01"),
    _must(VIEW_CODES, WRONG_ALTERNATIVES, "REC-01"),
    _must(VIEW_CODES, PASSWORD_ALTERNATIVE, "REC-01"),
    # Ruled out twice: REC-01 asks for an app code first, APP-11 shows the codes only for a fresh one.
    _must(VIEW_CODES, PASSWORD_ALTERNATIVE, "APP-11"),
    # -- Disable Email Code: the code emailed as it opens --
    _must(DISABLE_EMAIL, WRONG_CODE, "DIS-02", "A wrong code does not disable the email code"),
    _must(DISABLE_EMAIL, NOTHING, "DIS-02", "Disable without a code does not disable the email code"),
    _must(
        DISABLE_EMAIL, APP_CODE, "DIS-02", "A code from the authenticator app does not disable the email code"
    ),
    _must(DISABLE_EMAIL, PASSWORD, "DIS-02"),
    _open(DISABLE_EMAIL, RECOVERY_CODE, "I-24"),
    _must(DISABLE_EMAIL, USED_EMAIL_CODE, "HRD-05"),
    _must(DISABLE_EMAIL, ENABLING_EMAIL_CODE, "HRD-05"),
    _open(DISABLE_EMAIL, CLOSED_DISABLE_EMAIL_CODE, "I-05"),
    _open(DISABLE_EMAIL, SIGN_IN_EMAIL_CODE, "I-25"),
    _must(DISABLE_EMAIL, WRONG_ALTERNATIVES, "DIS-02"),
    _must(DISABLE_EMAIL, PASSWORD_ALTERNATIVE, "DIS-02"),
    # -- Disable Authenticator App: an app code --
    _must(DISABLE_APP, WRONG_CODE, "DIS-03", "A wrong app code does not disable the authenticator app"),
    _must(DISABLE_APP, NOTHING, "DIS-03", "Disable without a code does not disable the authenticator app"),
    _must(DISABLE_APP, SIGN_IN_EMAIL_CODE, "DIS-03", "An email code does not disable the authenticator app"),
    _must(DISABLE_APP, PASSWORD, "DIS-03"),
    _open(DISABLE_APP, RECOVERY_CODE, "I-24"),
    _must(
        DISABLE_APP,
        USED_APP_CODE,
        "HRD-01",
        "An app code that signed Alice in on her phone does not also turn the app off",
    ),
    _must(DISABLE_APP, ACTIVATION_CODE, "HRD-01"),
    _must(DISABLE_APP, HOUR_OLD_CODE, "DIS-03"),
    _must(DISABLE_APP, WRONG_ALTERNATIVES, "DIS-03"),
    _must(DISABLE_APP, PASSWORD_ALTERNATIVE, "DIS-03"),
)


def outline_cells() -> dict[tuple[str, str], list[str]]:
    """The cells the outlines check: (place phrase, rule) → answers, in table order."""
    rows: dict[tuple[str, str], list[str]] = {}
    for cell in MATRIX:
        if cell.rule is not None and cell.scenario is None:
            rows.setdefault((cell.place.phrase, cell.rule), []).append(cell.answer)
    return rows


def markdown() -> str:
    """The matrix as the table of docs/quality.md: place, what it asks, answer, verdict."""
    lines = ["| Place | Asks for | Answer | The doc says |", "|---|---|---|---|"]
    for cell in MATRIX:
        verdict = f"refused: {cell.rule}" if cell.rule else f"open: {cell.open}"
        if cell.scenario:
            verdict += " (hand-written)"
        lines.append(f"| {cell.place.phrase} | {cell.place.asks} | {cell.answer} | {verdict} |")
    return "\n".join(lines) + "\n"
