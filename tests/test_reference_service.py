"""SecuritySettings as a whole: accounts, devices, the section and flow bookkeeping."""

from __future__ import annotations

import pytest

from reference_impl import (
    FAST_SCRYPT,
    STRONG_SCRYPT,
    FakeClock,
    InMemoryOutbox,
    Method,
    PasswordHasher,
    Policy,
    SecuritySettings,
)
from reference_impl.dialogs.change_password import ChangePasswordDialog
from reference_impl.dialogs.disable import DisableAuthenticatorAppDialog, DisableEmailCodeDialog
from reference_impl.dialogs.enable_app import EnableAuthenticatorAppDialog
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.errors import (
    AccountExists,
    InvalidAction,
    NotSignedIn,
    TooManyAttempts,
    WeakPassword,
    WrongCode,
    WrongCredentials,
    WrongPassword,
)
from reference_impl.signin import SignInAttempt

KINDS = (
    ChangePasswordDialog,
    EnableEmailCodeDialog,
    EnableAuthenticatorAppDialog,
    ViewRecoveryCodesDialog,
    DisableEmailCodeDialog,
    DisableAuthenticatorAppDialog,
    SignInAttempt,
)


def _model_counts():
    return {kind.__name__: len(kind.MACHINE.models) for kind in KINDS}


# -- accounts ---------------------------------------------------------------------------
def test_a_new_account_has_no_method_and_the_creation_date_as_last_change(ref_kit):
    section = ref_kit.service.security_section(ref_kit.LAPTOP)
    assert section.last_password_change == ref_kit.START
    for block, method in (
        (section.email_code, Method.EMAIL_CODE),
        (section.authenticator_app, Method.AUTHENTICATOR_APP),
    ):
        assert block.method is method
        assert (block.active, block.activated_at, block.address, block.action) == (
            False,
            None,
            None,
            "Enable",
        )


def test_addresses_are_unique_without_regard_to_case(ref_kit):
    with pytest.raises(AccountExists):
        ref_kit.service.create_account(ref_kit.EMAIL.upper(), "another long password")
    with pytest.raises(WrongCredentials):  # the existing account was not overwritten
        ref_kit.service.sign_in(ref_kit.PHONE, ref_kit.EMAIL, "another long password")


def test_accounts_need_an_eight_character_password():
    service = SecuritySettings(FakeClock(), InMemoryOutbox(), hasher=PasswordHasher(FAST_SCRYPT))
    with pytest.raises(WeakPassword):
        service.create_account("bob@example.com", "seven77")
    service.create_account("bob@example.com", "eight888")
    assert service.sign_in("d", "bob@example.com", "eight888").state == "signed_in"


def test_a_service_built_without_a_hasher_hashes_at_the_strong_default_cost(ref_factory):
    service = SecuritySettings(FakeClock(), InMemoryOutbox())
    service.create_account(ref_factory.EMAIL, ref_factory.PASSWORD)
    assert service.sign_in(ref_factory.LAPTOP, ref_factory.EMAIL, ref_factory.PASSWORD).state == "signed_in"
    stored = service._accounts[ref_factory.EMAIL].password_hash
    assert stored.split("$")[1:4] == [str(STRONG_SCRYPT.n), str(STRONG_SCRYPT.r), str(STRONG_SCRYPT.p)]
    service.close()


def test_a_service_given_a_hasher_hashes_with_it(ref_kit):
    assert ref_kit.account.password_hash.split("$")[1:4] == [
        str(FAST_SCRYPT.n),
        str(FAST_SCRYPT.r),
        str(FAST_SCRYPT.p),
    ]


def test_every_mail_the_service_sends_has_a_text_subject(ref_kit):
    ref_kit.enable_email()  # confirms the address
    ref_kit.enable_app()  # confirms identity by email, since the email method is active
    ref_kit.sign_in(ref_kit.PHONE, Method.EMAIL_CODE)
    messages = ref_kit.outbox.messages
    assert len(messages) >= 3
    for message in messages:
        assert isinstance(message.subject, str)
        assert message.subject.strip()


