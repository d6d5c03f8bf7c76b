"""Regenerate docs/ui.md and its pictures (docs/ui/*.png) from the running reference UI.

    python -m tooling.ui_screens

The tour (reference_impl/server/ui/tour.py) walks every screen and dialog
state in Chromium; each stop becomes a screenshot and a section of
docs/ui.md. docs/ui/states.json records the stops and a hash of what draws
them (templates, script, style, look and words), so tests/test_ui_docs.py
knows when the pictures are stale without comparing pixels.
"""

from __future__ import annotations

import hashlib
import json

from playwright.sync_api import Page

from harness.features import ROOT

DOCS = ROOT / "docs"
PICTURES = DOCS / "ui"
STATES = PICTURES / "states.json"
#: What draws the pages: a change here changes the pictures.
SOURCES = (
    ROOT / "reference_impl" / "server" / "ui" / "templates",
    ROOT / "reference_impl" / "server" / "ui" / "static",
    ROOT / "reference_impl" / "server" / "ui" / "look.py",
    ROOT / "harness" / "drivers" / "browser" / "vocabulary.py",
)


def source_hash() -> str:
    digest = hashlib.sha256()
    files = sorted(p for s in SOURCES for p in ([s] if s.is_file() else s.rglob("*")) if p.is_file())
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def document(stops: list[tuple[str, str]]) -> str:
    lines = [
        "# The reference UI, screen by screen",
        "",
        "`conformance serve` serves these pages under `/ui` next to the JSON API; `--driver browser`",
        "drives them (docs/http.md for the API). Every label and button uses the documentation's words",
        "(`harness/drivers/browser/vocabulary.py`). Regenerate with `python -m tooling.ui_screens`;",
        "`tests/test_ui_docs.py` fails when these pictures are older than the templates.",
        "",
        "Sessions: one random id in an HttpOnly, SameSite=Strict cookie, Secure whenever the page is",
        "served over https. Over loopback http (`conformance serve`'s default) the Secure flag is left",
        "off, because a browser would not send a Secure cookie back over http; put the server behind",
        "TLS for anything but a local test. Every form carries a CSRF token checked on the server.",
        "",
    ]
    for number, (name, caption) in enumerate(stops, 1):
        lines += [f"## {number}. {caption}", "", f"![{caption}](ui/{name}.png)", ""]
    return "\n".join(lines)


def main() -> None:
    from reference_impl.server.ui.tour import Tour, served

    PICTURES.mkdir(parents=True, exist_ok=True)

    def picture(name: str, caption: str, page: Page) -> None:
        page.screenshot(path=str(PICTURES / f"{name}.png"))

    with served() as (server, capture):
        stops = Tour(server, capture).walk(picture)
    (DOCS / "ui.md").write_text(document(stops), encoding="utf-8")
    record = {"source_sha256": source_hash(), "states": [{"name": n, "caption": c} for n, c in stops]}
    STATES.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"docs/ui.md: {len(stops)} screens")


if __name__ == "__main__":
    main()
