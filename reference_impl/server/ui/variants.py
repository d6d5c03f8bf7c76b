"""The served reference with its UI drawn in another look: a visual defect for the kit's own tests.

The JSON API, test control and mail are the reference's; only the ``/ui``
pages change, so a browser run against it can fail nothing but the rule that
documents the look.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount

from ..running import BackgroundServer
from . import ui_routes
from .look import Look


def start_with_look(look: Look, smtp: tuple[str, int]) -> BackgroundServer:
    """A background reference server (test control on) whose pages are drawn in ``look``."""
    server = BackgroundServer.start(smtp=smtp, test_control=True)
    app = server.app
    assert isinstance(app, Starlette)
    # Routing reads the list per request: swapping the mount before the first request is enough.
    app.router.routes[:] = [
        *(route for route in app.router.routes if not (isinstance(route, Mount) and route.path == "/ui")),
        *ui_routes(server.state, look),
    ]
    return server
