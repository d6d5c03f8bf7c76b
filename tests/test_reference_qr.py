"""The QR code of step 2 decodes to exactly the provisioning URI, whose secret is the manual key."""

from __future__ import annotations

import base64
import io
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from reference_impl import qr


def _decode(png: bytes) -> list[str]:
    with Image.open(io.BytesIO(png)) as image:
        return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture
def at_scan(ref_kit):
    dialog = ref_kit.service.enable_authenticator_app(ref_kit.LAPTOP)
    dialog.press_continue(ref_kit.PASSWORD)
    return dialog


def test_the_qr_code_decodes_to_exactly_the_provisioning_uri(at_scan):
    assert _decode(at_scan.qr_code_png) == [at_scan.provisioning_uri]


def test_the_uri_secret_is_the_manual_key_of_160_bits(ref_kit, at_scan):
    (decoded,) = _decode(at_scan.qr_code_png)
    query = parse_qs(urlsplit(decoded).query)
    assert query["secret"] == [at_scan.manual_key]
    assert len(at_scan.manual_key) == 32
    assert len(base64.b32decode(at_scan.manual_key)) * 8 == 160
    assert query["issuer"] == ["Customer Area"]
    assert ref_kit.EMAIL in urlsplit(decoded).path


def test_the_code_scanned_from_the_qr_activates_the_app(ref_kit, at_scan):
    (decoded,) = _decode(at_scan.qr_code_png)
    scanned_secret = parse_qs(urlsplit(decoded).query)["secret"][0]
    at_scan.next()
    at_scan.enter_code(ref_kit.rfc4226_code(scanned_secret, ref_kit.clock.now().timestamp()))
    assert at_scan.state == "recovery_codes"


def test_the_qr_code_is_the_same_at_step_three(at_scan):
    png = at_scan.qr_code_png
    at_scan.next()
    assert _decode(at_scan.qr_code_png) == _decode(png)


@pytest.mark.parametrize(
    "payload",
    ["otpauth://totp/A:b@c.d?secret=ABC", "plain text with spaces and ü", "x" * 500],
)
def test_qr_png_round_trips_any_payload(payload):
    assert _decode(qr.qr_png(payload)) == [payload]


def test_qr_png_is_black_and_white_with_three_pixels_a_module():
    """What the screen shows a phone: 1-bit, every module a 3x3 square of one colour, a white border."""
    payload = "otpauth://totp/Customer%20Area:ada@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    raw = barcode.to_image(scale=1, add_quiet_zones=True)
    width = raw.shape[1]
    grey = bytes(memoryview(raw))
    with Image.open(io.BytesIO(qr.qr_png(payload))) as image:
        assert image.mode == "1"
        side = width * qr.PIXELS_PER_MODULE
        assert image.size == (side, side)
        pixels = image.convert("L").load()
        for y in range(side):
            for x in range(side):
                module = grey[(y // qr.PIXELS_PER_MODULE) * width + x // qr.PIXELS_PER_MODULE]
                assert pixels[x, y] == (0 if module < 128 else 255), (x, y)
        assert all(pixels[x, 0] == 255 for x in range(side))  # the quiet zone is white
