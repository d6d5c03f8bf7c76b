"""The five method dialogs: opened from the Security page, shown as a modal ``<dialog>``, one form per button.

Each button posts to ``/ui/dialogs/<id>/<action>`` and lands back on the page
(Post/Redirect/Get); the served reference's dialog does the work, so the page
behaves exactly as the in-process driver and the JSON API. The page's own
knowledge is only what a front end knows: which dialog it opened, when it
last saw a code go out (the Request Code countdown, read from the server's
clock so the test clock moves it) and whether the user moved past the QR code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from harness.protocol import DialogKind, DialogView, Outcome, Prompt, Step
from reference_impl.context import RESEND_COUNTDOWN
from reference_impl.driver import ReferenceDialog

from ..errors import ApiError
from .pages_paths import SECURITY
from .render import Ui, form_of, redirect, refused
from .sessions import UiSession


@dataclass(frozen=True)
class ShownDialog:
    """What the template needs to draw one dialog at its current step."""

    id: str
    kind: DialogKind
    view: DialogView
    #: identity, qr, code, no_input or codes.
    stage: str
    #: Seconds until Request Code unlocks (0: unlocked); None when the step sends no email code.
    countdown: int | None


#: The buttons a dialog's forms post to, and what each asks the reference dialog to do.
ACTIONS: dict[str, Callable[[ReferenceDialog, DialogView, str], Outcome]] = {
    "continue": lambda d, view, text: d.confirm_identity(text, view.prompt or Prompt.PASSWORD),
    "request-code": lambda d, view, text: d.request_code(),
    "enter-code": lambda d, view, text: d.enter_code(text),
    "submit": lambda d, view, text: d.submit(),
    "regenerate": lambda d, view, text: d.regenerate(),
}


class Dialogs:
    def __init__(self, ui: Ui) -> None:
        self.ui = ui
        self.state = ui.state

    async def open(self, request: Request, session: UiSession) -> Response:
        form = await form_of(request)
        try:
            kind = DialogKind(str(form.get("kind", "")))
        except ValueError:
            return redirect(SECURITY)
        return await self._open(session, kind)

    async def open_recovery_codes(self, request: Request, session: UiSession) -> Response:
        """The View Recovery Codes link (a link, as the doc says: opening asks for a code, sends nothing)."""
        return await self._open(session, DialogKind.VIEW_RECOVERY_CODES)

    async def _open(self, session: UiSession, kind: DialogKind) -> Response:
        try:
            dialog_id, view = await run_in_threadpool(self.state.open_dialog, session.token, kind)
        except ApiError as error:
            return refused(self.ui, session, error, SECURITY)
        session.dialogs[dialog_id] = kind
        if view.prompt is Prompt.EMAIL_CODE:
            await self._code_sent(session, dialog_id)
        return redirect(f"{SECURITY}?dialog={dialog_id}")

    async def shown(self, session: UiSession, dialog_id: str) -> ShownDialog | None:
        """The dialog to draw, or None when it is not this browser's or no longer open."""
        kind = session.dialogs.get(dialog_id)
        if kind is None:
            return None
        try:
            view = await run_in_threadpool(self.state.view, session.token, dialog_id)
        except ApiError:
            view = DialogView(step=Step.CLOSED)
        if view.step is Step.CLOSED:
            self._forget(session, dialog_id)
            return None
        stage = {
            Step.IDENTITY_CONFIRMATION: "identity",
            Step.SCAN_QR_CODE: "code" if dialog_id in session.past_qr else "qr",
            Step.CODE_ENTRY: "code",
            Step.NO_INPUT: "no_input",
            Step.RECOVERY_CODES: "codes",
        }[view.step]
        countdown = await self._countdown(session, dialog_id) if view.prompt is Prompt.EMAIL_CODE else None
        return ShownDialog(dialog_id, kind, view, stage, countdown)

    async def act(self, request: Request, session: UiSession) -> Response:
        dialog_id, action = request.path_params["dialog_id"], request.path_params["action"]
        back = f"{SECURITY}?dialog={dialog_id}"
        if dialog_id not in session.dialogs:
            return redirect(SECURITY)
        if action == "close":
            try:
                await run_in_threadpool(self.state.close_dialog, session.token, dialog_id)
            except ApiError as error:
                return refused(self.ui, session, error, SECURITY)
            self._forget(session, dialog_id)
            return redirect(SECURITY)
        if action == "next":  # past the QR code: the page shows step 3 (the reference moves on with the code)
            session.past_qr.add(dialog_id)
            return redirect(back)
        press = ACTIONS.get(action)
        if press is None:
            return redirect(back)
        text = str((await form_of(request)).get("text", ""))
        try:
            before = await run_in_threadpool(self.state.view, session.token, dialog_id)
            after = await run_in_threadpool(
                self.state.act, session.token, dialog_id, lambda d: press(d, before, text)
            )
        except ApiError as error:
            return refused(self.ui, session, error, back)
        newly_asks_email = after.prompt is Prompt.EMAIL_CODE and (after.step, after.prompt) != (
            before.step,
            before.prompt,
        )
        if action == "request-code" or newly_asks_email:
            await self._code_sent(session, dialog_id)
        if after.step is Step.CLOSED:
            self._forget(session, dialog_id)
            return redirect(SECURITY)
        return redirect(back)

    async def text_file(self, request: Request, session: UiSession) -> Response:
        """Download as Text File: a real attachment the browser saves."""
        dialog_id = request.path_params["dialog_id"]
        try:
            file = await run_in_threadpool(self.state.text_file, session.token, dialog_id)
        except ApiError as error:
            return refused(self.ui, session, error, f"{SECURITY}?dialog={dialog_id}")
        name = PurePath(file.name).stem + self.ui.look.download_suffix
        disposition = f'attachment; filename="{name}"'
        return PlainTextResponse(file.content, headers={"Content-Disposition": disposition})

    async def countdown(self, request: Request, session: UiSession) -> Response:
        """Seconds until Request Code unlocks, on the server's clock (the page asks once a second)."""
        return JSONResponse({"remaining": await self._countdown(session, request.path_params["dialog_id"])})

    async def _countdown(self, session: UiSession, key: str) -> int:
        sent = session.code_sent_at.get(key)
        if sent is None or not self.ui.look.lock_request_code:
            return 0
        elapsed = (await run_in_threadpool(self.state.now)) - sent
        return max(0, math.ceil((RESEND_COUNTDOWN - elapsed).total_seconds()))

    async def _code_sent(self, session: UiSession, key: str) -> None:
        session.code_sent_at[key] = await run_in_threadpool(self.state.now)

    @staticmethod
    def _forget(session: UiSession, dialog_id: str) -> None:
        session.dialogs.pop(dialog_id, None)
        session.past_qr.discard(dialog_id)
        session.code_sent_at.pop(dialog_id, None)
