"""The Enable Authenticator App Code dialog, step by step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reference_impl import Method, Prompt
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.errors import (
    CountdownRunning,
    InvalidAction,
    InvalidInput,
    NotSignedIn,
    TooManyAttempts,
    WrongCode,
    WrongPassword,
)


@pytest.fixture
def dialog(ref_kit):
    return ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)


@pytest.fixture
def at_scan(ref_kit, dialog):
    dialog.press_continue(ref_kit.PASSWORD)
    ref_kit.secret = dialog.manual_key
    return dialog


@pytest.fixture
def at_code(ref_kit, at_scan):
    at_scan.next()
    return at_scan


@pytest.fixture
def at_recovery(ref_kit, at_code):
    at_code.enter_code(ref_kit.app_code())
    return at_code


def _lock(dialog, wrong):
    for _ in range(4):
        with pytest.raises((WrongPassword, WrongCode)):
            wrong()
    with pytest.raises(TooManyAttempts):
        wrong()
    assert dialog.state == "locked"
    assert dialog not in EnableAuthenticatorAppDialog.MACHINE.models


# -- step 1: identity confirmation -------------------------------------------------
def test_with_no_method_active_the_prompt_is_the_password_and_nothing_is_sent(ref_kit, dialog):
    assert dialog.state == "identity_confirmation"
    assert dialog.prompt is Prompt.PASSWORD
    assert ref_kit.outbox.messages == ()
    ref_kit.assert_refused(dialog, dialog.request_code)


def test_the_password_leads_to_the_qr_code(ref_kit, dialog):
    dialog.press_continue(ref_kit.PASSWORD)
    assert dialog.state == "scan_qr_code"
    assert ref_kit.account.authenticator_app is None  # nothing is active before step 3


def test_a_wrong_password_is_counted_and_five_lock_the_dialog(ref_kit, dialog):
    before = ref_kit.snapshot(dialog)
    with pytest.raises(WrongPassword):
        dialog.press_continue("not the password")
    after = ref_kit.snapshot(dialog)
    assert after.pop("dialog")[:2] == ("identity_confirmation", 1)
    before.pop("dialog")
    assert after == before
    for _ in range(3):
        with pytest.raises(WrongPassword):
            dialog.press_continue("not the password")
    with pytest.raises(TooManyAttempts):
        dialog.press_continue("not the password")
    assert dialog.state == "locked"
    ref_kit.assert_refused(dialog, lambda: dialog.press_continue(ref_kit.PASSWORD))
    ref_kit.assert_refused(dialog, dialog.next)


def test_with_email_active_a_code_is_emailed_as_the_dialog_opens(ref_kit):
    ref_kit.enable_email()
    sent_before = len(ref_kit.outbox.messages)
    ref_kit.clock.advance(7)
    dialog = ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    assert dialog.prompt is Prompt.EMAIL_CODE
    assert len(ref_kit.outbox.messages) == sent_before + 1
    mail = ref_kit.outbox.messages[-1]
    assert (mail.recipient, mail.sent_at) == (ref_kit.EMAIL, ref_kit.clock.now())


def test_with_email_active_the_password_is_not_accepted(ref_kit):
    ref_kit.enable_email()
    dialog = ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    before = ref_kit.snapshot(dialog)
    with pytest.raises(InvalidInput):
        dialog.press_continue(ref_kit.PASSWORD)
    assert ref_kit.snapshot(dialog) == before
    dialog.press_continue(ref_kit.last_email_code())
    assert dialog.state == "scan_qr_code"


def test_with_email_active_a_wrong_code_is_counted(ref_kit):
    ref_kit.enable_email()
    dialog = ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    right = ref_kit.last_email_code()
    _lock(dialog, lambda: dialog.press_continue(ref_kit.other_code(right)))
    ref_kit.assert_refused(dialog, lambda: dialog.press_continue(right))


def test_with_email_active_request_code_follows_the_countdown(ref_kit, ref_email_codes):
    ref_kit.enable_email()
    dialog = ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    first = ref_kit.last_email_code()
    ref_kit.clock.advance(59)
    before = ref_kit.snapshot(dialog)
    with pytest.raises(CountdownRunning):
        dialog.request_code()
    assert ref_kit.snapshot(dialog) == before
    ref_kit.clock.advance(1)
    dialog.request_code()
    second = ref_kit.last_email_code()
    assert first != second
    with pytest.raises(WrongCode):
        dialog.press_continue(first)
    dialog.press_continue(second)
    assert dialog.state == "scan_qr_code"


def test_with_email_active_the_identity_code_expires_at_ten_minutes(ref_kit):
    ref_kit.enable_email()
    dialog = ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    ref_kit.clock.advance(timedelta(minutes=10))
    with pytest.raises(WrongCode):
        dialog.press_continue(ref_kit.last_email_code())


# -- step 2: the QR code ---------------------------------------------------------------
def test_step_two_shows_a_fresh_160_bit_secret_in_the_uri(ref_kit, at_scan):
    key = at_scan.manual_key
    assert len(key) == 32
    assert f"secret={key}&" in at_scan.provisioning_uri
    assert at_scan.provisioning_uri.startswith("otpauth://totp/")
    assert at_scan.qr_code_png.startswith(b"\x89PNG\r\n\x1a\n")


def test_each_dialog_draws_its_own_secret(ref_kit, at_scan):
    first = at_scan.manual_key
    other = ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    other.press_continue(ref_kit.PASSWORD)
    assert other.manual_key != first


def test_the_qr_code_and_manual_key_are_shown_in_steps_two_and_three_only(ref_kit, dialog):
    for shown in (lambda: dialog.manual_key, lambda: dialog.provisioning_uri, lambda: dialog.qr_code_png):
        ref_kit.assert_refused(dialog, shown)
    dialog.press_continue(ref_kit.PASSWORD)
    key = dialog.manual_key
    dialog.next()
    assert dialog.manual_key == key
    dialog.enter_code(ref_kit.rfc4226_code(key, ref_kit.clock.now().timestamp()))
    for shown in (lambda: dialog.manual_key, lambda: dialog.provisioning_uri, lambda: dialog.qr_code_png):
        ref_kit.assert_refused(dialog, shown)


def test_at_step_two_only_next_is_offered(ref_kit, at_scan):
    ref_kit.assert_refused(at_scan, lambda: at_scan.press_continue(ref_kit.PASSWORD))
    ref_kit.assert_refused(at_scan, at_scan.request_code)
    ref_kit.assert_refused(at_scan, lambda: at_scan.enter_code(ref_kit.app_code()))
    ref_kit.assert_refused(at_scan, at_scan.download_text_file)
    ref_kit.assert_refused(at_scan, lambda: at_scan.prompt)
    ref_kit.assert_refused(at_scan, lambda: at_scan.recovery_codes)


# -- step 3: a generated code -----------------------------------------------------------
def test_the_current_code_activates_the_app_and_shows_ten_recovery_codes(ref_kit, at_code):
    ref_kit.clock.advance(11)
    at_code.enter_code(ref_kit.app_code())
    assert at_code.state == "recovery_codes"
    app = ref_kit.account.authenticator_app
    assert app is not None
    assert app.secret == ref_kit.secret
    assert app.activated_at == ref_kit.clock.now()
    codes = at_code.recovery_codes
    assert len(codes) == len(set(codes)) == 10
    assert codes == app.recovery_codes.valid()
    block = ref_kit.service.security_section(ref_kit.LAPTOP).authenticator_app
    assert (block.active, block.activated_at, block.action) == (True, ref_kit.clock.now(), "Disable")
    assert ref_kit.account.active_methods() == (Method.AUTHENTICATOR_APP,)


def test_the_previous_step_is_accepted(ref_kit, at_code):
    at_code.enter_code(ref_kit.app_code(-1))
    assert at_code.state == "recovery_codes"


@pytest.mark.parametrize("steps", [-2, 1])
def test_two_steps_back_and_the_next_step_are_refused(ref_kit, at_code, steps):
    code = ref_kit.app_code(steps)
    if code in (ref_kit.app_code(), ref_kit.app_code(-1)):
        pytest.skip("collision with an accepted code")
    with pytest.raises(WrongCode):
        at_code.enter_code(code)
    assert ref_kit.account.authenticator_app is None
    assert at_code.failed_attempts == 1


def test_five_wrong_codes_lock_the_dialog(ref_kit, at_code):
    _lock(at_code, lambda: at_code.enter_code(ref_kit.wrong_app_code()))
    ref_kit.assert_refused(at_code, lambda: at_code.enter_code(ref_kit.app_code()))
    ref_kit.assert_refused(at_code, lambda: at_code.manual_key)
    assert ref_kit.account.authenticator_app is None


def test_malformed_codes_are_invalid_input_and_not_counted(ref_kit, at_code):
    for bad in ("12345", "1234567", "abcdef", "١٢٣٤٥٦", "\uff11\uff12\uff13\uff14\uff15\uff16", "12 345"):
        before = ref_kit.snapshot(at_code)
        with pytest.raises(InvalidInput):
            at_code.enter_code(bad)
        assert ref_kit.snapshot(at_code) == before


def test_at_step_three_only_enter_code_is_offered(ref_kit, at_code):
    ref_kit.assert_refused(at_code, at_code.next)
    ref_kit.assert_refused(at_code, lambda: at_code.press_continue(ref_kit.PASSWORD))
    ref_kit.assert_refused(at_code, at_code.request_code)
    ref_kit.assert_refused(at_code, at_code.download_text_file)


def test_the_activation_code_cannot_be_replayed(ref_kit, at_code):
    used = ref_kit.app_code()
    at_code.enter_code(used)
    at_code.close()
    view = ref_kit.service.view_recovery_codes(ref_kit.LAPTOP)
    with pytest.raises(WrongCode):
        view.confirm(used)
    view.confirm(ref_kit.next_app_code())
    assert view.state == "codes_shown"


def test_enabled_elsewhere_meanwhile_this_dialog_cannot_finish(ref_kit, at_code):
    ref_kit.sign_in(ref_kit.PHONE)
    mine = ref_kit.secret
    ref_kit.enable_app(ref_kit.PHONE)
    theirs = ref_kit.account.authenticator_app
    with pytest.raises(InvalidAction):
        at_code.enter_code(ref_kit.rfc4226_code(mine, ref_kit.clock.now().timestamp()))
    assert ref_kit.account.authenticator_app is theirs


def test_a_device_signed_out_elsewhere_cannot_finish_its_dialog(ref_kit, at_code):
    ref_kit.sign_in(ref_kit.PHONE)
    ref_kit.service.change_password(ref_kit.PHONE).save(
        ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD
    )
    with pytest.raises(NotSignedIn):
        at_code.enter_code(ref_kit.app_code())
    assert ref_kit.account.authenticator_app is None


# -- step 4: recovery codes ------------------------------------------------------------------
def test_download_gives_a_text_file_with_every_code(ref_kit, at_recovery):
    name, text = at_recovery.download_text_file()
    assert name.endswith(".txt")
    assert text.splitlines()[-10:] == list(at_recovery.recovery_codes)
    assert ref_kit.EMAIL in text
    assert at_recovery.state == "recovery_codes"  # downloading does not end the step
    assert at_recovery.download_text_file() == (name, text)


def test_at_step_four_the_earlier_steps_are_gone(ref_kit, at_recovery):
    ref_kit.assert_refused(at_recovery, lambda: at_recovery.enter_code(ref_kit.next_app_code()))
    ref_kit.assert_refused(at_recovery, at_recovery.next)
    ref_kit.assert_refused(at_recovery, lambda: at_recovery.press_continue(ref_kit.PASSWORD))
    ref_kit.assert_refused(at_recovery, at_recovery.request_code)


def test_once_closed_the_codes_are_not_shown_again(ref_kit, at_recovery):
    at_recovery.close()
    assert at_recovery.state == "closed"
    assert at_recovery not in EnableAuthenticatorAppDialog.MACHINE.models
    ref_kit.assert_refused(at_recovery, lambda: at_recovery.recovery_codes)
    ref_kit.assert_refused(at_recovery, at_recovery.download_text_file)
    assert ref_kit.account.authenticator_app is not None  # closing step 4 keeps the app active


def test_opening_is_refused_while_the_app_is_active(ref_kit):
    ref_kit.enable_app()
    before = ref_kit.snapshot()
    with pytest.raises(InvalidAction):
        ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    assert ref_kit.snapshot() == before


def test_opening_needs_a_signed_in_device(ref_kit):
    with pytest.raises(NotSignedIn):
        ref_kit.service.enable_authenticator_app(ref_kit.PHONE)


def test_re_enabling_after_disabling_gives_new_secret_codes_and_date(ref_kit):
    first_codes = ref_kit.enable_app()
    first_secret = ref_kit.secret
    first_date = ref_kit.account.authenticator_app.activated_at
    ref_kit.service.disable_authenticator_app(ref_kit.LAPTOP).disable(ref_kit.next_app_code())
    ref_kit.clock.advance(3600)
    second_codes = ref_kit.enable_app()
    app = ref_kit.account.authenticator_app
    assert app.activated_at == ref_kit.clock.now() > first_date
    assert ref_kit.secret != first_secret
    assert not set(first_codes) & set(second_codes)


# -- every trigger a step does not offer ------------------------------------------------------
_TRIGGERS = {
    "Continue": lambda kit, d: d.press_continue(kit.PASSWORD),
    "Request Code": lambda kit, d: d.request_code(),
    "Next": lambda kit, d: d.next(),
    "Enter code": lambda kit, d: d.enter_code(kit.app_code() if kit.secret else "123456"),
    "Download as Text File": lambda kit, d: d.download_text_file(),
}
#: What each step offers, from the documentation (password prompt: no Request Code).
_OFFERED = {
    "identity_confirmation": {"Continue"},
    "scan_qr_code": {"Next"},
    "enter_generated_code": {"Enter code"},
    "recovery_codes": {"Download as Text File"},
    "closed": set(),
    "locked": set(),
}


def _drive_to(kit, state):
    dialog = kit.service.enable_authenticator_app(kit.LAPTOP)
    if state == "locked":
        for _ in range(4):
            with pytest.raises(WrongPassword):
                dialog.press_continue("not the password")
        with pytest.raises(TooManyAttempts):
            dialog.press_continue("not the password")
        return dialog
    steps = ["identity_confirmation", "scan_qr_code", "enter_generated_code", "recovery_codes"]
    target = "scan_qr_code" if state == "closed" else state
    for step in steps[1 : steps.index(target) + 1]:
        if step == "scan_qr_code":
            dialog.press_continue(kit.PASSWORD)
            kit.secret = dialog.manual_key
        elif step == "enter_generated_code":
            dialog.next()
        else:
            dialog.enter_code(kit.app_code())
    if state == "closed":
        dialog.close()
    assert dialog.state == state
    return dialog


@pytest.mark.parametrize(
    ("state", "trigger"),
    [
        (state, trigger)
        for state, offered in _OFFERED.items()
        for trigger in _TRIGGERS
        if trigger not in offered
    ],
)
def test_a_trigger_the_step_does_not_offer_is_refused_and_changes_nothing(ref_kit, state, trigger):
    dialog = _drive_to(ref_kit, state)
    ref_kit.clock.advance(60)
    ref_kit.assert_refused(dialog, lambda: _TRIGGERS[trigger](ref_kit, dialog))


def test_the_offered_triggers_match_the_machine():
    from reference_impl.dialogs.enable_app import CONFIG

    machine = {state: set() for state in _OFFERED}
    for transition in CONFIG["transitions"]:
        sources = [transition["source"]] if isinstance(transition["source"], str) else transition["source"]
        for source in sources:
            if transition["trigger"] in _TRIGGERS:
                machine[source].add(transition["trigger"])
    machine["identity_confirmation"].discard("Request Code")  # offered only with an email prompt
    assert machine == _OFFERED
