"""What the suite must say about each product of tests/drivers/third_party.py — written from the doc.

These were written from spec/source/security-settings.md (the rule sentences) and
the status model of issue 15 *before* the products were run, and are not to be
edited to match a run: a difference is either a defect of the suite (a rule
blamed for another's deviation, a vacuous pass) or a mistake in the reading
below, to be argued from the doc.

How a rule's status is read (brief, "Status model and verdict"):

* FAILED — the product does not do what the rule's own sentence says, checked in
  one of the rule's own steps.
* BLOCKED — a scenario of the rule needs a state or an action the product cannot
  reach because of *another* rule's deviation; the rule is BLOCKED if any of its
  scenarios is (worst of its scenarios), naming the blocking rule. Where the
  doc makes several rules equally responsible for the missing state, ``by`` lists
  every acceptable one; the run must name at least one, only such ones, and
  each must itself be FAILED in the same run.
* PASSED — every other MUST and SHOULD rule (hardening is not the doc's; it is
  run but not asserted here, beyond "nothing is BROKEN").

Every product: exit code 1 (DOES NOT CONFORM), zero BROKEN.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Blocked:
    #: The rules whose deviation makes the scenario's setup unreachable (any of them may be named).
    by: frozenset[str]
    why: str


@dataclass(frozen=True)
class Expected:
    deviation: str
    failed: Mapping[str, str]
    blocked: Mapping[str, Blocked] = field(default_factory=dict)


def _by(*rules: str) -> frozenset[str]:
    return frozenset(rules)


#: The rules that document the email method and the flow that turns it on: what a product
#: without the method fails, and so what blocks every scenario that needs the method active.
_EMAIL_METHOD = _by("MFA-02", "MFA-03", "EML-01", "EML-03", "EML-04")
_NEEDS_EMAIL = "a scenario of the rule needs the email code method active, which the product does not have"
_NEEDS_BOTH = "a scenario of the rule needs both methods active at once, which the product never allows"
_NO_SIGN_IN_CODE = "a scenario of the rule needs a code entered at sign-in, which the product never asks for"


EXPECTED: dict[str, Expected] = {
    "NoDownloadButton": Expected(
        deviation="step 4 of enabling the app has no Download as Text File button",
        failed={"APP-10": "'the Download as Text File button saves them as a .txt file': there is no button"},
    ),
    "NoEmailCode": Expected(
        deviation="no email-code method at all: no block, no Enable, no email choice at sign-in",
        failed={
            # SEC-01 is met: the section holds password change and MFA (the app); the count is MFA-02's.
            "MFA-02": "'Two methods are supported': only the authenticator app is",
            "MFA-03": "'Email code — One-time codes sent to the registered email address': no such method",
            "EML-01": "'Pressing Enable next to Email Code opens a dialog': there is no Enable for it",
            "EML-02": "no Enable dialog for Email Code, so none asking an app code",
            "EML-03": "no dialog, so no Continue that sends a code and shows a 6-digit input",
            "EML-04": "no dialog, so no emailed code that activates the method",
            "EML-05": "no dialog, so no Request Code",
            "EML-06": "the section never shows an email method active, nor its address",
            "EML-07": "the section shows no Email Code block, so no Enable and no Disable for it",
        },
        blocked={
            "MFA-01": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (sign-in with an email code)"),
            "MFA-05": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (a wrong email code); met with the app"),
            # Seen in the second run, read as REC-01's and DIS-03's cells below: a proof-matrix cell
            # that tries an email code somewhere, or a method-neutral rule's email example, cannot be
            # reached without the method.
            "MFA-04": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (an email sign-in code tried at app sign-in)"),
            "APP-03": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (a closed Enable Email Code dialog's code)"),
            "DIS-01": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (its Disable in place of Enable)"),
            "APP-02": Blocked(_EMAIL_METHOD, "'If you already have Email Code active': it never is"),
            "REC-01": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (an email code tried on View Recovery Codes)"),
            "BTH-01": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (email + app)"),
            "BTH-02": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (both methods at sign-in)"),
            "BTH-03": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (the email code as fallback)"),
            "DIS-02": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (disabling it)"),
            "DIS-03": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (an email code tried on the app's Disable)"),
            "DIS-04": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (the emailed code turning it off)"),
            "DIS-05": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (both methods, one disabled)"),
            "DIS-06": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (the email code as the last method)"),
            "DIS-07": Blocked(_EMAIL_METHOD, _NEEDS_EMAIL + " (turning it on again)"),
        },
    ),
    "OneMethodAtATime": Expected(
        deviation="enabling one method turns the other off",
        failed={"BTH-01": "'With both methods enabled at once': enabling the app turns the email code off"},
        blocked={
            # MFA-02 is met: both methods are supported, one at a time ("both at once" is BTH-01's).
            "BTH-02": Blocked(_by("BTH-01"), _NEEDS_BOTH),
            # Seen in the second run, read as REC-01's cell below: the other method's code at sign-in.
            "MFA-03": Blocked(_by("BTH-01"), _NEEDS_BOTH + " (an app code tried at email sign-in)"),
            "MFA-04": Blocked(_by("BTH-01"), _NEEDS_BOTH + " (an email sign-in code tried at app sign-in)"),
            "BTH-03": Blocked(_by("BTH-01"), _NEEDS_BOTH),
            "DIS-02": Blocked(_by("BTH-01"), _NEEDS_BOTH + " (an app code tried on the email's Disable)"),
            "DIS-03": Blocked(_by("BTH-01"), _NEEDS_BOTH + " (an email code tried on the app's Disable)"),
            "DIS-05": Blocked(_by("BTH-01"), _NEEDS_BOTH + " (one disabled, the other remaining)"),
            "REC-01": Blocked(_by("BTH-01"), _NEEDS_BOTH + " (an email code tried on View Recovery Codes)"),
        },
    ),
    "PasswordEverywhere": Expected(
        deviation="every identity step asks for the password",
        failed={
            "EML-02": "'if Authenticator App Code is already active, the prompt is for a one-time code': no",
            "APP-02": "'If you already have Email Code active, the first step uses an email code': password",
            "REC-01": "'The dialog first asks for a one-time code from the authenticator app': password",
            "APP-11": "'not shown again without a fresh authenticator code': the password shows them",
        },
    ),
    "NoReproofWithinFiveMinutes": Expected(
        deviation="within 5 minutes of an identity proof on the device, a dialog skips its identity step",
        failed={
            # The first reading had EML-01/APP-03 met (the first dialog after sign-in asks for the
            # password). The re-opening scenarios added since show the deviation on their own sentence:
            # a dialog re-opened within five minutes of a password typed in it asks for nothing.
            "EML-01": "'opens a dialog that first asks you to confirm your identity': re-opened, it does not",
            "APP-03": "'(otherwise it asks for your password)': re-opened, it goes straight to the QR code",
            "EML-02": "with the app just turned on, enabling the email code asks for no app code",
            "APP-02": "with the email code just turned on, enabling the app asks for no email code",
            "REC-01": "'The dialog first asks for a one-time code': right after activation it asks nothing",
            "APP-11": "'not shown again without a fresh authenticator code': shown again without one",
        },
    ),
    "PasswordAlternative": Expected(
        deviation="where identity is confirmed with a code, 'use your password instead' is offered and works",
        failed={
            "EML-02": "'the prompt is for a one-time code from the app instead': the password works too",
            "APP-02": "'the first step uses an email code for confirmation': the password works too",
            "REC-01": "'The dialog first asks for a one-time code from the authenticator app': password too",
            "APP-11": "'not shown again without a fresh authenticator code': the password shows them",
        },
    ),
    "DisableWithoutCode": Expected(
        deviation="both Disable dialogs are a button asking for nothing",
        failed={
            # DIS-04 ("press Disable to turn the method off") is met; the missing code is DIS-02/03's.
            "DIS-02": "'requires a one-time code (sent automatically when the dialog opens': none is sent",
            "DIS-03": "'requires a one-time code ... taken from the authenticator app': none is asked",
        },
    ),
    "NoRequestCodeCountdown": Expected(
        deviation="Request Code resends at once",
        failed={"EML-05": "'Request Code (unlocked after a 60-second countdown)': it is never locked"},
    ),
    "MfaSkippedAtSignIn": Expected(
        deviation="the right password signs in, MFA active or not",
        failed={
            "MFA-01": "'at sign-in you will enter your password and a one-time code': no code",
            "MFA-05": "'safe even if the password leaks': the password alone opens the account",
            "BTH-02": "'At sign-in the system asks for one code — from whichever method you pick': no code",
            "DIS-05": "'still protected by the remaining active MFA methods': the remaining one is not asked",
        },
        blocked={
            "MFA-03": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (an email code used twice at sign-in)"),
            "MFA-04": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (an app code at sign-in)"),
            "APP-08": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (a recovery code used twice)"),
            "APP-09": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (a recovery code instead of an app code)"),
            "REC-01": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (a sign-in email code tried there)"),
            "REC-02": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (a recovery code used, then not listed)"),
            "REC-03": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (old and new recovery codes at sign-in)"),
            "BTH-03": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (the email code as fallback)"),
            # Missed in the first reading, seen in the first run: the scenario takes its "code issued for
            # another purpose" from a sign-in, which this product never sends.
            "DIS-03": Blocked(_by("MFA-01"), _NO_SIGN_IN_CODE + " (a sign-in code on the app's Disable)"),
        },
    ),
    "ActivationCodeReusable": Expected(
        deviation="the code that activated the app is not marked used: it works once more anywhere",
        failed={
            "MFA-04": "'One-time codes generated by an authenticator app': the activating code signs in",
            "APP-11": "'without a fresh authenticator code': the activation code shows the codes again",
        },
    ),
}
