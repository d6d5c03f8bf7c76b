"""docs/ui.md is fresh: its pictures were taken from the UI as the templates draw it now, one per state."""

from __future__ import annotations

import json

import pytest

from tooling.ui_screens import DOCS, PICTURES, STATES, document, source_hash

RECORD = json.loads(STATES.read_text(encoding="utf-8"))
STOPS = [(s["name"], s["caption"]) for s in RECORD["states"]]


def test_the_pictures_were_taken_from_the_current_templates() -> None:
    assert RECORD["source_sha256"] == source_hash(), "the UI changed: run python -m tooling.ui_screens"


def test_the_page_shows_every_state_with_its_picture() -> None:
    assert (DOCS / "ui.md").read_text(encoding="utf-8") == document(STOPS)
    assert sorted(p.stem for p in PICTURES.glob("*.png")) == sorted(name for name, _ in STOPS)


@pytest.mark.browser
def test_the_tour_still_reaches_exactly_the_pictured_states() -> None:
    from reference_impl.server.ui.tour import Tour, served

    with served() as (server, capture):
        assert Tour(server, capture).walk(lambda *_: None) == STOPS