def test_two_accounts_are_independent(ref_kit):
    ref_kit.service.create_account("bob@example.com", "bob's long password")
    ref_kit.service.sign_in("Bob's phone", "bob@example.com", "bob's long password")
    ref_kit.enable_email()
    bob = ref_kit.service.security_section("Bob's phone")
    assert not bob.email_code.active
    assert ref_kit.service.security_section(ref_kit.LAPTOP).email_code.active
    ref_kit.service.change_password(ref_kit.LAPTOP).save(
        ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD
    )
    assert ref_kit.service.is_signed_in("Bob's phone")


# -- devices -------------------------------------------------------------------------------
def test_the_section_needs_a_signed_in_device(ref_kit):
    with pytest.raises(NotSignedIn):
        ref_kit.service.security_section(ref_kit.PHONE)


def test_sign_out_ends_the_session_and_closes_the_open_dialog(ref_kit):
    dialog = ref_kit.service.change_password(ref_kit.LAPTOP)
    ref_kit.service.sign_out(ref_kit.LAPTOP)
    assert not ref_kit.service.is_signed_in(ref_kit.LAPTOP)
    assert dialog.state == "closed"
    assert dialog not in ChangePasswordDialog.MACHINE.models
    with pytest.raises(NotSignedIn):
        ref_kit.service.security_section(ref_kit.LAPTOP)
    with pytest.raises(NotSignedIn):
        dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)


def test_signing_out_a_device_that_is_not_signed_in_is_harmless(ref_kit):
    before = ref_kit.snapshot()
    ref_kit.service.sign_out(ref_kit.TABLET)
    assert ref_kit.snapshot() == before


def test_devices_have_separate_sessions_and_dialogs(ref_kit):
    ref_kit.sign_in(ref_kit.PHONE)
    on_laptop = ref_kit.service.change_password(ref_kit.LAPTOP)
    on_phone = ref_kit.service.enable_email_code(ref_kit.PHONE)
    ref_kit.service.sign_out(ref_kit.PHONE)
    assert on_phone.state == "closed"
    assert on_laptop.state == "password_fields"
    assert ref_kit.service.is_signed_in(ref_kit.LAPTOP)


def test_opening_a_dialog_closes_the_one_open_on_that_device(ref_kit):
    first = ref_kit.service.change_password(ref_kit.LAPTOP)
    second = ref_kit.service.enable_email_code(ref_kit.LAPTOP)
    assert first.state == "closed"
    assert first not in ChangePasswordDialog.MACHINE.models
    assert second.state == "identity_confirmation"


def test_a_refused_open_keeps_the_open_dialog(ref_kit):
    dialog = ref_kit.service.change_password(ref_kit.LAPTOP)
    with pytest.raises(InvalidAction):
        ref_kit.service.disable_email_code(ref_kit.LAPTOP)
    assert dialog.state == "password_fields"
    assert dialog in ChangePasswordDialog.MACHINE.models
    dialog.save(ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD)
    assert dialog.state == "changed"


def test_close_abandons_every_open_flow(ref_kit):
    ref_kit.enable_email()
    dialog = ref_kit.service.change_password(ref_kit.LAPTOP)
    attempt = ref_kit.service.sign_in(ref_kit.PHONE, ref_kit.EMAIL, ref_kit.PASSWORD)
    ref_kit.service.close()
    assert (dialog.state, attempt.state) == ("closed", "closed")
    assert ref_kit.service.is_signed_in(ref_kit.LAPTOP)  # sessions stay


def test_the_attempt_limit_comes_from_the_policy(ref_factory):
    kit = ref_factory(policy=Policy(attempt_limit=2))
    kit.sign_in(kit.LAPTOP)
    dialog = kit.service.change_password(kit.LAPTOP)
    with pytest.raises(WrongPassword):
        dialog.save("wrong password", kit.NEW_PASSWORD, kit.NEW_PASSWORD)
    with pytest.raises(TooManyAttempts):
        dialog.save("wrong password", kit.NEW_PASSWORD, kit.NEW_PASSWORD)
    assert dialog.state == "locked"
    kit.service.close()


