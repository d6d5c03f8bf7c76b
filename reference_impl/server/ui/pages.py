"""The pages: create an account, sign in (password, method choice, code), Settings → Security."""

from __future__ import annotations

import contextlib

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from harness.protocol import DialogKind, Method, Prompt, Reason

from ..errors import ApiError
from .dialogs import Dialogs
from .pages_paths import NEW_ACCOUNT, SECURITY, SIGN_IN
from .render import Ui, form_of, redirect, refused
from .sessions import UiSession

#: The dialog each block's button opens.
OPENERS = {
    "email_code": {"Enable": DialogKind.ENABLE_EMAIL_CODE, "Disable": DialogKind.DISABLE_EMAIL_CODE},
    "authenticator_app": {
        "Enable": DialogKind.ENABLE_AUTHENTICATOR_APP,
        "Disable": DialogKind.DISABLE_AUTHENTICATOR_APP,
    },
}


def field(form: dict[str, str], name: str) -> str:
    return form.get(name, "")


class Pages:
    def __init__(self, ui: Ui, dialogs: Dialogs) -> None:
        self.ui = ui
        self.state = ui.state
        self.dialogs = dialogs

    # -- accounts ----------------------------------------------------------------------------------
    async def new_account(self, request: Request, session: UiSession) -> Response:
        return self.ui.page(request, session, "create_account.html")

    async def create_account(self, request: Request, session: UiSession) -> Response:
        form = await form_of(request)
        try:
            await run_in_threadpool(self.state.create_account, field(form, "email"), field(form, "password"))
        except ApiError as error:
            return refused(self.ui, session, error, NEW_ACCOUNT)
        return redirect(SIGN_IN)

    # -- sign-in -----------------------------------------------------------------------------------
    async def sign_in_page(self, request: Request, session: UiSession) -> Response:
        return self.ui.page(request, session, "sign_in.html")

    async def sign_in(self, request: Request, session: UiSession) -> Response:
        form = await form_of(request)
        email, password = field(form, "email"), field(form, "password")
        try:
            token, result = await run_in_threadpool(self.state.sign_in, session.token, email, password)
        except ApiError as error:
            return refused(self.ui, session, error, SIGN_IN)
        session.token, session.offered, session.chosen = token, tuple(sorted(result.offered_methods)), None
        return redirect(SECURITY if result.signed_in else f"{SIGN_IN}/method")

    async def method_page(self, request: Request, session: UiSession) -> Response:
        if not session.offered:
            return redirect(SIGN_IN)
        return self.ui.page(
            request, session, "sign_in_method.html", offered=session.offered, app=Method.AUTHENTICATOR_APP
        )

    async def choose_method(self, request: Request, session: UiSession) -> Response:
        form = await form_of(request)
        chosen = field(form, "method")
        if chosen not in {m.value for m in session.offered}:
            session.flash = self.ui.words.refusals[Reason.INVALID_INPUT] + " Pick one of the methods shown."
            return redirect(f"{SIGN_IN}/method")
        method = Method(chosen)
        try:
            await run_in_threadpool(self.state.choose_sign_in_method, session.token, method)
        except ApiError as error:
            return refused(self.ui, session, error, f"{SIGN_IN}/method")
        session.chosen = method
        if method is Method.EMAIL_CODE:
            session.code_sent_at["sign-in"] = await run_in_threadpool(self.state.now)
        return redirect(f"{SIGN_IN}/code")

    async def code_page(self, request: Request, session: UiSession) -> Response:
        if session.chosen is None:
            return redirect(SIGN_IN)
        label = self.ui.words.sign_in_code[session.chosen]
        return self.ui.page(request, session, "sign_in_code.html", label=label, method=session.chosen)

    async def enter_code(self, request: Request, session: UiSession) -> Response:
        form = await form_of(request)
        try:
            await run_in_threadpool(self.state.enter_sign_in_code, session.token, field(form, "code"))
        except ApiError as error:
            return refused(self.ui, session, error, f"{SIGN_IN}/code")
        session.offered, session.chosen = (), None
        return redirect(SECURITY)

    async def sign_out(self, request: Request, session: UiSession) -> Response:
        with contextlib.suppress(ApiError):  # no live session: signed out already
            await run_in_threadpool(self.state.sign_out, session.token)
        return redirect(SIGN_IN)

    # -- Settings → Security -----------------------------------------------------------------------
    async def security(self, request: Request, session: UiSession) -> Response:
        try:
            section = await run_in_threadpool(self.state.security_section, session.token)
        except ApiError as error:
            return refused(self.ui, session, error, SIGN_IN)
        dialog = None
        dialog_id = request.query_params.get("dialog")
        if dialog_id:
            dialog = await self.dialogs.shown(session, dialog_id)
            if dialog is None:
                return redirect(SECURITY)
        show_password = request.query_params.get("show") == "change-password"
        return self.ui.page(
            request,
            session,
            "security.html",
            section=section,
            blocks=[("email_code", section.email_code), ("authenticator_app", section.authenticator_app)],
            openers=OPENERS,
            dialog=dialog,
            show_password=show_password,
            Prompt=Prompt,
        )

    async def change_password(self, request: Request, session: UiSession) -> Response:
        form = await form_of(request)
        fields = (field(form, "current"), field(form, "new"), field(form, "repeat"))
        try:
            await run_in_threadpool(self.state.change_password, session.token, *fields)
        except ApiError as error:
            return refused(self.ui, session, error, f"{SECURITY}?show=change-password")
        return redirect(SECURITY)
