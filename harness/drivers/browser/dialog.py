"""One open dialog on a device's tab, read and pressed the way a user would."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator

from ...protocol import DialogKind, DialogView, NotOffered, Outcome, Prompt, Reason, Step, TextFile
from .screen import BrowserFailed, Screen


class BrowserDialog:
    def __init__(self, screen: Screen, kind: DialogKind) -> None:
        self.screen = screen
        self.words = screen.words
        self.kind = kind
        #: The dialog's own address: the tab goes back here when it looked elsewhere meanwhile.
        self.url = screen.page.url

    def _dialog(self) -> Locator:
        self.screen.show(self.url)
        return self.screen.dialog()

    def _gone(self) -> Outcome | None:
        """The refusal a user meets when the dialog is no longer on the screen: closed, or signed out."""
        if self._dialog().count():
            return None
        if self.screen.on_security_page():
            return Outcome.reject(Reason.NOT_AVAILABLE, "the dialog is no longer open")
        return Outcome.reject(
            Reason.NOT_SIGNED_IN, self.screen.alert() or "the device shows the sign-in page"
        )

    # -- reading ---------------------------------------------------------------------------------------
    def view(self) -> DialogView:
        dialog = self._dialog()
        if not dialog.count():
            return DialogView(step=Step.CLOSED)
        qr = dialog.get_by_role("img", name=self.words.qr_code, exact=True)
        if qr.count():
            return DialogView(
                step=Step.SCAN_QR_CODE, qr_code_image=qr.screenshot(), manual_key=self._key(dialog)
            )
        codes = dialog.get_by_role("list", name=self.words.recovery_codes, exact=True)
        if codes.count():
            shown = tuple(item.inner_text().strip() for item in codes.get_by_role("listitem").all())
            return DialogView(step=Step.RECOVERY_CODES, recovery_codes=shown)
        prompt = self._prompt(dialog)
        if prompt is not None:
            step = Step.IDENTITY_CONFIRMATION if self._identity_step(dialog) else Step.CODE_ENTRY
            return DialogView(step=step, prompt=prompt)
        if self.screen.button(dialog, self.words.disable).count():
            return DialogView(step=Step.NO_INPUT)
        raise BrowserFailed(f"the dialog shows nothing the driver knows: {dialog.inner_text()[:200]!r}")

    def _prompt(self, dialog: Locator) -> Prompt | None:
        return next(
            (p for p, label in self.words.prompts.items() if self.screen.field(dialog, label).count()), None
        )

    def _identity_step(self, dialog: Locator) -> bool:
        headings = dialog.get_by_role("heading")
        names = {h.inner_text().strip() for h in headings.all()}
        return any(name in names for name in self.words.identity_steps)

    def _key(self, dialog: Locator) -> str | None:
        """The alphanumeric key, if the page shows it ("Key: JBSW…")."""
        shown = dialog.get_by_text(re.compile(rf"^\s*{re.escape(self.words.manual_key)}:"))
        if not shown.count() or not shown.first.is_visible():
            return None
        return shown.first.inner_text().split(":", 1)[1].strip() or None

    # -- pressing --------------------------------------------------------------------------------------
    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        if (gone := self._gone()) is not None:
            return gone
        dialog = self._dialog()
        field = self.screen.field(dialog, self.words.prompts[prompt])
        if not field.count():
            raise NotOffered(f"{self.words.prompts[prompt]} as a proof at this step")
        field.fill(answer)
        return self.screen.press(self._required_button(dialog, self.words.continue_))

    def submit(self) -> Outcome:
        if (gone := self._gone()) is not None:
            return gone
        return self.screen.press(self._required_button(self._dialog(), self.words.disable))

    def request_code(self) -> Outcome:
        if (gone := self._gone()) is not None:
            return gone
        button = self.screen.button(self._dialog(), self.words.request_code)
        if not button.count():
            return self._not_here(self.words.request_code, lambda view: view.prompt is Prompt.EMAIL_CODE)
        if button.is_disabled():
            return Outcome.reject(Reason.COUNTDOWN_RUNNING, f"{self.words.request_code} is disabled")
        return self.screen.press(button)

    def enter_code(self, code: str) -> Outcome:
        if (gone := self._gone()) is not None:
            return gone
        dialog = self._dialog()
        if dialog.get_by_role("img", name=self.words.qr_code, exact=True).count():  # step 2 → 3
            moved = self.screen.press(self._required_button(dialog, self.words.continue_))
            if not moved.accepted:
                return moved
            dialog = self.screen.dialog()
        prompt = self._prompt(dialog)
        if prompt is None:
            raise NotOffered("code input in this dialog")
        self.screen.field(dialog, self.words.prompts[prompt]).fill(code)
        return self.screen.press(self._required_button(dialog, self.words.code_submit[self.kind]))

    def regenerate(self) -> Outcome:
        if (gone := self._gone()) is not None:
            return gone
        button = self.screen.button(self._dialog(), self.words.regenerate)
        if not button.count():
            return self._not_here(self.words.regenerate, lambda view: view.step is Step.RECOVERY_CODES)
        return self.screen.press(button)

    def download_text_file(self) -> TextFile:
        button = self._required_button(self._dialog(), self.words.download_text_file)
        with self.screen.page.expect_download() as started:
            button.click()
        download = started.value
        failure = download.failure()
        if failure:
            raise BrowserFailed(f"the download failed: {failure}")
        self.screen.last_download = download.suggested_filename
        content = Path(download.path()).read_text(encoding="utf-8")
        return TextFile(name=download.suggested_filename, content=content)

    def close(self) -> None:
        dialog = self._dialog()
        if dialog.count():
            self.screen.press(self._required_button(dialog, self.words.close))

    def _not_here(self, name: str, its_step: Callable[[DialogView], bool]) -> Outcome:
        """A button missing from this step is refused "not now" (the product shows it at another step,
        as the in-process reference refuses it); missing where it belongs, the product lacks it."""
        if its_step(self.view()):
            raise NotOffered(f"{name} button in this dialog")
        return Outcome.reject(Reason.NOT_AVAILABLE, f"{name} is not shown at this step")

    def _required_button(self, dialog: Locator, name: str) -> Locator:
        button = self.screen.button(dialog, name)
        if not button.count():
            raise NotOffered(f"{name} button in this dialog")
        return button
