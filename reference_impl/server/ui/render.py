"""Templates and the request plumbing every UI endpoint shares: session, CSRF, refusals, redirects."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from harness.drivers.browser.vocabulary import DEFAULT, Vocabulary
from harness.protocol import Reason

from ..bodies import read_body
from ..errors import ApiError
from ..state import ServedReference
from .look import Look
from .sessions import UiSession, UiSessions, csrf_ok, set_cookie

TEMPLATES = Path(__file__).parent / "templates"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(), auto_reload=False)
_ENV.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
#: Answers that mean "this browser has no live session": the page to show is the sign-in page.
SIGNED_OUT = {"unauthorized", Reason.NOT_SIGNED_IN.value}


Hold = Callable[[], Awaitable[None]]


async def no_hold() -> None:
    """Under test control nothing waits: the clock moves only when told."""


class Ui:
    """What every endpoint needs: the served reference, the sessions, the look and the words."""

    def __init__(
        self, state: ServedReference, look: Look, words: Vocabulary = DEFAULT, hold: Hold = no_hold
    ) -> None:
        self.state = state
        self.look = look
        self.words = words
        self.sessions = UiSessions()
        #: How an answer refusing a throttled guess waits first (the JSON API's tarpit, app.py).
        self.hold = hold

    def page(self, request: Request, session: UiSession, template: str, **context: Any) -> HTMLResponse:
        html = _ENV.get_template(template).render(
            words=self.words, look=self.look, csrf=session.csrf, flash=session.take_flash(), **context
        )
        return HTMLResponse(html)

    def message(self, error: ApiError) -> str:
        """The alert for a refusal: the vocabulary's phrase for its reason, then the product's detail."""
        reason = Reason(error.reason) if error.reason in set(Reason) else Reason.OTHER
        return f"{self.words.refusals[reason]} {error.detail}".strip()


#: A form of this UI is a few hundred bytes; far more is not one of its forms.
MAX_FORM_BYTES = 16 * 1024


async def form_of(request: Request) -> dict[str, str]:
    """The urlencoded form (first value per name), read once and kept; oversized or other bodies are empty."""
    cached: dict[str, str] | None = getattr(request.state, "form", None)
    if cached is not None:
        return cached
    form: dict[str, str] = {}
    declared = int(request.headers.get("content-length") or 0)
    body = await read_body(request, MAX_FORM_BYTES) if declared <= MAX_FORM_BYTES else b""
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        form = {name: values[0] for name, values in parsed.items()}
    request.state.form = form
    return form


Handler = Callable[[Request, UiSession], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


def endpoint(ui: Ui, handler: Handler, *, post: bool = False) -> Endpoint:
    """Session cookie on every answer; a POST needs the session's CSRF token or nothing happens."""

    async def run(request: Request) -> Response:
        sid, session = ui.sessions.of(request)
        if post:
            form = await form_of(request)
            if not csrf_ok(session, form.get("csrf_token")):
                response: Response = HTMLResponse("This form has expired: reload the page.", status_code=403)
                set_cookie(response, request, sid)
                return response
        response = await handler(request, session)
        if session.throttled:
            session.throttled = False
            await ui.hold()
        set_cookie(response, request, sid)
        return response

    return run


def redirect(url: str) -> Response:
    """Post/Redirect/Get: a reload never sends a form twice."""
    return RedirectResponse(url, status_code=303)


def refused(ui: Ui, session: UiSession, error: ApiError, back_to: str) -> Response:
    """Show the refusal on the next page; a session that ended goes back to the sign-in page."""
    session.flash = ui.message(error)
    session.throttled = error.reason == Reason.TOO_MANY_ATTEMPTS
    if error.reason in SIGNED_OUT:
        return redirect(ui.words.sign_in_path)
    return redirect(back_to)
