"""Sign-in: the password, then one code from whichever active method is picked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reference_impl import Method
from reference_impl.errors import (
    CountdownRunning,
    InvalidAction,
    InvalidInput,
    NotSignedIn,
    TooManyAttempts,
    WrongCode,
    WrongCredentials,
)
from reference_impl.signin import SignInAttempt


@pytest.fixture
def kit(ref_factory):
    """A kit with nobody signed in yet."""
    kit = ref_factory()
    yield kit
    kit.service.close()


@pytest.fixture
def with_email(ref_kit):
    ref_kit.enable_email()
    return ref_kit


@pytest.fixture
def with_app(ref_kit):
    ref_kit.enable_app()
    return ref_kit


@pytest.fixture
def with_both(ref_kit):
    ref_kit.enable_email()
    ref_kit.enable_app()
    return ref_kit


def _start(kit, device=None):
    return kit.service.sign_in(device or kit.PHONE, kit.EMAIL, kit.password)


# -- the password step ------------------------------------------------------------
def test_with_no_method_active_the_password_alone_signs_in(kit):
    attempt = _start(kit, kit.LAPTOP)
    assert isinstance(attempt, SignInAttempt)
    assert attempt.state == "signed_in"
    assert attempt.finished
    assert attempt.methods == ()
    assert attempt not in SignInAttempt.MACHINE.models
    assert kit.service.is_signed_in(kit.LAPTOP)
    assert kit.outbox.messages == ()


def test_the_address_is_matched_without_regard_to_case(kit):
    kit.service.sign_in(kit.LAPTOP, kit.EMAIL.upper(), kit.PASSWORD)
    assert kit.service.is_signed_in(kit.LAPTOP)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nobody@example.com", "correct horse battery"),
        ("alice@example.com", "not the password"),
        ("alice@example.com", "Correct horse battery"),
        ("nobody@example.com", "not the password"),
    ],
)
def test_unknown_address_and_wrong_password_are_the_same_refusal(kit, email, password):
    before = kit.snapshot()
    with pytest.raises(WrongCredentials) as refused:
        kit.service.sign_in(kit.LAPTOP, email, password)
    assert type(refused.value) is WrongCredentials
    assert str(refused.value) == "the email address or password is wrong"
    assert kit.snapshot() == before


def test_a_refused_password_leaves_the_devices_open_dialog_alone(ref_kit):
    dialog = ref_kit.service.change_password(ref_kit.LAPTOP)
    with pytest.raises(WrongCredentials):
        ref_kit.service.sign_in(ref_kit.LAPTOP, ref_kit.EMAIL, "not the password")
    assert dialog.state == "password_fields"
    assert ref_kit.service.is_signed_in(ref_kit.LAPTOP)


def test_with_a_method_active_the_password_is_not_enough(with_email):
    attempt = _start(with_email)
    assert attempt.state == "method_choice"
    assert not with_email.service.is_signed_in(with_email.PHONE)
    assert attempt in SignInAttempt.MACHINE.models


# -- offered methods ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fixture", "offered"),
    [
        ("with_email", (Method.EMAIL_CODE,)),
        ("with_app", (Method.AUTHENTICATOR_APP,)),
        ("with_both", (Method.EMAIL_CODE, Method.AUTHENTICATOR_APP)),
    ],
)
def test_every_active_method_is_offered(request, fixture, offered):
    kit = request.getfixturevalue(fixture)
    assert _start(kit).methods == offered


def test_an_inactive_method_cannot_be_chosen(with_email):
    attempt = _start(with_email)
    before = with_email.snapshot(attempt)
    with pytest.raises(InvalidAction):
        attempt.choose_method(Method.AUTHENTICATOR_APP)
    assert with_email.snapshot(attempt) == before


@pytest.mark.parametrize("choice", ["email_code", "EMAIL_CODE", None, 0, "recovery_code"])
def test_a_method_must_be_a_method(with_both, choice):
    attempt = _start(with_both)
    before = with_both.snapshot(attempt)
    with pytest.raises(InvalidInput):
        attempt.choose_method(choice)
    assert with_both.snapshot(attempt) == before


# -- email --------------------------------------------------------------------------------
def test_choosing_email_sends_the_code_at_that_moment(with_email):
    sent = len(with_email.outbox.messages)
    attempt = _start(with_email)
    assert len(with_email.outbox.messages) == sent  # not at the password step
    with_email.clock.advance(20)
    attempt.choose_method(Method.EMAIL_CODE)
    assert len(with_email.outbox.messages) == sent + 1
    assert with_email.outbox.messages[-1].sent_at == with_email.clock.now()
    assert attempt.state == "code_entry"
    attempt.enter_code(with_email.last_email_code())
    assert attempt.state == "signed_in"
    assert with_email.service.is_signed_in(with_email.PHONE)
    assert attempt not in SignInAttempt.MACHINE.models


def test_email_wrong_code_is_counted_and_five_lock_the_attempt(with_email):
    attempt = _start(with_email)
    attempt.choose_method(Method.EMAIL_CODE)
    right = with_email.last_email_code()
    for attempt_number in range(1, 5):
        with pytest.raises(WrongCode):
            attempt.enter_code(with_email.other_code(right))
        assert attempt.failed_attempts == attempt_number
    with pytest.raises(TooManyAttempts):
        attempt.enter_code(with_email.other_code(right))
    assert attempt.state == "locked"
    assert attempt not in SignInAttempt.MACHINE.models
    for action in (
        lambda: attempt.enter_code(right),
        attempt.request_code,
        lambda: attempt.choose_method(Method.EMAIL_CODE),
    ):
        with_email.assert_refused(attempt, action)
    assert not with_email.service.is_signed_in(with_email.PHONE)


def test_email_request_code_countdown_and_resend(with_email, ref_email_codes):
    attempt = _start(with_email)
    attempt.choose_method(Method.EMAIL_CODE)
    first = with_email.last_email_code()
    with_email.clock.advance(59)
    before = with_email.snapshot(attempt)
    with pytest.raises(CountdownRunning):
        attempt.request_code()
    assert with_email.snapshot(attempt) == before
    with_email.clock.advance(1)
    attempt.request_code()
    second = with_email.last_email_code()
    assert first != second
    with pytest.raises(WrongCode):
        attempt.enter_code(first)
    attempt.enter_code(second)
    assert attempt.state == "signed_in"


def test_email_code_expires_at_ten_minutes(with_email):
    attempt = _start(with_email)
    attempt.choose_method(Method.EMAIL_CODE)
    with_email.clock.advance(timedelta(minutes=10))
    with pytest.raises(WrongCode):
        attempt.enter_code(with_email.last_email_code())
    assert not with_email.service.is_signed_in(with_email.PHONE)


def test_choosing_email_again_does_not_send_another_code(with_both):
    attempt = _start(with_both)
    attempt.choose_method(Method.EMAIL_CODE)
    sent = len(with_both.outbox.messages)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    attempt.choose_method(Method.EMAIL_CODE)
    assert len(with_both.outbox.messages) == sent
    attempt.enter_code(with_both.last_email_code())
    assert attempt.state == "signed_in"


def test_email_disabled_meanwhile_refuses_the_code(with_both):
    attempt = _start(with_both)
    attempt.choose_method(Method.EMAIL_CODE)
    code = with_both.last_email_code()
    with_both.service.disable_email_code(with_both.LAPTOP).disable(with_both.last_email_code())
    with pytest.raises(InvalidAction):
        attempt.enter_code(code)
    assert not with_both.service.is_signed_in(with_both.PHONE)


# -- authenticator app and recovery codes ------------------------------------------------------
def test_app_code_signs_in_and_sends_nothing(with_app):
    sent = len(with_app.outbox.messages)
    attempt = _start(with_app)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    attempt.enter_code(with_app.next_app_code())
    assert attempt.state == "signed_in"
    assert len(with_app.outbox.messages) == sent


def test_app_previous_step_accepted_two_back_and_next_refused(with_app):
    with_app.clock.advance(120)
    attempt = _start(with_app)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    accepted = (with_app.app_code(), with_app.app_code(-1))
    for steps in (-2, 1):
        code = with_app.app_code(steps)
        if code not in accepted:
            with pytest.raises(WrongCode):
                attempt.enter_code(code)
    attempt.enter_code(with_app.app_code(-1))
    assert attempt.state == "signed_in"


def test_app_code_cannot_be_replayed_in_another_sign_in(with_app):
    code = with_app.next_app_code()
    first = _start(with_app, with_app.PHONE)
    first.choose_method(Method.AUTHENTICATOR_APP)
    first.enter_code(code)
    second = _start(with_app, with_app.TABLET)
    second.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises(WrongCode):
        second.enter_code(code)
    assert not with_app.service.is_signed_in(with_app.TABLET)


def test_a_recovery_code_is_accepted_in_place_of_the_app_code_once(with_app):
    code = with_app.recovery_codes[4]
    attempt = _start(with_app, with_app.PHONE)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    attempt.enter_code(code)
    assert attempt.state == "signed_in"
    assert code not in with_app.account.authenticator_app.recovery_codes.valid()
    again = _start(with_app, with_app.TABLET)
    again.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises(WrongCode):
        again.enter_code(code)
    again.enter_code(with_app.recovery_codes[5])
    assert with_app.service.is_signed_in(with_app.TABLET)


@pytest.mark.parametrize("typed", ["upper", "no hyphens", "spaces", "padded"])
def test_a_recovery_code_may_be_typed_loosely(with_app, typed):
    code = with_app.recovery_codes[0]
    text = {
        "upper": code.upper(),
        "no hyphens": code.replace("-", ""),
        "spaces": code.replace("-", " "),
        "padded": f"  {code}  ",
    }[typed]
    attempt = _start(with_app)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    attempt.enter_code(text)
    assert attempt.state == "signed_in"


def test_a_recovery_code_is_not_accepted_for_email(with_both):
    attempt = _start(with_both)
    attempt.choose_method(Method.EMAIL_CODE)
    with pytest.raises(InvalidInput):
        attempt.enter_code(with_both.recovery_codes[0])
    assert len(with_both.account.authenticator_app.recovery_codes.valid()) == 10


def test_app_wrong_codes_lock_the_attempt(with_app):
    attempt = _start(with_app)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with_app.clock.advance(30)
    for _ in range(4):
        with pytest.raises(WrongCode):
            attempt.enter_code(with_app.wrong_app_code())
    with pytest.raises(TooManyAttempts):
        attempt.enter_code("zzzz-zzzz-zzzz")
    with_app.assert_refused(attempt, lambda: attempt.enter_code(with_app.recovery_codes[0]))
    assert len(with_app.account.authenticator_app.recovery_codes.valid()) == 10


def test_request_code_is_offered_only_for_email(with_both):
    attempt = _start(with_both)
    with_both.assert_refused(attempt, attempt.request_code)  # nothing chosen yet
    with_both.assert_refused(attempt, lambda: attempt.enter_code("123456"))
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with_both.clock.advance(120)
    with_both.assert_refused(attempt, attempt.request_code)


def test_a_finished_sign_in_offers_nothing(with_app):
    attempt = _start(with_app)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    attempt.enter_code(with_app.next_app_code())
    for action in (
        lambda: attempt.enter_code(with_app.next_app_code()),
        lambda: attempt.choose_method(Method.AUTHENTICATOR_APP),
        attempt.request_code,
    ):
        with_app.assert_refused(attempt, action)


def test_an_abandoned_attempt_offers_nothing(with_both):
    attempt = _start(with_both)
    attempt.choose_method(Method.EMAIL_CODE)
    code = with_both.last_email_code()
    attempt.close()
    assert attempt.state == "closed"
    with_both.assert_refused(attempt, lambda: attempt.enter_code(code))
    assert not with_both.service.is_signed_in(with_both.PHONE)


def test_a_new_sign_in_on_the_device_replaces_the_pending_one(with_email):
    first = _start(with_email)
    first.choose_method(Method.EMAIL_CODE)
    code = with_email.last_email_code()
    second = _start(with_email)
    assert first.state == "closed"
    assert first not in SignInAttempt.MACHINE.models
    with_email.assert_refused(first, lambda: first.enter_code(code))
    assert second.state == "method_choice"


def test_a_password_change_elsewhere_voids_a_pending_sign_in(with_email):
    attempt = _start(with_email, with_email.PHONE)
    attempt.choose_method(Method.EMAIL_CODE)
    code = with_email.last_email_code()
    with_email.service.change_password(with_email.LAPTOP).save(
        with_email.PASSWORD, with_email.NEW_PASSWORD, with_email.NEW_PASSWORD
    )
    with pytest.raises(NotSignedIn):
        attempt.enter_code(code)
    assert not with_email.service.is_signed_in(with_email.PHONE)


def test_signing_in_twice_on_one_device_keeps_one_session(kit):
    _start(kit, kit.LAPTOP)
    _start(kit, kit.LAPTOP)
    assert kit.signed_in_devices() == (kit.LAPTOP,)


# -- every trigger a state does not offer ---------------------------------------------------
_TRIGGERS = {
    "Choose method": lambda kit, a: a.choose_method(Method.EMAIL_CODE),
    "Request Code": lambda kit, a: a.request_code(),
    "Enter code": lambda kit, a: a.enter_code(kit.app_code()),
}
_REFUSED = {
    "method_choice": ["Request Code", "Enter code"],
    "code_entry (app)": ["Request Code"],
    "signed_in": list(_TRIGGERS),
    "closed": list(_TRIGGERS),
    "locked": list(_TRIGGERS),
}


def _attempt_at(kit, state):
    attempt = _start(kit)
    if state == "method_choice":
        return attempt
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    if state == "signed_in":
        attempt.enter_code(kit.next_app_code())
    elif state == "closed":
        attempt.close()
    elif state == "locked":
        kit.clock.advance(30)
        for _ in range(4):
            with pytest.raises(WrongCode):
                attempt.enter_code(kit.wrong_app_code())
        with pytest.raises(TooManyAttempts):
            attempt.enter_code(kit.wrong_app_code())
    return attempt


@pytest.mark.parametrize(
    ("state", "trigger"), [(state, trigger) for state, refused in _REFUSED.items() for trigger in refused]
)
def test_a_trigger_the_state_does_not_offer_is_refused_and_changes_nothing(with_both, state, trigger):
    attempt = _attempt_at(with_both, state)
    with_both.clock.advance(60)
    with_both.assert_refused(attempt, lambda: _TRIGGERS[trigger](with_both, attempt))


def test_request_code_after_switching_from_email_to_the_app_is_refused(with_both):
    # Choosing email first leaves a pending email challenge behind; the app is what is chosen now.
    attempt = _start(with_both)
    attempt.choose_method(Method.EMAIL_CODE)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with_both.clock.advance(120)
    with_both.assert_refused(attempt, attempt.request_code)
