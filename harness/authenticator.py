"""The harness's authenticator app: it scans the QR image as a phone would.

TOTP codes in scenarios never come from the implementation: the QR code is
decoded with zxing-cpp, its ``otpauth://`` URI parsed by pyotp, and codes are
computed at the driver's clock time, exactly as Google Authenticator would.
Products show the QR code as a raster image (PNG, or anything Pillow reads) or
as SVG; the format is told from the bytes, and SVG is rendered with resvg (a
self-contained wheel, no system library) before it is decoded.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pyotp
import resvg_py
import zxingcpp
from PIL import Image


class NotAnAuthenticatorLink(AssertionError):
    """The QR code or key cannot be added to an authenticator app: APP-04/05 broken, so FAILED, not BROKEN."""


class AppTOTP(pyotp.TOTP):
    """TOTP as authenticator apps compute it: they take secrets from 80 bits up (RFC 4226 §4's floor).

    pyotp refuses secrets under 112 bits by default. That is a fine policy for
    a server, but the harness plays the phone, and a product whose secret is
    short must FAIL the hardening rule HRD-03, not BREAK every app scenario.
    """

    min_secret_length_bits = 80
    _decoded: bytes | None = None

    def byte_secret(self) -> bytes:
        """Decoded once: a made-up wrong code looks at 241 time steps, each of which decoded it again."""
        if self._decoded is None:
            self._decoded = super().byte_secret()
        return self._decoded


#: Stands in for the secret while pyotp parses the rest of the link (it checks secret length there too).
_PLACEHOLDER_SECRET = "A" * 32


_QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


#: An SVG document: optional XML declaration, comments or doctype, then an ``<svg`` root element.
_SVG_ROOT = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.DOTALL)
#: Pixels across an SVG is rendered at: 8 or more per module up to a version-10 QR code.
SVG_RENDER_WIDTH = 600


def is_svg(image: bytes) -> bool:
    """Is ``image`` an SVG document (told by content, as a browser sniffs it, not by a name)?"""
    return bool(_SVG_ROOT.match(image.removeprefix(b"\xef\xbb\xbf")[:4096]))


def decode_qr(image: bytes) -> str:
    """The text of the single QR code in ``image``: PNG (or another raster format) or SVG bytes."""
    try:
        raster = Image.open(io.BytesIO(_svg_to_png(image) if is_svg(image) else image))
        raster.load()
    except Exception as exc:
        raise NotAnAuthenticatorLink(f"the QR code is not a readable image ({exc})") from exc
    # Asking for QR codes only keeps rotation, scaling and inversion tolerance at a tenth of the cost.
    found = [r.text for r in zxingcpp.read_barcodes(raster, formats=_QR_ONLY)]
    if len(found) != 1:
        raise NotAnAuthenticatorLink(f"expected one QR code in the image, found {len(found)}")
    return str(found[0])


def _svg_to_png(svg: bytes) -> bytes:
    """The SVG drawn on white, as a phone camera sees it on the page (transparent is not black)."""
    return resvg_py.svg_to_bytes(
        svg_string=svg.decode(
            "utf-8-sig"
        ).lstrip(),  # as is_svg: a BOM or a blank line before it is no matter
        background="#ffffff",
        width=SVG_RENDER_WIDTH,
        skip_system_fonts=True,  # a QR code has no text; loading fonts would dominate the time
    )


@dataclass(frozen=True)
class Authenticator:
    """One account added to an authenticator app."""

    totp: pyotp.TOTP
    uri: str | None = None
    _codes: dict[int, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def scan(cls, image: bytes) -> Authenticator:
        """Add the account by scanning the QR code in ``image`` (PNG or SVG bytes)."""
        uri = decode_qr(image)
        parsed = urlparse(uri)
        if parsed.scheme != "otpauth" or parsed.netloc != "totp":
            raise NotAnAuthenticatorLink(f"the QR code holds {uri[:60]!r}, not an otpauth://totp/ link")
        try:
            secret = parse_qs(parsed.query).get("secret", [""])[0]
            shape = pyotp.parse_uri(uri.replace(f"secret={secret}", f"secret={_PLACEHOLDER_SECRET}", 1))
            if not isinstance(shape, pyotp.TOTP):
                raise NotAnAuthenticatorLink(
                    "the QR code sets up a counter-based (HOTP) code, not a TOTP one"
                )
            otp = AppTOTP(
                secret,
                digits=shape.digits,
                digest=shape.digest,
                name=shape.name,
                issuer=shape.issuer,
                interval=shape.interval,
            )
            otp.now()  # a malformed secret fails here, not later
        except NotAnAuthenticatorLink:
            raise
        except Exception as exc:
            raise NotAnAuthenticatorLink(f"authenticator apps cannot read {uri[:80]!r}: {exc}") from exc
        return cls(totp=otp, uri=uri)

    @classmethod
    def type_in(cls, manual_key: str) -> Authenticator:
        """Add the account by typing the key: authenticator apps assume SHA1, 6 digits, 30 s."""
        key = "".join(manual_key.replace("-", " ").split()).upper()  # apps ignore spaces and hyphens
        try:
            otp = AppTOTP(key)
            otp.now()
        except Exception as exc:
            raise NotAnAuthenticatorLink(
                f"an authenticator app cannot use the key {manual_key!r}: {exc}"
            ) from exc
        return cls(totp=otp)

    @property
    def secret(self) -> str:
        return str(self.totp.secret).upper().rstrip("=")

    @property
    def digits(self) -> int:
        return int(self.totp.digits)

    @property
    def period(self) -> int:
        return int(self.totp.interval)

    @property
    def uri_parameters(self) -> dict[str, str]:
        if self.uri is None:
            return {}
        return {k: v[0] for k, v in parse_qs(urlparse(self.uri).query).items()}

    def step(self, when: datetime) -> int:
        return int(when.timestamp()) // self.period

    def code_at(self, when: datetime) -> str:
        return str(self.totp.at(int(when.timestamp())))

    def code_at_step(self, step: int) -> str:
        """The code of one 30-second step; remembered, since wrong codes are chosen outside an
        hour's worth of them (a pure function of the secret and the step, so never stale)."""
        known = self._codes.get(step)
        if known is None:
            known = self._codes[step] = str(self.totp.at(step * self.period))
        return known
