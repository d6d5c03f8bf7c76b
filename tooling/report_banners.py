"""Screenshots of the HTML report's verdict banner, one per verdict, for docs/interpreting-a-report.md.

Each banner comes from a real run (the reference, a driver with one deviation, a driver without a
clock, a driver that crashes, a run stopped by Ctrl-C), rendered by the system Chromium:
``python -m tooling.report_banners``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.drivers.browser.chromium import DEFAULT_CHROMIUM, LAUNCH_ARGS
from tests.drivers.stalling import ENV_READY

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
CHROMIUM = Path(DEFAULT_CHROMIUM)
CHROMIUM_ARGS = list(LAUNCH_ARGS)  # the kit's own launch flags for this machine's closed network

#: verdict → the `conformance run` arguments that produce it.
CASES: dict[str, list[str]] = {
    "conforms": [],
    "does-not-conform": ["--driver", "tests.drivers.faulty:careless_change_password"],
    "incomplete": ["--driver", "tests.drivers.faulty:no_clock_control"],
    "run-unusable": ["--driver", "tests.drivers.faulty:crashing_section"],
}


def run(name: str, args: list[str], directory: Path) -> Path:
    report_dir = directory / name
    command = [sys.executable, "-m", "harness.cli", "run", "--report-dir", str(report_dir), *args]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)  # noqa: S603 - our own CLI
    return report_dir / "conformance.html"


def interrupted(directory: Path) -> Path:
    """A run stopped by Ctrl-C in its third scenario: the driver says on a named pipe that it stopped."""
    report_dir, ready = directory / "interrupted", directory / "ready.fifo"
    os.mkfifo(ready)
    command = [sys.executable, "-m", "harness.cli", "run", "--report-dir", str(report_dir)]
    command += ["--driver", "tests.drivers.stalling:stops_in_third_scenario"]
    env = {**os.environ, ENV_READY: str(ready)}
    with subprocess.Popen(  # noqa: S603 - our own CLI
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as cli:
        with open(ready, encoding="utf-8") as pipe:
            pipe.readline()  # "stopped": the third scenario waits
        cli.send_signal(signal.SIGINT)
        cli.wait(timeout=120)
    return report_dir / "conformance.html"


def screenshot(page_path: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 800})
            page.goto(page_path.as_uri())
            banner = page.locator("#verdict")
            box = banner.bounding_box()
            assert box is not None, f"no verdict banner in {page_path}"
            below = page.locator("#problems, #broken, #unchecked").first
            height = box["height"]
            if below.count():
                extra = below.bounding_box()
                if extra is not None:
                    height = min(extra["y"] + extra["height"] - box["y"], 420)
            page.screenshot(path=str(target), clip={**box, "height": height})
        finally:
            browser.close()


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pages = {name: run(name, args, Path(tmp)) for name, args in CASES.items()}
        pages["interrupted"] = interrupted(Path(tmp))
        for name, page in pages.items():
            screenshot(page, IMAGES / f"verdict-{name}.png")
            print(f"wrote docs/images/verdict-{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
