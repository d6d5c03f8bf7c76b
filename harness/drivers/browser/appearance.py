"""What the documentation says about the look of a page, read from the screen as rendered.

Computed styles and layout boxes, not the page's source: a Disable button
made red by any stylesheet is red, a key hidden by any means is not shown.
"""

from __future__ import annotations

import re

from ...protocol import RGB, Appearance
from .screen import Screen

_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


def rgb(css_colour: str) -> RGB:
    """``rgb(180, 35, 24)`` or ``rgba(…)`` as computed by the browser → (180, 35, 24)."""
    red, green, blue = (round(float(n)) for n in _NUMBERS.findall(css_colour)[:3])
    return red, green, blue


def look_of(screen: Screen, last_download: str | None) -> Appearance:
    if screen.stale:  # the clock moved: what the user sees now (the page's own countdown would catch up)
        screen.goto(screen.page.url)
    words = screen.words
    dialog = screen.dialog()
    if not dialog.count():
        colours: dict[str, RGB] = {}
        for key, name in words.blocks.items():
            button = screen.button(screen.region(name), words.disable)
            if button.count():
                colours[key] = rgb(button.evaluate("e => getComputedStyle(e).backgroundColor"))
        return Appearance(disable_colours=colours, downloaded_file=last_download)
    code_input = next(
        (field for label in words.prompts.values() if (field := screen.field(dialog, label)).count()), None
    )
    maxlength = code_input.get_attribute("maxlength") if code_input is not None else None
    request_code = screen.button(dialog, words.request_code)
    return Appearance(
        code_input_maxlength=int(maxlength) if maxlength and maxlength.isdigit() else None,
        code_input_inputmode=code_input.get_attribute("inputmode") if code_input is not None else None,
        request_code_disabled=request_code.is_disabled() if request_code.count() else None,
        key_below_qr=_key_below_qr(screen),
        downloaded_file=last_download,
    )


def _key_below_qr(screen: Screen) -> bool | None:
    """None without a QR code; otherwise is the "Key: …" text visible and below the image?"""
    dialog = screen.dialog()
    qr = dialog.get_by_role("img", name=screen.words.qr_code, exact=True)
    if not qr.count():
        return None
    key = dialog.get_by_text(re.compile(rf"^\s*{re.escape(screen.words.manual_key)}:"))
    if not key.count() or not key.first.is_visible():
        return False
    qr_box, key_box = qr.bounding_box(), key.first.bounding_box()
    if qr_box is None or key_box is None:
        return False
    return key_box["y"] >= qr_box["y"] + qr_box["height"] - 1
