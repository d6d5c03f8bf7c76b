"""Browser sessions of the UI: one random id in a cookie, everything else kept on the server.

The cookie carries only a random session id (HttpOnly, SameSite=Strict, and
Secure whenever the page is served over https — over loopback http a browser
would drop a Secure cookie, so it is left off there; docs/ui.md says so). The
served reference's device token never reaches the browser. Every form carries
the session's CSRF token (synchronizer pattern) and a POST without the right
one changes nothing.
"""

from __future__ import annotations

import hmac
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from harness.protocol import DialogKind, Method

COOKIE = "security_ui_session"
#: Enough for any test run; the oldest session is forgotten first (a browser then starts over).
MAX_SESSIONS = 4096


@dataclass
class UiSession:
    """What one browser's pages need between requests."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    #: The served reference's device token, once this browser entered a password.
    token: str | None = None
    #: The methods the sign-in page offers after the password, and the one picked.
    offered: tuple[Method, ...] = ()
    chosen: Method | None = None
    #: When the last email code was sent, by dialog id ("sign-in" for the sign-in page): the countdown.
    code_sent_at: dict[str, datetime] = field(default_factory=dict)
    #: The dialogs this browser opened, by id, and those whose QR step the user moved past.
    dialogs: dict[str, DialogKind] = field(default_factory=dict)
    past_qr: set[str] = field(default_factory=set)
    #: A message for the next page shown (Post/Redirect/Get), then forgotten.
    flash: str | None = None
    #: The answer being made refuses a guess while its wait runs: it is held first (Ui.hold).
    throttled: bool = False

    def take_flash(self) -> str | None:
        message, self.flash = self.flash, None
        return message


class UiSessions:
    """Sessions by id, least recently used forgotten first past MAX_SESSIONS."""

    def __init__(self) -> None:
        self._sessions: OrderedDict[str, UiSession] = OrderedDict()

    def of(self, request: Request) -> tuple[str, UiSession]:
        """The request's session (a new one when its cookie is missing or forgotten)."""
        sid = request.cookies.get(COOKIE, "")
        session = self._sessions.get(sid)
        if session is None:
            sid, session = secrets.token_urlsafe(32), UiSession()
            self._sessions[sid] = session
            while len(self._sessions) > MAX_SESSIONS:
                self._sessions.popitem(last=False)
        self._sessions.move_to_end(sid)
        return sid, session


def csrf_ok(session: UiSession, submitted: object) -> bool:
    return isinstance(submitted, str) and hmac.compare_digest(session.csrf, submitted)


def set_cookie(response: Response, request: Request, sid: str) -> None:
    response.set_cookie(
        COOKIE,
        sid,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
