"""Step 2 of enabling the app: the QR code and the manual key, read as a phone reads them."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from ..authenticator import Authenticator
from ..protocol import Step
from ..world import World
from .common import NAME


@when(parsers.re(rf"{NAME} scans the QR code"))
def scans_qr_code(world: World, name: str) -> None:
    world.scan_qr_code(world.person(name))


@when(parsers.re(rf"{NAME} adds the manual key to her authenticator app"))
def adds_manual_key(world: World, name: str) -> None:
    view = world.view()
    assert view.manual_key, f"the dialog shows no manual key (at {view.step})"
    person = world.person(name)
    person.app, person.used_steps = Authenticator.type_in(view.manual_key), set()


@then("the dialog shows a QR code and a manual key")
def shows_qr_and_key(world: World) -> None:
    view = world.view()
    assert view.step is Step.SCAN_QR_CODE, f"the dialog is at {view.step}, not at the QR code"
    assert view.qr_code_image, "no QR code is shown"
    assert view.manual_key, "no manual key is shown"


@then("the dialog does not show a QR code")
def shows_no_qr(world: World) -> None:
    view = world.view()
    assert not view.qr_code_image and not view.manual_key, f"the QR code or key is shown (at {view.step})"


def _scanned(world: World) -> Authenticator:
    view = world.view()
    assert view.qr_code_image, f"the dialog shows no QR code (at {view.step})"
    return Authenticator.scan(view.qr_code_image)


@then("the QR code can be scanned by an authenticator app")
def qr_scannable(world: World) -> None:
    _scanned(world)  # an otpauth://totp/ link that pyotp, like any authenticator app, can use


@then("the manual key is alphanumeric")
def manual_key_alphanumeric(world: World) -> None:
    key = world.view().manual_key or ""
    compact = "".join(key.replace("-", " ").split())
    assert compact.isascii() and compact.isalnum(), f"the manual key {key!r} is not alphanumeric"


@then("the manual key is the secret in the QR code")
def manual_key_is_qr_secret(world: World) -> None:
    key = world.view().manual_key or ""
    typed = Authenticator.type_in(key)
    scanned = _scanned(world)
    assert typed.secret == scanned.secret, f"the manual key {key!r} differs from the QR code's secret"


@then("the QR code sets up 6-digit codes that change every 30 seconds")
def qr_six_digits_thirty_seconds(world: World) -> None:
    app = _scanned(world)
    assert app.digits == 6, f"the QR code sets up {app.digits}-digit codes"
    assert app.period == 30, f"the QR code sets up codes that change every {app.period} seconds"
