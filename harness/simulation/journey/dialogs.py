"""Dialogs during a journey, one step at a time: open, confirm, enter a code, resend, close, regenerate."""

from __future__ import annotations

from functools import partial

from ...protocol import DialogKind, Prompt, Step
from ...world import HOME_DEVICE
from ..oracle import (
    SURE_FLOW_AGE,
    AccountModel,
    Answer,
    Challenge,
    DialogModel,
    Stage,
    Verdict,
    Violation,
    accept,
)
from ..oracle.rules import (
    CODE_RULES,
    OPEN_RULES,
    answer_expectation,
    expected_prompt,
    request_code_expectation,
)
from .base import JourneyBase, Option
from .words import (
    APP,
    EMAIL,
    EMPTY,
    FIXED_ANSWERS,
    MAIN,
    OPEN_PHRASES,
    PROMPT_PHRASES,
    RIGHT_ANSWERS,
    RIGHT_CODES,
)

_EMAIL_DIALOGS = (DialogKind.ENABLE_EMAIL_CODE, DialogKind.DISABLE_EMAIL_CODE)
_DISABLE_DIALOGS = (DialogKind.DISABLE_EMAIL_CODE, DialogKind.DISABLE_AUTHENTICATOR_APP)
#: Dialogs whose first step confirms her identity (the disable dialogs start at the code).
_IDENTITY_FIRST = (
    DialogKind.ENABLE_EMAIL_CODE,
    DialogKind.ENABLE_AUTHENTICATOR_APP,
    DialogKind.VIEW_RECOVERY_CODES,
)
_CODE_ANNOUNCED = "an email with a 6-digit code is sent to {}'s registered address"


