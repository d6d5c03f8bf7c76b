"""The harness's authenticator app: it scans the QR image as a phone would.

TOTP codes in scenarios never come from the implementation: the QR code is
decoded with zxing-cpp, its ``otpauth://`` URI parsed by pyotp, and codes are
computed at the driver's clock time, exactly as Google Authenticator would.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pyotp
import zxingcpp
from PIL import Image


class NotAnAuthenticatorLink(ValueError):
    """The QR code or key cannot be added to an authenticator app."""


def decode_qr(png: bytes) -> str:
    """The text of the single QR code in ``png``."""
    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except Exception as exc:
        raise NotAnAuthenticatorLink(f"the QR code is not a readable image ({exc})") from exc
    found = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    if len(found) != 1:
        raise NotAnAuthenticatorLink(f"expected one QR code in the image, found {len(found)}")
    return str(found[0])


@dataclass(frozen=True)
class Authenticator:
    """One account added to an authenticator app."""

    totp: pyotp.TOTP
    uri: str | None = None

    @classmethod
    def scan(cls, png: bytes) -> Authenticator:
        uri = decode_qr(png)
        parsed = urlparse(uri)
        if parsed.scheme != "otpauth" or parsed.netloc != "totp":
            raise NotAnAuthenticatorLink(f"the QR code holds {uri[:60]!r}, not an otpauth://totp/ link")
        try:
            otp = pyotp.parse_uri(uri)
            if not isinstance(otp, pyotp.TOTP):
                raise NotAnAuthenticatorLink(
                    "the QR code sets up a counter-based (HOTP) code, not a TOTP one"
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
            otp = pyotp.TOTP(key)
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
        return str(self.totp.at(step * self.period))
