"""Reading a request's body within two bounds: its size, and how long it may take to arrive.

A body that never ends would otherwise hold its connection and its task for ever (issue 17, finding
9: running.py bounds the request's head the same way); one that never stops growing, the memory.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from .errors import PAYLOAD_TOO_LARGE, REQUEST_TIMEOUT, ApiError

#: Seconds a client has to send a request's body once its head arrived; create_app may set another
#: (``app.state.body_timeout``), as the tests do.
BODY_TIMEOUT = 10.0


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body; ApiError 413 past ``limit`` bytes, 408 when it is not all there in time."""
    raw = bytearray()
    seconds: float = getattr(request.app.state, "body_timeout", BODY_TIMEOUT)
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                raw += chunk
                if len(raw) > limit:
                    raise ApiError(PAYLOAD_TOO_LARGE, f"bodies are limited to {limit} bytes")
    except TimeoutError:
        raise ApiError(REQUEST_TIMEOUT, f"the body did not arrive within {seconds:g} s") from None
    return bytes(raw)