class Dialogs(JourneyBase):
    """The step-by-step dialog actions of :class:`~.Journey`."""

    def _open_options(self, main: AccountModel) -> list[Option]:
        if not main.signed_in.get(HOME_DEVICE):
            return []
        kinds = [DialogKind.DISABLE_EMAIL_CODE if main.email_active else DialogKind.ENABLE_EMAIL_CODE]
        kinds += (
            [DialogKind.DISABLE_AUTHENTICATOR_APP, DialogKind.VIEW_RECOVERY_CODES]
            if main.app_active
            else [DialogKind.ENABLE_AUTHENTICATOR_APP]
        )
        return [Option(f"open {kind}", partial(self._open, kind)) for kind in kinds]

    def _dialog_actions(self, main: AccountModel) -> list[Option]:
        dialog = self.dialog
        if dialog is None or dialog.stage is Stage.DONE or dialog.stale:
            return []
        if not dialog.signed_out and self._now() - dialog.opened > SURE_FLOW_AGE:
            return []
        found = [Option("close", self._close)]
        alice = self._alice
        if dialog.stage is Stage.IDENTITY:
            answers = ["her password", "a wrong password", "a wrong authenticator code"]
            if alice.app is not None:
                answers.append("a code from her authenticator app")
            if main.email_codes:
                answers.append("the code from the latest email")
            right = RIGHT_ANSWERS.get(dialog.prompt) if dialog.prompt is not None else None
            found += [
                Option(f"confirm {a}", partial(self._confirm, a), 4 if a == right else 1) for a in answers
            ]
        if dialog.stage in (Stage.CODE, Stage.SCAN) and self.world.focus == "dialog":
            kinds = self._code_kinds()
            if dialog.kind in _DISABLE_DIALOGS:
                kinds.append(EMPTY)
            right = RIGHT_CODES[EMAIL if dialog.kind in _EMAIL_DIALOGS else APP]
            found += [
                Option(f"dialog {k}", partial(self._dialog_code, k), 4 if k == right else 1) for k in kinds
            ]
        resend_offered = dialog.stage is Stage.CODE or (
            dialog.stage is Stage.IDENTITY and dialog.prompt is Prompt.EMAIL_CODE
        )
        if dialog.challenge is not None and resend_offered:
            found.append(Option("request code", self._request_code, 3))
        if dialog.stage is Stage.CODES and not dialog.signed_out:
            if dialog.kind is DialogKind.VIEW_RECOVERY_CODES:
                found.append(Option("regenerate", self._regenerate, 4))
            else:
                found.append(Option("download", self._download))
        return found

    def _open(self, kind: DialogKind) -> None:
        prompt, rule = expected_prompt(kind, self._main)
        sends = prompt is Prompt.EMAIL_CODE
        challenge, must_mail = self._code_context(kind) if sends else (None, False)
        self._action()
        if sends:
            self._mail_allowed, self._mail_target, self._mail_rule = {MAIN}, challenge, rule
        self.say("When", f"{MAIN} {OPEN_PHRASES[kind]}", OPEN_RULES[kind])
        identity = kind in _IDENTITY_FIRST
        self.dialog = DialogModel(
            kind, Stage.IDENTITY if identity else Stage.CODE, prompt, self._now(), challenge
        )
        view = self.world.view()
        wanted_step = Step.IDENTITY_CONFIRMATION if identity else Step.CODE_ENTRY
        if view.prompt is not prompt or view.step is not wanted_step:
            then = (
                PROMPT_PHRASES[prompt]
                if identity or prompt is not Prompt.EMAIL_CODE
                else ("the dialog asks for the code from the email")
            )
            raise Violation(
                rule, f"the dialog shows {view.step} asking for {view.prompt}, expected {prompt}", (then,)
            )
        if must_mail:
            self.check_then(_CODE_ANNOUNCED.format(MAIN), rule)
        self._after()

    def _code_context(self, kind: DialogKind) -> tuple[Challenge, bool]:
        """The code a dialog of ``kind`` is about to mail for, and whether a mail must come now.

        The code this kind of dialog mailed last may stand (``_stands``); either way the code last
        mailed must work.
        """
        pending = self._pending_codes.get(kind) or Challenge()
        fresh = Challenge(pending.latest, pending.sent_at) if self._stands(pending) else Challenge()
        self._pending_codes[kind] = fresh
        return fresh, fresh.latest is None

    def _confirm(self, answer: str) -> None:
        dialog = self.dialog
        assert dialog is not None
        self._action()
        self._mail_rule = (
            OPEN_RULES[dialog.kind]
            if dialog.prompt is Prompt.PASSWORD
            else expected_prompt(dialog.kind, self._main)[1]
        )
        will_send = dialog.kind is DialogKind.ENABLE_EMAIL_CODE and not dialog.signed_out
        must_mail = False
        if will_send:
            self._mail_allowed = {MAIN}
            self._mail_target, must_mail = self._code_context(dialog.kind)
        self.say("When", f"{MAIN} confirms with {answer}", self._mail_rule)
        outcome = self.world.outcome
        assert outcome is not None
        typed = FIXED_ANSWERS.get(answer)
        if typed is None:
            typed = self._typed(answer.replace("a code from", "the current code from"))
        expect = answer_expectation(self._main, dialog, typed, dialog.prompt, self._now(), self._alice.app)
        self._judge(expect, outcome.accepted, "confirmation")
        self._book(outcome.accepted, typed, dialog)
        if not outcome.accepted:
            self._after()
            return
        if dialog.kind is DialogKind.ENABLE_EMAIL_CODE:
            dialog.stage, dialog.challenge = Stage.CODE, self._mail_target
            if must_mail:
                self.check_then(_CODE_ANNOUNCED.format(MAIN), "EML-03")
        elif dialog.kind is DialogKind.ENABLE_AUTHENTICATOR_APP:
            dialog.stage = Stage.SCAN
            self.say("When", f"{MAIN} adds the manual key to her authenticator app", "APP-05")
            dialog.key = self._alice.app
        else:
            dialog.stage = Stage.CODES
            self._check_shown_codes()
        self._after()

    def _dialog_code(self, kind: str) -> None:
        dialog = self.dialog
        assert dialog is not None
        self._action()
        text = f"{MAIN} presses Disable without entering a code" if kind == EMPTY else f"{MAIN} enters {kind}"
        accept_rule, refuse_rule = CODE_RULES[dialog.kind]
        self._mail_rule = refuse_rule
        self.say("When", text, accept_rule)
        outcome = self.world.outcome
        assert outcome is not None
        typed = (Answer.WRONG, "") if kind == EMPTY else self._typed(kind)
        prompt = Prompt.EMAIL_CODE if dialog.kind in _EMAIL_DIALOGS else Prompt.AUTHENTICATOR_APP_CODE
        expect = answer_expectation(self._main, dialog, typed, prompt, self._now(), self._alice.app)
        self._judge(expect, outcome.accepted, "code")
        self._book(outcome.accepted, typed, dialog)
        if outcome.accepted:
            self._complete(dialog)
        self._after()

    def _complete(self, dialog: DialogModel) -> None:
        """A code accepted at the last step: the method turns on or off."""
        main, today = self._main, self._today()
        if dialog.kind is DialogKind.ENABLE_EMAIL_CODE:
            main.email_active, main.email_since, main.email_rule = True, today, "EML-04"
            dialog.stage = Stage.DONE
        elif dialog.kind is DialogKind.ENABLE_AUTHENTICATOR_APP:
            main.app_active, main.app_key, main.app_rule = True, dialog.key, "APP-06"
            dialog.stage = Stage.CODES
            self.check_then("the dialog shows 10 recovery codes, all different", "APP-07")
            self._issue(self.world.view().recovery_codes or ())
        elif dialog.kind is DialogKind.DISABLE_EMAIL_CODE:
            main.email_active, main.email_since, main.email_rule = False, None, "DIS-04"
            dialog.stage = Stage.DONE
        else:
            self._app_off()
            dialog.stage = Stage.DONE

    def _request_code(self) -> None:
        dialog = self.dialog
        assert dialog is not None and dialog.challenge is not None
        expect, strict = request_code_expectation(dialog, self._now())
        self._action()
        self._mail_rule = "EML-05"
        if expect.verdict is not Verdict.REFUSE:
            self._mail_allowed, self._mail_target = {MAIN}, dialog.challenge
        self.say("When", f"{MAIN} presses Request Code", "EML-05")
        outcome = self.world.outcome
        assert outcome is not None
        self._judge(expect, outcome.accepted, "request")
        if outcome.accepted and strict:
            self.check_then(_CODE_ANNOUNCED.format(MAIN), "EML-05")
        self._after()

    def _close(self) -> None:
        dialog = self.dialog
        assert dialog is not None
        self._action()
        self.say("When", f"{MAIN} closes the dialog", "APP-01")
        dialog.stage = Stage.DONE
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
