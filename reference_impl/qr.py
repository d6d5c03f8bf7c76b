"""The QR code shown in step 2 of enabling the authenticator app."""

from __future__ import annotations

import io

import segno


def qr_png(payload: str) -> bytes:
    """A PNG image of a QR code that encodes exactly ``payload``."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=5, border=4)
    return buffer.getvalue()
