"""Journeys: what a person does to reach a state, following what the product shows her.

Given steps ("Alice has the authenticator app active") and a few When steps need a
whole flow. A journey never assumes the reference's exact flow: it loops on the
dialog's step and answers each prompt with what the person has — her password, a
fresh app code, the latest emailed code — taking an alternative the step offers
when she cannot give what it asks first, and it asks nothing of a step the product
skipped. Prompts are asserted only by the rules that own them (EML-01/02,
APP-02/03, REC-01), never here.

Every part of a journey runs *relying on* the documented rule it exercises
(:func:`harness.checks.relying_on`), so a deviation on the way is reported against
that rule: FAILED in that rule's own scenarios, BLOCKED (naming it) elsewhere.
Journeys that set up a state end by checking that the state was reached.
"""

from __future__ import annotations

from .checks import relying_on, said, title
from .guard import GuardedDialog
from .person import Person
from .protocol import DialogKind, DialogView, Method, MethodStatus, Outcome, Prompt, Step
from .world import HOME_DEVICE, World

#: Time jumps at least this long may outlive a session (its lifetime is not documented): devices
#: that were signed in are signed in again, as their owner would.
LONG_JUMP_SECONDS = 3600
#: A dialog that asks to confirm identity more often than this is not going to stop asking.
MAX_IDENTITY_STEPS = 3

#: The rule that documents each dialog's identity step, by what the step asks for first.
_IDENTITY_RULES: dict[DialogKind, dict[Prompt | None, str]] = {
    DialogKind.ENABLE_EMAIL_CODE: {Prompt.AUTHENTICATOR_APP_CODE: "EML-02", None: "EML-01"},
    DialogKind.ENABLE_AUTHENTICATOR_APP: {Prompt.EMAIL_CODE: "APP-02", None: "APP-03"},
    DialogKind.VIEW_RECOVERY_CODES: {None: "REC-01"},
    DialogKind.DISABLE_EMAIL_CODE: {None: "DIS-02"},
    DialogKind.DISABLE_AUTHENTICATOR_APP: {None: "DIS-03"},
}
#: The rule a sign-in code relies on, by the method chosen.
SIGN_IN_RULES = {
    Method.EMAIL_CODE: "MFA-03",
    Method.AUTHENTICATOR_APP: "MFA-04",
    Method.RECOVERY_CODE: "APP-09",
}
_WORDS = {
    Prompt.PASSWORD: "her password",
    Prompt.AUTHENTICATOR_APP_CODE: "an authenticator app code",
    Prompt.EMAIL_CODE: "an emailed code",
}


def must(outcome: Outcome, doing: str) -> None:
    assert outcome.accepted, f"{doing} was {said(outcome)}"


# -- time and sign-in ----------------------------------------------------------------------------------
def pass_time(world: World, seconds: float) -> None:
    """Let time pass; after a long jump, devices whose session lapsed are signed in again."""
    world.pass_time(seconds)
    if seconds >= LONG_JUMP_SECONDS:
        for person in world.people.values():
            for word in sorted(person.signed_in_on):
                if not world.driver.is_signed_in(person.device(word)):
                    sign_in_fully(world, person, word)


def sign_in_fully(world: World, person: Person, word: str) -> None:
    """Password, then whatever the page offers that she holds (the app first: it sends no email)."""
    with relying_on("MFA-01", f"{person.name} signing in on her {word}"):
        result = world.start_sign_in(person, word)
        must(result.outcome, "her password")
        if result.signed_in:
            return
        usable = [m for m in (Method.AUTHENTICATOR_APP, Method.EMAIL_CODE) if m in result.offered_methods]
        usable = [m for m in usable if m is not Method.AUTHENTICATOR_APP or person.app is not None]
        assert usable, f"the sign-in page offers {sorted(m.value for m in result.offered_methods)}"
    method = usable[0]
    with relying_on(SIGN_IN_RULES[method], f"{person.name} signing in on her {word} with {method.value}"):
        must(world.choose(person, word, method), f"choosing {method.value}")
        must(world.enter_sign_in_code(person, word, world.code_for(person, method)), "the code")


# -- dialogs -------------------------------------------------------------------------------------------
def _family(prefix: str, last: int) -> frozenset[str]:
    return frozenset(f"{prefix}-{n:02d}" for n in range(1, last + 1))


#: A dialog the product does not open (or has no button for) breaks every rule of its section.
SECTION_RULES = {
    DialogKind.ENABLE_EMAIL_CODE: _family("EML", 7),
    DialogKind.ENABLE_AUTHENTICATOR_APP: _family("APP", 11),
    DialogKind.VIEW_RECOVERY_CODES: _family("REC", 3),
    DialogKind.DISABLE_EMAIL_CODE: _family("DIS", 7),
    DialogKind.DISABLE_AUTHENTICATOR_APP: _family("DIS", 7),
}


def open_dialog(
    world: World, person: Person, kind: DialogKind, rule: str, word: str = HOME_DEVICE
) -> GuardedDialog:
    with relying_on(rule, f"opening {title(kind)}", SECTION_RULES[kind]):
        return world.open(person, kind, word)


