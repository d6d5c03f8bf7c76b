"""Throttling of wrong proofs (reference_impl/lockout.py): slows a guesser, never locks the owner out.

Issue 17, findings 4 and 6: 100 wrong codes used to lock an account's MFA for
good (even the owner's signed-in laptop could not disable the app), a valid
code submitted twice counted as a failure, and passwords could be guessed
without limit at sign-in, at Change Password and at identity confirmation.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from reference_impl import Method, Policy, totp
from reference_impl.errors import (
    CodeAlreadyUsed,
    InvalidInput,
    TooManyAttempts,
    WrongCode,
    WrongCredentials,
    WrongPassword,
)

#: Small numbers, the same shape as the default policy: 3 free failures, then waits, 6 at most.
POLICY = Policy(
    account_attempt_limit=6,
    free_failures=3,
    first_wait=timedelta(seconds=30),
    longest_wait=timedelta(minutes=10),
    cool_off=timedelta(days=1),
)


@pytest.fixture
def kit(ref_factory):
    """Signed in on the laptop with the app active."""
    kit = ref_factory(policy=POLICY)
    kit.sign_in(kit.LAPTOP)
    kit.enable_app()
    yield kit
    kit.service.close()


def _wrong_sign_in(kit, device=None):
    """One whole sign-in attempt with a wrong authenticator code (refused, or throttled)."""
    attempt = kit.service.sign_in(device or kit.TABLET, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises((WrongCode, TooManyAttempts)):
        attempt.enter_code(kit.wrong_app_code())


def _guess_until_the_limit(kit):
    for _ in range(POLICY.account_attempt_limit):
        kit.clock.advance(POLICY.longest_wait.total_seconds())
        _wrong_sign_in(kit)
    assert kit.account.sign_in_code_failures.count == POLICY.account_attempt_limit


def test_the_default_policy_stays_within_nist_and_lets_a_dialog_end_first():
    policy = Policy()
    assert policy.account_attempt_limit <= 100
    assert policy.attempt_limit < policy.free_failures < policy.account_attempt_limit


def test_wrong_sign_in_codes_count_across_attempts_and_devices(kit):
    for device in (kit.TABLET, kit.PHONE, kit.TABLET):
        _wrong_sign_in(kit, device)
    assert kit.account.sign_in_code_failures.count == 3
    attempt = kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises(TooManyAttempts, match="try again in 30 seconds"):
        attempt.enter_code(kit.app_code())
    kit.clock.advance(30)
    kit.sign_in(kit.PHONE, Method.AUTHENTICATOR_APP)  # the wait ran out: the right code signs in


def test_a_try_during_a_wait_is_refused_unchecked_and_not_counted(kit, monkeypatch):
    for _ in range(3):
        _wrong_sign_in(kit)

    def must_not_run(*args, **kwargs):
        raise AssertionError("a code was compared while a wait ran")

    attempt = kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    monkeypatch.setattr(totp, "matching_step", must_not_run)
    with pytest.raises(TooManyAttempts):
        attempt.enter_code(kit.wrong_app_code())
    assert kit.account.sign_in_code_failures.count == 3


def test_after_the_limit_the_wait_is_a_day_not_for_ever(kit):
    _guess_until_the_limit(kit)
    attempt = kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    kit.clock.advance(POLICY.cool_off.total_seconds() - 60)
    with pytest.raises(TooManyAttempts):
        attempt.enter_code(kit.next_app_code())
    kit.clock.advance(60)
    kit.sign_in(kit.PHONE, Method.AUTHENTICATOR_APP)
    assert kit.account.sign_in_code_failures.count == 0


def test_the_owners_signed_in_laptop_is_not_slowed_by_guesses_at_sign_in(kit):
    _guess_until_the_limit(kit)
    kit.clock.advance(30)
    dialog = kit.service.disable_authenticator_app(kit.LAPTOP)
    dialog.disable(kit.next_app_code())
    assert kit.account.authenticator_app is None


def test_a_password_change_on_a_signed_in_device_ends_the_sign_in_waits(kit):
    _guess_until_the_limit(kit)
    kit.service.change_password(kit.LAPTOP).save(kit.PASSWORD, kit.NEW_PASSWORD, kit.NEW_PASSWORD)
    kit.password = kit.NEW_PASSWORD
    assert kit.account.sign_in_code_failures.count == 0
    kit.sign_in(kit.PHONE, Method.AUTHENTICATOR_APP)


def test_a_valid_code_submitted_twice_is_refused_once_but_is_no_guess(kit):
    dialog = kit.service.view_recovery_codes(kit.LAPTOP)
    code = kit.next_app_code()
    dialog.confirm(code)
    again = kit.service.view_recovery_codes(kit.LAPTOP)
    for _ in range(POLICY.attempt_limit + 1):
        with pytest.raises(CodeAlreadyUsed):
            again.confirm(code)
    assert again.failed_attempts == 0
    assert again.state == "authenticator_code"
    recovery = kit.recovery_codes[0]
    kit.service.sign_out(kit.PHONE)
    for expected in ("signed_in", "already used"):
        attempt = kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.password)
        attempt.choose_method(Method.AUTHENTICATOR_APP)
        if expected == "signed_in":
            attempt.enter_code(recovery)
            kit.service.sign_out(kit.PHONE)
        else:
            with pytest.raises(CodeAlreadyUsed):
                attempt.enter_code(recovery)
    assert kit.account.sign_in_code_failures.count == 0


def test_a_new_email_code_does_not_reset_the_count(ref_factory):
    kit = ref_factory(policy=POLICY)
    kit.sign_in(kit.LAPTOP)
    dialog = kit.service.enable_email_code(kit.LAPTOP)
    dialog.press_continue(kit.password)
    for _ in range(POLICY.free_failures):
        with pytest.raises(WrongCode):
            dialog.enter_code(kit.wrong_email_code())
        kit.clock.advance(61)
        dialog.request_code()
    dialog = kit.service.enable_email_code(kit.LAPTOP)  # a new dialog does not reset it either
    dialog.press_continue(kit.password)
    with pytest.raises(WrongCode):
        dialog.enter_code(kit.wrong_email_code())  # the fourth in a row: now a wait runs
    with pytest.raises(TooManyAttempts):
        dialog.enter_code(kit.last_email_code())
    assert kit.account.email_code is None
    kit.service.close()


# -- passwords (finding 6) -----------------------------------------------------------------------------
def test_wrong_passwords_at_sign_in_are_throttled_and_the_right_one_works_after_the_wait(ref_factory):
    kit = ref_factory(policy=POLICY)
    for _ in range(POLICY.free_failures):
        with pytest.raises(WrongCredentials):
            kit.service.sign_in(kit.PHONE, kit.EMAIL, "not the password")
    with pytest.raises(TooManyAttempts):
        kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.PASSWORD)
    kit.clock.advance(30)
    assert kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.PASSWORD).state == "signed_in"


def test_unknown_addresses_are_throttled_alike(ref_factory):
    kit = ref_factory(policy=POLICY)
    for _ in range(POLICY.free_failures):
        with pytest.raises(WrongCredentials):
            kit.service.sign_in(kit.PHONE, "nobody@example.com", "not the password")
    with pytest.raises(TooManyAttempts):
        kit.service.sign_in(kit.PHONE, "nobody@example.com", "not the password")


def test_current_password_guesses_count_across_change_password_dialogs(ref_factory):
    kit = ref_factory(policy=POLICY)
    kit.sign_in(kit.LAPTOP)
    for _ in range(POLICY.free_failures):
        with pytest.raises(WrongPassword):  # each in a fresh dialog: the per-dialog limit never applies
            kit.service.change_password(kit.LAPTOP).save("guess", kit.NEW_PASSWORD, kit.NEW_PASSWORD)
    with pytest.raises(TooManyAttempts):
        kit.service.change_password(kit.LAPTOP).save(kit.PASSWORD, kit.NEW_PASSWORD, kit.NEW_PASSWORD)
    with pytest.raises(TooManyAttempts):  # identity confirmation shares the count
        kit.service.enable_email_code(kit.LAPTOP).press_continue(kit.PASSWORD)
    kit.clock.advance(30)
    kit.service.change_password(kit.LAPTOP).save(kit.PASSWORD, kit.NEW_PASSWORD, kit.NEW_PASSWORD)


def test_malformed_input_does_not_count(kit):
    attempt = kit.service.sign_in(kit.TABLET, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    with pytest.raises(InvalidInput):
        attempt.enter_code("")
    assert kit.account.sign_in_code_failures.count == 0
