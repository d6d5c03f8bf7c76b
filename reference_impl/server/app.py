"""The Starlette application: parse and check the request, call the served reference, answer JSON.

Everything a client can get wrong ends as a 4xx JSON error before the
reference is touched: bodies over 64 KiB, malformed JSON, a field missing or
of the wrong type, an unknown token or dialog id.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from harness.protocol import DialogKind, Method, NotOffered, Outcome, Prompt, Reason
from harness.wire import NOT_OFFERED, section_json, view_json
from reference_impl.driver import ReferenceDialog

from .bodies import BODY_TIMEOUT, read_body
from .errors import (
    INTERNAL_ERROR,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    PAYLOAD_TOO_LARGE,
    REQUEST_TIMEOUT,
    STATUS,
    UNAUTHORIZED,
    UNSUPPORTED_MEDIA_TYPE,
    ApiError,
    malformed,
)
from .state import ServedReference
from .ui import ui_routes

#: Far above any legitimate request (a few hundred bytes), far below what could hurt the server.
MAX_BODY_BYTES = 64 * 1024
#: On a real clock a throttled guess is answered only after this long (a tarpit): a flood of guesses
#: then waits on its own connections instead of queueing in front of everyone else's requests
#: (issue 17, finding 5). Under test control the clock moves only when told: nothing to wait for.
THROTTLED_ANSWER_DELAY = 1.0
E = TypeVar("E", bound=StrEnum)
Pause = Callable[[float], Awaitable[None]]
Endpoint = Callable[[Request], Awaitable[Response]]


def create_app(
    state: ServedReference,
    pause: Pause = asyncio.sleep,
    throttled_delay: float | None = None,
    body_timeout: float = BODY_TIMEOUT,
) -> Starlette:
    """The contract's routes over ``state``; test-control routes only when it has test control.

    ``throttled_delay`` defaults to ``THROTTLED_ANSWER_DELAY`` on a real clock and to none under test
    control; ``pause`` is how the answer waits (a test passes its own).
    """
    if throttled_delay is None:
        throttled_delay = 0.0 if state.test_control else THROTTLED_ANSWER_DELAY
    delay: float = throttled_delay

    async def hold() -> None:
        """How an answer refusing a throttled guess waits first: in the JSON API and in the UI alike."""
        if delay > 0:
            await pause(delay)

    endpoints = _Endpoints(state)
    routes: list[BaseRoute] = [
        Route("/accounts", endpoints.create_account, methods=["POST"]),
        Route("/sign-in", endpoints.sign_in, methods=["POST"]),
        Route("/sign-in/method", endpoints.choose_method, methods=["POST"]),
        Route("/sign-in/code", endpoints.enter_sign_in_code, methods=["POST"]),
        Route("/session", endpoints.session, methods=["GET", "DELETE"]),
        Route("/security", endpoints.security_section, methods=["GET"]),
        Route("/security/password", endpoints.change_password, methods=["POST"]),
        Route("/dialogs", endpoints.open_dialog, methods=["POST"]),
        Route("/dialogs/{dialog_id}", endpoints.dialog, methods=["GET", "DELETE"]),
        Route("/dialogs/{dialog_id}/text-file", endpoints.text_file, methods=["GET"]),
        *(
            Route(f"/dialogs/{{dialog_id}}/{name}", endpoints.dialog_action(action), methods=["POST"])
            for name, action in DIALOG_ACTIONS.items()
        ),
    ]
    routes += ui_routes(state, hold=hold)  # the web UI (reference_impl/server/ui), next to the JSON API
    if state.test_control:
        routes += [
            Route("/test-control/reset", endpoints.reset, methods=["POST"]),
            Route("/test-control/clock", endpoints.clock, methods=["GET", "PUT"]),
            Route("/test-control/clock/advance", endpoints.advance_clock, methods=["POST"]),
        ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(NoStore)],
        exception_handlers={
            ApiError: _api_error_answer(hold),
            NotOffered: _not_offered,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
    )
    app.state.body_timeout = body_timeout
    return app


#: Dialog buttons by path segment; each takes the request body (possibly empty) and acts.
DIALOG_ACTIONS: dict[str, Callable[[ReferenceDialog, dict[str, Any]], Outcome]] = {
    "confirm-identity": lambda dialog, body: dialog.confirm_identity(text(body, "answer"), prompt(body)),
    "submit": lambda dialog, body: dialog.submit(),
    "request-code": lambda dialog, body: dialog.request_code(),
    "enter-code": lambda dialog, body: dialog.enter_code(text(body, "code")),
    "regenerate": lambda dialog, body: dialog.regenerate(),
}


class _Endpoints:
    def __init__(self, state: ServedReference) -> None:
        self.state = state

    async def create_account(self, request: Request) -> Response:
        body = await json_body(request)
        await run_in_threadpool(self.state.create_account, text(body, "email"), text(body, "password"))
        return accepted(201)

    async def sign_in(self, request: Request) -> Response:
        body = await json_body(request)
        token, result = await run_in_threadpool(
            self.state.sign_in, bearer(request), text(body, "email"), text(body, "password")
        )
        offered = sorted(method.value for method in result.offered_methods)
        return JSONResponse({"token": token, "signed_in": result.signed_in, "offered_methods": offered})

    async def choose_method(self, request: Request) -> Response:
        body = await json_body(request)
        method = member(Method, body, "method")
        await run_in_threadpool(self.state.choose_sign_in_method, bearer(request), method)
        return accepted()

    async def enter_sign_in_code(self, request: Request) -> Response:
        body = await json_body(request)
        await run_in_threadpool(self.state.enter_sign_in_code, bearer(request), text(body, "code"))
        return accepted()

    async def session(self, request: Request) -> Response:
        if request.method == "DELETE":
            await run_in_threadpool(self.state.sign_out, bearer(request))
            return Response(status_code=204)
        signed_in = await run_in_threadpool(self.state.is_signed_in, bearer(request))
        return JSONResponse({"signed_in": signed_in})

    async def security_section(self, request: Request) -> Response:
        section = await run_in_threadpool(self.state.security_section, bearer(request))
        return JSONResponse(section_json(section))

    async def change_password(self, request: Request) -> Response:
        body = await json_body(request)
        fields = (text(body, "current"), text(body, "new"), text(body, "repeat"))
        await run_in_threadpool(self.state.change_password, bearer(request), *fields)
        return accepted()

    async def open_dialog(self, request: Request) -> Response:
        body = await json_body(request)
        kind = member(DialogKind, body, "kind")
        dialog_id, view = await run_in_threadpool(self.state.open_dialog, bearer(request), kind)
        return JSONResponse({"id": dialog_id, "kind": kind.value, "view": view_json(view)}, status_code=201)

    async def dialog(self, request: Request) -> Response:
        dialog_id = request.path_params["dialog_id"]
        if request.method == "DELETE":
            await run_in_threadpool(self.state.close_dialog, bearer(request), dialog_id)
            return Response(status_code=204)
        view = await run_in_threadpool(self.state.view, bearer(request), dialog_id)
        return JSONResponse(view_json(view))

    def dialog_action(self, action: Callable[[ReferenceDialog, dict[str, Any]], Outcome]) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            body = await json_body(request, optional=True)
            view = await run_in_threadpool(
                self.state.act, bearer(request), request.path_params["dialog_id"], lambda d: action(d, body)
            )
            return JSONResponse(view_json(view))

        return endpoint

    async def text_file(self, request: Request) -> Response:
        file = await run_in_threadpool(
            self.state.text_file, bearer(request), request.path_params["dialog_id"]
        )
        disposition = f'attachment; filename="{file.name}"'
        return PlainTextResponse(file.content, headers={"Content-Disposition": disposition})

    async def reset(self, request: Request) -> Response:
        await run_in_threadpool(self.state.reset)
        return Response(status_code=204)

    async def clock(self, request: Request) -> Response:
        if request.method == "PUT":
            when = timestamp(await json_body(request), "now")
            return clock_json(await run_in_threadpool(self.state.move_clock, lambda c: c.set(when)))
        return clock_json(await run_in_threadpool(self.state.now))

    async def advance_clock(self, request: Request) -> Response:
        body = await json_body(request)
        seconds = body.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise malformed("'seconds' must be a number")
        return clock_json(await run_in_threadpool(self.state.move_clock, lambda c: c.advance(seconds)))


# -- requests ----------------------------------------------------------------------------------------
async def json_body(request: Request, optional: bool = False) -> dict[str, Any]:
    """The body as a JSON object, read no further than MAX_BODY_BYTES; empty is ``{}`` if ``optional``."""
    declared = request.headers.get("content-length")
    if declared not in (None, "0") or "transfer-encoding" in request.headers:
        media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media_type != "application/json":
            raise ApiError(UNSUPPORTED_MEDIA_TYPE, "send the body as Content-Type: application/json")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        raise ApiError(PAYLOAD_TOO_LARGE, f"bodies are limited to {MAX_BODY_BYTES} bytes")
    raw = await read_body(request, MAX_BODY_BYTES)
    if optional and not raw.strip():
        return {}
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise malformed(f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise malformed(f"the body must be a JSON object, not {type(data).__name__}")
    return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def text(body: dict[str, Any], field: str) -> str:
    value = body.get(field)
    if not isinstance(value, str):
        raise malformed(f"{field!r} must be a string")
    return value


def member(kind: type[E], body: dict[str, Any], field: str) -> E:
    try:
        return kind(text(body, field))
    except (ValueError, ApiError):
        raise malformed(f"{field!r} must be one of {[m.value for m in kind]}") from None


def prompt(body: dict[str, Any]) -> Prompt:
    """The proof being answered; 2.0 clients name it, so a step's alternatives can be chosen."""
    return member(Prompt, body, "prompt")