def confirm_identity(world: World, person: Person, kind: DialogKind) -> DialogView:
    """Answer every identity step the open dialog shows; returns the view after them."""
    for _ in range(MAX_IDENTITY_STEPS):
        view = world.view()
        if view.step is not Step.IDENTITY_CONFIRMATION:
            return view
        rules = _IDENTITY_RULES[kind]
        rule = rules.get(view.prompt, rules[None])
        answerable = [p for p in (view.prompt, *view.alternatives) if p and world.can_answer(person, p)]
        with relying_on(rule, f"confirming her identity in {title(kind)}"):
            assert answerable, (
                f"the dialog asks for {view.prompt and _WORDS[view.prompt]}, which she cannot give"
            )
            prompt = answerable[0]
            must(world.confirm(world.answer_for(person, prompt), prompt), _WORDS[prompt])
    with relying_on(_IDENTITY_RULES[kind][None], f"confirming her identity in {title(kind)}"):
        raise AssertionError(f"the dialog asked her to confirm her identity {MAX_IDENTITY_STEPS} times")


def enable_email_code(world: World, person: Person) -> None:
    dialog = open_dialog(world, person, DialogKind.ENABLE_EMAIL_CODE, "EML-01")
    view = confirm_identity(world, person, DialogKind.ENABLE_EMAIL_CODE)
    with relying_on("EML-03", "after Continue"):
        assert view.step is Step.CODE_ENTRY, f"the dialog shows {view.step.value}, not a code input"
        code = world.newest_email_code(person)
    with relying_on("EML-04", "entering the emailed code"):
        must(world.enter_code(person, code), "the emailed code")
    person.email_active = True
    dialog.close()


def enable_authenticator_app(world: World, person: Person, close: bool = True) -> None:
    dialog = open_dialog(world, person, DialogKind.ENABLE_AUTHENTICATOR_APP, "APP-01")
    confirm_identity(world, person, DialogKind.ENABLE_AUTHENTICATOR_APP)
    with relying_on("APP-04", "scanning the QR code"):
        world.scan_qr_code(person)
    code = world.fresh_app_code(person)
    with relying_on("APP-06", "entering the generated code"):
        must(world.enter_code(person, code), "the generated code")
    person.activation_app_code, person.app_active = code, True
    with relying_on("APP-07", "after the generated code"):
        world.remember_recovery_codes(person, world.view())
    if close:
        dialog.close()


def view_recovery_codes(world: World, person: Person, word: str = HOME_DEVICE) -> DialogView:
    open_dialog(world, person, DialogKind.VIEW_RECOVERY_CODES, "REC-01", word)
    view = confirm_identity(world, person, DialogKind.VIEW_RECOVERY_CODES)
    with relying_on("REC-02", "after confirming"):
        assert view.step is Step.RECOVERY_CODES and view.recovery_codes, (
            f"the dialog shows no recovery codes (at {view.step.value})"
        )
    return view


def disable(world: World, person: Person, kind: DialogKind, accepted_by: str = "DIS-04") -> None:
    """Open Disable, give what it asks (a code, or nothing when it is only a button), press Disable.

    ``accepted_by``: the rule that says the right answer turns the method off here — DIS-04, or a
    scenario's own rule when being let through is what it checks (HRD-12: after guesses elsewhere).
    """
    dialog = open_dialog(world, person, kind, "DIS-01")
    view = confirm_identity(world, person, kind)
    rules = _IDENTITY_RULES[kind]
    with relying_on(rules.get(view.prompt, rules[None]), f"the {title(kind)} dialog"):
        if view.step is Step.NO_INPUT:
            outcome = dialog.submit()
        else:
            assert view.step is Step.CODE_ENTRY, f"the dialog shows {view.step.value}, not a code input"
            assert view.prompt is not None, "the code input does not say which code it takes"
            outcome = world.enter_code(person, world.answer_for(person, view.prompt))
    with relying_on(accepted_by, "pressing Disable"):
        must(outcome, "disabling")
    dialog.close()
    if kind is DialogKind.DISABLE_AUTHENTICATOR_APP:
        person.app, person.recovery_codes, person.app_active = None, (), False
    else:
        person.email_active = False


def _is_active(block: MethodStatus | None) -> bool:
    return block is not None and block.active


# -- states a Given reaches, checked -------------------------------------------------------------------
ENABLE = {Method.EMAIL_CODE: enable_email_code, Method.AUTHENTICATOR_APP: enable_authenticator_app}
#: The rule that says entering the code activates the method.
_ACTIVATION_RULES = {Method.EMAIL_CODE: "EML-04", Method.AUTHENTICATOR_APP: "APP-06"}


def has_active(world: World, person: Person, method: Method) -> None:
    """Enable ``method`` and check the Security section shows it active — and, if she had the other
    method on, that one too: a product that turns one off to turn the other on breaks BTH-01."""
    held = {
        m
        for m, on in ((Method.EMAIL_CODE, person.email_active), (Method.AUTHENTICATOR_APP, person.app_active))
        if on
    }
    ENABLE[method](world, person)
    expect_active(world, person, {method}, _ACTIVATION_RULES[method])
    if held - {method}:
        expect_active(world, person, held | {method}, "BTH-01")


def has_both_active(world: World, person: Person) -> None:
    enable_email_code(world, person)
    enable_authenticator_app(world, person)
    expect_active(world, person, {Method.EMAIL_CODE, Method.AUTHENTICATOR_APP}, "BTH-01")


def expect_active(world: World, person: Person, methods: set[Method], rule: str) -> None:
    """The Security section on her home device shows every one of ``methods`` active."""
    with relying_on(rule, f"the Security section on {person.name}'s {HOME_DEVICE}"):
        section = world.section(person)
        blocks = {Method.EMAIL_CODE: section.email_code, Method.AUTHENTICATOR_APP: section.authenticator_app}
        inactive = sorted(m.value for m in methods if not _is_active(blocks[m]))
        assert not inactive, f"the Security section does not show {' and '.join(inactive)} active"
