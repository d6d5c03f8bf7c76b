"""Whole flows in one line (the suite's Given/When steps that reach deep states at once); password changes."""

from __future__ import annotations

from functools import partial

from ...protocol import DialogKind, Method, Prompt
from ...world import HOME_DEVICE
from ..oracle import AccountModel, Challenge, DialogModel, Stage, Violation, accept, refuse
from ..oracle.rules import FORMER_PASSWORD_MISTAKE, MISTAKES
from .base import JourneyBase, Option, app_secret
from .words import APP, EMAIL, MAIN, METHOD_WORDS, OTHER, WORDS


class Flows(JourneyBase):
    """The one-line flows and password actions of :class:`~.Journey`."""

    def _flow_options(self, main: AccountModel) -> list[Option]:
        """The suite's one-line whole flows: they reach deep states in one action."""
        if not main.signed_in.get(HOME_DEVICE) or main.lenient:
            return []
        alice = self._alice
        superseded = self._superseded_code_pending
        found = []
        if not main.email_active and not superseded(DialogKind.ENABLE_EMAIL_CODE):
            found.append(Option("enable email", self._enable_email))
        elif main.email_active and not superseded(DialogKind.DISABLE_EMAIL_CODE):
            found.append(Option("disable email", partial(self._disable, EMAIL)))
        if not main.app_active:
            if not (main.email_active and superseded(DialogKind.ENABLE_AUTHENTICATOR_APP)):
                found.append(Option("enable app", self._enable_app, 2))
        elif alice.app is not None and alice.app.secret == app_secret(main):
            found.append(Option("disable app", partial(self._disable, APP)))
            found.append(Option("view codes", self._view_codes, 2))
        return found

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

    def _disable(self, method: Method) -> None:
        main = self._main
        self._action()
        if method is EMAIL:
            self._mail_allowed, self._mail_target = {MAIN}, Challenge()
        self.say("When", f"{MAIN} disables {METHOD_WORDS[method]}", "DIS-04")
        if method is EMAIL:
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
            DialogKind.VIEW_RECOVERY_CODES, Stage.CODES, Prompt.AUTHENTICATOR_APP_CODE, self._now()
        )
        self._check_shown_codes()
        self._after()

    # -- password ---------------------------------------------------------------------------
    def _password_options(self, main: AccountModel) -> list[Option]:
        found = [
            Option(f"change on {word}", partial(self._change, word), 2)
            for word in WORDS
            if main.signed_in.get(word)
        ]
        if main.signed_in.get(HOME_DEVICE):
            mistakes = dict(MISTAKES)
            if self._alice.previous_passwords:
                mistake, rule = FORMER_PASSWORD_MISTAKE
                mistakes[mistake] = rule
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
