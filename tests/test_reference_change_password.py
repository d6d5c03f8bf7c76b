"""The Change password dialog: three fields, Save, and every way it refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reference_impl.dialogs.change_password import ChangePasswordDialog
from reference_impl.errors import (
    InvalidAction,
    NotSignedIn,
    PasswordMismatch,
    TooManyAttempts,
    WeakPassword,
    WrongCredentials,
    WrongPassword,
)


@pytest.fixture
def dialog(ref_kit):
    return ref_kit.service.change_password(ref_kit.LAPTOP)


def test_the_dialog_opens_at_the_three_fields(dialog):
    assert isinstance(dialog, ChangePasswordDialog)
    assert dialog.state == "password_fields"
    assert not dialog.finished
    assert dialog in ChangePasswordDialog.MACHINE.models


def test_save_changes_the_password_and_moves_the_last_change_date(ref_kit, dialog):
    opened_at = ref_kit.clock.now()
    assert ref_kit.service.security_section(ref_kit.LAPTOP).last_password_change == opened_at
    ref_kit.clock.advance(3600)
    dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert dialog.state == "changed"
    assert dialog.finished
    assert dialog not in ChangePasswordDialog.MACHINE.models
    section = ref_kit.service.security_section(ref_kit.LAPTOP)
    assert section.last_password_change == opened_at + timedelta(hours=1)
    with pytest.raises(WrongCredentials):
        ref_kit.service.sign_in(ref_kit.PHONE, ref_kit.EMAIL, ref_kit.PASSWORD)
    assert ref_kit.service.sign_in(ref_kit.PHONE, ref_kit.EMAIL, ref_kit.NEW_PASSWORD).state == "signed_in"


def test_save_signs_out_every_other_device_and_keeps_this_one(ref_kit, dialog):
    ref_kit.sign_in(ref_kit.PHONE)
    ref_kit.sign_in(ref_kit.TABLET)
    assert ref_kit.signed_in_devices() == (ref_kit.LAPTOP, ref_kit.PHONE, ref_kit.TABLET)
    dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert ref_kit.signed_in_devices() == (ref_kit.LAPTOP,)


def test_other_accounts_sessions_are_untouched(ref_kit, dialog):
    ref_kit.service.create_account("bob@example.com", "bob's long password")
    ref_kit.service.sign_in("Bob's phone", "bob@example.com", "bob's long password")
    dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert ref_kit.service.is_signed_in("Bob's phone")


def test_the_minimum_length_is_eight_characters(ref_kit, dialog):
    before = ref_kit.snapshot(dialog)
    with pytest.raises(WeakPassword):
        dialog.save(ref_kit.PASSWORD, "seven77", "seven77")
    assert ref_kit.snapshot(dialog) == before
    dialog.save(ref_kit.PASSWORD, "eight888", "eight888")
    assert dialog.state == "changed"


@pytest.mark.parametrize(
    ("current", "new", "repeat", "error"),
    [
        ("not the password", "staple battery horse 42!", "staple battery horse 42!", WrongPassword),
        ("correct horse battery", "staple battery horse 42!", "staple battery horse 42?", PasswordMismatch),
        ("correct horse battery", "staple battery horse 42!", "Staple battery horse 42!", PasswordMismatch),
        ("correct horse battery", "short", "short", WeakPassword),
        ("correct horse batter", "staple battery horse 42!", "staple battery horse 42!", WrongPassword),
    ],
)
def test_each_refusal_changes_nothing(ref_kit, dialog, current, new, repeat, error):
    ref_kit.sign_in(ref_kit.PHONE)
    before = ref_kit.snapshot(dialog)
    with pytest.raises(error):
        dialog.save(current, new, repeat)
    after = ref_kit.snapshot(dialog)
    counted = 1 if error is WrongPassword else 0
    assert after.pop("dialog")[1] == before.pop("dialog")[1] + counted
    assert after == before
    assert dialog.state == "password_fields"


def test_a_wrong_current_password_is_reported_before_a_mismatch(ref_kit, dialog):
    with pytest.raises(WrongPassword):
        dialog.save("not the password", "aaaaaaaaaa", "bbbbbbbbbb")


def test_the_fifth_wrong_password_locks_the_dialog(ref_kit, dialog):
    original_hash = ref_kit.account.password_hash
    for attempt in range(1, 5):
        with pytest.raises(WrongPassword):
            dialog.save("not the password", ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
        assert dialog.failed_attempts == attempt
    with pytest.raises(TooManyAttempts):
        dialog.save("still not it", ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert dialog.state == "locked"
    assert dialog not in ChangePasswordDialog.MACHINE.models
    ref_kit.assert_refused(
        dialog, lambda: dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    )
    assert ref_kit.account.password_hash == original_hash
    # A new dialog starts with a clean count.
    fresh = ref_kit.service.change_password(ref_kit.LAPTOP)
    fresh.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert fresh.state == "changed"


def test_mismatches_and_weak_passwords_do_not_count(ref_kit, dialog):
    for _ in range(6):
        with pytest.raises(PasswordMismatch):
            dialog.save(ref_kit.PASSWORD, "aaaaaaaaaa", "bbbbbbbbbb")
        with pytest.raises(WeakPassword):
            dialog.save(ref_kit.PASSWORD, "short", "short")
    assert dialog.failed_attempts == 0
    dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert dialog.state == "changed"


@pytest.mark.parametrize("ending", ["changed", "closed", "locked"])
def test_save_is_refused_once_the_dialog_has_ended(ref_kit, dialog, ending):
    if ending == "changed":
        dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
        ref_kit.password = ref_kit.NEW_PASSWORD
    elif ending == "closed":
        dialog.close()
    else:
        for _ in range(4):
            with pytest.raises(WrongPassword):
                dialog.save("wrong password", ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
        with pytest.raises(TooManyAttempts):
            dialog.save("wrong password", ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert dialog.state == ending
    ref_kit.assert_refused(
        dialog, lambda: dialog.save(ref_kit.password, "another password", "another password")
    )
    dialog.close()  # closing an ended dialog is a no-op
    assert dialog.state == ending


def test_a_device_signed_out_elsewhere_cannot_finish_its_dialog(ref_kit, dialog):
    ref_kit.sign_in(ref_kit.PHONE)
    on_phone = ref_kit.service.change_password(ref_kit.PHONE)
    dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    hash_after = ref_kit.account.password_hash
    with pytest.raises(NotSignedIn):
        on_phone.save(ref_kit.PASSWORD, "phone's new password", "phone's new password")
    with pytest.raises(NotSignedIn):
        on_phone.save(ref_kit.NEW_PASSWORD, "phone's new password", "phone's new password")
    assert ref_kit.account.password_hash == hash_after
    assert on_phone.state == "closed"  # the signed-out device's dialog closed itself


def test_a_dialog_left_behind_by_signing_in_again_stays_dead(ref_kit):
    ref_kit.sign_in(ref_kit.PHONE)
    on_phone = ref_kit.service.change_password(ref_kit.PHONE)
    ref_kit.service.change_password(ref_kit.LAPTOP).save(
        ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD
    )
    ref_kit.password = ref_kit.NEW_PASSWORD
    ref_kit.sign_in(ref_kit.PHONE)  # the same account again, on the same device
    assert on_phone.state == "closed"
    ref_kit.assert_refused(on_phone, lambda: on_phone.save(ref_kit.NEW_PASSWORD, "x" * 12, "x" * 12))


def test_a_dialog_replaced_by_another_refuses_every_trigger(ref_kit, dialog):
    ref_kit.service.enable_email_code(ref_kit.LAPTOP)
    assert dialog.state == "closed"
    ref_kit.assert_refused(
        dialog, lambda: dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    )


def test_opening_needs_a_signed_in_device(ref_kit):
    with pytest.raises(NotSignedIn):
        ref_kit.service.change_password(ref_kit.PHONE)


def test_invalid_action_is_not_counted(ref_kit, dialog):
    dialog.close()
    for _ in range(6):
        with pytest.raises(InvalidAction):
            dialog.save("wrong password", ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert dialog.failed_attempts == 0
