"""The account-wide limit on consecutive wrong one-time codes (reference_impl/lockout.py, HRD-06..08)."""

from __future__ import annotations

import pytest

from reference_impl import Method, Policy, totp
from reference_impl.errors import InvalidInput, TooManyAttempts, WrongCode, WrongPassword

LIMIT = 3


@pytest.fixture
def kit(ref_factory):
    """Signed in on the laptop with the app active; the account takes 3 wrong codes in a row."""
    kit = ref_factory(policy=Policy(account_attempt_limit=LIMIT))
    kit.sign_in(kit.LAPTOP)
    kit.enable_app()
    yield kit
    kit.service.close()


def _wrong_sign_in(kit, device=None):
    """One whole sign-in attempt with a wrong authenticator code."""
    attempt = kit.service.sign_in(device or kit.TABLET, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises((WrongCode, TooManyAttempts)):
        attempt.enter_code(kit.wrong_app_code())


def test_nist_allows_at_most_100_and_the_reference_takes_the_most_it_may():
    assert Policy().account_attempt_limit == 100
    assert Policy().attempt_limit < Policy().account_attempt_limit


def test_wrong_codes_count_across_sign_in_attempts_and_lock_the_account(kit):
    for _ in range(LIMIT):
        _wrong_sign_in(kit)
    assert kit.account.failed_code_attempts == LIMIT
    attempt = kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises(TooManyAttempts, match="no longer accepts codes"):
        attempt.enter_code(kit.next_app_code())
    assert not kit.service.is_signed_in(kit.PHONE)


def test_once_locked_a_code_is_refused_without_being_compared(kit, monkeypatch):
    for _ in range(LIMIT):
        _wrong_sign_in(kit)

    def must_not_run(*args, **kwargs):
        raise AssertionError("a locked account compared a code")

    monkeypatch.setattr(totp, "matching_step", must_not_run)
    dialog = kit.service.disable_authenticator_app(kit.LAPTOP)
    with pytest.raises(TooManyAttempts):
        dialog.disable(kit.next_app_code())
    assert kit.account.authenticator_app is not None


def test_a_right_code_before_the_limit_starts_the_count_again(kit):
    for _ in range(LIMIT - 1):
        _wrong_sign_in(kit)
    kit.sign_in(kit.PHONE, Method.AUTHENTICATOR_APP)
    assert kit.account.failed_code_attempts == 0
    for _ in range(LIMIT - 1):
        _wrong_sign_in(kit)
    kit.sign_in(kit.TABLET, Method.AUTHENTICATOR_APP)
    assert kit.service.is_signed_in(kit.TABLET)


def test_codes_in_dialogs_recovery_codes_and_email_codes_count_alike(kit):
    kit.enable_email()  # a right code: the count is 0
    view = kit.service.view_recovery_codes(kit.LAPTOP)
    with pytest.raises(WrongCode):
        view.confirm(kit.wrong_app_code())
    attempt = kit.service.sign_in(kit.TABLET, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises(WrongCode):
        attempt.enter_code("zzzz-zzzz-zzzz")  # a made-up recovery code
    disable = kit.service.disable_email_code(kit.LAPTOP)
    with pytest.raises(WrongCode):
        disable.disable(kit.wrong_email_code())
    assert kit.account.failed_code_attempts == LIMIT
    attempt = kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises(TooManyAttempts):
        attempt.enter_code(kit.recovery_codes[0])
    assert kit.account.email_code is not None


def test_a_new_email_code_does_not_reset_the_count(ref_factory):
    kit = ref_factory(policy=Policy(account_attempt_limit=LIMIT, attempt_limit=10))
    kit.sign_in(kit.LAPTOP)
    dialog = kit.service.enable_email_code(kit.LAPTOP)
    dialog.press_continue(kit.password)
    for _ in range(LIMIT):
        with pytest.raises(WrongCode):
            dialog.enter_code(kit.wrong_email_code())
        kit.clock.advance(61)
        dialog.request_code()
    with pytest.raises(TooManyAttempts):
        dialog.enter_code(kit.last_email_code())
    assert kit.account.email_code is None
    kit.service.close()


def test_wrong_passwords_and_malformed_codes_do_not_count(kit):
    dialog = kit.service.change_password(kit.LAPTOP)
    with pytest.raises(WrongPassword):
        dialog.save("not the password", kit.NEW_PASSWORD, kit.NEW_PASSWORD)
    attempt = kit.service.sign_in(kit.TABLET, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises(InvalidInput):
        attempt.enter_code("")
    assert kit.account.failed_code_attempts == 0
