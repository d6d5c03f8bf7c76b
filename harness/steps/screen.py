"""What the page looks like, where the documentation describes it: a red Disable, a 6-digit input,
Request Code greyed out during the countdown, the key below the QR code, a .txt download.

These steps need a driver that sees the screen (:attr:`Capability.SCREEN`, the
browser driver); for any other driver the guard makes the scenario
NOT-APPLICABLE — never PASSED. Colours are checked as a hue range, not one
value: any clearly red button is the documented "red Disable".
"""

from __future__ import annotations

import colorsys

from pytest_bdd import parsers, then

from ..protocol import RGB, Appearance
from ..world import HOME_DEVICE, World
from .common import NAME

_BLOCKS = {"email code": "email_code", "authenticator app": "authenticator_app"}
_METHOD = r"(?P<method>email code|authenticator app)"
#: Red: a hue within 20° of pure red, clearly saturated, not near black.
RED_HUE_DEGREES = 20
MIN_SATURATION, MIN_VALUE = 0.45, 0.35


def is_red(colour: RGB) -> bool:
    hue, saturation, value = colorsys.rgb_to_hsv(*(c / 255 for c in colour))
    degrees = hue * 360
    near_red = min(degrees, 360 - degrees) <= RED_HUE_DEGREES
    return near_red and saturation >= MIN_SATURATION and value >= MIN_VALUE


def _look(world: World, name: str) -> Appearance:
    return world.driver.appearance(world.person(name).device(HOME_DEVICE))


@then(
    parsers.re(rf"{NAME} sees a red Disable button for the (?P<method>email code|authenticator app) method")
)
def disable_is_red(world: World, name: str, method: str) -> None:
    colour = _look(world, name).disable_colours.get(_BLOCKS[method])
    assert colour is not None, f"the {method} block shows no Disable button"
    assert is_red(colour), f"the {method} Disable button is rgb{colour}, not red"


@then(parsers.re(rf"{NAME} sees a code input that takes 6 digits"))
def six_digit_input(world: World, name: str) -> None:
    look = _look(world, name)
    assert look.code_input_maxlength is not None or look.code_input_inputmode is not None, (
        "the dialog shows no code input limited to digits or to a length"
    )
    assert look.code_input_maxlength in (None, 6), (
        f"the code input takes {look.code_input_maxlength} characters, not 6"
    )
    assert look.code_input_inputmode in (None, "numeric", "decimal"), (
        f"the code input asks for {look.code_input_inputmode!r} input, not digits"
    )


@then(parsers.re(rf"{NAME} sees Request Code (?P<state>disabled|enabled)"))
def request_code_state(world: World, name: str, state: str) -> None:
    disabled = _look(world, name).request_code_disabled
    assert disabled is not None, "the dialog shows no Request Code button"
    assert disabled is (state == "disabled"), f"Request Code is {'disabled' if disabled else 'enabled'}"


@then(parsers.re(rf"{NAME} sees the alphanumeric key below the QR code"))
def key_below_qr(world: World, name: str) -> None:
    below = _look(world, name).key_below_qr
    assert below is not None, "the dialog shows no QR code"
    assert below, "the alphanumeric key is not shown below the QR code"


@then(parsers.re(rf"{NAME}'s browser saved a \.txt file"))
def saved_txt(world: World, name: str) -> None:
    saved = _look(world, name).downloaded_file
    assert saved is not None, "nothing was downloaded"
    assert saved.lower().endswith(".txt"), f"the browser saved {saved!r}, not a .txt file"