def timestamp(body: dict[str, Any], field: str) -> datetime:
    try:
        return datetime.fromisoformat(text(body, field))
    except ValueError as exc:
        raise malformed(f"{field!r} must be an ISO 8601 date-time: {exc}") from None


def bearer(request: Request) -> str | None:
    """The bearer token, None without an Authorization header; any other scheme is refused."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'")
    return token.strip()


# -- responses ---------------------------------------------------------------------------------------
def accepted(status: int = 200) -> Response:
    return JSONResponse({"accepted": True}, status_code=status)


def clock_json(now: datetime) -> Response:
    return JSONResponse({"now": now.isoformat()})


def error(reason: str, detail: str, status: int) -> Response:
    return JSONResponse({"reason": reason, "detail": detail}, status_code=status)


def _api_error_answer(
    hold: Callable[[], Awaitable[None]],
) -> Callable[[Request, Exception], Awaitable[Response]]:
    """The error's JSON answer; a guess refused while its wait runs is held first (``hold``),
    asynchronously, so it costs no thread and no lock while it waits."""

    async def answer(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        if exc.reason == Reason.TOO_MANY_ATTEMPTS:
            await hold()
        response = error(exc.reason, exc.detail, exc.status)
        if exc.reason == REQUEST_TIMEOUT:  # the rest of the body may still come: end the connection
            response.headers["connection"] = "close"
        return response

    return answer

    return answer


async def _not_offered(request: Request, exc: Exception) -> Response:
    """The product has no such button, field or page: the contract's ``not_offered`` answer."""
    assert isinstance(exc, NotOffered)
    return error(NOT_OFFERED, exc.what, STATUS[NOT_OFFERED])


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no such route, wrong method) in the contract's shape."""
    assert isinstance(exc, HTTPException)
    reasons = {404: NOT_FOUND, 405: METHOD_NOT_ALLOWED}
    answer = error(reasons.get(exc.status_code, "malformed_request"), str(exc.detail), exc.status_code)
    answer.headers.update(exc.headers or {})  # 405 names the methods the path has in Allow (RFC 9110)
    return answer


class NoStore:
    """``Cache-Control: no-store`` on every response: some carry a TOTP secret or recovery codes
    (OWASP ASVS 5.0 V14), and marking all of them leaves no answer to forget."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, send_no_store)


async def _internal_error(request: Request, exc: Exception) -> Response:
    return error(INTERNAL_ERROR, f"{type(exc).__name__}: the server failed", 500)
