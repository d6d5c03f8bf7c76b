"""The Driver protocol through Chromium: the user's clicks on the product's own pages.

``--driver browser`` on its own starts the reference server (with its web UI)
and an SMTP capture, exactly as ``--driver http`` does, and drives the pages
under ``/ui``; with ``--base-url`` (and ``--smtp-capture``) it drives a team's
own web UI, whose words the :mod:`.vocabulary` names.

* **Devices are browser contexts** (their own cookies), one tab each, taken on
  first use; the scenario's contexts are wiped and kept for the next one (:mod:`.tabs`).
* **Time and mail go around the page**, as a tester's would: the server's test
  control moves the clock (an :class:`~harness.drivers.http.HttpDriver` on the
  same target does it, and resets the server per scenario) and the kit's SMTP
  capture holds the mail. A clock move marks every tab stale: the next look
  reloads it, so a countdown the server ended shows ended.
* **Dialogs are reopened by address**: a dialog remembers the page it is on,
  and a device that looked elsewhere meanwhile goes back there first.
* A button, link, field or choice the page does not have is :class:`NotOffered`;
  a page that is none of the product's is :class:`BrowserFailed` (BROKEN).
* **Evidence of a failing step** (:class:`~harness.protocol.KeepsEvidence`): a screenshot of the
  tab used last, and with ``--trace`` each device's Playwright trace (:mod:`.evidence`).
* **The answers' header fields** (:attr:`~harness.protocol.Capability.HTTP`, as the HTTP driver it
  controls the server with): the ``Cache-Control`` of the answer that drew each tab's page, for HRD-14.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from playwright.sync_api import Browser

from ...protocol import (
    PROTOCOL_VERSION,
    Action,
    Appearance,
    Capability,
    DialogKind,
    DialogRefused,
    Email,
    Evidence,
    Method,
    MethodStatus,
    NotOffered,
    Outcome,
    Reason,
    SecuritySection,
    SignInResult,
)
from ..http import HttpDriver, shared_target
from .appearance import look_of
from .chromium import shared_chromium
from .dialog import BrowserDialog
from .evidence import last_screenshot, save_traces, start_trace, tracing_wanted
from .screen import BrowserFailed, Screen, date_after, word_after
from .tabs import give_back, open_tab
from .vocabulary import DEFAULT, Vocabulary

#: Which block and which button open each dialog.
OPENERS: dict[DialogKind, tuple[str, str]] = {
    DialogKind.ENABLE_EMAIL_CODE: ("email_code", "enable"),
    DialogKind.DISABLE_EMAIL_CODE: ("email_code", "disable"),
    DialogKind.ENABLE_AUTHENTICATOR_APP: ("authenticator_app", "enable"),
    DialogKind.DISABLE_AUTHENTICATOR_APP: ("authenticator_app", "disable"),
    DialogKind.VIEW_RECOVERY_CODES: ("authenticator_app", "view_recovery_codes"),
}


class BrowserDriver:
    protocol_version = PROTOCOL_VERSION

    def __init__(self, words: Vocabulary = DEFAULT) -> None:
        self.words = words
        self.target = shared_target()
        #: Test control and mail: the same calls the HTTP driver makes (it also resets the server).
        self.control = HttpDriver(self.target)
        self.capabilities = self.control.capabilities | {Capability.SCREEN}
        self._browser = shared_chromium().browser
        self.base_url = str(self.target.client.base_url).rstrip("/")
        self._screens: dict[str, Screen] = {}
        self._chosen: dict[str, Method] = {}
        #: Record a Playwright trace of each device (``conformance run --trace``).
        self._tracing = tracing_wanted()
        #: Traced devices get contexts of their own, closed at the end, even once their trace is saved.
        self._reuse = not self._tracing
        #: Where a failing scenario's traces wait for the kit to take them; removed on close.
        self._evidence_dir: Path | None = None

    def screen(self, device: str) -> Screen:
        """The device's tab, in a browser context of its own."""
        screen = self._screens.get(device)
        if screen is None:
            tab = open_tab(self._browser, self.base_url, reuse=self._reuse)
            if self._tracing:
                start_trace(tab.context, device)
            screen = self._screens[device] = Screen(tab, self.words)
        return screen

    # -- accounts and sign-in --------------------------------------------------------------------------
    def create_account(self, email: str, password: str) -> None:
        screen = _registration(self._browser, self.base_url, self.words)
        screen.goto(self.words.create_account_path)
        screen.field(screen.page, self.words.email).fill(email)
        screen.field(screen.page, self.words.password).fill(password)
        outcome = screen.press(screen.button(screen.page, self.words.create_account))
        if not outcome.accepted:
            raise BrowserFailed(f"the product refused to create {email}: {outcome.detail}")

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        screen = self.screen(device)
        screen.goto(self.words.sign_in_path)
        screen.field(screen.page, self.words.email).fill(email)
        screen.field(screen.page, self.words.password).fill(password)
        outcome = screen.press(screen.button(screen.page, self.words.sign_in))
        self._chosen.pop(device, None)
        if not outcome.accepted:
            return SignInResult(outcome=outcome, signed_in=False)
        if screen.on_security_page():
            return SignInResult(outcome=outcome, signed_in=True)
        choice = screen.method_choice()
        if not choice.count():
            raise BrowserFailed(
                f"after the password the page is neither Security nor a method choice: {screen.page.url}"
            )
        offered: dict[str, Method] = {}
        for method, label in self.words.method_options.items():
            if label not in offered and choice.get_by_role("radio", name=label, exact=True).count():
                offered[label] = method
        return SignInResult(outcome=outcome, signed_in=False, offered_methods=frozenset(offered.values()))

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        screen = self._screens.get(device)
        choice = screen.method_choice() if screen else None
        if screen is None or choice is None or not choice.count():
            raise NotOffered("choice of sign-in method: no sign-in is waiting for a code on this device")
        radio = choice.get_by_role("radio", name=self.words.method_options[method], exact=True)
        if not radio.count():
            raise NotOffered(f"{self.words.method_options[method]} choice on the sign-in page")
        radio.check()
        outcome = screen.press(screen.button(screen.page, self.words.continue_))
        if outcome.accepted:
            self._chosen[device] = method
        return outcome

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        screen, method = self._screens.get(device), self._chosen.get(device)
        if screen is None or method is None:
            return Outcome.reject(Reason.NOT_AVAILABLE, "no sign-in in progress on this device")
        field = screen.field(screen.page, self.words.sign_in_code[method])
        if not field.count():
            return Outcome.reject(Reason.NOT_AVAILABLE, "the page shows no sign-in code input")
        field.fill(code)
        outcome = screen.press(screen.button(screen.page, self.words.sign_in))
        if outcome.accepted:
            self._chosen.pop(device, None)
        return outcome

    def is_signed_in(self, device: str) -> bool:
        screen = self._screens.get(device)
        if screen is None:
            return False
        screen.goto(self.words.security_path)
        return screen.on_security_page()

    def sign_out(self, device: str) -> None:
        if self.is_signed_in(device):
            screen = self._screens[device]
            screen.press(screen.button(screen.page, self.words.sign_out))

    # -- Settings → Security ---------------------------------------------------------------------------
    def _security_page(self, device: str) -> Screen | None:
        """The device's tab showing Settings → Security, None when the product shows the sign-in page."""
        screen = self._screens.get(device)
        if screen is None:
            return None
        screen.goto(self.words.security_path)
        return screen if screen.on_security_page() else None

    def security_section(self, device: str) -> SecuritySection:
        screen = self._security_page(device)
        if screen is None:
            raise NotOffered("Settings → Security page: the device is signed out")
        password = screen.region(self.words.password_block)
        last_change = date_after(password.inner_text(), self.words.last_changed) if password.count() else None
        return SecuritySection(
            last_password_change=last_change,
            email_code=self._block(screen, "email_code"),
            authenticator_app=self._block(screen, "authenticator_app"),
        )

    def _block(self, screen: Screen, key: str) -> MethodStatus | None:
        region = screen.region(self.words.blocks[key])
        if not region.count():
            return None
        text = region.inner_text()
        activated_on = date_after(text, self.words.activated_on)
        action: Action | None = None
        if screen.button(region, self.words.disable).count():
            action = "Disable"
        elif screen.button(region, self.words.enable).count():
            action = "Enable"
        return MethodStatus(
            active=activated_on is not None,
            activated_on=activated_on,
            address=word_after(text, self.words.codes_sent_to) if key == "email_code" else None,
            action=action,
        )

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        screen = self._security_page(device)
        if screen is None:
            return Outcome.reject(Reason.NOT_SIGNED_IN, "the device shows the sign-in page")
        screen.press(screen.button(screen.page, self.words.change_password))
        dialog = screen.dialog()
        for label, value in (
            (self.words.current_password, current),
            (self.words.new_password, new),
            (self.words.repeat_new_password, repeat),
        ):
            screen.field(dialog, label).fill(value)
        return screen.press(screen.button(dialog, self.words.save))

    def open_dialog(self, device: str, kind: DialogKind) -> BrowserDialog:
        screen = self._security_page(device)
        if screen is None:
            raise DialogRefused(
                kind, Outcome.reject(Reason.NOT_SIGNED_IN, "the device shows the sign-in page")
            )
        block, control = OPENERS[kind]
        region, name = screen.region(self.words.blocks[block]), getattr(self.words, control)
        opener = region.get_by_role(
            "link" if control == "view_recovery_codes" else "button", name=name, exact=True
        )
        if not region.count() or not opener.count():
            raise NotOffered(f"{name} in the {self.words.blocks[block]} block")
        outcome = screen.press(opener)
        if not screen.dialog().count():
            if outcome.accepted:
                raise BrowserFailed(f"{name} showed neither a dialog nor an error: {screen.page.url}")
            raise DialogRefused(kind, outcome)
        return BrowserDialog(screen, kind)

    # -- the look (Capability.SCREEN) ------------------------------------------------------------------
    def appearance(self, device: str) -> Appearance:
        """How ``device``'s tab looks now; nothing when the device never opened one."""
        screen = self._screens.get(device)
        return look_of(screen, screen.last_download) if screen is not None else Appearance()

    # -- the answers' header fields (Capability.HTTP, from the HTTP driver it controls the server with) ----
    def dialog_caching(self, device: str) -> str | None:
        """The Cache-Control field of the answer that drew the page ``device``'s tab shows."""
        screen = self._screens.get(device)
        if screen is None:
            raise BrowserFailed(f"{device} never opened a page: no answer to tell the caching of")
        return screen.caching

    # -- evidence of a failing step (KeepsEvidence) ---------------------------------------------------
    def evidence(self) -> Evidence:
        """A screenshot of the tab used last (account creation's too); with ``--trace``, each trace."""
        tabs = [*self._screens.values(), *([_REGISTRATION] if _REGISTRATION is not None else [])]
        screenshot = last_screenshot(tabs)
        files: tuple[str, ...] = ()
        if self._tracing and self._screens:
            self._evidence_dir = Path(tempfile.mkdtemp(prefix="conformance-evidence-"))
            files = save_traces(self._screens, self._evidence_dir)
            self._tracing = False  # stopped: the contexts close without a trace to drop
        return Evidence(screenshot=screenshot, files=files)

    # -- time and mail (around the page) ---------------------------------------------------------------
    def now(self) -> datetime:
        return self.control.now()

    def advance_clock(self, seconds: float) -> None:
        self.control.advance_clock(seconds)
        for screen in self._screens.values():
            screen.stale = True

    def emails_to(self, address: str) -> Sequence[Email]:
        return self.control.emails_to(address)

    def close(self) -> None:
        for screen in self._screens.values():
            if self._reuse:
                give_back(self._browser, self.base_url, screen.tab)
            else:
                screen.context.close()
        self._screens.clear()
        if self._evidence_dir is not None:  # the traces the kit did not take (it moves the ones it keeps)
            shutil.rmtree(self._evidence_dir, ignore_errors=True)
            self._evidence_dir = None
        self.control.close()


_REGISTRATION: Screen | None = None


def _registration(browser: Browser, base_url: str, words: Vocabulary) -> Screen:
    """One tab for creating accounts, kept for the whole process: it holds no one's session, and a context
    costs more than the page it shows (half a second on a loaded machine)."""
    global _REGISTRATION
    if _REGISTRATION is None:
        _REGISTRATION = Screen(open_tab(browser, base_url, reuse=False), words)
    return _REGISTRATION


def create() -> BrowserDriver:
    """The ``--driver browser`` factory: a driver per scenario on this process's server and browser."""
    return BrowserDriver()
