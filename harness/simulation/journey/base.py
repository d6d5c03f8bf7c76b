"""The journey's core: running phrases through the World, and the oracle's checks after every action.

Every action is a step phrase (see :mod:`..phrases`), so the journey is, line for
line, a Gherkin scenario. After each action the oracle compares what the
implementation did with what the documentation promises: the answer (accepted
or refused), the Security section, which devices are signed in and which code
emails went to whom. The actions themselves live in :mod:`.sign_in`,
:mod:`.dialogs` and :mod:`.flows`, each a part of :class:`~.Journey`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

from ...authenticator import NotAnAuthenticatorLink
from ...guard import GuardedDriver
from ...journeys import LONG_JUMP_SECONDS
from ...mailbox import holds_code, one_time_code
from ...person import Person
from ...protocol import Capability, DialogKind, Driver
from ...world import HOME_DEVICE, World
from ..oracle import (
    COUNTDOWN,
    AccountModel,
    Answer,
    Attempt,
    Challenge,
    DialogModel,
    Expect,
    Stage,
    Typed,
    Violation,
)
from ..oracle.rules import relax, section_problems
from ..phrases import Keyword, Phrases
from .words import MAIN, OTHER, OTHER_WORDS, TIME_STEPS, WORDS


class Halted(Exception):
    """The journey reached a state the doc leaves open (a correct lock-out, say): it ends without verdict."""


class Option:
    """One action the journey may take next; ``weight`` copies make common actions likelier.

    A plain slotted class, not a frozen dataclass: some thirty are built before every step.
    """

    __slots__ = ("name", "run", "weight")

    def __init__(self, name: str, run: Callable[[], None], weight: int = 1) -> None:
        self.name, self.run, self.weight = name, run, weight


class JourneyBase:
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
        #: The code each kind of dialog mailed last (see ``DialogJourney._code_context``).
        self._pending_codes: dict[object, Challenge] = {}
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

    # -- the start of every journey, time and Carol ------------------------------------------
    def begin(self) -> None:
        self._introduce(MAIN)

    def _introduce(self, name: str) -> None:
        self.accounts[name] = AccountModel(name=name)
        self._action()
        self.say("Given", f"{name} has an account", "SEC-01")
        self.say("Given", f"{name} is signed in on her laptop", "DIS-06")
        self.accounts[name].signed_in["laptop"] = True
        self._after()

    def _countdown_running(self) -> bool:
        """A code was emailed in the open dialog under 90 s ago: time is what matters next (EML-05)."""
        dialog = self.dialog
        sent = dialog.challenge.sent_at if dialog is not None and dialog.challenge is not None else None
        return (
            sent is not None
            and dialog is not None
            and dialog.stage is not Stage.DONE
            and ((self._now() - sent).total_seconds() < 90)
        )

    def pass_time(self, seconds: int) -> None:
        self._action()
        long_jump = seconds >= LONG_JUMP_SECONDS
        if long_jump:  # the World signs lapsed devices in again (I-17): anything may happen to mail
            self._mail_allowed = set(self.accounts)
            self._sessions_open = True
        alice = self._alice
        app, steps, mailed = alice.app, set(alice.used_steps), set(self._main.email_codes)
        self.say("When", f"{seconds} seconds pass", "MFA-01")
        if long_jump:
            for account in self.accounts.values():
                account.attempts.clear()
            self._book_signing_in_again(app, steps, mailed)
        self._after()

    def _book_signing_in_again(self, app: object, steps: set[int], mailed: set[str]) -> None:
        """The codes the World used to sign lapsed devices in again are used up, as any accepted code.

        A product whose sessions lapse (I-17) gets her devices signed in again with fresh app or email
        codes during the jump; each must then be refused as a replay like any other. Every code mailed
        to her during the jump was one of those (nothing else she does in it asks for one), and the
        World completes each sign-in or the jump fails.
        """
        main, alice = self._main, self._alice
        used_steps = alice.used_steps - steps if alice.app is app else set()
        if alice.app is not None:
            main.accepted_steps |= {(alice.app.secret, step) for step in used_steps}
        used_email = set(main.email_codes) - mailed
        main.used_email |= used_email
        if used_steps or used_email:
            main.failures = 0

    def _other_on_phone(self) -> None:
        self._action()
        self.say("Given", f"{OTHER} is also signed in on her phone", "DIS-06")
        self.accounts[OTHER].signed_in["phone"] = True
        self._after()

    # -- what the World typed, and what it used up (shared by sign-ins and dialogs) ---------
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

    def _typed(self, kind: str) -> Typed:
        """(what kind of code, the code) the World just typed for ``kind``."""
        alice = self._alice
        if "email" in kind:
            return Answer.EMAIL, alice.last_email_code or ""
        if kind.startswith("the current code"):
            return Answer.APP, alice.last_app_code or ""
        if "an hour ago" in kind and alice.app is not None:
            return Answer.APP, alice.app.code_at(self._now() - timedelta(hours=1))
        return Answer.WRONG, "?"

    def _book(self, accepted: bool, typed: Typed, flow: Attempt | DialogModel) -> None:
        """Remember what an accepted code used up; count refusals (I-16)."""
        main, alice = self._main, self._alice
        kind, code = typed
        if not accepted:
            main.failures += 1
            flow.failures += 1
            return
        main.failures = 0
        if kind is Answer.EMAIL:
            main.used_email.add(code)
        elif kind is Answer.APP and alice.app is not None:
            main.accepted_steps.add((alice.app.secret, alice.app.step(self._now())))
        elif kind is Answer.RECOVERY:
            main.used_recovery.add(code)

    def _used_in_flow(self, email: bool, app_step: bool | None) -> None:
        """A whole flow succeeded: the codes it typed are used up."""
        main, alice = self._main, self._alice
        main.failures = 0
        if email and alice.last_email_code:
            main.used_email.add(alice.last_email_code)
        if app_step and alice.app is not None:
            main.accepted_steps.add((alice.app.secret, alice.app.step(self._now())))

    def _flow_on(self, word: str, signed_out: bool) -> None:
        """The change dialog was a flow on ``word``; the laptop's open dialog may be gone (or signed out)."""
        dialog = self.dialog
        if dialog is None:
            return
        if signed_out:
            dialog.signed_out = True
        elif word == HOME_DEVICE:
            dialog.stale = True

    def _app_off(self) -> None:
        main = self._main
        main.app_active, main.app_key, main.app_rule = False, None, "DIS-04"
        main.earlier |= set(main.issued) | main.replaced
        main.issued, main.replaced = (), set()

    def _issue(self, codes: tuple[str, ...]) -> None:
        main = self._main
        main.earlier |= main.replaced
        main.replaced, main.issued = set(), codes

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

    # -- the oracle's checks after every action ----------------------------------------------
    def _action(self) -> None:
        self._mail_allowed, self._mail_target, self._mail_rule = set(), None, "MFA-03"
        self._must_stay, self._sessions_open = {}, False

    def _stands(self, pending: Challenge) -> bool:
        """A mailed code that may stand for the next flow of its purpose instead of a new mail: unused,
        and mailed at most 60 seconds ago (the 60th second either way, I-06). Reopening a dialog or
        choosing email again is no way around the countdown (EML-05, HRD-13); mailing anew is as valid."""
        return (
            pending.latest is not None
            and pending.sent_at is not None
            and pending.latest not in self._main.used_email
            and self._now() - pending.sent_at <= COUNTDOWN
        )

    def _superseded_code_pending(self, kind: DialogKind) -> bool:
        """The code a dialog of ``kind`` mailed may stand if it is reopened, but a newer code went to her.

        A product may keep only the newest code of an account (I-25): whether a whole flow through
        that dialog succeeds is open, so the journey does not offer that flow until the doc decides again.
        """
        pending = self._pending_codes.get(kind)
        return pending is not None and self._stands(pending) and pending.latest != self._main.last_mailed

    def _relax(self, expect: Expect, flow: Attempt | DialogModel | None = None) -> Expect:
        return relax(expect, self._main, flow)

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
                account.email_codes[code], account.last_mailed = now, code
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
            person = self.world.person(name)
            section = self.driver.security_section(person.device(word))
            readable = name == MAIN and word == HOME_DEVICE
            for rule, message, then in section_problems(name, account, section, person.email, self._today):
                raise Violation(rule, message, (then,) if readable and then else ())


def app_secret(account: AccountModel) -> str | None:
    """The secret of the app the model says is active (None when none is)."""
    return account.app_key.secret if account.app_key is not None else None
