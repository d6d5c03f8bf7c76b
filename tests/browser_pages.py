"""A page of this process's shared Chromium, for tests that look at a report or a page in a browser.

One Playwright per process: the browser driver's tests start the kit's shared Chromium
(harness/drivers/browser/chromium.py) and keep it for the process, and a second sync Playwright
in the same process refuses to start ("Sync API inside the asyncio loop") whichever test comes
second on an xdist worker. So every test borrows the shared one, with the kit's own launch flags.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Page

from harness.drivers.browser.chromium import shared_chromium


@contextmanager
def chromium_page(**options: Any) -> Iterator[Page]:
    """A new page in a browser context of its own, closed afterwards."""
    context = shared_chromium().browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()
