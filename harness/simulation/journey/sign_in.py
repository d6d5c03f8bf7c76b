"""Signing in during a journey: new sign-ins, choosing a method, codes typed at the sign-in page."""

from __future__ import annotations

from functools import partial

from ...protocol import Method
from ..oracle import AccountModel, Answer, Attempt, Challenge, Typed, Violation, accept, either
from ..oracle.rules import attempt_doubt, offered_violation, sign_in_expectation
from .base import JourneyBase, Option, app_secret
from .words import APP, EMAIL, MAIN, METHOD_WORDS, SAME_APP_CODE, SAME_EMAIL_CODE, WORDS


class SignIns(JourneyBase):
    """The sign-in actions of :class:`~.Journey`."""

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
        hows: list[tuple[str, Method, int]] = []
        if main.email_active:
            hows += [("an email code", EMAIL, 2), ("a wrong email code", EMAIL, 1)]
            if alice.last_email_code:
                hows.append((SAME_EMAIL_CODE, EMAIL, 4))
        if main.app_active and alice.app is not None and alice.app.secret == app_secret(main):
            hows += [("a code from her authenticator app", APP, 2), ("a wrong authenticator code", APP, 1)]
            if alice.last_app_code:
                hows.append((SAME_APP_CODE, APP, 4))
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
                offered = offered_violation(result.offered_methods, methods)
                if offered is not None:
                    raise offered
                main.attempts[word] = Attempt(True, self._alice.password, self._now(), methods)
        self._after()

    def _choose(self, word: str, method: Method) -> None:
        main = self._main
        attempt = main.attempts[word]
        if method is EMAIL and attempt.challenge.latest is None:
            attempt.challenge = self._standing_sign_in_code(attempt.challenge)
        first_email = method is EMAIL and attempt.chosen is not EMAIL and attempt.challenge.latest is None
        doubtful = self._attempt_doubt(attempt)
        self._action()
        self._mail_allowed = {MAIN} if method is EMAIL else set()
        self._mail_target = attempt.challenge
        self.say("When", f"{MAIN} chooses {METHOD_WORDS[method]}", "BTH-02")
        outcome = self.world.outcome
        assert outcome is not None
        expect = accept("BTH-02", "an active method offered on the sign-in page")
        if method not in attempt.methods:
            expect = either("BTH-02", "the method became active after the password step")
        self._judge(expect.relaxed(doubtful) if doubtful else expect, outcome.accepted, "request")
        if outcome.accepted:
            attempt.chosen = method
            if method is EMAIL and attempt.challenge not in main.sign_in_challenges:
                main.sign_in_challenges.append(attempt.challenge)
            if first_email and not doubtful:
                self._mail_rule = "MFA-03"
                self.check_then(
                    f"an email with a 6-digit code is sent to {MAIN}'s registered address", "MFA-03"
                )
        self._after()

    def _standing_sign_in_code(self, mine: Challenge) -> Challenge:
        """Another sign-in's code that may stand (``_stands``) may stand for this sign-in too.

        A product may keep one pending code per account and purpose (HRD-13). Either way the code
        last mailed must work.
        """
        main = self._main
        standing = [
            pending
            for pending in [*main.sign_in_challenges, *(a.challenge for a in main.attempts.values())]
            if pending is not mine and self._stands(pending)
        ]
        if not standing:
            return mine
        newest = max(standing, key=lambda pending: pending.sent_at or self._now())
        return Challenge(newest.latest, newest.sent_at)

    def _attempt_doubt(self, attempt: Attempt) -> str:
        return attempt_doubt(self._main, attempt, self._alice.password, self._now())

    def _sign_in_code(self, word: str, kind: str) -> None:
        attempt = self._main.attempts[word]
        self._action()
        self.say("When", f"{MAIN} enters {kind}", "MFA-01")
        self._settle_sign_in(word, attempt, self._typed(kind))

    def _same_email_code_on(self, word: str) -> None:
        attempt = self._main.attempts[word]
        self._action()
        self.say("When", f"{MAIN} enters the same email code on her {word}", "MFA-03")
        self._settle_sign_in(word, attempt, (Answer.EMAIL, self._alice.last_email_code or ""))

    def _settle_sign_in(self, word: str, attempt: Attempt, typed: Typed) -> None:
        """Judge a code entered at sign-in, and what it did to the device's session."""
        main = self._main
        outcome = self.world.outcome
        assert outcome is not None
        expect = sign_in_expectation(
            main, attempt, typed, self._now(), self._alice.app, self._attempt_doubt(attempt)
        )
        self._judge(expect, outcome.accepted, "code", (f"{MAIN} is not signed in on her {word}",))
        self._book(outcome.accepted, typed, attempt)
        if outcome.accepted:
            main.signed_in[word] = True
            main.attempts.pop(word, None)
            self._must_stay[(MAIN, word)] = expect.rule
        self._after()

    def _full_sign_in(self, word: str, how: str, method: Method) -> None:
        main, alice = self._main, self._alice
        attempt = Attempt(True, alice.password, self._now(), main.methods(), chosen=method)
        before_code = {SAME_EMAIL_CODE: alice.last_email_code, SAME_APP_CODE: alice.last_app_code}
        old = alice.old_recovery_codes[0] if alice.old_recovery_codes else ""
        same_recovery = alice.used_recovery_codes[-1] if alice.used_recovery_codes else ""
        self._action()
        self._mail_allowed = {MAIN} if method is EMAIL else set()
        self._mail_target = attempt.challenge
        if method is EMAIL:
            main.sign_in_challenges.append(attempt.challenge)
        self._flow_on(word, signed_out=False)
        self.say("When", f"{MAIN} signs in on her {word} with her password and {how}", "MFA-01")
        typed: Typed
        if how == "an email code":
            typed = (Answer.EMAIL, alice.last_email_code or "")
        elif how == "a code from her authenticator app":
            typed = (Answer.APP, alice.last_app_code or "")
        elif how in before_code:
            typed = (Answer.EMAIL if how == SAME_EMAIL_CODE else Answer.APP, before_code[how] or "")
        elif how == "one of her recovery codes":
            typed = (Answer.RECOVERY, alice.used_recovery_codes[-1])
        elif how == "the same recovery code":
            typed = (Answer.RECOVERY, same_recovery)
        elif how == "an old recovery code":
            typed = (Answer.RECOVERY, old)
        else:
            typed = (Answer.WRONG, "?")
        main.attempts[word] = attempt
        self._settle_sign_in(word, attempt, typed)
