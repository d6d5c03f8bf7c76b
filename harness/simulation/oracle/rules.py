"""The documentation's expectations, rule by rule: what each answer, dialog and page must do now.

The journey asks; these functions answer with an :class:`~.verdicts.Expect` (or
the problems found) naming the rule that makes the promise. They read the
model and what the World typed, never the implementation's internals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

from ...authenticator import Authenticator
from ...protocol import DialogKind, Method, Prompt, SecuritySection
from ...steps.section import shows_address
from ...world import same_day_anywhere
from .model import (
    COUNTDOWN,
    LENIENT_AFTER_FAILURES,
    SURE_FLOW_AGE,
    AccountModel,
    Answer,
    Attempt,
    DialogModel,
    Stage,
    Typed,
)
from .verdicts import Expect, Verdict, Violation, accept, app_code, either, email_code, recovery_code, refuse

#: The rule that describes opening each dialog.
OPEN_RULES = {
    DialogKind.ENABLE_EMAIL_CODE: "EML-01",
    DialogKind.ENABLE_AUTHENTICATOR_APP: "APP-01",
    DialogKind.DISABLE_EMAIL_CODE: "DIS-02",
    DialogKind.DISABLE_AUTHENTICATOR_APP: "DIS-03",
    DialogKind.VIEW_RECOVERY_CODES: "REC-01",
}
#: (rule a right code proves, rule a wrong code breaks) at a dialog's code step.
CODE_RULES = {
    DialogKind.ENABLE_EMAIL_CODE: ("EML-04", "EML-04"),
    DialogKind.ENABLE_AUTHENTICATOR_APP: ("APP-06", "APP-06"),
    DialogKind.DISABLE_EMAIL_CODE: ("DIS-04", "DIS-02"),
    DialogKind.DISABLE_AUTHENTICATOR_APP: ("DIS-04", "DIS-03"),
    DialogKind.VIEW_RECOVERY_CODES: ("REC-01", "APP-11"),
}
#: Mistakes in the change-password dialog (as the suite phrases them) and the rule each must be refused by.
MISTAKES = {
    "giving a wrong current password": "PWD-04",
    "leaving the current password empty": "PWD-03",
    "leaving the repeat empty": "PWD-03",
    "with a repeat that does not match": "PWD-06",
}
FORMER_PASSWORD_MISTAKE = ("giving her former password as the current one", "PWD-04")


def expected_prompt(kind: DialogKind, account: AccountModel) -> tuple[Prompt, str]:
    """What the dialog's first step asks for, and the rule that says so."""
    if kind is DialogKind.ENABLE_EMAIL_CODE:
        return (
            (Prompt.AUTHENTICATOR_APP_CODE, "EML-02") if account.app_active else (Prompt.PASSWORD, "EML-01")
        )
    if kind is DialogKind.ENABLE_AUTHENTICATOR_APP:
        return (Prompt.EMAIL_CODE, "APP-02") if account.email_active else (Prompt.PASSWORD, "APP-03")
    if kind is DialogKind.VIEW_RECOVERY_CODES:
        return Prompt.AUTHENTICATOR_APP_CODE, "REC-01"
    if kind is DialogKind.DISABLE_EMAIL_CODE:
        return Prompt.EMAIL_CODE, "DIS-02"
    return Prompt.AUTHENTICATOR_APP_CODE, "DIS-03"


def relax(expect: Expect, account: AccountModel, flow: Attempt | DialogModel | None = None) -> Expect:
    """I-16: after a wrong answer (account or flow) a right one may be refused."""
    if account.lenient or (flow is not None and flow.failures >= LENIENT_AFTER_FAILURES):
        return expect.relaxed("after refused attempts (I-16)")
    return expect


def attempt_doubt(account: AccountModel, attempt: Attempt, password: str, now: datetime) -> str:
    """Why the doc does not settle what this sign-in does any more ("" when it does)."""
    if not attempt.password_ok:
        return "the password was wrong"
    if attempt.password != password:
        return "the password changed since this sign-in began (I-02)"
    if now - attempt.started > SURE_FLOW_AGE:
        return "the sign-in has been waiting for minutes (I-17)"
    if account.lenient or attempt.failures >= LENIENT_AFTER_FAILURES:
        return "after refused attempts (I-16)"
    return ""


def offered_violation(offered: frozenset[object], methods: frozenset[Method]) -> Violation | None:
    """BTH-02, DIS-05, MFA-01: the sign-in page offers exactly the active methods (recovery aside)."""
    shown = {str(m) for m in offered} - {Method.RECOVERY_CODE.value}
    if shown == set(methods):
        return None
    choices = {
        frozenset(
            {Method.EMAIL_CODE, Method.AUTHENTICATOR_APP}
        ): "between the email code and the authenticator app",
        frozenset({Method.EMAIL_CODE}): "only the email code",
        frozenset({Method.AUTHENTICATOR_APP}): "only the authenticator app",
    }
    rule = "BTH-02" if len(methods) == 2 else ("DIS-05" if shown - set(methods) else "MFA-01")
    return Violation(
        rule,
        f"the sign-in page offers {sorted(shown)}, the active methods are {sorted(m.value for m in methods)}",
        (f"she can choose {choices[methods]}",),
    )


