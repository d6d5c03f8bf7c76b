"""The Enable Email Code dialog: identity, the emailed code, the countdown, expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reference_impl import Method, Prompt
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
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
    return ref_kit.service.enable_email_code(ref_kit.LAPTOP)


@pytest.fixture
def at_code_entry(ref_kit, dialog):
    dialog.press_continue(ref_kit.PASSWORD)
    return dialog


def _lock(kit, dialog, wrong):
    for _ in range(4):
        with pytest.raises((WrongPassword, WrongCode)):
            wrong()
    with pytest.raises(TooManyAttempts):
        wrong()
    assert dialog.state == "locked"


# -- identity confirmation --------------------------------------------------------
def test_with_no_method_active_the_prompt_is_the_password(ref_kit, dialog):
    assert dialog.state == "identity_confirmation"
    assert dialog.prompt is Prompt.PASSWORD
    assert ref_kit.outbox.messages == ()  # nothing is sent before Continue


def test_continue_with_the_password_emails_a_code_to_the_registered_address(ref_kit, dialog):
    ref_kit.clock.advance(5)
    dialog.press_continue(ref_kit.PASSWORD)
    assert dialog.state == "code_entry"
    (mail,) = ref_kit.outbox.messages
    assert mail.recipient == ref_kit.EMAIL
    assert mail.sent_at == ref_kit.clock.now()
    assert len(ref_kit.last_email_code()) == 6


def test_with_the_app_active_the_prompt_is_an_app_code_and_the_password_is_refused(ref_kit):
    ref_kit.enable_app()
    dialog = ref_kit.service.enable_email_code(ref_kit.LAPTOP)
    assert dialog.prompt is Prompt.AUTHENTICATOR_APP_CODE
    before = ref_kit.snapshot(dialog)
    with pytest.raises(InvalidInput):
        dialog.press_continue(ref_kit.PASSWORD)
    assert ref_kit.snapshot(dialog) == before
    dialog.press_continue(ref_kit.next_app_code())
    assert dialog.state == "code_entry"
    dialog.enter_code(ref_kit.last_email_code())
    assert ref_kit.account.active_methods() == (Method.EMAIL_CODE, Method.AUTHENTICATOR_APP)


def test_with_the_app_active_a_wrong_or_replayed_app_code_is_refused(ref_kit):
    ref_kit.enable_app()
    dialog = ref_kit.service.enable_email_code(ref_kit.LAPTOP)
    with pytest.raises(WrongCode):
        dialog.press_continue(ref_kit.app_code())  # the step used to enable the app
    with pytest.raises(WrongCode):
        dialog.press_continue(ref_kit.wrong_app_code())
    assert dialog.failed_attempts == 1  # the replay is refused but is no guess (issue 17)
    assert dialog.state == "identity_confirmation"


def test_a_wrong_password_is_refused_and_counted(ref_kit, dialog):
    before = ref_kit.snapshot(dialog)
    with pytest.raises(WrongPassword):
        dialog.press_continue("not the password")
    after = ref_kit.snapshot(dialog)
    assert after.pop("dialog")[:2] == ("identity_confirmation", 1)
    before.pop("dialog")
    assert after == before


def test_five_wrong_passwords_lock_the_dialog(ref_kit, dialog):
    _lock(ref_kit, dialog, lambda: dialog.press_continue("not the password"))
    assert dialog not in EnableEmailCodeDialog.MACHINE.models
    ref_kit.assert_refused(dialog, lambda: dialog.press_continue(ref_kit.PASSWORD))
    ref_kit.assert_refused(dialog, dialog.request_code)
    ref_kit.assert_refused(dialog, lambda: dialog.enter_code("123456"))
    assert ref_kit.outbox.messages == ()


# -- code entry -----------------------------------------------------------------------
def test_the_emailed_code_activates_the_method(ref_kit, at_code_entry):
    ref_kit.clock.advance(42)
    at_code_entry.enter_code(ref_kit.last_email_code())
    assert at_code_entry.state == "active"
    assert at_code_entry.finished
    assert at_code_entry not in EnableEmailCodeDialog.MACHINE.models
    block = ref_kit.service.security_section(ref_kit.LAPTOP).email_code
    assert block.active
    assert block.activated_at == ref_kit.clock.now()
    assert block.address == ref_kit.EMAIL
    assert block.action == "Disable"


def test_the_code_may_be_typed_with_surrounding_spaces(ref_kit, at_code_entry):
    at_code_entry.enter_code(f"  {ref_kit.last_email_code()}\t")
    assert at_code_entry.state == "active"


def test_a_wrong_code_is_refused_and_counted(ref_kit, at_code_entry):
    before = ref_kit.snapshot(at_code_entry)
    with pytest.raises(WrongCode):
        at_code_entry.enter_code(ref_kit.wrong_email_code())
    after = ref_kit.snapshot(at_code_entry)
    assert after["dialog"][1] == 1
    assert {k: v for k, v in after.items() if k != "dialog"} == {
        k: v for k, v in before.items() if k != "dialog"
    }
    assert not ref_kit.account.email_code


def test_five_wrong_codes_lock_the_dialog(ref_kit, at_code_entry):
    right = ref_kit.last_email_code()
    _lock(ref_kit, at_code_entry, lambda: at_code_entry.enter_code(ref_kit.other_code(right)))
    ref_kit.assert_refused(at_code_entry, lambda: at_code_entry.enter_code(right))
    ref_kit.assert_refused(at_code_entry, at_code_entry.request_code)
    assert ref_kit.account.email_code is None


def test_wrong_passwords_and_wrong_codes_add_up(ref_kit, dialog):
    for _ in range(2):
        with pytest.raises(WrongPassword):
            dialog.press_continue("not the password")
    dialog.press_continue(ref_kit.PASSWORD)
    right = ref_kit.last_email_code()
    for _ in range(2):
        with pytest.raises(WrongCode):
            dialog.enter_code(ref_kit.other_code(right))
    with pytest.raises(TooManyAttempts):
        dialog.enter_code(ref_kit.other_code(right))
    assert dialog.state == "locked"


def test_request_code_is_locked_for_59_seconds_and_unlocked_at_60(ref_kit, at_code_entry):
    ref_kit.clock.advance(59)
    before = ref_kit.snapshot(at_code_entry)
    with pytest.raises(CountdownRunning):
        at_code_entry.request_code()
    assert ref_kit.snapshot(at_code_entry) == before
    ref_kit.clock.advance(0.999)
    with pytest.raises(CountdownRunning):
        at_code_entry.request_code()
    ref_kit.clock.advance(0.001)
    at_code_entry.request_code()
    assert len(ref_kit.outbox.messages) == 2
    assert ref_kit.outbox.messages[-1].sent_at == ref_kit.clock.now()
    assert at_code_entry.failed_attempts == 0  # a locked button is not a wrong attempt


def test_the_countdown_restarts_with_every_resend(ref_kit, at_code_entry):
    ref_kit.clock.advance(60)
    at_code_entry.request_code()
    ref_kit.clock.advance(59)
    with pytest.raises(CountdownRunning):
        at_code_entry.request_code()
    ref_kit.clock.advance(1)
    at_code_entry.request_code()
    assert len(ref_kit.outbox.messages) == 3


def test_a_resend_invalidates_the_earlier_code(ref_email_codes, ref_kit, at_code_entry):
    first = ref_kit.last_email_code()
    ref_kit.clock.advance(60)
    at_code_entry.request_code()
    second = ref_kit.last_email_code()
    assert first != second
    with pytest.raises(WrongCode):
        at_code_entry.enter_code(first)
    at_code_entry.enter_code(second)
    assert at_code_entry.state == "active"


def test_the_code_expires_at_ten_minutes(ref_kit, at_code_entry):
    code = ref_kit.last_email_code()
    ref_kit.clock.advance(timedelta(minutes=10))
    with pytest.raises(WrongCode):
        at_code_entry.enter_code(code)
    assert ref_kit.account.email_code is None


def test_the_code_is_still_good_just_before_ten_minutes(ref_kit, at_code_entry):
    ref_kit.clock.advance(timedelta(minutes=10) - timedelta(microseconds=1))
    at_code_entry.enter_code(ref_kit.last_email_code())
    assert at_code_entry.state == "active"


def test_a_new_code_after_expiry_works(ref_kit, at_code_entry):
    ref_kit.clock.advance(timedelta(minutes=11))
    at_code_entry.request_code()
    at_code_entry.enter_code(ref_kit.last_email_code())
    assert at_code_entry.state == "active"


# -- triggers the state does not offer ---------------------------------------------
def test_at_identity_confirmation_only_continue_is_offered(ref_kit, dialog):
    ref_kit.assert_refused(dialog, dialog.request_code)
    ref_kit.assert_refused(dialog, lambda: dialog.enter_code("123456"))


def test_at_code_entry_continue_and_the_prompt_are_gone(ref_kit, at_code_entry):
    ref_kit.assert_refused(at_code_entry, lambda: at_code_entry.press_continue(ref_kit.PASSWORD))
    ref_kit.assert_refused(at_code_entry, lambda: at_code_entry.prompt)


@pytest.mark.parametrize("ending", ["active", "closed"])
def test_nothing_is_offered_once_the_dialog_has_ended(ref_kit, at_code_entry, ending):
    code = ref_kit.last_email_code()
    if ending == "active":
        at_code_entry.enter_code(code)
    else:
        at_code_entry.close()
    assert at_code_entry.state == ending
    ref_kit.clock.advance(60)
    for action in (
        lambda: at_code_entry.press_continue(ref_kit.PASSWORD),
        at_code_entry.request_code,
        lambda: at_code_entry.enter_code(code),
    ):
        ref_kit.assert_refused(at_code_entry, action)


def test_opening_is_refused_while_email_code_is_active(ref_kit):
    ref_kit.enable_email()
    before = ref_kit.snapshot()
    with pytest.raises(InvalidAction):
        ref_kit.service.enable_email_code(ref_kit.LAPTOP)
    assert ref_kit.snapshot() == before


def test_enabled_elsewhere_meanwhile_this_dialog_cannot_finish(ref_kit, at_code_entry):
    code = ref_kit.last_email_code()
    ref_kit.sign_in(ref_kit.PHONE)
    ref_kit.enable_email(ref_kit.PHONE)
    activated = ref_kit.account.email_code
    with pytest.raises(InvalidAction):
        at_code_entry.enter_code(code)
    assert ref_kit.account.email_code is activated


def test_a_device_signed_out_elsewhere_cannot_finish_its_dialog(ref_kit, at_code_entry):
    ref_kit.sign_in(ref_kit.PHONE)
    ref_kit.service.change_password(ref_kit.PHONE).save(
        ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD
    )
    with pytest.raises(NotSignedIn):
        at_code_entry.enter_code(ref_kit.last_email_code())
    assert ref_kit.account.email_code is None


def test_opening_needs_a_signed_in_device(ref_kit):
    with pytest.raises(NotSignedIn):
        ref_kit.service.enable_email_code(ref_kit.PHONE)


def test_re_enabling_after_disabling_gives_a_new_activation_date(ref_kit):
    ref_kit.enable_email()
    first = ref_kit.account.email_code.activated_at
    ref_kit.clock.advance(3600)
    disable = ref_kit.service.disable_email_code(ref_kit.LAPTOP)
    disable.disable(ref_kit.last_email_code())
    ref_kit.clock.advance(3600)
    ref_kit.enable_email()
    assert ref_kit.account.email_code.activated_at == ref_kit.clock.now() == first + timedelta(hours=2)
