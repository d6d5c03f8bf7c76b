"""One Chromium per process: started on first use, stopped at exit; a browser context per device.

The system Chromium (``/usr/bin/chromium``, Debian's package; ``.ci/run``
installs it) is driven by Playwright: no browser is downloaded. Set
``CONFORMANCE_CHROMIUM`` to use another binary.
"""

from __future__ import annotations

import atexit
import os
from dataclasses import dataclass

from playwright.sync_api import Browser, Playwright, sync_playwright

ENV_CHROMIUM = "CONFORMANCE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Flags that keep a headless Chromium quiet and off the network but loopback.
LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: How long one user action may take (ms) before the scenario is BROKEN: pages here answer in milliseconds.
ACTION_TIMEOUT_MS = 10_000


@dataclass
class Chromium:
    playwright: Playwright
    browser: Browser

    def stop(self) -> None:
        self.browser.close()
        self.playwright.stop()


_CHROMIUM: Chromium | None = None


def shared_chromium() -> Chromium:
    """This process's browser (contexts are cheap, a browser is not: ~0.3 s to launch)."""
    global _CHROMIUM
    if _CHROMIUM is None:
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get(ENV_CHROMIUM, DEFAULT_CHROMIUM), args=list(LAUNCH_ARGS)
            )
        except BaseException:
            playwright.stop()
            raise
        _CHROMIUM = Chromium(playwright, browser)
        atexit.register(_CHROMIUM.stop)
    return _CHROMIUM