def sign_in_expectation(
    account: AccountModel,
    attempt: Attempt,
    typed: Typed,
    now: datetime,
    app: Authenticator | None,
    doubt: str,
) -> Expect:
    """A code typed at sign-in, where ``attempt`` waits: the doc's verdict."""
    kind, code = typed
    if not attempt.password_ok:
        return refuse("MFA-01", "the password given was wrong")
    chosen = attempt.chosen
    if chosen not in account.methods():
        if account.methods():
            return refuse(
                "DIS-05", f"{chosen or ''} was disabled; the remaining method still protects sign-in"
            )
        return either("DIS-06", "the last method was disabled during the sign-in")
    if kind is Answer.EMAIL:
        expect = email_code(account, code, attempt.challenge, now, ("MFA-01", "MFA-03"))
        if chosen is not Method.EMAIL_CODE and expect.verdict is not Verdict.REFUSE:
            expect = either("BTH-02", "an emailed code typed where the app's code was asked")
    elif kind is Answer.APP:
        expect = app_code(account, account.app_key, app, code, now, ("MFA-04", "MFA-05"))
        if chosen is not Method.AUTHENTICATOR_APP and expect.verdict is not Verdict.REFUSE:
            expect = either("BTH-02", "an app code typed where the emailed code was asked")
    elif kind is Answer.RECOVERY:
        expect = recovery_code(account, code)
        if chosen is not Method.AUTHENTICATOR_APP and expect.verdict is Verdict.ACCEPT:
            expect = either("BTH-02", "a recovery code typed where the emailed code was asked")
    else:
        expect = refuse("MFA-05", "a wrong or hour-old code")
    return expect.relaxed(doubt) if doubt else expect


def answer_expectation(
    account: AccountModel,
    dialog: DialogModel,
    typed: Typed,
    prompt: Prompt | None,
    now: datetime,
    app: Authenticator | None,
) -> Expect:
    """The doc's verdict on an answer typed into ``dialog`` where ``prompt`` is asked."""
    kind, code = typed
    identity = dialog.stage is Stage.IDENTITY
    rule = expected_prompt(dialog.kind, account)[1] if identity else CODE_RULES[dialog.kind][0]
    if dialog.signed_out:
        return refuse("PWD-08", "the laptop was signed out by a password change on another device")
    if prompt is Prompt.PASSWORD:
        expect = accept(rule, "her password") if kind is Answer.PASSWORD else refuse(rule, "not her password")
    elif prompt is Prompt.AUTHENTICATOR_APP_CODE:
        key = account.app_key if dialog.kind is not DialogKind.ENABLE_AUTHENTICATOR_APP else dialog.key
        rules = CODE_RULES[dialog.kind] if not identity else (rule, "APP-11" if rule == "REC-01" else rule)
        if kind is Answer.APP:
            expect = app_code(account, key, app, code, now, rules)
        else:
            expect = refuse(rules[1], f"{kind} is not a code of the app")
    else:
        rules = CODE_RULES[dialog.kind] if not identity else (rule, rule)
        if kind is Answer.EMAIL:
            expect = email_code(account, code, dialog.challenge, now, rules)
        else:
            expect = refuse(rules[1], f"{kind} is not the emailed code")
    return relax(expect, account, dialog)


def request_code_expectation(dialog: DialogModel, now: datetime) -> tuple[Expect, bool]:
    """EML-05: Request Code during the countdown; also whether the doc describes it here (strict)."""
    assert dialog.challenge is not None
    sent = dialog.challenge.sent_at
    elapsed = (now - sent) if sent is not None else COUNTDOWN
    strict = dialog.kind is DialogKind.ENABLE_EMAIL_CODE and dialog.stage is Stage.CODE
    if dialog.signed_out:
        expect = refuse("PWD-08", "the laptop was signed out by a password change elsewhere")
    elif not strict:
        expect = either("EML-05", "Request Code outside Enable Email Code is not described")
    elif elapsed < COUNTDOWN:
        expect = refuse("EML-05", f"only {elapsed.total_seconds():.0f} s of the 60-second countdown passed")
    elif elapsed > COUNTDOWN:
        expect = accept("EML-05", "the 60-second countdown is over")
    else:
        expect = either("EML-05", "exactly 60 seconds: either reading of the countdown (I-06)")
    return expect, strict


def section_problems(
    name: str, account: AccountModel, section: SecuritySection, email: str, today: Callable[[], date]
) -> Iterator[tuple[str, str, str]]:
    """(rule, what is wrong, the Then-phrase that states it) for the Security section as shown.

    ``today`` is asked only when a date is wrong (it is a driver call).
    """
    for method, block, active, rule, action_rule in (
        ("email code", section.email_code, account.email_active, account.email_rule, "EML-07"),
        ("authenticator app", section.authenticator_app, account.app_active, account.app_rule, "DIS-01"),
    ):
        if block is None:
            yield ("MFA-02", f"the Security section shows no {method} block", "")
            continue
        if block.active != active:
            yield (
                rule,
                f"the {method} method shows active={block.active}, expected {active}",
                (f"the {method} method is {'' if active else 'not '}active"),
            )
        wanted = "Disable" if active else "Enable"
        if block.action != wanted:
            yield (
                action_rule,
                f"the {method} block offers {block.action!r}, expected {wanted!r}",
                (f"the Security section offers {wanted} for the {method} method"),
            )
    if account.email_active and section.email_code is not None:
        address = section.email_code.address
        if address is None or not shows_address(address, email):
            yield (
                "EML-06",
                f"codes are said to go to {address!r}, not {email!r}",
                (f"the Security section shows that codes are sent to {name}'s registered address"),
            )
        since = account.email_since
        if since is not None and not same_day_anywhere(section.email_code.activated_on, since):
            yield (
                "EML-06",
                f"activation date {section.email_code.activated_on}, expected {since}",
                (
                    "the Security section shows the email code method active since today"
                    if since == today()
                    else ""
                ),
            )
    if account.last_change is not None and not same_day_anywhere(
        section.last_password_change, account.last_change
    ):
        days = (today() - account.last_change).days
        yield (
            "PWD-02",
            f"last change shown {section.last_password_change}, expected {account.last_change}",
            (f"the Security section shows the date of the last password change as {days} days ago"),
        )
