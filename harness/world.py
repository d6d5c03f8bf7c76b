"""What one scenario knows, the way the user knows it.

A :class:`Person` remembers her password, what her authenticator app holds
(from scanning the QR image), the recovery codes she was shown and which
codes she already used. :class:`World` performs the multi-step journeys that
Given steps need ("Alice has the authenticator app active") through the
guarded driver, so step definitions stay one line long.

Expected values come from the documentation and from what the user saw,
never from the implementation's internals.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from datetime import UTC, date

from faker import Faker

from .authenticator import Authenticator
from .checks import PASSWORD_ALONE, relying_on, said, title
from .guard import GuardedDialog, GuardedDriver
from .mailbox import DialogCodes, holds_code, one_time_code, six_digit_codes
from .person import Person
from .protocol import (
    Capability,
    DialogKind,
    DialogRefused,
    DialogView,
    Email,
    Method,
    Outcome,
    Prompt,
    Reason,
    SecuritySection,
    SignInResult,
    Step,
    TextFile,
)

#: The device every person starts on; dialogs are opened there unless a step says otherwise.
HOME_DEVICE = "laptop"


#: Which rule promises the emailed code in each dialog (at the sign-in page: MFA-03).
_MAIL_RULES = {
    DialogKind.ENABLE_EMAIL_CODE: "EML-03",
    DialogKind.ENABLE_AUTHENTICATOR_APP: "APP-02",
    DialogKind.DISABLE_EMAIL_CODE: "DIS-02",
}


class World:
    def __init__(self, driver: GuardedDriver, seed: int) -> None:
        self.driver = driver
        self.fake = _shared_faker()
        self.fake.seed_instance(seed)
        self.people: dict[str, Person] = {}
        self.dialog: GuardedDialog | None = None
        self.focus: str = "sign-in"
        self.outcome: Outcome | None = None
        self.sign_in_result: SignInResult | None = None
        self.sign_in_word: str | None = None
        #: Whose sign-in ``sign_in_result`` is (several people may sign in within one scenario).
        self.sign_in_by: str | None = None
        self.text_file: TextFile | None = None
        self.remembered_dates: dict[str, date] = {}
        self._emails_seen: dict[str, int] = {}
        self._dialog_codes = DialogCodes(
            driver.emails_to if Capability.OUTBOX in driver.capabilities else None
        )
        self._spare_devices = 0

    # -- people and time ------------------------------------------------------------
    def person(self, name: str) -> Person:
        if name not in self.people:
            self.people[name] = Person(name=name, email=self._email_for(name), password=self.new_password())
        return self.people[name]

    @property
    def main(self) -> Person:
        """The scenario's first person: "she" in a step without a name."""
        assert self.people, "no person has been introduced yet"
        return next(iter(self.people.values()))

    def section(self, person: Person | None = None) -> SecuritySection:
        """The Security section as ``person`` (default: the main person) sees it on her home device."""
        who = person or self.main
        return self.driver.security_section(who.device(HOME_DEVICE))

    def _email_for(self, name: str) -> str:
        """At a reserved domain (RFC 2606: example.com/.net/.org): mail sent by mistake reaches no one."""
        return f"{name.lower()}.{self.fake.user_name()}@{self.fake.safe_domain_name()}"

    def new_password(self) -> str:
        """A password that follows the documented recommendation (12+, letters, digits, specials)."""
        return self.fake.password(
            length=16, special_chars=True, digits=True, upper_case=True, lower_case=True
        )

    def today(self) -> date:
        return self.driver.now().astimezone(UTC).date()

    def pass_time(self, seconds: float) -> None:
        """Move the product's clock (journeys.pass_time also signs lapsed devices in again)."""
        self.driver.advance_clock(seconds)

    # -- accounts and sign-in ---------------------------------------------------------
    def create_account(self, person: Person) -> None:
        self.driver.create_account(person.email, person.password)

    def start_sign_in(self, person: Person, word: str, password: str | None = None) -> SignInResult:
        self.focus, self.sign_in_word, self.sign_in_by = "sign-in", word, person.name
        with self._dialog_codes.sign_in(person.email):
            result = self.driver.sign_in(person.device(word), person.email, password or person.password)
        self.sign_in_result, self.outcome = result, result.outcome
        if result.signed_in:
            person.signed_in_on.add(word)
        return result

    def choose(self, person: Person, word: str, method: Method) -> Outcome:
        with self._dialog_codes.sign_in(person.email):
            self.outcome = self.driver.choose_sign_in_method(person.device(word), method)
        return self.outcome

    def enter_sign_in_code(self, person: Person, word: str, code: str) -> Outcome:
        with self._dialog_codes.sign_in(person.email):
            self.outcome = self.driver.enter_sign_in_code(person.device(word), code)
        if self.outcome.accepted:
            person.signed_in_on.add(word)
        return self.outcome

    def code_for(self, person: Person, method: Method) -> str:
        """The code a person types for ``method``: fresh from her app, the newest email or a recovery code."""
        if method is Method.AUTHENTICATOR_APP:
            return self.fresh_app_code(person)
        if method is Method.EMAIL_CODE:
            return self.newest_email_code(person)
        return self.unused_recovery_code(person)

    def sign_in_with(self, person: Person, word: str, method: Method, code: str | None = None) -> Outcome:
        """Password, then ``method`` and its code (or the given ``code``)."""
        result = self.enter_password(person, word, expect_code=person.has_mfa)
        if result.signed_in:
            return result.outcome
        chosen = self.choose(person, word, method)
        if not chosen.accepted:
            return chosen
        return self.enter_sign_in_code(
            person, word, code if code is not None else self.code_for(person, method)
        )

    def enter_password(self, person: Person, word: str, expect_code: bool = True) -> SignInResult:
        """Her password on ``word``, on the way to a code: relying on MFA-01, and, where the password
        alone opens an account that has a method on, on MFA-05 too ("safe even if the password leaks")."""
        with relying_on("MFA-01", f"{person.name} entering her password on her {word}"):
            result = self.start_sign_in(person, word)
            assert result.outcome.accepted, f"her password was {said(result.outcome)}"
        with relying_on("MFA-01", f"{person.name} entering her password on her {word}", PASSWORD_ALONE):
            assert not (expect_code and result.signed_in), "the password alone signed her in"
        return result

    def password_signs_in(self, person: Person, password: str) -> bool:
        """Is ``password`` accepted at sign-in? Tried on a spare device of its own, signed out again."""
        self._spare_devices += 1
        device = person.device(f"spare device {self._spare_devices}")
        with self._dialog_codes.sign_in(person.email):
            result = self.driver.sign_in(device, person.email, password)
        if result.outcome.accepted:
            self.driver.sign_out(device)  # also abandons a half-done sign-in waiting for a code
        return result.outcome.accepted

    def change_password(self, person: Person, word: str, current: str, new: str, repeat: str) -> Outcome:
        self.focus = "dialog"
        self.outcome = self.driver.change_password(person.device(word), current, new, repeat)
        if self.outcome.accepted:
            person.previous_passwords.append(person.password)
            person.password = new
            person.signed_in_on &= {word}
        return self.outcome

    # -- mail ------------------------------------------------------------------------
    def emails(self, person: Person) -> Sequence[Email]:
        return self.driver.emails_to(person.email)

    def new_code_emails(self, person: Person) -> list[Email]:
        """Code-bearing emails the person has not looked at yet; looking marks all her mail read.

        Only mails with a code count: the doc is silent on notices ("your password
        changed"), so an implementation that also sends those must not be flagged.
        """
        emails = self.emails(person)
        fresh = emails[self._emails_seen.get(person.email, 0) :]
        self._emails_seen[person.email] = len(emails)
        return [email for email in fresh if holds_code(email)]

    def newest_email_code(self, person: Person) -> str:
        """The code in the newest mail that holds one, as she would type it."""
        emails = self.emails(person)
        self._emails_seen[person.email] = len(emails)
        with_code = [email for email in emails if holds_code(email)]
        with relying_on(self._mail_rule(), "reading the emailed code"):
            assert with_code, f"no email with a 6-digit code has reached {person.name}'s registered address"
        person.last_email_code = self._dialog_mail(person, emails) or one_time_code(with_code[-1])
        return person.last_email_code

    def _mail_rule(self) -> str:
        """The rule that says a code is mailed where the person now stands (sign-in page or dialog)."""
        if self.focus == "sign-in" or self.dialog is None:
            return "MFA-03"
        return _MAIL_RULES.get(self.dialog.kind, "MFA-03")

    # -- authenticator app and recovery codes ------------------------------------------
    def fresh_app_code(self, person: Person) -> str:
        """The app's current code; if that step was used already, wait (on the clock) for the next."""
        app = self.app_of(person)
        now = self.driver.now()
        if person.used_steps and app.step(now) <= max(person.used_steps):
            # Mid-step, not on its edge: no verifier's rounding can place the code in a neighbouring step.
            middle_of_next_step = (max(person.used_steps) + 1.5) * app.period
            self.driver.advance_clock(middle_of_next_step - now.timestamp())
            now = self.driver.now()
        person.used_steps.add(app.step(now))
        person.last_app_code = app.code_at(now)
        return person.last_app_code

    def app_of(self, person: Person) -> Authenticator:
        assert person.app is not None, f"{person.name} has not added the account to an authenticator app"
        return person.app

    def unused_recovery_code(self, person: Person) -> str:
        unused = [c for c in person.recovery_codes if c not in person.used_recovery_codes]
        assert unused, f"{person.name} has no unused recovery code left"
        person.used_recovery_codes.append(unused[0])
        return unused[0]

    def wrong_code(self, person: Person) -> str:
        """Six digits that are no code she holds: none in her emails, none her app showed within an hour."""
        taken: set[str] = set()
        if Capability.OUTBOX in self.driver.capabilities:
            for email in self.emails(person):
                taken |= six_digit_codes(email)
        if person.app is not None:
            step = person.app.step(self.driver.now())
            taken |= {person.app.code_at_step(step + k) for k in range(-120, 121)}
        while True:
            candidate = f"{self.fake.random_int(0, 999_999):06d}"
            if candidate not in taken:
                return candidate

    def made_up_recovery_code(self, person: Person) -> str:
        """Shaped like her recovery codes but none of them: same length, same separators, and only
        characters her codes use, so a product that rejects malformed codes unchecked still judges it."""
        model = self.unused_recovery_code(person)
        person.used_recovery_codes.remove(model)
        known = {*person.recovery_codes, *person.old_recovery_codes}
        alphabet = sorted({c for code in known for c in code if c.isalnum()})
        while True:
            candidate = "".join(self._other_character(c, alphabet) for c in model)
            if candidate not in known:
                return candidate

    def _other_character(self, c: str, alphabet: Sequence[str]) -> str:
        """Another character her codes use in the same place: digit for digit, letter for letter."""
        if not c.isalnum():
            return c
        same_kind = [x for x in alphabet if x != c and x.isdigit() == c.isdigit()]
        return self.fake.random_element(same_kind) if same_kind else c

    # -- dialogs -----------------------------------------------------------------------
    def open(self, person: Person, kind: DialogKind, word: str = HOME_DEVICE) -> GuardedDialog:
        self.focus = "dialog"
        self._dialog_codes.opening(person.email)
        try:
            self.dialog = self.driver.open_dialog(person.device(word), kind)
        except DialogRefused as refused:
            raise AssertionError(f"the {title(kind)} dialog did not open: {said(refused.outcome)}") from None
        self._dialog_codes.opened(person.email, kind)
        return self.dialog

    def _dialog_mail(self, person: Person, emails: Sequence[Email]) -> str | None:
        """The code the open dialog takes (see DialogCodes); None on the sign-in page."""
        if self.focus != "dialog" or self.dialog is None:
            return None
        return self._dialog_codes.code(person.email, emails)

    def current_dialog(self) -> GuardedDialog:
        assert self.dialog is not None, "no dialog is open"
        return self.dialog

    def view(self) -> DialogView:
        return self.current_dialog().view()

    def answer_for(self, person: Person, prompt: Prompt | None) -> str:
        """What the person types for ``prompt``."""
        if prompt is Prompt.PASSWORD:
            return person.password
        if prompt is Prompt.AUTHENTICATOR_APP_CODE:
            return self.fresh_app_code(person)
        if prompt is Prompt.EMAIL_CODE:
            return self.newest_email_code(person)
        raise AssertionError(f"the dialog asks for nothing a person could answer (prompt: {prompt})")

    def confirm(self, answer: str, prompt: Prompt | None = None, as_: Prompt | None = None) -> Outcome:
        """Answer the identity step with ``answer``.

        ``prompt`` names the proof answered outright. ``as_`` is what the answer *is* (her password): if
        the step offers that proof, as its prompt or as an alternative, she picks it, as a person would;
        otherwise she types it where the step asks for its first proof.
        """
        dialog = self.current_dialog()
        view = dialog.view()
        if view.step is Step.CLOSED:  # closed meanwhile (its device signed out): nothing takes the answer
            self.outcome = Outcome.reject(Reason.NOT_AVAILABLE, "the dialog is closed")
            return self.outcome
        offered = (view.prompt, *view.alternatives)
        asked = prompt or (as_ if as_ in offered else view.prompt)
        assert asked is not None, "the dialog asks for no proof at this step"
        self.outcome = dialog.confirm_identity(answer, asked)
        return self.outcome

    def enter_code(self, person: Person, code: str) -> Outcome:
        """Type ``code`` into whatever code input has the focus: a dialog's or the sign-in page's."""
        if self.focus == "sign-in":
            assert self.sign_in_word is not None, "no sign-in is in progress"
            return self.enter_sign_in_code(person, self.sign_in_word, code)
        self.outcome = self.current_dialog().enter_code(code)
        return self.outcome

    def scan_qr_code(self, person: Person) -> Authenticator:
        view = self.view()
        assert view.step is Step.SCAN_QR_CODE and view.qr_code_image, (
            f"the dialog shows no QR code (at {view.step.value})"
        )
        person.app, person.used_steps = Authenticator.scan(view.qr_code_image), set()
        return person.app

    def remember_recovery_codes(self, person: Person, view: DialogView) -> None:
        assert view.recovery_codes, f"the dialog shows no recovery codes (at {view.step.value})"
        person.recovery_codes = view.recovery_codes

    def regenerate_recovery_codes(self, person: Person) -> Outcome:
        """Press Regenerate; the codes she held until now become her old ones."""
        before = person.recovery_codes
        self.outcome = self.current_dialog().regenerate()
        if self.outcome.accepted:
            person.old_recovery_codes = before
            self.remember_recovery_codes(person, self.view())
        return self.outcome

    def can_answer(self, person: Person, prompt: Prompt) -> bool:
        """Does she hold what ``prompt`` asks for: her password, an app, a mailbox the kit can read?"""
        if prompt is Prompt.AUTHENTICATOR_APP_CODE:
            return person.app is not None
        if prompt is Prompt.EMAIL_CODE:
            return Capability.OUTBOX in self.driver.capabilities
        return True


def same_day_anywhere(shown: date | None, expected: date) -> bool:
    """Is ``shown`` the calendar date ``expected`` somewhere on Earth (I-18)?

    A product may show dates in the user's time zone, and a date alone cannot be
    converted back to UTC: one day either side is the same moment elsewhere.
    Scenarios that check a date moved put days, not hours, between the dates.
    """
    return shown is not None and abs((shown - expected).days) <= 1


@functools.cache
def _shared_faker() -> Faker:
    """Building a Faker costs ~3 ms; one per process, reseeded per scenario, keeps data stable and cheap.

    Names are drawn uniformly (``use_weighting=False``): Faker's frequency-weighted draw rebuilds
    its weights on every call, four times the cost of a person's whole address and password.
    """
    return Faker(use_weighting=False)


def scenario_seed(node_id: str) -> int:
    """A fixed seed per scenario, independent of run order (faker data stays stable)."""
    return int.from_bytes(hashlib.sha256(node_id.encode()).digest()[:8], "big")
