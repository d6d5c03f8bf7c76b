"""The product-shaped test drivers have exactly the deviation they claim, checked through the protocol.

The suite's verdict on them (tests/test_third_party_products.py, test_degenerate_products.py)
is only worth something if the products are what their docstrings say: each check
here shows the deviation and that the reference's behaviour is kept next to it.
Codes are computed the way a user gets them: from the QR code and from the email.
"""

from __future__ import annotations

import pytest

from harness.authenticator import Authenticator
from harness.mailbox import one_time_code
from harness.protocol import DialogKind, Method, NotOffered, Prompt, Step
from reference_impl.driver import ReferenceDialog, ReferenceDriver
from tests.drivers import degenerate, third_party

EMAIL, PASSWORD, LAPTOP, PHONE = "alice@example.com", "correct horse battery", "laptop", "phone"


class User:
    """Alice on her laptop, with what she learns as she goes."""

    def __init__(self, driver: ReferenceDriver) -> None:
        self.driver = driver
        self.app: Authenticator | None = None
        driver.create_account(EMAIL, PASSWORD)
        assert driver.sign_in(LAPTOP, EMAIL, PASSWORD).signed_in

    def app_code(self) -> str:
        assert self.app is not None
        self.driver.advance_clock(30)  # a code of its own step: no replay refusal
        return self.app.code_at(self.driver.now())

    def email_code(self) -> str:
        return one_time_code(self.driver.emails_to(EMAIL)[-1])

    def open(self, kind: DialogKind) -> ReferenceDialog:
        return self.driver.open_dialog(LAPTOP, kind)

    def enable_app(self) -> ReferenceDialog:
        dialog = self.open(DialogKind.ENABLE_AUTHENTICATOR_APP)
        view = dialog.view()
        if view.step is Step.IDENTITY_CONFIRMATION:
            answer = PASSWORD if view.prompt is Prompt.PASSWORD else self.email_code()
            assert view.prompt is not None and dialog.confirm_identity(answer, view.prompt).accepted
        image = dialog.view().qr_code_image
        assert image is not None
        self.app = Authenticator.scan(image)
        assert dialog.enter_code(self.app_code()).accepted
        return dialog

    def enable_email(self) -> None:
        dialog = self.open(DialogKind.ENABLE_EMAIL_CODE)
        view = dialog.view()
        if view.step is Step.IDENTITY_CONFIRMATION:
            answer = PASSWORD if view.prompt is Prompt.PASSWORD else self.app_code()
            assert view.prompt is not None and dialog.confirm_identity(answer, view.prompt).accepted
        assert dialog.enter_code(self.email_code()).accepted

    def active(self) -> tuple[bool, bool]:
        section = self.driver.security_section(LAPTOP)
        return (
            section.email_code is not None and section.email_code.active,
            section.authenticator_app is not None and section.authenticator_app.active,
        )


def test_no_download_button() -> None:
    alice = User(third_party.NoDownloadButton())
    dialog = alice.enable_app()
    assert len(dialog.view().recovery_codes or ()) == 10
    with pytest.raises(NotOffered):
        dialog.download_text_file()


def test_no_email_code() -> None:
    alice = User(third_party.NoEmailCode())
    assert alice.driver.security_section(LAPTOP).email_code is None
    with pytest.raises(NotOffered):
        alice.open(DialogKind.ENABLE_EMAIL_CODE)
    alice.enable_app()
    assert alice.driver.sign_in(PHONE, EMAIL, PASSWORD).offered_methods == {Method.AUTHENTICATOR_APP}
    with pytest.raises(NotOffered):
        alice.driver.choose_sign_in_method(PHONE, Method.EMAIL_CODE)


def test_one_method_at_a_time() -> None:
    alice = User(third_party.OneMethodAtATime())
    alice.enable_email()
    alice.enable_app()
    assert alice.active() == (False, True)
    alice.enable_email()
    assert alice.active() == (True, False)


def test_password_everywhere() -> None:
    alice = User(third_party.PasswordEverywhere())
    alice.enable_email()
    dialog = alice.open(DialogKind.ENABLE_AUTHENTICATOR_APP)
    assert dialog.view().prompt is Prompt.PASSWORD
    assert len(alice.driver.emails_to(EMAIL)) == 1, "no identity code is emailed"
    alice.enable_app()
    codes = alice.open(DialogKind.VIEW_RECOVERY_CODES)
    assert codes.view().prompt is Prompt.PASSWORD
    assert codes.confirm_identity(PASSWORD, Prompt.PASSWORD).accepted
    assert codes.view().step is Step.RECOVERY_CODES


def test_no_reproof_within_five_minutes() -> None:
    alice = User(third_party.NoReproofWithinFiveMinutes())
    first = alice.open(DialogKind.ENABLE_EMAIL_CODE)
    assert first.view().prompt is Prompt.PASSWORD, "a sign-in is no proof: the first dialog asks"
    first.close()
    alice.enable_app()
    codes = alice.open(DialogKind.VIEW_RECOVERY_CODES)
    assert codes.view().step is Step.RECOVERY_CODES, "within 5 minutes of the app's proof: no identity step"
    codes.close()
    alice.driver.advance_clock(5 * 60)
    assert alice.open(DialogKind.VIEW_RECOVERY_CODES).view().step is Step.IDENTITY_CONFIRMATION


