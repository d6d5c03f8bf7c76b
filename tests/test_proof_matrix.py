"""The proof matrix has one source, harness/proofs.py: the feature files and docs/quality.md follow it."""

from __future__ import annotations

import re

from harness.answers import ANSWERS, PER_ALTERNATIVE
from harness.catalogue import all_rules, load_features
from harness.proofs import MATRIX, PLACES, markdown, outline_cells
from tests.conformance_runs import ROOT

INTERPRETATIONS = (ROOT / "spec" / "INTERPRETATIONS.md").read_text(encoding="utf-8")
_GIVES = re.compile(r"^\w+ gives <answer> (?P<place>.+?)(?: on (?:her|his) [a-z]+)?$")


def _outlines() -> dict[tuple[str, str], list[str]]:
    """(place, rule) → the answers of the Scenario Outline that gives ``<answer>`` there."""
    found: dict[tuple[str, str], list[str]] = {}
    for rule in all_rules(load_features()):
        rule_id = rule.title.split()[0]
        for scenario in rule.scenarios:
            places = [m["place"] for _, text in scenario.steps if (m := _GIVES.match(text))]
            if places:
                key = (places[0], rule_id)
                assert key not in found, f"two outlines give answers {places[0]} under {rule_id}"
                found[key] = [row["answer"] for row in scenario.examples]
    return found


def test_the_outlines_examples_are_the_tables_cells() -> None:
    assert _outlines() == outline_cells()


def test_cells_checked_by_hand_written_scenarios_name_a_scenario_of_their_rule() -> None:
    scenarios = {(r.title.split()[0], s.name) for r in all_rules(load_features()) for s in r.scenarios}
    missing = [c for c in MATRIX if c.scenario and (c.rule, c.scenario) not in scenarios]
    assert not missing, f"no such scenario under the cell's rule: {missing}"


def test_every_cell_is_refused_by_a_rule_or_left_open_by_a_recorded_interpretation() -> None:
    for cell in MATRIX:
        assert (cell.rule is None) != (cell.open is None), cell
        if cell.open:
            assert f"### {cell.open} " in INTERPRETATIONS, f"{cell.open} is not in spec/INTERPRETATIONS.md"
    cells = [(c.place.phrase, c.answer, c.rule or c.open) for c in MATRIX]
    assert len(cells) == len(set(cells)), "a cell is in the table twice under one rule"
    opened = {(c.place.phrase, c.answer) for c in MATRIX if c.open}
    refused = {(c.place.phrase, c.answer) for c in MATRIX if c.rule}
    assert not opened & refused, "a cell is both open and refused"


def test_every_answer_an_outline_gives_has_one_way_to_build_it() -> None:
    given = {answer for answers in outline_cells().values() for answer in answers}
    assert given <= set(ANSWERS)
    assert set(PER_ALTERNATIVE) <= set(ANSWERS)
    assert {c.place for c in MATRIX} == set(PLACES)


def test_docs_quality_shows_the_table() -> None:
    quality = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    assert markdown() in quality, "docs/quality.md's proof matrix differs from harness/proofs.py"
