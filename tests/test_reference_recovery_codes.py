"""View Recovery Codes: an app code first, then the unused codes; Regenerate."""

from __future__ import annotations

import pytest

from reference_impl import Method
from reference_impl.dialogs.recovery_codes import ViewRecoveryCodesDialog
from reference_impl.errors import InvalidAction, InvalidInput, NotSignedIn, TooManyAttempts, WrongCode


@pytest.fixture
def issued(ref_kit):
    return ref_kit.enable_app()


@pytest.fixture
def dialog(ref_kit, issued):
    return ref_kit.service.view_recovery_codes(ref_kit.LAPTOP)


@pytest.fixture
def shown(ref_kit, dialog):
    dialog.confirm(ref_kit.next_app_code())
    return dialog


def _sign_in_with_recovery_code(kit, device, code):
    kit.service.sign_out(device)
    attempt = kit.service.sign_in(device, kit.EMAIL, kit.password)
    attempt.choose_method(Method.AUTHENTICATOR_APP)
    attempt.enter_code(code)
    return attempt


def test_the_dialog_asks_for_an_app_code_first(ref_kit, dialog):
    assert dialog.state == "authenticator_code"
    ref_kit.assert_refused(dialog, lambda: dialog.recovery_codes)
    ref_kit.assert_refused(dialog, dialog.regenerate)


def test_a_fresh_app_code_shows_the_codes_issued_at_activation(ref_kit, issued, shown):
    assert shown.state == "codes_shown"
    assert shown.recovery_codes == issued
    assert len(issued) == 10


def test_the_previous_step_is_accepted_to_confirm(ref_kit, dialog):
    ref_kit.clock.advance(60)
    dialog.confirm(ref_kit.app_code(-1))
    assert dialog.state == "codes_shown"


def test_a_wrong_code_is_refused_and_counted(ref_kit, dialog):
    ref_kit.clock.advance(30)
    before = ref_kit.snapshot(dialog)
    with pytest.raises(WrongCode):
        dialog.confirm(ref_kit.wrong_app_code())
    after = ref_kit.snapshot(dialog)
    assert after.pop("dialog")[:2] == ("authenticator_code", 1)
    before.pop("dialog")
    assert after == before


def test_a_replayed_code_is_refused(ref_kit, dialog):
    code = ref_kit.next_app_code()
    dialog.confirm(code)
    again = ref_kit.service.view_recovery_codes(ref_kit.LAPTOP)
    with pytest.raises(WrongCode):
        again.confirm(code)


def test_a_recovery_code_does_not_open_the_list(ref_kit, issued, dialog):
    with pytest.raises(InvalidInput):
        dialog.confirm(issued[0])
    assert ref_kit.account.authenticator_app.recovery_codes.valid() == issued


def test_five_wrong_codes_lock_the_dialog(ref_kit, dialog):
    ref_kit.clock.advance(30)
    for _ in range(4):
        with pytest.raises(WrongCode):
            dialog.confirm(ref_kit.wrong_app_code())
    with pytest.raises(TooManyAttempts):
        dialog.confirm(ref_kit.wrong_app_code())
    assert dialog.state == "locked"
    assert dialog not in ViewRecoveryCodesDialog.MACHINE.models
    ref_kit.assert_refused(dialog, lambda: dialog.confirm(ref_kit.app_code()))
    ref_kit.assert_refused(dialog, lambda: dialog.recovery_codes)
    ref_kit.assert_refused(dialog, dialog.regenerate)


def test_used_codes_are_not_listed(ref_kit, issued, shown):
    _sign_in_with_recovery_code(ref_kit, ref_kit.PHONE, issued[2])
    assert shown.recovery_codes == issued[:2] + issued[3:]
    again = ref_kit.service.view_recovery_codes(ref_kit.LAPTOP)
    again.confirm(ref_kit.next_app_code())
    assert len(again.recovery_codes) == 9
    assert issued[2] not in again.recovery_codes


def test_regenerate_invalidates_every_old_code_and_issues_ten_new(ref_kit, issued, shown):
    shown.regenerate()
    fresh = shown.recovery_codes
    assert shown.state == "codes_shown"
    assert len(fresh) == len(set(fresh)) == 10
    assert not set(fresh) & set(issued)
    for old in (issued[0], issued[9]):
        with pytest.raises(WrongCode):
            _sign_in_with_recovery_code(ref_kit, ref_kit.PHONE, old)
    _sign_in_with_recovery_code(ref_kit, ref_kit.PHONE, fresh[0])
    assert ref_kit.service.is_signed_in(ref_kit.PHONE)


def test_regenerate_brings_back_a_full_set_after_some_were_used(ref_kit, issued, shown):
    _sign_in_with_recovery_code(ref_kit, ref_kit.PHONE, issued[0])
    shown.regenerate()
    assert len(shown.recovery_codes) == 10


def test_regenerate_may_be_pressed_again(ref_kit, shown):
    shown.regenerate()
    first = shown.recovery_codes
    shown.regenerate()
    assert not set(first) & set(shown.recovery_codes)


def test_at_codes_shown_confirm_is_gone(ref_kit, shown):
    ref_kit.assert_refused(shown, lambda: shown.confirm(ref_kit.next_app_code()))


def test_once_closed_nothing_is_offered(ref_kit, shown):
    shown.close()
    assert shown.state == "closed"
    assert shown not in ViewRecoveryCodesDialog.MACHINE.models
    ref_kit.assert_refused(shown, lambda: shown.recovery_codes)
    ref_kit.assert_refused(shown, shown.regenerate)
    ref_kit.assert_refused(shown, lambda: shown.confirm(ref_kit.next_app_code()))


def test_opening_is_refused_without_the_app(ref_kit):
    before = ref_kit.snapshot()
    with pytest.raises(InvalidAction):
        ref_kit.service.view_recovery_codes(ref_kit.LAPTOP)
    assert ref_kit.snapshot() == before


def test_the_app_disabled_elsewhere_ends_what_this_dialog_can_do(ref_kit, shown):
    ref_kit.sign_in(ref_kit.PHONE)
    ref_kit.service.disable_authenticator_app(ref_kit.PHONE).disable(ref_kit.next_app_code())
    with pytest.raises(InvalidAction):
        shown.recovery_codes  # noqa: B018
    with pytest.raises(InvalidAction):
        shown.regenerate()
    assert ref_kit.account.authenticator_app is None


def test_a_device_signed_out_elsewhere_cannot_regenerate(ref_kit, shown):
    ref_kit.sign_in(ref_kit.PHONE)
    before = ref_kit.account.authenticator_app.recovery_codes.valid()
    ref_kit.service.change_password(ref_kit.PHONE).save(
        ref_kit.PASSWORD, ref_kit.NEW_PASSWORD, ref_kit.NEW_PASSWORD
    )
    with pytest.raises(NotSignedIn):
        shown.regenerate()
    assert ref_kit.account.authenticator_app.recovery_codes.valid() == before


def test_opening_needs_a_signed_in_device(ref_kit, issued):
    with pytest.raises(NotSignedIn):
        ref_kit.service.view_recovery_codes(ref_kit.PHONE)