def test_password_alternative() -> None:
    alice = User(third_party.PasswordAlternative())
    assert alice.open(DialogKind.ENABLE_EMAIL_CODE).view().alternatives == ()
    alice.enable_app()
    codes = alice.open(DialogKind.VIEW_RECOVERY_CODES)
    view = codes.view()
    assert (view.prompt, view.alternatives) == (Prompt.AUTHENTICATOR_APP_CODE, (Prompt.PASSWORD,))
    assert not codes.confirm_identity(PASSWORD, Prompt.AUTHENTICATOR_APP_CODE).accepted
    assert not codes.confirm_identity(PASSWORD + "x", Prompt.PASSWORD).accepted
    assert codes.confirm_identity(PASSWORD, Prompt.PASSWORD).accepted


def test_disable_without_code() -> None:
    alice = User(third_party.DisableWithoutCode())
    alice.enable_app()
    dialog = alice.open(DialogKind.DISABLE_AUTHENTICATOR_APP)
    assert dialog.view().step is Step.NO_INPUT
    with pytest.raises(NotOffered):
        dialog.enter_code(alice.app_code())
    assert dialog.submit().accepted
    assert alice.active() == (False, False)


def test_no_request_code_countdown() -> None:
    alice = User(third_party.NoRequestCodeCountdown())
    dialog = alice.open(DialogKind.ENABLE_EMAIL_CODE)
    assert dialog.confirm_identity(PASSWORD, Prompt.PASSWORD).accepted
    assert dialog.request_code().accepted
    assert len(alice.driver.emails_to(EMAIL)) == 2
    assert dialog.enter_code(alice.email_code()).accepted


def test_mfa_skipped_at_sign_in() -> None:
    alice = User(third_party.MfaSkippedAtSignIn())
    alice.enable_app()
    assert alice.driver.sign_in(PHONE, EMAIL, PASSWORD).signed_in
    assert not alice.driver.sign_in(PHONE, EMAIL, PASSWORD + "x").outcome.accepted
    with pytest.raises(NotOffered):
        alice.driver.choose_sign_in_method(PHONE, Method.AUTHENTICATOR_APP)


def test_refusing_product_refuses_the_right_answers() -> None:
    alice = User(degenerate.RefusesEverything())
    assert not alice.driver.change_password(LAPTOP, PASSWORD, "n3w password!", "n3w password!").accepted
    dialog = alice.open(DialogKind.ENABLE_EMAIL_CODE)
    assert not dialog.confirm_identity(PASSWORD, Prompt.PASSWORD).accepted
    assert alice.active() == (False, False)


def test_accepting_product_accepts_wrong_answers() -> None:
    alice = User(degenerate.AcceptsEverything())
    assert alice.driver.change_password(LAPTOP, "wrong", "n3w password!", "other").accepted
    assert alice.driver.sign_in(PHONE, EMAIL, "anything at all").signed_in
    dialog = alice.open(DialogKind.ENABLE_EMAIL_CODE)
    assert dialog.confirm_identity("wrong", Prompt.PASSWORD).accepted
    assert dialog.enter_code("000000").accepted
    assert alice.driver.sign_in(PHONE, EMAIL, "anything").offered_methods == {Method.EMAIL_CODE}
    assert alice.driver.choose_sign_in_method(PHONE, Method.EMAIL_CODE).accepted
    assert alice.driver.enter_sign_in_code(PHONE, "123456").accepted


@pytest.mark.parametrize("place", list(degenerate.Place), ids=lambda place: place.name.lower())
def test_one_place_products_are_degenerate_only_there(place: degenerate.Place) -> None:
    """The refusing product still turns the app on unless the refused place is on that path."""
    refusing_name, _ = degenerate.AT_ONE_PLACE[place]
    alice = User(getattr(degenerate, refusing_name)())
    on_the_path = {degenerate.Place.IDENTITY, degenerate.Place.ENABLING_CODE}
    if place in on_the_path:
        with pytest.raises(AssertionError):
            alice.enable_app()
    else:
        alice.enable_app()
        assert alice.active() == (False, True)


def test_close_does_nothing() -> None:
    alice = User(degenerate.CloseDoesNothing())
    dialog = alice.enable_app()
    dialog.close()
    assert dialog.view().step is Step.RECOVERY_CODES, "the codes are still on screen after Close"


def test_activation_code_reusable() -> None:
    alice = User(third_party.ActivationCodeReusable())
    dialog = alice.open(DialogKind.ENABLE_AUTHENTICATOR_APP)
    assert dialog.confirm_identity(PASSWORD, Prompt.PASSWORD).accepted
    image = dialog.view().qr_code_image
    assert image is not None
    alice.app = Authenticator.scan(image)
    code = alice.app.code_at(alice.driver.now())
    assert dialog.enter_code(code).accepted
    alice.driver.sign_in(PHONE, EMAIL, PASSWORD)
    assert alice.driver.choose_sign_in_method(PHONE, Method.AUTHENTICATOR_APP).accepted
    assert alice.driver.enter_sign_in_code(PHONE, code).accepted, "the activating code works once more"
    assert alice.driver.sign_in(PHONE, EMAIL, PASSWORD).offered_methods
    alice.driver.choose_sign_in_method(PHONE, Method.AUTHENTICATOR_APP)
    assert not alice.driver.enter_sign_in_code(PHONE, code).accepted, "but only once more"
