"""The QR code shown in step 2 of enabling the authenticator app."""

from __future__ import annotations

import functools
import io
from typing import Final

import zxingcpp
from PIL import Image

#: What a screen shows a phone (see :func:`qr_png`).
PIXELS_PER_MODULE: Final = 3


@functools.lru_cache(maxsize=64)
def qr_png(payload: str) -> bytes:
    """A PNG image of a QR code that encodes exactly ``payload``.

    zxing-cpp's encoder (C++) takes about 1 ms where a pure-Python one takes
    10 ms; the cache serves the repeated views of one dialog's step 2. Three
    pixels a module (147 px for a typical otpauth link) is what a screen shows a
    phone; five cost twice the encoding and decoding for no better scan.

    The image is made one pixel a module, turned black-and-white, then scaled
    up: the same PNG, byte for byte, as thresholding the scaled image, at half
    the cost (every enrolment in a simulated journey renders one).
    """
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = barcode.to_image(scale=1, add_quiet_zones=True)
    height, width = modules.shape[0], modules.shape[1]
    pixels = bytes(memoryview(modules))  # type: ignore[arg-type]  # an 8-bit grey buffer (nanobind)
    image = Image.frombytes("L", (width, height), pixels).convert("1")
    buffer = io.BytesIO()
    image.resize((width * PIXELS_PER_MODULE, height * PIXELS_PER_MODULE), Image.Resampling.NEAREST).save(
        buffer, format="PNG"
    )
    return buffer.getvalue()
