"""One device's tab: navigate, press a button and wait for the page it leads to, read what the page says.

Everything is found by role and visible name, in the words of the
:class:`~.vocabulary.Vocabulary`. A refusal is what the page shows in an
element with ``role="alert"``; its opening phrase names the reason.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from playwright.sync_api import BrowserContext, Locator, Page, Response

from ...protocol import Outcome
from .chromium import ACTION_TIMEOUT_MS
from .tabs import Tab
from .vocabulary import Vocabulary

_DATE = r"(\d{4}-\d{2}-\d{2})"
#: Stamps each use of a tab, so the driver knows which page the scenario used last (for evidence).
_USES = itertools.count(1)


class BrowserFailed(Exception):
    """The page did not behave like any page of the product (the driver, not the product, is at fault)."""


class Screen:
    def __init__(self, tab: Tab, words: Vocabulary) -> None:
        self.tab = tab
        self.context: BrowserContext = tab.context
        self.words = words
        self._page: Page = tab.page
        #: When this tab was last used (an increasing stamp, 0 for never).
        self.last_used = 0
        #: Set when the server's clock moved after this page was drawn (a countdown may have ended).
        self.stale = False
        #: The name the last file downloaded on this tab was saved under.
        self.last_download: str | None = None
        #: The Cache-Control field of the answer that drew the page the tab shows (SeesHttp).
        self.caching: str | None = None

    @property
    def page(self) -> Page:
        """The tab's page; every look at it or action on it goes through here and stamps the tab as used."""
        self.last_used = next(_USES)
        return self._page

    def screenshot(self) -> bytes:
        """A PNG of the whole page the tab shows (what the user sees by scrolling); not a use of the tab."""
        return self._page.screenshot(
            type="png", full_page=True, timeout=ACTION_TIMEOUT_MS, animations="disabled"
        )

    # -- moving ----------------------------------------------------------------------------------------
    def goto(self, path: str) -> None:
        self._drawn(self.page.goto(path, wait_until="domcontentloaded"))

    def show(self, url: str) -> None:
        """Be at ``url`` as the server sees it now: reload when elsewhere or drawn before the clock moved."""
        if self.stale or self.page.url != url:
            self.goto(url)

    def press(self, button: Locator) -> Outcome:
        """Press a button that submits a form; accepted unless the next page shows an alert."""
        with self.page.expect_navigation(wait_until="domcontentloaded") as navigation:
            button.click()
        self._drawn(navigation.value)
        return self.outcome()

    def _drawn(self, answer: Response | None) -> None:
        """The page now shows what ``answer`` (the server's answer to the navigation) drew."""
        self.stale = False
        self.caching = answer.headers.get("cache-control") if answer is not None else None

    def outcome(self) -> Outcome:
        alert = self.alert()
        if alert is None:
            return Outcome.accept()
        return Outcome.reject(self.words.reason_of(alert), alert)

    def alert(self) -> str | None:
        alerts = self.page.get_by_role("alert")
        return alerts.first.inner_text().strip() if alerts.count() else None

    # -- where am I ------------------------------------------------------------------------------------
    def on_security_page(self) -> bool:
        heading = self.page.get_by_role("heading", name=self.words.security_heading, exact=True, level=1)
        return heading.count() > 0

    def method_choice(self) -> Locator:
        return self.page.get_by_role("group", name=self.words.method_choice)

    def dialog(self) -> Locator:
        return self.page.get_by_role("dialog")

    def region(self, name: str) -> Locator:
        return self.page.get_by_role("region", name=name, exact=True)

    def button(self, within: Locator | Page, name: str) -> Locator:
        return within.get_by_role("button", name=name, exact=True)

    def field(self, within: Locator | Page, label: str) -> Locator:
        return within.get_by_label(label, exact=True)


def date_after(text: str, phrase: str) -> date | None:
    """The ISO date written after ``phrase`` ("Last changed: 2026-01-05"), None when there is none."""
    found = re.search(re.escape(phrase) + r":?\s*" + _DATE, text)
    return date.fromisoformat(found.group(1)) if found else None


def word_after(text: str, phrase: str) -> str | None:
    found = re.search(re.escape(phrase) + r":?\s*(\S+)", text)
    return found.group(1) if found else None
