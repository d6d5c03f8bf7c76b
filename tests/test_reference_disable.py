"""The two Disable dialogs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reference_impl import Method
from reference_impl.dialogs.disable import DisableAuthenticatorAppDialog, DisableEmailCodeDialog
from reference_impl.errors import (
    CountdownRunning,
    InvalidAction,
    InvalidInput,
    NotSignedIn,
    TooManyAttempts,
    WrongCode,
)


@pytest.fixture
def both(ref_kit):
    ref_kit.enable_email()
    ref_kit.enable_app()
    return ref_kit


def _lock(dialog, wrong):
    for _ in range(4):
        with pytest.raises(WrongCode):
            wrong()
    with pytest.raises(TooManyAttempts):
        wrong()
    assert dialog.state == "locked"
    assert dialog not in type(dialog).MACHINE.models


# -- Disable Email Code ---------------------------------------------------------------
def test_disable_email_sends_a_code_as_the_dialog_opens(both):
    sent = len(both.outbox.messages)
    both.clock.advance(3)
    dialog = both.service.disable_email_code(both.LAPTOP)
    assert isinstance(dialog, DisableEmailCodeDialog)
    assert dialog.state == "code_entry"
    assert len(both.outbox.messages) == sent + 1
    assert both.outbox.messages[-1].recipient == both.EMAIL
    assert both.outbox.messages[-1].sent_at == both.clock.now()


def test_the_emailed_code_turns_email_off_and_leaves_the_app(both):
    app = both.account.authenticator_app
    recovery = app.recovery_codes.valid()
    dialog = both.service.disable_email_code(both.LAPTOP)
    dialog.disable(both.last_email_code())
    assert dialog.state == "disabled"
    assert dialog not in DisableEmailCodeDialog.MACHINE.models
    section = both.service.security_section(both.LAPTOP)
    assert (section.email_code.active, section.email_code.activated_at, section.email_code.action) == (
        False,
        None,
        "Enable",
    )
    assert section.email_code.address is None
    assert both.account.authenticator_app is app
    assert app.recovery_codes.valid() == recovery
    assert both.account.active_methods() == (Method.AUTHENTICATOR_APP,)


def test_disable_email_refuses_a_wrong_code_and_counts_it(both):
    dialog = both.service.disable_email_code(both.LAPTOP)
    before = both.snapshot(dialog)
    with pytest.raises(WrongCode):
        dialog.disable(both.wrong_email_code())
    after = both.snapshot(dialog)
    assert after.pop("dialog")[:2] == ("code_entry", 1)
    before.pop("dialog")
    assert after == before


def test_disable_email_refuses_an_app_code(both):
    dialog = both.service.disable_email_code(both.LAPTOP)
    code = both.next_app_code()
    if code == both.last_email_code():
        pytest.skip("collision")
    with pytest.raises(WrongCode):
        dialog.disable(code)
    assert both.account.email_code is not None


def test_disable_email_locks_after_five_wrong_codes(both):
    dialog = both.service.disable_email_code(both.LAPTOP)
    right = both.last_email_code()
    _lock(dialog, lambda: dialog.disable(both.other_code(right)))
    both.assert_refused(dialog, lambda: dialog.disable(right))
    both.assert_refused(dialog, dialog.request_code)
    assert both.account.email_code is not None


def test_disable_email_countdown_and_resend(both, ref_email_codes):
    dialog = both.service.disable_email_code(both.LAPTOP)
    first = both.last_email_code()
    both.clock.advance(59)
    before = both.snapshot(dialog)
    with pytest.raises(CountdownRunning):
        dialog.request_code()
    assert both.snapshot(dialog) == before
    both.clock.advance(1)
    dialog.request_code()
    second = both.last_email_code()
    assert first != second
    with pytest.raises(WrongCode):
        dialog.disable(first)
    dialog.disable(second)
    assert both.account.email_code is None


def test_disable_email_code_expires_at_ten_minutes(both):
    dialog = both.service.disable_email_code(both.LAPTOP)
    both.clock.advance(timedelta(minutes=10))
    with pytest.raises(WrongCode):
        dialog.disable(both.last_email_code())
    assert both.account.email_code is not None


@pytest.mark.parametrize("ending", ["disabled", "closed"])
def test_disable_email_offers_nothing_once_ended(both, ending):
    dialog = both.service.disable_email_code(both.LAPTOP)
    code = both.last_email_code()
    if ending == "disabled":
        dialog.disable(code)
    else:
        dialog.close()
    both.clock.advance(60)
    both.assert_refused(dialog, lambda: dialog.disable(code))
    both.assert_refused(dialog, dialog.request_code)


def test_disable_email_disabled_elsewhere_meanwhile(both):
    dialog = both.service.disable_email_code(both.LAPTOP)
    code = both.last_email_code()
    both.sign_in(both.PHONE, Method.AUTHENTICATOR_APP)
    other = both.service.disable_email_code(both.PHONE)
    other.disable(both.last_email_code())
    with pytest.raises(InvalidAction):
        dialog.disable(code)


def test_disable_email_is_refused_while_email_is_inactive(ref_kit):
    before = ref_kit.snapshot()
    with pytest.raises(InvalidAction):
        ref_kit.service.disable_email_code(ref_kit.LAPTOP)
    assert ref_kit.snapshot() == before  # in particular no email was sent


# -- Disable Authenticator App Code ---------------------------------------------------
def test_the_app_code_turns_the_app_off_deletes_its_codes_and_leaves_email(both):
    email = both.account.email_code
    recovery = both.recovery_codes
    sent = len(both.outbox.messages)
    dialog = both.service.disable_authenticator_app(both.LAPTOP)
    assert isinstance(dialog, DisableAuthenticatorAppDialog)
    assert len(both.outbox.messages) == sent  # the app's dialog sends nothing
    dialog.disable(both.next_app_code())
    assert dialog.state == "disabled"
    assert dialog not in DisableAuthenticatorAppDialog.MACHINE.models
    assert both.account.authenticator_app is None
    assert both.account.email_code is email
    block = both.service.security_section(both.LAPTOP).authenticator_app
    assert (block.active, block.activated_at, block.action) == (False, None, "Enable")
    # The recovery codes are gone: sign-in no longer offers the app, so none of them is accepted.
    attempt = both.service.sign_in(both.PHONE, both.EMAIL, both.PASSWORD)
    assert attempt.methods == (Method.EMAIL_CODE,)
    with pytest.raises(InvalidAction):
        attempt.choose_method(Method.AUTHENTICATOR_APP)
    attempt.choose_method(Method.EMAIL_CODE)
    with pytest.raises(InvalidInput):
        attempt.enter_code(recovery[0])


def test_disable_app_refuses_wrong_replayed_and_future_codes(both):
    dialog = both.service.disable_authenticator_app(both.LAPTOP)
    with pytest.raises(WrongCode):
        dialog.disable(both.app_code())  # used to enable the app a moment ago
    expected = 0  # a replayed right code is refused but is no guess (issue 17, finding 4)
    both.clock.advance(30)
    future = both.app_code(1)
    if future not in (both.app_code(), both.app_code(-1)):
        with pytest.raises(WrongCode):
            dialog.disable(future)
        expected += 1
    assert dialog.failed_attempts == expected
    assert both.account.authenticator_app is not None


def test_disable_app_refuses_a_recovery_code(both):
    dialog = both.service.disable_authenticator_app(both.LAPTOP)
    with pytest.raises(InvalidInput):
        dialog.disable(both.recovery_codes[0])
    assert both.account.authenticator_app is not None


def test_disable_app_accepts_the_previous_step(both):
    dialog = both.service.disable_authenticator_app(both.LAPTOP)
    both.clock.advance(60)
    dialog.disable(both.app_code(-1))
    assert both.account.authenticator_app is None


def test_disable_app_locks_after_five_wrong_codes(both):
    dialog = both.service.disable_authenticator_app(both.LAPTOP)
    both.clock.advance(30)
    _lock(dialog, lambda: dialog.disable(both.wrong_app_code()))
    both.assert_refused(dialog, lambda: dialog.disable(both.app_code()))
    assert both.account.authenticator_app is not None


@pytest.mark.parametrize("ending", ["disabled", "closed"])
def test_disable_app_offers_nothing_once_ended(both, ending):
    dialog = both.service.disable_authenticator_app(both.LAPTOP)
    if ending == "disabled":
        dialog.disable(both.next_app_code())
    else:
        dialog.close()
    both.assert_refused(dialog, lambda: dialog.disable(both.next_app_code()))


def test_disable_app_has_no_request_code(both):
    dialog = both.service.disable_authenticator_app(both.LAPTOP)
    assert not hasattr(dialog, "request_code")
    assert "Request Code" not in DisableAuthenticatorAppDialog.MACHINE.events


def test_disable_app_is_refused_while_the_app_is_inactive(ref_kit):
    with pytest.raises(InvalidAction):
        ref_kit.service.disable_authenticator_app(ref_kit.LAPTOP)


# -- both ---------------------------------------------------------------------------------
@pytest.mark.parametrize("opener", ["disable_email_code", "disable_authenticator_app"])
def test_a_device_signed_out_elsewhere_cannot_disable(both, opener):
    dialog = getattr(both.service, opener)(both.LAPTOP)
    code = both.last_email_code() if opener == "disable_email_code" else both.next_app_code()
    both.sign_in(both.PHONE, Method.EMAIL_CODE)
    both.service.change_password(both.PHONE).save(both.PASSWORD, both.NEW_PASSWORD, both.NEW_PASSWORD)
    with pytest.raises(NotSignedIn):
        dialog.disable(code)
    assert both.account.active_methods() == (Method.EMAIL_CODE, Method.AUTHENTICATOR_APP)


@pytest.mark.parametrize("opener", ["disable_email_code", "disable_authenticator_app"])
def test_disabling_needs_a_signed_in_device(both, opener):
    with pytest.raises(NotSignedIn):
        getattr(both.service, opener)(both.PHONE)


def test_disabling_the_last_method_falls_back_to_the_password_alone(both):
    both.service.disable_email_code(both.LAPTOP).disable(both.last_email_code())
    both.service.disable_authenticator_app(both.LAPTOP).disable(both.next_app_code())
    assert both.account.active_methods() == ()
    attempt = both.service.sign_in(both.PHONE, both.EMAIL, both.PASSWORD)
    assert attempt.state == "signed_in"
    assert both.service.is_signed_in(both.PHONE)
