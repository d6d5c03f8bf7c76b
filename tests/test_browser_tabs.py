"""A device's browser context is reused by the next scenario only after everything of the last is gone.

The product here is a page Playwright serves for ``http://product.test`` and for a sign-on domain
(reserved names, never on the network) that stores a session in every place a web application can: a
cookie, local and session storage, IndexedDB. A reused tab must show none of them, and only a wiped
tab is reused.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Route

from harness.drivers.browser import tabs
from harness.drivers.browser.chromium import shared_chromium

pytestmark = pytest.mark.browser

PRODUCT = "http://product.test"
#: A second origin the product sends her to, as a single sign-on domain would.
SIGN_ON = "http://sign-on.test"
PAGE = "<!doctype html><title>Product</title><p>signed in</p>"
#: Everything the page can read of an earlier session, in one JSON object.
READ_SESSION = """async () => {
  const names = indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [];
  return {cookie: document.cookie, local: localStorage.getItem('token'),
          session: sessionStorage.getItem('token'), databases: names};
}"""
LEAVE_SESSION = """async () => {
  document.cookie = 'sid=alice; path=/';
  localStorage.setItem('token', 'alice');
  sessionStorage.setItem('token', 'alice');
  await new Promise(done => {
    const opened = indexedDB.open('alice');
    opened.onsuccess = () => { opened.result.close(); done(); };
  });
}"""
NOTHING: dict[str, object] = {"cookie": "", "local": None, "session": None, "databases": []}


def serve(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body=PAGE)


@pytest.fixture
def first_tab() -> Iterator[tabs.Tab]:
    browser = shared_chromium().browser
    tab = tabs.open_tab(browser, PRODUCT, reuse=False)
    tab.context.route(f"{PRODUCT}/**", serve)
    tab.context.route(f"{SIGN_ON}/**", serve)
    yield tab
    tab.context.close()


def test_a_reused_tab_holds_nothing_of_the_scenario_before(first_tab: tabs.Tab) -> None:
    browser = shared_chromium().browser
    for origin in (SIGN_ON, PRODUCT):
        first_tab.page.goto(f"{origin}/security")
        first_tab.page.evaluate(LEAVE_SESSION)
        assert first_tab.page.evaluate(READ_SESSION) != NOTHING  # positive control: the page kept a session

    tabs.give_back(browser, PRODUCT, first_tab)
    again = tabs.open_tab(browser, PRODUCT)

    assert again is first_tab  # the same context, reused
    assert again.page.url == "about:blank"
    assert again.context.cookies() == []
    for origin in (PRODUCT, SIGN_ON):
        again.page.goto(f"{origin}/security")
        assert again.page.evaluate(READ_SESSION) == NOTHING, origin


def test_a_tab_that_cannot_be_wiped_is_closed_not_reused(first_tab: tabs.Tab) -> None:
    browser = shared_chromium().browser
    first_tab.context.close()  # a context Chromium lost: wiping it fails
    tabs.give_back(browser, PRODUCT, first_tab)
    fresh = tabs.open_tab(browser, PRODUCT)
    try:
        assert fresh is not first_tab
    finally:
        fresh.context.close()
