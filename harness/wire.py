"""The JSON shapes of spec/api/openapi.yaml, both ways: protocol values to JSON and back.

The served reference encodes with these and the HTTP driver decodes with
them, so the two ends cannot drift apart; a decoder raises ``WireError`` on
anything the contract does not allow (the driver turns it into BROKEN).
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any, TypeVar

from .protocol import DialogView, MethodStatus, Prompt, SecuritySection, Step

E = TypeVar("E", Prompt, Step)
#: The error reason that carries :class:`~harness.protocol.NotOffered` over the wire.
NOT_OFFERED = "not_offered"
Json = dict[str, Any]


class WireError(ValueError):
    """A response that does not match the contract."""


# -- encoding (server side) -------------------------------------------------------------------------
def section_json(section: SecuritySection) -> Json:
    return {
        "last_password_change": _iso(section.last_password_change),
        "email_code": _status_json(section.email_code),
        "authenticator_app": _status_json(section.authenticator_app),
    }


def _status_json(status: MethodStatus | None) -> Json | None:
    if status is None:
        return None
    return {
        "active": status.active,
        "activated_on": _iso(status.activated_on),
        "address": status.address,
        "action": status.action,
    }


def view_json(view: DialogView) -> Json:
    return {
        "step": view.step.value,
        "prompt": view.prompt.value if view.prompt else None,
        "alternatives": [prompt.value for prompt in view.alternatives],
        "qr_code_image": base64.b64encode(view.qr_code_image).decode("ascii") if view.qr_code_image else None,
        "manual_key": view.manual_key,
        "recovery_codes": list(view.recovery_codes) if view.recovery_codes is not None else None,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# -- decoding (driver side) -------------------------------------------------------------------------
def section_from(data: object) -> SecuritySection:
    body = _object(data, "SecuritySection")
    return SecuritySection(
        last_password_change=_date(body.get("last_password_change"), "last_password_change"),
        email_code=_status_from(body.get("email_code")),
        authenticator_app=_status_from(body.get("authenticator_app")),
    )


def _status_from(data: object) -> MethodStatus | None:
    if data is None:  # the page shows no block for this method
        return None
    body = _object(data, "MethodStatus")
    action = body.get("action")
    if action not in ("Enable", "Disable", None) or not isinstance(body.get("active"), bool):
        raise WireError(f"MethodStatus needs a boolean 'active' and 'action' Enable, Disable or null: {body}")
    address = body.get("address")
    if address is not None and not isinstance(address, str):
        raise WireError(f"MethodStatus.address must be a string or null, not {address!r}")
    return MethodStatus(
        active=body["active"],
        activated_on=_date(body.get("activated_on"), "activated_on"),
        address=address,
        action=action,
    )


def view_from(data: object) -> DialogView:
    body = _object(data, "DialogView")
    step = _member(Step, body.get("step"), "step")
    prompt = None if body.get("prompt") is None else _member(Prompt, body["prompt"], "prompt")
    alternatives = body.get("alternatives", [])
    if not isinstance(alternatives, list):
        raise WireError(f"alternatives must be a list of prompts, not {alternatives!r}")
    codes = body.get("recovery_codes")
    if codes is not None and not (isinstance(codes, list) and all(isinstance(c, str) for c in codes)):
        raise WireError(f"recovery_codes must be a list of strings or null, not {codes!r}")
    key = body.get("manual_key")
    if key is not None and not isinstance(key, str):
        raise WireError(f"manual_key must be a string or null, not {key!r}")
    return DialogView(
        step=step,
        prompt=prompt,
        alternatives=tuple(_member(Prompt, a, "alternatives") for a in alternatives),
        qr_code_image=_png(body.get("qr_code_image")),
        manual_key=key,
        recovery_codes=tuple(codes) if codes is not None else None,
    )


def _png(value: object) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise WireError(f"qr_code_image must be base64 text or null, not {type(value).__name__}")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WireError(f"qr_code_image is not valid base64: {exc}") from exc


def _object(data: object, what: str) -> Json:
    if not isinstance(data, dict):
        raise WireError(f"expected a {what} object, got {type(data).__name__}")
    return data


def _member(kind: type[E], value: object, field: str) -> E:
    try:
        return kind(value if isinstance(value, str) else repr(value))
    except ValueError:
        raise WireError(f"{field} {value!r} is not one of {[m.value for m in kind]}") from None


def _date(value: object, field: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise WireError(f"{field} must be an ISO date or null, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise WireError(f"{field} must be an ISO date (YYYY-MM-DD): {exc}") from exc
