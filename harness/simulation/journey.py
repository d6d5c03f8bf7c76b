"""One simulated journey: phrases of the suite run through the World, each checked by the oracle.

Every action is a step phrase (see :mod:`.phrases`), so the journey is, line for
line, a Gherkin scenario. After each action the oracle compares what the
implementation did with what the documentation promises: the answer
(accepted or refused), the Security section, which devices are signed in and
which code emails went to whom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from ..authenticator import NotAnAuthenticatorLink
from ..guard import GuardedDriver
from ..journeys import LONG_JUMP_SECONDS
from ..mailbox import holds_code, one_time_code
from ..protocol import Capability, Driver, Prompt, SecuritySection, Step
from ..steps.section import shows_address
from ..world import HOME_DEVICE, Person, World, same_day_anywhere
from .oracle import (
    COUNTDOWN,
    LENIENT_AFTER_FAILURES,
    SURE_FLOW_AGE,
    AccountModel,
    Attempt,
    Challenge,
    DialogModel,
    Expect,
    Verdict,
    Violation,
    accept,
    app_code,
    either,
    email_code,
    recovery_code,
    refuse,
)
from .phrases import Keyword, Phrases

MAIN, OTHER = "Alice", "Carol"
WORDS = ("laptop", "phone", "tablet", "desktop", "workstation")
#: Carol only ever signs in on these (she is the other customer whose sessions must not move).
OTHER_WORDS = ("laptop", "phone")
EMAIL, APP = "email_code", "authenticator_app"
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

_METHOD_WORDS = {EMAIL: "the email code", APP: "the authenticator app"}
_PROMPT_PHRASES = {
    Prompt.PASSWORD: "the dialog asks for her password",
    Prompt.AUTHENTICATOR_APP_CODE: "the dialog asks for a code from her authenticator app",
    Prompt.EMAIL_CODE: "the dialog asks for a code sent by email",
}
_OPEN_PHRASES = {
    "enable_email_code": "starts enabling the email code",
    "enable_authenticator_app": "starts enabling the authenticator app",
    "disable_email_code": "opens the dialog to disable the email code",
    "disable_authenticator_app": "opens the dialog to disable the authenticator app",
    "view_recovery_codes": "opens View Recovery Codes",
}
_OPEN_RULES = {
    "enable_email_code": "EML-01",
    "enable_authenticator_app": "APP-01",
    "disable_email_code": "DIS-02",
    "disable_authenticator_app": "DIS-03",
    "view_recovery_codes": "REC-01",
}
#: The answer a prompt asks for, and the code a code step asks for: likelier, so flows get somewhere.
_RIGHT_ANSWERS = {
    "password": "her password",
    "authenticator_app_code": "a code from her authenticator app",
    "email_code": "the code from the latest email",
}
_RIGHT_CODES = {
    "email": "the code from the latest email",
    "app": "the current code from her authenticator app",
}
_MISTAKES = {
    "giving a wrong current password": "PWD-04",
    "leaving the current password empty": "PWD-03",
    "leaving the repeat empty": "PWD-03",
    "with a repeat that does not match": "PWD-06",
}


class Halted(Exception):
    """The journey reached a state the doc leaves open (a correct lock-out, say): it ends without verdict."""


@dataclass(frozen=True)
class Option:
    """One action the journey may take next; ``weight`` copies make common actions likelier."""

    name: str
    run: Callable[[], None]
    weight: int = 1


class Journey:
    """A World over a fresh driver, the oracle's model, and the Gherkin lines run so far."""

    def __init__(self, driver: Driver, phrases: Phrases) -> None:
        self.driver = GuardedDriver(driver)
        for capability in (Capability.CLOCK_CONTROL, Capability.OUTBOX):
            self.driver.require(capability)
        self.world = World(self.driver, seed=0)
        self.phrases = phrases
        self.lines: list[tuple[Keyword, str]] = []
        self.accounts: dict[str, AccountModel] = {}
        self.dialog: DialogModel | None = None
        # What the current action allows or promises; reset before each action.
        self._mail_allowed: set[str] = set()
        self._mail_target: Challenge | None = None
        self._mail_rule = "MFA-03"
        #: Sessions the doc says this action leaves signed in, with the rule that says so.
        self._must_stay: dict[tuple[str, str], str] = {}
        self._sessions_open = False
        self._time_options = [Option(f"{n} s", partial(self.pass_time, n), w) for n, w in TIME_STEPS.items()]

    # -- running phrases ------------------------------------------------------------------
    def say(self, keyword: Keyword, text: str, rule: str) -> None:
        """Run one phrase; an assertion inside it is a violation of ``rule`` (the line itself fails)."""
        self.lines.append((keyword, text))
        try:
            self.phrases.run(self.world, keyword, text)
        except Violation:
            raise
        except AssertionError as exc:
            if self._main.lenient:
                raise Halted(str(exc)) from exc
            raise Violation(rule, str(exc).split("\n")[0]) from exc
        except NotAnAuthenticatorLink as exc:  # no authenticator app could use what the dialog shows
            raise Violation("APP-05" if "manual key" in text else "APP-04", str(exc)) from exc
        self._absorb_mail()  # codes that reached her during the step, before any verdict on them

    def check_then(self, text: str, rule: str) -> None:
        self.say("Then", text, rule)

    def fail(self, violation: Violation) -> Violation:
        """Append the Then-lines that state the broken promise, keeping the first one that fails here."""
        for text in violation.then:
            self.lines.append(("Then", text))
            try:
                self.phrases.run(self.world, "Then", text)
            except AssertionError:
                violation.reproduced = True
                return violation
            except Exception:  # a phrase that cannot even run here says nothing
                self.lines.pop()
                continue
            self.lines.pop()
        violation.reproduced = not violation.then
        return violation

    @property
    def _main(self) -> AccountModel:
        return self.accounts[MAIN]

    @property
    def _alice(self) -> Person:
        return self.world.person(MAIN)

    def _now(self) -> datetime:
        return self.driver.now()

    def _today(self) -> date:
        return self.world.today()

    # -- the start of every journey -----------------------------------------------------
    def begin(self) -> None:
        self._introduce(MAIN)

    def _introduce(self, name: str) -> None:
        self.accounts[name] = AccountModel(name=name)
        self._action()
        self.say("Given", f"{name} has an account", "SEC-01")
        self.say("Given", f"{name} is signed in on her laptop", "DIS-06")
        self.accounts[name].signed_in["laptop"] = True
        self._after()

    # -- what may come next ------------------------------------------------------------
    def options(self) -> list[tuple[int, list[Option]]]:
        """What may come next, in groups with weights, so no kind of action crowds out the others."""
        main = self._main
        people: list[Option] = []
        if OTHER not in self.accounts:
            people.append(Option("introduce Carol", partial(self._introduce, OTHER)))
        elif not self.accounts[OTHER].signed_in.get("phone"):
            people.append(Option("Carol on her phone", self._other_on_phone))
        groups = [
            (6 if self._countdown_running() else 2, self._time_options),
            (1, people),
            (4, self._sign_in_options(main)),
            (5, self._attempt_options(main)),
            (4, self._open_options(main)),
            (3, self._flow_options(main)),
            (8, self._dialog_actions(main)),
            (2, self._password_options(main)),
        ]
        return [(weight, options) for weight, options in groups if options]

    # -- time -----------------------------------------------------------------------------
    def _countdown_running(self) -> bool:
        """A code was emailed in the open dialog under 90 s ago: time is what matters next (EML-05)."""
        dialog = self.dialog
        sent = dialog.challenge.sent_at if dialog is not None and dialog.challenge is not None else None
        return (
            sent is not None
            and dialog is not None
            and dialog.stage != "done"
            and ((self._now() - sent).total_seconds() < 90)
        )

    def pass_time(self, seconds: int) -> None:
        self._action()
        long_jump = seconds >= LONG_JUMP_SECONDS
        if long_jump:  # the World signs lapsed devices in again (I-17): anything may happen to mail
            self._mail_allowed = set(self.accounts)
            self._sessions_open = True
        self.say("When", f"{seconds} seconds pass", "MFA-01")
        if long_jump:
            for account in self.accounts.values():
                account.attempts.clear()
        self._after()

    # -- Carol -------------------------------------------------------------------------------
    def _other_on_phone(self) -> None:
        self._action()
        self.say("Given", f"{OTHER} is also signed in on her phone", "DIS-06")
        self.accounts[OTHER].signed_in["phone"] = True
        self._after()

    # -- sign-in ----------------------------------------------------------------------------
    def _sign_in_options(self, main: AccountModel) -> list[Option]:
        """New sign-ins, by what she types; the device is the next one free (rotating with the journey)."""
        free = [w for w in WORDS if not main.signed_in.get(w)]
        if not free:
            return []
        word = free[len(self.lines) % len(free)]
        found = [
            Option("password", partial(self._password_step, word, True), 2),
            Option("wrong password", partial(self._password_step, word, False)),
        ]
        if main.lenient:
            return found
        alice = self._alice
        hows: list[tuple[str, str, int]] = []
        if main.email_active:
            hows += [("an email code", EMAIL, 2), ("a wrong email code", EMAIL, 1)]
            if alice.last_email_code:
                hows.append(("the same email code", EMAIL, 4))
        if main.app_active and alice.app is not None and alice.app.secret == _secret(main):
            hows += [("a code from her authenticator app", APP, 2), ("a wrong authenticator code", APP, 1)]
            if alice.last_app_code:
                hows.append(("the same authenticator code", APP, 4))
        if main.app_active:
            unused = [c for c in alice.recovery_codes if c not in alice.used_recovery_codes]
            if unused and unused[0] in main.valid_recovery():
                hows += [("one of her recovery codes", APP, 2), ("a made-up recovery code", APP, 1)]
            if alice.used_recovery_codes:
                hows.append(("the same recovery code", APP, 4))
            if alice.old_recovery_codes:
                hows.append(("an old recovery code", APP, 6))
        found += [
            Option(how, partial(self._full_sign_in, word, how, method), weight)
            for how, method, weight in hows
        ]
        return found

    def _attempt_options(self, main: AccountModel) -> list[Option]:
        """Choosing a method and typing codes where a sign-in waits."""
        found: list[Option] = []
        alice = self._alice
        attempt_word = self.world.sign_in_word
        attempt = main.attempts.get(attempt_word or "")
        if self.world.focus == "sign-in" and attempt is not None and attempt_word is not None:
            for method in sorted(main.methods()):
                found.append(Option(f"choose {method}", partial(self._choose, attempt_word, method), 2))
            if attempt.chosen is not None:
                for kind in self._code_kinds():
                    found.append(
                        Option(f"sign-in {kind}", partial(self._sign_in_code, attempt_word, kind), 2)
                    )
        if alice.last_email_code:
            for word, pending in main.attempts.items():
                if pending.chosen is not None:
                    found.append(
                        Option(f"same email code on {word}", partial(self._same_email_code_on, word))
                    )
        return found

    def _code_kinds(self) -> list[str]:
        kinds = ["a wrong code"]
        if self._main.email_codes:
            kinds.append("the code from the latest email")
        if self._alice.app is not None:
            kinds += [
                "the current code from her authenticator app",
                "the code her authenticator app showed an hour ago",
            ]
        return kinds

    def _password_step(self, word: str, right: bool) -> None:
        main = self._main
        self._action()
        text = f"{MAIN} signs in on her {word} with {'her password' if right else 'a wrong password'}"
        self._flow_on(word, signed_out=False)
        self.say("When", text, "MFA-01")
        result = self.world.sign_in_result
        assert result is not None
        methods = main.methods()
        not_in = (f"{MAIN} is not signed in on her {word}",)
        if not right:
            main.failures += 1
            if result.signed_in:
                raise Violation("MFA-01", "a wrong password signed her in", not_in)
            if result.outcome.accepted:
                main.attempts[word] = Attempt(False, "", self._now(), methods)
            self._after()
            return
        expect = accept("MFA-01", "her current password")
        self._judge(self._relax(expect), result.outcome.accepted, "sign-in")
        if result.outcome.accepted:
            main.failures = 0
            if result.signed_in and methods:
                raise Violation("MFA-01", "the password alone signed her in while MFA is active", not_in)
            if not result.signed_in and not methods:
                raise Violation(
                    "DIS-06",
                    "with no method active the password should sign her in",
                    (f"{MAIN} is signed in on her {word}",),
                )
            if result.signed_in:
                main.signed_in[word] = True
                main.attempts.pop(word, None)
                self._must_stay[(MAIN, word)] = "DIS-06"
            else:
                self._check_offered(result.offered_methods, methods)
                main.attempts[word] = Attempt(True, self._alice.password, self._now(), methods)
        self._after()

    def _check_offered(self, offered: frozenset[object], methods: frozenset[str]) -> None:
        shown = {str(m) for m in offered} - {"recovery_code"}
        if shown == set(methods):
            return
        choices = {
            frozenset({EMAIL, APP}): "between the email code and the authenticator app",
            frozenset({EMAIL}): "only the email code",
            frozenset({APP}): "only the authenticator app",
        }
        rule = "BTH-02" if len(methods) == 2 else ("DIS-05" if shown - set(methods) else "MFA-01")
        raise Violation(
            rule,
            f"the sign-in page offers {sorted(shown)}, the active methods are {sorted(methods)}",
            (f"she can choose {choices[methods]}",),
        )

    def _choose(self, word: str, method: str) -> None:
        main = self._main
        attempt = main.attempts[word]
        first_email = method == EMAIL and attempt.chosen != EMAIL and attempt.challenge.latest is None
        doubtful = self._attempt_doubt(attempt)
        self._action()
        self._mail_allowed = {MAIN} if method == EMAIL else set()
        self._mail_target = attempt.challenge
        self.say("When", f"{MAIN} chooses {_METHOD_WORDS[method]}", "BTH-02")
        outcome = self.world.outcome
        assert outcome is not None
        expect = accept("BTH-02", "an active method offered on the sign-in page")
        if method not in attempt.methods:
            expect = either("BTH-02", "the method became active after the password step")
        self._judge(expect.relaxed(doubtful) if doubtful else expect, outcome.accepted, "request")
        if outcome.accepted:
            attempt.chosen = method
            if first_email and not doubtful:
                self._mail_rule = "MFA-03"
                self.check_then(
                    f"an email with a 6-digit code is sent to {MAIN}'s registered address", "MFA-03"
                )
        self._after()

    def _attempt_doubt(self, attempt: Attempt) -> str:
        """Why the doc does not settle what this sign-in does any more ("" when it does)."""
        if not attempt.password_ok:
            return "the password was wrong"
        if attempt.password != self._alice.password:
            return "the password changed since this sign-in began (I-02)"
        if self._now() - attempt.started > SURE_FLOW_AGE:
            return "the sign-in has been waiting for minutes (I-17)"
        if self._main.lenient or attempt.failures >= LENIENT_AFTER_FAILURES:
            return "after refused attempts (I-16)"
        return ""

    def _sign_in_code(self, word: str, kind: str) -> None:
        attempt = self._main.attempts[word]
        self._action()
        self.say("When", f"{MAIN} enters {kind}", "MFA-01")
        self._settle_sign_in(word, attempt, self._typed(kind))

    def _same_email_code_on(self, word: str) -> None:
        attempt = self._main.attempts[word]
        self._action()
        self.say("When", f"{MAIN} enters the same email code on her {word}", "MFA-03")
        self._settle_sign_in(word, attempt, ("email", self._alice.last_email_code or ""))

    def _typed(self, kind: str) -> tuple[str, str]:
        """(what kind of code, the code) the World just typed for ``kind``."""
        alice = self._alice
        if "email" in kind:
            return "email", alice.last_email_code or ""
        if kind.startswith("the current code"):
            return "app", alice.last_app_code or ""
        if "an hour ago" in kind and alice.app is not None:
            return "app", alice.app.code_at(self._now() - timedelta(hours=1))
        return "wrong", "?"

    def _settle_sign_in(self, word: str, attempt: Attempt, typed: tuple[str, str]) -> None:
        """Judge a code entered at sign-in, and what it did to the device's session."""
        main = self._main
        outcome = self.world.outcome
        assert outcome is not None
        expect = self._sign_in_expectation(attempt, typed)
        self._judge(expect, outcome.accepted, "code", (f"{MAIN} is not signed in on her {word}",))
        self._book(outcome.accepted, typed, attempt)
        if outcome.accepted:
            main.signed_in[word] = True
            main.attempts.pop(word, None)
            self._must_stay[(MAIN, word)] = expect.rule
        self._after()

    def _sign_in_expectation(self, attempt: Attempt, typed: tuple[str, str]) -> Expect:
        main, now = self._main, self._now()
        kind, code = typed
        if not attempt.password_ok:
            return refuse("MFA-01", "the password given was wrong")
        chosen = attempt.chosen or ""
        if chosen not in main.methods():
            if main.methods():
                return refuse("DIS-05", f"{chosen} was disabled; the remaining method still protects sign-in")
            return either("DIS-06", "the last method was disabled during the sign-in")
        if kind == "email":
            expect = email_code(main, code, attempt.challenge, now, ("MFA-01", "MFA-03"))
            if chosen != EMAIL and expect.verdict is not Verdict.REFUSE:
                expect = either("BTH-02", "an emailed code typed where the app's code was asked")
        elif kind == "app":
            expect = app_code(main, main.app_key, self._alice.app, code, now, ("MFA-04", "MFA-05"))
            if chosen != APP and expect.verdict is not Verdict.REFUSE:
                expect = either("BTH-02", "an app code typed where the emailed code was asked")
        elif kind == "recovery":
            expect = recovery_code(main, code)
            if chosen != APP and expect.verdict is Verdict.ACCEPT:
                expect = either("BTH-02", "a recovery code typed where the emailed code was asked")
        else:
            expect = refuse("MFA-05", "a wrong or hour-old code")
        doubt = self._attempt_doubt(attempt)
        return expect.relaxed(doubt) if doubt else expect

    def _full_sign_in(self, word: str, how: str, method: str) -> None:
        main, alice = self._main, self._alice
        attempt = Attempt(True, alice.password, self._now(), main.methods(), chosen=method)
        before_code = {
            "the same email code": alice.last_email_code,
            "the same authenticator code": alice.last_app_code,
        }
        old = alice.old_recovery_codes[0] if alice.old_recovery_codes else ""
        same_recovery = alice.used_recovery_codes[-1] if alice.used_recovery_codes else ""
        self._action()
        self._mail_allowed = {MAIN} if method == EMAIL else set()
        self._mail_target = attempt.challenge
        self._flow_on(word, signed_out=False)
        self.say("When", f"{MAIN} signs in on her {word} with her password and {how}", "MFA-01")
        typed: tuple[str, str]
        if how == "an email code":
            typed = ("email", alice.last_email_code or "")
        elif how == "a code from her authenticator app":
            typed = ("app", alice.last_app_code or "")
        elif how in before_code:
            typed = ("email" if "email" in how else "app", before_code[how] or "")
        elif how == "one of her recovery codes":
            typed = ("recovery", alice.used_recovery_codes[-1])
        elif how == "the same recovery code":
            typed = ("recovery", same_recovery)
        elif how == "an old recovery code":
            typed = ("recovery", old)
        else:
            typed = ("wrong", "?")
        main.attempts[word] = attempt
        self._settle_sign_in(word, attempt, typed)

    def _book(self, accepted: bool, typed: tuple[str, str], flow: Attempt | DialogModel) -> None:
        """Remember what an accepted code used up; count refusals (I-16)."""
        main, alice = self._main, self._alice
        kind, code = typed
        if not accepted:
            main.failures += 1
            flow.failures += 1
            return
        main.failures = 0
        if kind == "email":
            main.used_email.add(code)
        elif kind == "app" and alice.app is not None:
            main.accepted_steps.add((alice.app.secret, alice.app.step(self._now())))
        elif kind == "recovery":
            main.used_recovery.add(code)

    # -- dialogs ----------------------------------------------------------------------------
    def _open_options(self, main: AccountModel) -> list[Option]:
        if not main.signed_in.get(HOME_DEVICE):
            return []
        kinds = ["disable_email_code"] if main.email_active else ["enable_email_code"]
        kinds += (
            ["disable_authenticator_app", "view_recovery_codes"]
            if main.app_active
            else ["enable_authenticator_app"]
        )
        return [Option(f"open {kind}", partial(self._open, kind)) for kind in kinds]

    def _flow_options(self, main: AccountModel) -> list[Option]:
        """The suite's one-line whole flows: they reach deep states in one action."""
        if not main.signed_in.get(HOME_DEVICE) or main.lenient:
            return []
        alice = self._alice
        found = [
            Option("enable email", self._enable_email)
            if not main.email_active
            else Option("disable email", partial(self._disable, EMAIL))
        ]
        if not main.app_active:
            found.append(Option("enable app", self._enable_app, 2))
        elif alice.app is not None and alice.app.secret == _secret(main):
            found.append(Option("disable app", partial(self._disable, APP)))
            found.append(Option("view codes", self._view_codes, 2))
        return found

    def _dialog_actions(self, main: AccountModel) -> list[Option]:
        dialog = self.dialog
        if dialog is None or dialog.stage == "done" or dialog.stale:
            return []
        if not dialog.signed_out and self._now() - dialog.opened > SURE_FLOW_AGE:
            return []
        found = [Option("close", self._close)]
        alice = self._alice
        if dialog.stage == "identity":
            answers = ["her password", "a wrong password", "a wrong authenticator code"]
            if alice.app is not None:
                answers.append("a code from her authenticator app")
            if main.email_codes:
                answers.append("the code from the latest email")
            right = _RIGHT_ANSWERS.get(dialog.prompt or "")
            found += [
                Option(f"confirm {a}", partial(self._confirm, a), 4 if a == right else 1) for a in answers
            ]
        if dialog.stage in ("code", "scan") and self.world.focus == "dialog":
            kinds = self._code_kinds()
            if dialog.kind.startswith("disable"):
                kinds.append("empty")
            right = _RIGHT_CODES["email" if "email" in dialog.kind else "app"]
            found += [
                Option(f"dialog {k}", partial(self._dialog_code, k), 4 if k == right else 1) for k in kinds
            ]
        resend_offered = dialog.stage == "code" or (
            dialog.stage == "identity" and dialog.prompt == "email_code"
        )
        if dialog.challenge is not None and resend_offered:
            found.append(Option("request code", self._request_code, 3))
        if dialog.stage == "codes" and not dialog.signed_out:
            if dialog.kind == "view_recovery_codes":
                found.append(Option("regenerate", self._regenerate, 4))
            else:
                found.append(Option("download", self._download))
        return found

    def _expected_prompt(self, kind: str) -> tuple[Prompt, str]:
        main = self._main
        if kind == "enable_email_code":
            return (
                (Prompt.AUTHENTICATOR_APP_CODE, "EML-02") if main.app_active else (Prompt.PASSWORD, "EML-01")
            )
        if kind == "enable_authenticator_app":
            return (Prompt.EMAIL_CODE, "APP-02") if main.email_active else (Prompt.PASSWORD, "APP-03")
        if kind == "view_recovery_codes":
            return Prompt.AUTHENTICATOR_APP_CODE, "REC-01"
        if kind == "disable_email_code":
            return Prompt.EMAIL_CODE, "DIS-02"
        return Prompt.AUTHENTICATOR_APP_CODE, "DIS-03"

    def _open(self, kind: str) -> None:
        prompt, rule = self._expected_prompt(kind)
        sends = prompt is Prompt.EMAIL_CODE
        challenge = Challenge() if sends else None
        self._action()
        if sends:
            self._mail_allowed, self._mail_target, self._mail_rule = {MAIN}, challenge, rule
        self.say("When", f"{MAIN} {_OPEN_PHRASES[kind]}", _OPEN_RULES[kind])
        identity = kind.startswith("enable") or kind == "view_recovery_codes"
        self.dialog = DialogModel(
            kind, "identity" if identity else "code", prompt.value, self._now(), challenge
        )
        view = self.world.view()
        wanted_step = Step.IDENTITY_CONFIRMATION if identity else Step.CODE_ENTRY
        if view.prompt is not prompt or view.step is not wanted_step:
            then = (
                _PROMPT_PHRASES[prompt]
                if identity or prompt is not Prompt.EMAIL_CODE
                else ("the dialog asks for the code from the email")
            )
            raise Violation(
                rule, f"the dialog shows {view.step} asking for {view.prompt}, expected {prompt}", (then,)
            )
        if sends:
            self.check_then(f"an email with a 6-digit code is sent to {MAIN}'s registered address", rule)
        self._after()

    def _confirm(self, answer: str) -> None:
        dialog = self.dialog
        assert dialog is not None
        self._action()
        self._mail_rule = (
            _OPEN_RULES[dialog.kind] if dialog.prompt == "password" else self._expected_prompt(dialog.kind)[1]
        )
        will_send = dialog.kind == "enable_email_code" and not dialog.signed_out
        if will_send:
            self._mail_allowed, self._mail_target = {MAIN}, Challenge()
        self.say("When", f"{MAIN} confirms with {answer}", self._mail_rule)
        outcome = self.world.outcome
        assert outcome is not None
        typed = {
            "her password": ("password", ""),
            "a wrong password": ("wrong", "?"),
            "a wrong authenticator code": ("wrong", "?"),
        }.get(answer)
        if typed is None:
            typed = self._typed(answer.replace("a code from", "the current code from"))
        expect = self._answer_expectation(dialog, typed, dialog.prompt or "")
        self._judge(expect, outcome.accepted, "confirmation")
        self._book(outcome.accepted, typed, dialog)
        if not outcome.accepted:
            self._after()
            return
        if dialog.kind == "enable_email_code":
            dialog.stage, dialog.challenge = "code", self._mail_target
            self.check_then(f"an email with a 6-digit code is sent to {MAIN}'s registered address", "EML-03")
        elif dialog.kind == "enable_authenticator_app":
            dialog.stage = "scan"
            self.say("When", f"{MAIN} adds the manual key to her authenticator app", "APP-05")
            dialog.key = self._alice.app
        else:
            dialog.stage = "codes"
            self._check_shown_codes()
        self._after()

    def _answer_expectation(self, dialog: DialogModel, typed: tuple[str, str], prompt: str) -> Expect:
        """The doc's verdict on an answer typed into ``dialog`` where ``prompt`` is asked."""
        main, now = self._main, self._now()
        kind, code = typed
        rule = (
            self._expected_prompt(dialog.kind)[1]
            if dialog.stage == "identity"
            else _code_rules(dialog.kind)[0]
        )
        if dialog.signed_out:
            return refuse("PWD-08", "the laptop was signed out by a password change on another device")
        if prompt == "password":
            expect = accept(rule, "her password") if kind == "password" else refuse(rule, "not her password")
        elif prompt == "authenticator_app_code":
            key = main.app_key if dialog.kind != "enable_authenticator_app" else dialog.key
            rules = (
                _code_rules(dialog.kind)
                if dialog.stage != "identity"
                else (rule, "APP-11" if rule == "REC-01" else rule)
            )
            if kind == "app":
                expect = app_code(main, key, self._alice.app, code, now, rules)
            else:
                expect = refuse(rules[1], f"{kind} is not a code of the app")
        else:
            rules = _code_rules(dialog.kind) if dialog.stage != "identity" else (rule, rule)
            if kind == "email":
                expect = email_code(main, code, dialog.challenge, now, rules)
            else:
                expect = refuse(rules[1], f"{kind} is not the emailed code")
        return self._relax(expect, dialog)

    def _dialog_code(self, kind: str) -> None:
        dialog = self.dialog
        assert dialog is not None
        self._action()
        text = (
            f"{MAIN} presses Disable without entering a code" if kind == "empty" else f"{MAIN} enters {kind}"
        )
        accept_rule, refuse_rule = _code_rules(dialog.kind)
        self._mail_rule = refuse_rule
        self.say("When", text, accept_rule)
        outcome = self.world.outcome
        assert outcome is not None
        typed = ("wrong", "") if kind == "empty" else self._typed(kind)
        prompt = (
            "email_code"
            if dialog.kind in ("enable_email_code", "disable_email_code")
            else "authenticator_app_code"
        )
        expect = self._answer_expectation(dialog, typed, prompt)
        self._judge(expect, outcome.accepted, "code")
        self._book(outcome.accepted, typed, dialog)
        if outcome.accepted:
            self._complete(dialog)
        self._after()

    def _complete(self, dialog: DialogModel) -> None:
        """A code accepted at the last step: the method turns on or off."""
        main, today = self._main, self._today()
        if dialog.kind == "enable_email_code":
            main.email_active, main.email_since, main.email_rule = True, today, "EML-04"
            dialog.stage = "done"
        elif dialog.kind == "enable_authenticator_app":
            main.app_active, main.app_key, main.app_rule = True, dialog.key, "APP-06"
            dialog.stage = "codes"
            self.check_then("the dialog shows 10 recovery codes, all different", "APP-07")
            self._issue(self.world.view().recovery_codes or ())
        elif dialog.kind == "disable_email_code":
            main.email_active, main.email_since, main.email_rule = False, None, "DIS-04"
            dialog.stage = "done"
        else:
            self._app_off()
            dialog.stage = "done"

    def _app_off(self) -> None:
        main = self._main
        main.app_active, main.app_key, main.app_rule = False, None, "DIS-04"
        main.earlier |= set(main.issued) | main.replaced
        main.issued, main.replaced = (), set()

    def _issue(self, codes: tuple[str, ...]) -> None:
        main = self._main
        main.earlier |= main.replaced
        main.replaced, main.issued = set(), codes

    def _request_code(self) -> None:
        dialog = self.dialog
        assert dialog is not None and dialog.challenge is not None
        sent = dialog.challenge.sent_at
        elapsed = (self._now() - sent) if sent is not None else COUNTDOWN
        strict = dialog.kind == "enable_email_code" and dialog.stage == "code"
        if dialog.signed_out:
            expect = refuse("PWD-08", "the laptop was signed out by a password change elsewhere")
        elif not strict:
            expect = either("EML-05", "Request Code outside Enable Email Code is not described")
        elif elapsed < COUNTDOWN:
            expect = refuse(
                "EML-05", f"only {elapsed.total_seconds():.0f} s of the 60-second countdown passed"
            )
        elif elapsed > COUNTDOWN:
            expect = accept("EML-05", "the 60-second countdown is over")
        else:
            expect = either("EML-05", "exactly 60 seconds: either reading of the countdown (I-06)")
        self._action()
        self._mail_rule = "EML-05"
        if expect.verdict is not Verdict.REFUSE:
            self._mail_allowed, self._mail_target = {MAIN}, dialog.challenge
        self.say("When", f"{MAIN} presses Request Code", "EML-05")
        outcome = self.world.outcome
        assert outcome is not None
        self._judge(expect, outcome.accepted, "request")
        if outcome.accepted and strict:
            self.check_then(f"an email with a 6-digit code is sent to {MAIN}'s registered address", "EML-05")
        self._after()

    def _close(self) -> None:
        dialog = self.dialog
        assert dialog is not None
        self._action()
        self.say("When", f"{MAIN} closes the dialog", "APP-01")
        dialog.stage = "done"
        self._after()

    def _regenerate(self) -> None:
        main = self._main
        before = set(main.issued)
        self._action()
        self.say("When", f"{MAIN} regenerates her recovery codes", "REC-03")
        outcome = self.world.outcome
        assert outcome is not None
        expect = accept("REC-03", "Regenerate issues a fresh set")
        self._judge(expect, outcome.accepted, "request")
        self.check_then("the dialog shows 10 recovery codes, none of them an old one", "REC-03")
        shown = self.world.view().recovery_codes or ()
        if set(shown) & before:
            raise Violation("REC-03", f"Regenerate kept {sorted(set(shown) & before)}", ())
        main.replaced |= before
        main.issued = shown
        self._after()

    def _download(self) -> None:
        self._action()
        self.say("When", f"{MAIN} downloads the recovery codes as a text file", "APP-10")
        self.check_then("the file is a .txt file holding every recovery code the dialog shows", "APP-10")
        self._after()

    def _check_shown_codes(self) -> None:
        """REC-02: exactly the currently valid codes, as the model knows them."""
        main, alice = self._main, self._alice
        shown = set(self.world.view().recovery_codes or ())
        valid = main.valid_recovery()
        if shown == valid:
            return
        then: tuple[str, ...] = ()
        if set(alice.recovery_codes) == set(main.issued):
            suffix = " except the one she used" if alice.used_recovery_codes else ""
            then = (f"the shown codes are the ones {MAIN} was given at activation{suffix}",)
        raise Violation(
            "REC-02",
            f"shown {len(shown)} codes; missing {sorted(valid - shown)}; unexpected {sorted(shown - valid)}",
            then,
        )

    # -- whole flows (the suite's one-line Given/When steps) ---------------------------------
    def _enable_email(self) -> None:
        main = self._main
        app_step = main.app_active
        self._action()
        self._mail_allowed, self._mail_target = {MAIN}, Challenge()
        self.say("When", f"{MAIN} enables the email code", "EML-04")
        self._used_in_flow(email=True, app_step=app_step)
        main.email_active, main.email_since, main.email_rule = True, self._today(), "EML-04"
        self.dialog = None
        self._after()

    def _enable_app(self) -> None:
        main = self._main
        self._action()
        if main.email_active:
            self._mail_allowed, self._mail_target = {MAIN}, Challenge()
        self.say("When", f"{MAIN} enables the authenticator app", "APP-06")
        alice = self._alice
        self._used_in_flow(email=main.email_active, app_step=None)
        main.app_active, main.app_key, main.app_rule = True, alice.app, "APP-06"
        assert alice.app is not None
        main.accepted_steps.add((alice.app.secret, alice.app.step(self._now())))
        self._issue(alice.recovery_codes)
        self.dialog = None
        self._after()

    def _disable(self, method: str) -> None:
        main = self._main
        self._action()
        if method == EMAIL:
            self._mail_allowed, self._mail_target = {MAIN}, Challenge()
        self.say("When", f"{MAIN} disables {_METHOD_WORDS[method]}", "DIS-04")
        if method == EMAIL:
            self._used_in_flow(email=True, app_step=None)
            main.email_active, main.email_since, main.email_rule = False, None, "DIS-04"
        else:
            self._used_in_flow(email=False, app_step=True)
            self._app_off()
        self.dialog = None
        self._after()

    def _view_codes(self) -> None:
        self._action()
        self.say("When", f"{MAIN} views her recovery codes", "REC-01")
        self._used_in_flow(email=False, app_step=True)
        self.dialog = DialogModel(
            "view_recovery_codes", "codes", Prompt.AUTHENTICATOR_APP_CODE.value, self._now()
        )
        self._check_shown_codes()
        self._after()

    def _used_in_flow(self, email: bool, app_step: bool | None) -> None:
        """A whole flow succeeded: the codes it typed are used up."""
        main, alice = self._main, self._alice
        main.failures = 0
        if email and alice.last_email_code:
            main.used_email.add(alice.last_email_code)
        if app_step and alice.app is not None:
            main.accepted_steps.add((alice.app.secret, alice.app.step(self._now())))

    # -- password ---------------------------------------------------------------------------
    def _password_options(self, main: AccountModel) -> list[Option]:
        found = [
            Option(f"change on {word}", partial(self._change, word), 2)
            for word in WORDS
            if main.signed_in.get(word)
        ]
        if main.signed_in.get(HOME_DEVICE):
            mistakes = dict(_MISTAKES)
            if self._alice.previous_passwords:
                mistakes["giving her former password as the current one"] = "PWD-04"
            found += [Option(f"mistake {m}", partial(self._mistake, m, r)) for m, r in mistakes.items()]
        if self._alice.previous_passwords:
            found.append(Option("old password refused", self._old_password_refused))
            if not main.lenient:
                found.append(Option("new password works", self._new_password_works))
        return found

    def _change(self, word: str) -> None:
        main = self._main
        others = {w for w, on in main.signed_in.items() if on and w != word}
        self._action()
        self._must_stay = {(OTHER, w): "PWD-08" for w, on in self._other_sessions().items() if on}
        self._must_stay[(MAIN, word)] = "PWD-08"
        self.say("When", f"{MAIN} changes her password on her {word}", "PWD-07")
        outcome = self.world.outcome
        assert outcome is not None
        expect = accept("PWD-07", "the three fields filled in correctly")
        self._judge(self._relax(expect), outcome.accepted, "change")
        if outcome.accepted:
            main.failures = 0
            main.last_change = self._today()
            for other in sorted(others):
                if self.driver.is_signed_in(self._alice.device(other)):
                    raise Violation(
                        "PWD-08",
                        f"her {other} is still signed in after a change on her {word}",
                        (f"{MAIN} is signed out on her {other}",),
                    )
                main.signed_in[other] = False
            self._flow_on(word, signed_out=HOME_DEVICE in others)
        else:
            main.failures += 1
            self._must_stay |= {(MAIN, w): "PWD-08" for w in others}
            self._flow_on(word, signed_out=False)
        self._after()

    def _flow_on(self, word: str, signed_out: bool) -> None:
        """The change dialog was a flow on ``word``; the laptop's open dialog may be gone (or signed out)."""
        dialog = self.dialog
        if dialog is None:
            return
        if signed_out:
            dialog.signed_out = True
        elif word == HOME_DEVICE:
            dialog.stale = True

    def _other_sessions(self) -> dict[str, bool]:
        other = self.accounts.get(OTHER)
        return dict(other.signed_in) if other else {}

    def _mistake(self, mistake: str, rule: str) -> None:
        main = self._main
        last = main.last_change
        self._action()
        self._must_stay = {
            (n, w): "PWD-08" for n, a in self.accounts.items() for w, on in a.signed_in.items() if on
        }
        self.say("When", f"{MAIN} tries to change her password {mistake}", rule)
        outcome = self.world.outcome
        assert outcome is not None
        self._judge(
            refuse(rule, f"a change {mistake}"),
            outcome.accepted,
            "change",
            (f"{MAIN}'s password is unchanged",),
        )
        if rule == "PWD-04" or "current password empty" in mistake:
            main.failures += 1  # a wrong current password is a wrong answer (I-16)
        main.last_change = last
        self._flow_on(HOME_DEVICE, signed_out=False)
        self._after()

    def _old_password_refused(self) -> None:
        self._action()
        self._main.failures += 1
        self.check_then(f"{MAIN} cannot sign in with her old password", "PWD-07")
        self._after()

    def _new_password_works(self) -> None:
        self._action()
        self.check_then(f"{MAIN} can sign in with her new password", "PWD-07")
        self._main.failures = 0
        self._after()

    # -- the oracle's checks after every action ----------------------------------------------
    def _action(self) -> None:
        self._mail_allowed, self._mail_target, self._mail_rule = set(), None, "MFA-03"
        self._must_stay, self._sessions_open = {}, False

    def _relax(self, expect: Expect, flow: Attempt | DialogModel | None = None) -> Expect:
        """I-16: after a wrong answer (account or flow) a right one may be refused."""
        if self._main.lenient or (flow is not None and flow.failures >= LENIENT_AFTER_FAILURES):
            return expect.relaxed("after refused attempts (I-16)")
        return expect

    def _judge(self, expect: Expect, accepted: bool, noun: str, also: tuple[str, ...] = ()) -> None:
        if expect.allows(accepted):
            return
        answer, wanted = ("accepted", "refused") if accepted else ("refused", "accepted")
        then = (f"the {noun} is {wanted}", *also) if accepted else (f"the {noun} is {wanted}",)
        raise Violation(expect.rule, f"the {noun} was {answer}, expected {wanted}: {expect.why}", then)

    def _after(self) -> None:
        """Sessions and sections after the action (its mail was read as each phrase ran)."""
        self._check_sessions()
        self._check_sections()

    def _absorb_mail(self) -> None:
        now = self._now()
        for name, account in self.accounts.items():
            emails = self.driver.emails_to(self.world.person(name).email)
            fresh, account.mails_seen = emails[account.mails_seen :], len(emails)
            for email in fresh:
                if not holds_code(email):
                    continue  # notices are free (I-08)
                if name not in self._mail_allowed:
                    raise Violation(
                        self._mail_rule,
                        f"a code was emailed to {name} ({email.subject!r})",
                        (f"no code is emailed to {name}",),
                    )
                try:
                    code = one_time_code(email)
                except AssertionError as exc:
                    raise Violation("MFA-03", str(exc)) from exc
                account.email_codes[code] = now
                if self._mail_target is not None:
                    self._mail_target.latest, self._mail_target.sent_at = code, now

    def _check_sessions(self) -> None:
        for name, account in self.accounts.items():
            person = self.world.person(name)
            for word in WORDS if name == MAIN else OTHER_WORDS:
                expected = account.signed_in.get(word, False)
                actual = self.driver.is_signed_in(person.device(word))
                if actual == expected:
                    continue
                if self._sessions_open:
                    account.signed_in[word] = actual
                elif actual:
                    raise Violation(
                        "MFA-01",
                        f"{name}'s {word} is signed in without a completed sign-in",
                        (f"{name} is not signed in on her {word}",),
                    )
                elif (name, word) in self._must_stay:
                    raise Violation(
                        self._must_stay[(name, word)],
                        f"{name}'s {word} is not signed in",
                        (f"{name} is still signed in on her {word}",),
                    )
                else:  # the doc does not say a session lasts (I-17): follow the implementation
                    account.signed_in[word] = False
                    if name == MAIN and word == HOME_DEVICE and self.dialog is not None:
                        self.dialog.stale = True

    def _check_sections(self) -> None:
        for name, account in self.accounts.items():
            word = next((w for w in WORDS if account.signed_in.get(w)), None)
            if word is None:
                continue
            section = self.driver.security_section(self.world.person(name).device(word))
            readable = name == MAIN and word == HOME_DEVICE
            for problem in self._section_problems(name, account, section):
                rule, message, then = problem
                raise Violation(rule, message, (then,) if readable and then else ())

    def _section_problems(
        self, name: str, account: AccountModel, section: SecuritySection
    ) -> Iterator[tuple[str, str, str]]:
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
        email = self.world.person(name).email
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
                today = since == self._today()
                yield (
                    "EML-06",
                    f"activation date {section.email_code.activated_on}, expected {since}",
                    ("the Security section shows the email code method active since today" if today else ""),
                )
        if account.last_change is not None and not same_day_anywhere(
            section.last_password_change, account.last_change
        ):
            days = (self._today() - account.last_change).days
            yield (
                "PWD-02",
                f"last change shown {section.last_password_change}, expected {account.last_change}",
                (f"the Security section shows the date of the last password change as {days} days ago"),
            )


def _code_rules(kind: str) -> tuple[str, str]:
    """(rule a right code proves, rule a wrong code breaks) at a dialog's code step."""
    return {
        "enable_email_code": ("EML-04", "EML-04"),
        "enable_authenticator_app": ("APP-06", "APP-06"),
        "disable_email_code": ("DIS-04", "DIS-02"),
        "disable_authenticator_app": ("DIS-04", "DIS-03"),
        "view_recovery_codes": ("REC-01", "APP-11"),
    }[kind]


def _secret(account: AccountModel) -> str | None:
    return account.app_key.secret if account.app_key is not None else None
