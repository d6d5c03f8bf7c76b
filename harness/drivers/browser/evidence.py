"""Evidence of a failing step through Chromium: a screenshot of the tab used last, and Playwright traces.

The screenshot is always taken when a step fails (one capture of the whole page, about 0.1 s). A
Playwright trace is recorded only when asked for (``conformance run --trace``, which sets
``CONFORMANCE_TRACE=1``): one per browser context, i.e. per device, from the moment the context
opens, with DOM snapshots and no screencast. Recording costs every scenario, failing or not: 5-10 %
of a scenario's time alone, about 11 % of ``make test``'s browser slice on two workers (docs/browser.md
has the measurement), so it is opt-in. A failing scenario's traces are saved into a folder of the
driver's own, and the kit moves them next to the report; a passing scenario's go with its contexts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from playwright.sync_api import BrowserContext

from ..http_options import ENV_TRACE
from .screen import Screen


def tracing_wanted() -> bool:
    return os.environ.get(ENV_TRACE, "") not in ("", "0")


def start_trace(context: BrowserContext, device: str) -> None:
    """Record ``device``'s context: DOM snapshots for each action (the trace viewer's before/after)."""
    context.tracing.start(title=device, snapshots=True, screenshots=False, sources=False)


def save_traces(screens: Mapping[str, Screen], folder: Path) -> tuple[str, ...]:
    """Stop each device's trace and save it as ``<device>.trace.zip`` in ``folder``; the saved paths."""
    saved = []
    for device, screen in screens.items():
        path = folder / f"{_slug(device)}.trace.zip"
        screen.context.tracing.stop(path=path)
        saved.append(str(path))
    return tuple(saved)


def last_screenshot(screens: Iterable[Screen]) -> bytes | None:
    """A PNG of the tab the scenario used last, None when it never opened one."""
    used = [screen for screen in screens if screen.last_used]
    return max(used, key=lambda screen: screen.last_used).screenshot() if used else None


def _slug(device: str) -> str:
    """``Alice's laptop`` → ``alice-s-laptop``: a file name on every system."""
    return re.sub(r"[^a-z0-9]+", "-", device.lower()).strip("-") or "device"
