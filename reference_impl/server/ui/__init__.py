"""The reference's web UI: Settings → Security and sign-in as the documentation describes them.

Served by ``conformance serve`` under ``/ui`` next to the JSON API, over the
same served reference, so a page does exactly what the API and the in-process
driver do. Server-rendered (Jinja2), one small script for the modal dialogs
and the countdown, nothing fetched from elsewhere. docs/ui.md shows every
screen; ``harness.drivers.browser`` drives it.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ..state import ServedReference
from .dialogs import Dialogs
from .look import DOCUMENTED, Look
from .pages import Pages
from .pages_paths import SECURITY
from .render import Handler, Hold, Ui, endpoint, no_hold, redirect
from .sessions import UiSession

__all__ = ["DOCUMENTED", "Look", "ui_routes"]


def ui_routes(state: ServedReference, look: Look = DOCUMENTED, hold: Hold = no_hold) -> list[BaseRoute]:
    """The ``/ui`` mount: pages, dialog buttons and the static script and style; ``hold`` is how an
    answer refusing a throttled guess waits first (none by default)."""
    ui = Ui(state, look, hold=hold)
    dialogs = Dialogs(ui)
    pages = Pages(ui, dialogs)

    def get(path: str, handler: Handler) -> Route:
        return Route(path, endpoint(ui, handler), methods=["GET"])

    def post(path: str, handler: Handler) -> Route:
        return Route(path, endpoint(ui, handler, post=True), methods=["POST"])

    async def home(request: Request, session: UiSession) -> Response:
        return redirect(SECURITY)

    routes = [
        get("/", home),
        get("/accounts/new", pages.new_account),
        post("/accounts/new", pages.create_account),
        get("/sign-in", pages.sign_in_page),
        post("/sign-in", pages.sign_in),
        get("/sign-in/method", pages.method_page),
        post("/sign-in/method", pages.choose_method),
        get("/sign-in/code", pages.code_page),
        post("/sign-in/code", pages.enter_code),
        post("/sign-out", pages.sign_out),
        get("/security", pages.security),
        post("/security/password", pages.change_password),
        get("/security/recovery-codes", dialogs.open_recovery_codes),
        post("/dialogs", dialogs.open),
        get("/dialogs/{dialog_id}/countdown", dialogs.countdown),
        post("/dialogs/{dialog_id}/text-file", dialogs.text_file),
        post("/dialogs/{dialog_id}/{action}", dialogs.act),
        Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="ui-static"),
    ]
    return [Mount("/ui", routes=routes)]
