"""The harness's phone: it reads real QR images and computes RFC 6238 codes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pyotp
import pytest
import segno

from harness.authenticator import Authenticator, NotAnAuthenticatorLink, decode_qr, is_svg

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4)
    return buffer.getvalue()


def test_scanning_a_qr_code_gives_the_codes_of_its_uri() -> None:
    uri = pyotp.TOTP(SECRET).provisioning_uri(name="alice@example.com", issuer_name="Acme")
    app = Authenticator.scan(_png(uri))
    when = datetime(2026, 5, 1, 12, 0, 7, tzinfo=UTC)
    assert app.secret == SECRET
    assert app.code_at(when) == pyotp.TOTP(SECRET).at(when)
    assert (app.digits, app.period) == (6, 30)


def _svg(text: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", **options)
    return buffer.getvalue()


URI = pyotp.TOTP(SECRET).provisioning_uri(name="alice@example.com", issuer_name="Acme")


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(_png(URI), id="png"),
        pytest.param(_svg(URI, scale=4), id="svg"),
        # One unit per module and no size but a viewBox, as pages often inline it; no XML declaration.
        pytest.param(_svg(URI, omitsize=True, xmldecl=False), id="svg-viewbox-only"),
        pytest.param(b"\xef\xbb\xbf\n  " + _svg(URI, dark="#1a2b3c", light=None), id="svg-bom-transparent"),
    ],
)
def test_the_qr_code_scans_as_png_and_as_svg(image: bytes) -> None:
    assert Authenticator.scan(image).secret == SECRET


def test_the_format_is_told_by_content_not_name() -> None:
    assert is_svg(_svg(URI)) and is_svg(b'<!-- QR -->\n<svg viewBox="0 0 1 1"></svg>')
    assert not is_svg(_png(URI)) and not is_svg(b"<html><svg></svg></html>")


@pytest.mark.parametrize(
    "image",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/></svg>',
        b"<svg xmlns='http://www.w3.org/2000/svg'><text>not closed",
        b"<svg \xff\xfe not utf-8>",
    ],
    ids=["no-qr-code", "malformed", "not-utf-8"],
)
def test_an_svg_that_is_no_qr_code_is_the_products_deviation_not_a_crash(image: bytes) -> None:
    with pytest.raises(NotAnAuthenticatorLink):  # an AssertionError: APP-04 FAILED, not BROKEN
        Authenticator.scan(image)


def test_uri_parameters_are_honoured() -> None:
    uri = f"otpauth://totp/Acme:bob?secret={SECRET}&digits=8&period=60&algorithm=SHA256"
    app = Authenticator.scan(_png(uri))
    assert (app.digits, app.period) == (8, 60)
    assert len(app.code_at(datetime(2026, 1, 1, tzinfo=UTC))) == 8


@pytest.mark.parametrize(
    "payload",
    [
        "https://example.com/not-otp",
        "otpauth://hotp/Acme:bob?secret=" + SECRET + "&counter=1",
        "otpauth://totp/x?secret=!!",
    ],
)
def test_things_an_authenticator_app_would_refuse(payload: str) -> None:
    with pytest.raises(NotAnAuthenticatorLink):
        Authenticator.scan(_png(payload))


def test_an_image_without_a_qr_code_is_refused() -> None:
    with pytest.raises(NotAnAuthenticatorLink):
        decode_qr(b"not an image")


def test_typed_keys_ignore_spaces_and_case() -> None:
    assert Authenticator.type_in("jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp").secret == SECRET


def test_typed_keys_ignore_hyphens() -> None:
    assert Authenticator.type_in("JBSW-Y3DP-EHPK-3PXP-JBSW-Y3DP-EHPK-3PXP").secret == SECRET


#: 80 bits: short, but every authenticator app takes it; HRD-03 judges the length, not the phone.
SHORT_SECRET = "JBSWY3DPEHPK3PXP"


def test_an_80_bit_secret_still_scans_and_types_in_as_an_app_would() -> None:
    uri = f"otpauth://totp/Acme:bob?secret={SHORT_SECRET}&issuer=Acme"
    when = datetime(2026, 5, 1, 12, 0, 7, tzinfo=UTC)
    scanned, typed = Authenticator.scan(_png(uri)), Authenticator.type_in(SHORT_SECRET)
    assert scanned.secret == typed.secret == SHORT_SECRET
    assert scanned.code_at(when) == typed.code_at(when)


def test_a_secret_under_80_bits_is_refused() -> None:
    with pytest.raises(NotAnAuthenticatorLink):
        Authenticator.scan(_png("otpauth://totp/Acme:bob?secret=JBSWY3DPEHPK3P"))
