"""Devices' tabs kept between scenarios: a device's browser context is wiped and reused, not closed.

A new context costs Chromium a renderer process of its own, and on 2 cores starting one costs more CPU
than the pages a scenario shows (docs/performance.md). So a scenario's contexts go back to this
process's pool when its driver closes, and the next scenario takes them — after everything a product
could have left in them is gone: the cookies of every site, whatever each origin the tab visited
stored (session and local storage, IndexedDB, the Cache API, service workers), the HTTP cache and
any permission granted, with the tab left on ``about:blank``. A context that cannot be wiped is closed.
A scenario recording a Playwright trace gets contexts of its own, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from .chromium import ACTION_TIMEOUT_MS


@dataclass(frozen=True)
class Tab:
    context: BrowserContext
    page: Page
    #: Every web origin the tab's pages came from since it was last wiped (a sign-on domain, say).
    origins: set[str] = field(default_factory=set)


#: Wiped tabs waiting for a scenario, per browser and product (a context's base URL is fixed).
_IDLE: dict[tuple[int, str], list[Tab]] = {}


def open_tab(browser: Browser, base_url: str, *, reuse: bool = True) -> Tab:
    """A tab in a context with no one's session: a wiped one from the pool, else a new one."""
    idle = _IDLE.get((id(browser), base_url)) if reuse else None
    if idle:
        return idle.pop()
    context = browser.new_context(base_url=base_url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    tab = Tab(context, page)
    _track(tab, page)
    context.on("page", lambda popup: _track(tab, popup))
    return tab


def _track(tab: Tab, page: Page) -> None:
    """Note the origin of every document ``page`` shows, its frames' included, for the wipe."""
    page.on("framenavigated", lambda frame: tab.origins.add(_origin(frame.url)))


def give_back(browser: Browser, base_url: str, tab: Tab) -> None:
    """Wipe ``tab``'s context and keep it for the next scenario (or close it if it cannot be wiped)."""
    try:
        _wipe(tab, _origin(base_url))
    except PlaywrightError:
        tab.context.close()
        return
    _IDLE.setdefault((id(browser), base_url), []).append(tab)


def _wipe(tab: Tab, origin: str) -> None:
    page = tab.page
    for other in tab.context.pages:  # a pop-up the product opened (a sign-on window, say)
        if other != page:
            other.close()
    page.goto("about:blank")
    tab.context.clear_cookies()
    tab.context.clear_permissions()
    session = tab.context.new_cdp_session(page)
    try:  # "all" takes the tab's session storage with the rest (tests/test_browser_tabs.py shows each)
        for visited in sorted({origin, *tab.origins} - {_NO_ORIGIN}):
            session.send("Storage.clearDataForOrigin", {"origin": visited, "storageTypes": "all"})
        session.send("Network.clearBrowserCache")
    finally:
        session.detach()
    tab.origins.clear()


#: What ``_origin`` makes of a page that has no web origin (``about:blank``, ``data:``).
_NO_ORIGIN = ""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else _NO_ORIGIN