# -- the shared machines hold only open flows ---------------------------------------------
def _cycle_every_flow(kit):
    """Open, finish, close, replace and lock one flow of every kind."""
    s, laptop, phone = kit.service, kit.LAPTOP, kit.PHONE
    s.change_password(laptop).close()
    d = s.change_password(laptop)
    d.save(kit.password, kit.NEW_PASSWORD, kit.NEW_PASSWORD)
    kit.password, kit.NEW_PASSWORD = kit.NEW_PASSWORD, kit.password
    s.enable_email_code(laptop)  # left open ...
    kit.enable_email(laptop)  # ... and replaced by the one that finishes
    s.enable_authenticator_app(laptop)
    kit.enable_app(laptop)
    v = s.view_recovery_codes(laptop)
    v.confirm(kit.next_app_code())
    v.regenerate()
    kit.recovery_codes = v.recovery_codes
    v.close()
    locked = s.view_recovery_codes(laptop)
    kit.clock.advance(30)
    for _ in range(4):
        with pytest.raises(WrongCode):
            locked.confirm(kit.wrong_app_code())
    with pytest.raises(TooManyAttempts):
        locked.confirm(kit.wrong_app_code())
    s.sign_out(phone)
    kit.sign_in(phone, Method.EMAIL_CODE)
    s.sign_out(phone)
    kit.sign_in(phone, Method.AUTHENTICATOR_APP)
    s.sign_in(phone, kit.EMAIL, kit.password)  # a pending attempt, then abandoned by sign-out
    s.sign_out(phone)
    s.disable_email_code(laptop).disable(kit.last_email_code())
    s.disable_authenticator_app(laptop).disable(kit.next_app_code())
    s.sign_out(phone)
    kit.sign_in(phone)  # the password alone
    kit.clock.advance(60)


def test_models_leave_the_shared_machines(ref_kit):
    baseline = _model_counts()
    for _ in range(5):
        _cycle_every_flow(ref_kit)
        assert _model_counts() == baseline
    # Every kind really was added along the way (so the check above is not vacuous).
    dialog = ref_kit.service.change_password(ref_kit.LAPTOP)
    assert len(ChangePasswordDialog.MACHINE.models) == baseline["ChangePasswordDialog"] + 1
    ref_kit.service.close()
    assert dialog.state == "closed"
    assert _model_counts() == baseline


def test_replacing_flows_many_times_does_not_grow_the_machines(ref_kit):
    ref_kit.enable_email()
    baseline = _model_counts()
    for _ in range(50):
        ref_kit.service.change_password(ref_kit.LAPTOP)
        ref_kit.service.disable_email_code(ref_kit.LAPTOP)
        ref_kit.service.sign_in(ref_kit.PHONE, ref_kit.EMAIL, ref_kit.PASSWORD)
    counts = _model_counts()
    assert counts["ChangePasswordDialog"] == baseline["ChangePasswordDialog"]
    assert counts["DisableEmailCodeDialog"] == baseline["DisableEmailCodeDialog"] + 1
    assert counts["SignInAttempt"] == baseline["SignInAttempt"] + 1
    ref_kit.service.close()
    assert _model_counts() == baseline


def test_releasing_a_flow_twice_leaves_the_shared_machine_alone(ref_kit):
    # The service never releases twice, but Flow.release is public and promises to be idempotent.
    closed = ref_kit.service.change_password(ref_kit.LAPTOP)
    closed.close()  # a finished flow has released itself
    ref_kit.sign_in(ref_kit.PHONE)
    still_open = ref_kit.service.change_password(ref_kit.PHONE)
    models = list(ChangePasswordDialog.MACHINE.models)
    assert closed not in models
    assert still_open in models
    closed.release()
    assert list(ChangePasswordDialog.MACHINE.models) == models
    ref_kit.service.close()
