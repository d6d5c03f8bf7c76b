"""Every screen and dialog state of the UI, reached through a real browser the way a user would.

One walk from an empty account to both methods active and back, stopping at
each state with a name: docs/ui.md's screenshots (tooling/ui_screens.py) and
the accessibility test (axe-core on every stop) use the same walk, so a state
added here is pictured and checked. Codes come from where a user gets them:
the email (the kit's SMTP capture) and an authenticator app that scanned the
QR code on the screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, ViewportSize

from harness.authenticator import Authenticator
from harness.drivers.browser.chromium import shared_chromium
from harness.drivers.browser.vocabulary import DEFAULT
from harness.drivers.smtp_capture import SmtpCapture
from harness.protocol import DialogKind, Method, Prompt
from reference_impl.server.running import BackgroundServer

EMAIL = "alice@example.com"
PASSWORD = "Tour-password-2026!"  # noqa: S105 - the tour account on a throwaway server
W = DEFAULT
#: A stop: its name and what it shows, in the order the walk reaches them.
Stop = tuple[str, str]


@contextmanager
def served() -> Iterator[tuple[BackgroundServer, SmtpCapture]]:
    capture = SmtpCapture()
    server = BackgroundServer.start(smtp=capture.address)
    try:
        yield server, capture
    finally:
        server.stop()
        capture.stop()


class Tour:
    """Walks the UI on ``server``; ``visit(name, caption, page)`` is called at every stop."""

    def __init__(
        self, server: BackgroundServer, capture: SmtpCapture, browser: Browser | None = None
    ) -> None:
        self.server, self.capture = server, capture
        self.browser = browser or shared_chromium().browser
        self.app: Authenticator | None = None

    def walk(self, visit: Callable[[str, str, Page], None]) -> list[Stop]:
        stops: list[Stop] = []

        def stop(name: str, caption: str) -> None:
            page.wait_for_load_state("domcontentloaded")
            stops.append((name, caption))
            visit(name, caption, page)

        context = self.browser.new_context(
            base_url=self.server.base_url, viewport=ViewportSize(width=900, height=720)
        )
        page = context.new_page()
        try:
            page.goto(W.create_account_path)
            stop("create-account", "Create an account")
            self._fill(page, EMAIL, PASSWORD)
            self._press(page, W.create_account)
            stop("sign-in", "Sign in: email and password")
            self._fill(page, EMAIL, "not the password")
            self._press(page, W.sign_in)
            stop("sign-in-refused", "Sign in refused: the error is an alert")
            self._fill(page, EMAIL, PASSWORD)
            self._press(page, W.sign_in)
            stop("security", "Settings → Security, no method active")
            self._press(page, W.change_password)
            stop("change-password", "Change Password dialog")
            page.goto(W.security_path)
            self._open(page, "email_code", W.enable)
            stop("enable-email-identity", "Enable Email Code: confirm with the password")
            self._answer(page, W.prompts[Prompt.PASSWORD], PASSWORD, W.continue_)
            stop(
                "enable-email-code",
                "Enable Email Code: a 6-digit input, Request Code locked",
            )
            enable = W.code_submit[DialogKind.ENABLE_EMAIL_CODE]
            self._answer(page, W.prompts[Prompt.EMAIL_CODE], self._email_code(), enable)
            stop("security-email-active", "Email Code active: activation date, address, red Disable")
            self._open(page, "authenticator_app", W.enable)
            stop(
                "enable-app-step-1",
                "Enable Authenticator App Code, step 1: an email code",
            )
            self._answer(page, W.prompts[Prompt.EMAIL_CODE], self._email_code(), W.continue_)
            stop("enable-app-step-2", "Step 2: the QR code with the alphanumeric key below it")
            qr = page.get_by_role("dialog").get_by_role("img", name=W.qr_code, exact=True)
            self.app = Authenticator.scan(qr.screenshot())
            self._press(page, W.continue_)
            stop("enable-app-step-3", "Step 3: the code the app generates")
            self._answer(page, W.prompts[Prompt.AUTHENTICATOR_APP_CODE], self._app_code(), W.continue_)
            stop("enable-app-step-4", "Step 4: ten recovery codes, Download as Text File")
            self._press(page, W.close)
            stop("security-both-active", "Both methods active; View Recovery Codes link")
            page.get_by_role("link", name=W.view_recovery_codes, exact=True).click()
            stop("recovery-codes-identity", "View Recovery Codes: an authenticator code first")
            self.server.state.move_clock(lambda clock: clock.advance(30))  # a fresh code
            page.reload()
            self._answer(page, W.prompts[Prompt.AUTHENTICATOR_APP_CODE], self._app_code(), W.continue_)
            stop("recovery-codes", "The valid recovery codes and Regenerate")
            self._press(page, W.close)
            self._open(page, "email_code", W.disable)
            stop("disable-email", "Disable Email Code: the code emailed as the dialog opens")
            self._press(page, W.close)
            self._open(page, "authenticator_app", W.disable)
            stop("disable-app", "Disable Authenticator App Code: a code from the app")
            self._press(page, W.close)
            self._press(page, W.sign_out)
            self._fill(page, EMAIL, PASSWORD)
            self._press(page, W.sign_in)
            stop("sign-in-method", "Sign in: pick the method")
            page.get_by_role("radio", name=W.method_options[Method.EMAIL_CODE], exact=True).check()
            self._press(page, W.continue_)
            stop("sign-in-code", "Sign in: the code from the email")
        finally:
            context.close()
        return stops

    # -- a user's moves --------------------------------------------------------------------------------
    @staticmethod
    def _fill(page: Page, email: str, password: str) -> None:
        page.get_by_label(W.email, exact=True).fill(email)
        page.get_by_label(W.password, exact=True).fill(password)

    @staticmethod
    def _press(page: Page, name: str) -> None:
        scope = page.get_by_role("dialog") if page.get_by_role("dialog").count() else page
        with page.expect_navigation():
            scope.get_by_role("button", name=name, exact=True).click()

    def _open(self, page: Page, block: str, name: str) -> None:
        region = page.get_by_role("region", name=W.blocks[block], exact=True)
        with page.expect_navigation():
            region.get_by_role("button", name=name, exact=True).click()

    def _answer(self, page: Page, label: str, answer: str, button: str) -> None:
        page.get_by_role("dialog").get_by_label(label, exact=True).fill(answer)
        self._press(page, button)

    def _email_code(self) -> str:
        latest = self.capture.since(0)[-1]
        found = re.search(r"\b(\d{6})\b", latest.body)
        assert found, f"no code in {latest.body!r}"
        return found.group(1)

    def _app_code(self) -> str:
        assert self.app is not None
        return self.app.code_at(self.server.state.now())
