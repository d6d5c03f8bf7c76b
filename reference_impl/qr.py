"""The QR code shown in step 2 of enabling the authenticator app."""

from __future__ import annotations

import functools
import io

import zxingcpp
from PIL import Image


@functools.lru_cache(maxsize=64)
def qr_png(payload: str) -> bytes:
    """A PNG image of a QR code that encodes exactly ``payload``.

    zxing-cpp's encoder (C++) takes about 1 ms where a pure-Python one takes
    10 ms; the cache serves the repeated views of one dialog's step 2. Three
    pixels a module (147 px for a typical otpauth link) is what a screen shows a
    phone; five cost twice the encoding and decoding for no better scan.
    """
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = barcode.to_image(scale=3, add_quiet_zones=True)
    height, width = image.shape[0], image.shape[1]
    pixels = bytes(memoryview(image))  # type: ignore[arg-type]  # an 8-bit grey buffer (nanobind)
    buffer = io.BytesIO()
    Image.frombytes("L", (width, height), pixels).convert("1").save(buffer, format="PNG")
    return buffer.getvalue()
