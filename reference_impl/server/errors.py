"""Error bodies: one machine-readable ``reason`` per error, each with one HTTP status."""

from __future__ import annotations

from harness.protocol import Outcome, Reason
from harness.wire import NOT_OFFERED

#: Reasons outside the driver protocol: the request, not the product's rules, is at fault.
MALFORMED_REQUEST = "malformed_request"
UNAUTHORIZED = "unauthorized"
NOT_FOUND = "not_found"
METHOD_NOT_ALLOWED = "method_not_allowed"
PAYLOAD_TOO_LARGE = "payload_too_large"
REQUEST_TIMEOUT = "request_timeout"
UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
ACCOUNT_EXISTS = "account_exists"

MAIL_FAILED = "mail_failed"
INTERNAL_ERROR = "internal_error"

STATUS: dict[str, int] = {
    Reason.WRONG_PASSWORD: 422,
    Reason.WRONG_CODE: 422,
    Reason.PASSWORD_MISMATCH: 422,
    Reason.PASSWORD_POLICY: 422,
    Reason.INVALID_INPUT: 422,
    Reason.OTHER: 422,
    Reason.COUNTDOWN_RUNNING: 429,
    Reason.TOO_MANY_ATTEMPTS: 429,
    Reason.NOT_AVAILABLE: 409,
    Reason.NOT_SIGNED_IN: 401,
    MALFORMED_REQUEST: 400,
    UNAUTHORIZED: 401,
    NOT_FOUND: 404,
    METHOD_NOT_ALLOWED: 405,
    PAYLOAD_TOO_LARGE: 413,
    REQUEST_TIMEOUT: 408,
    UNSUPPORTED_MEDIA_TYPE: 415,
    ACCOUNT_EXISTS: 409,
    NOT_OFFERED: 404,
    MAIL_FAILED: 503,
    INTERNAL_ERROR: 500,
}


class ApiError(Exception):
    """Answered as ``{"reason", "detail"}`` with the reason's status; raised before any state changes."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail

    @property
    def status(self) -> int:
        return STATUS[self.reason]

    @classmethod
    def refused(cls, outcome: Outcome) -> ApiError:
        return cls(outcome.reason or Reason.OTHER, outcome.detail)


def malformed(detail: str) -> ApiError:
    return ApiError(MALFORMED_REQUEST, detail)
