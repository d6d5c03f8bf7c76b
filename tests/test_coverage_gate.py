"""The coverage gate in CI: every check of harness.gate must find nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from harness import gate
from harness.catalogue import load_catalogue, load_features, parse_feature
from harness.errors import SpecError
from harness.features import CATALOGUE, HARDENING_CATALOGUE, HARDENING_FEATURES


@pytest.mark.parametrize("check", gate.CHECKS, ids=lambda c: c.__name__)
def test_gate_check_passes(check: gate.Check) -> None:
    assert check(load_catalogue(), load_features()) == []


def test_catalogue_holds_every_documented_rule() -> None:
    doc = load_catalogue(CATALOGUE)
    assert len(doc) == 45
    assert {r.level for r in doc.values()} == {"must", "should"}
    assert doc["PWD-05"].sentence.startswith("A minimum of 12 characters")


def test_the_hardening_profile_is_a_second_catalogue_with_sources() -> None:
    hardening = load_catalogue(HARDENING_CATALOGUE)
    assert list(hardening) == [f"HRD-{n:02d}" for n in range(1, 15)]
    assert {r.level for r in hardening.values()} == {"hardening"}
    assert hardening["HRD-01"].source == hardening["HRD-01"].section == "RFC 6238 §5.2"
    assert hardening["HRD-03"].sentence == "The length of the shared secret MUST be at least 128 bits."
    assert load_catalogue() == {**load_catalogue(CATALOGUE), **hardening}


def test_a_rule_annotated_in_both_catalogues_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.md"
    copy.write_text("> Once more. **[PWD-02]**\n", encoding="utf-8")
    with pytest.raises(SpecError, match="PWD-02 is annotated twice"):
        load_catalogue(CATALOGUE, copy)


# The gate must be able to fail: feed each check a broken spec.
def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.feature"
    path.write_text(text, encoding="utf-8")
    return path


RULE = """Feature: F
  {tags}
  Rule: {title}
    "{sentence}"
{body}
"""


def _one_rule(tmp_path: Path, rule_id: str, level: str, sentence: str) -> Path:
    """A feature with one Rule quoting ``sentence`` and one scenario."""
    body = "    Scenario: s\n      Then the change is accepted"
    text = RULE.format(tags=f"@{rule_id} @{level}", title=f"{rule_id} x", sentence=sentence, body=body)
    return _write(tmp_path, text)


def test_gate_catches_undocumented_and_uncovered_rules(tmp_path: Path) -> None:
    doc = load_catalogue()
    features = [parse_feature(_one_rule(tmp_path, "ZZZ-99", "must", "y"))]
    assert gate.every_rule_is_documented(doc, features) == [
        "x.feature:3 Rule ZZZ-99 is not in the annotated doc"
    ]
    assert len(gate.every_documented_rule_has_a_scenario(doc, features)) == len(doc)


def test_gate_catches_loose_scenarios_duplicate_names_and_unknown_steps(tmp_path: Path) -> None:
    text = """Feature: F
  Scenario: outside
    Given nobody defined this step

  @PWD-07 @must
  Rule: PWD-07 x
    "Press Save to commit the change."
    Scenario: same
      Then the change is accepted
    Scenario: same
      Then the change is accepted
"""
    doc, features = load_catalogue(), [parse_feature(_write(tmp_path, text))]
    assert gate.no_scenario_outside_a_rule(doc, features)
    assert gate.no_id_or_scenario_name_twice(doc, features)
    features[0].rules[0].scenarios.append(features[0].loose_scenarios[0])
    assert gate.every_step_has_one_definition(doc, features) == [
        "x.feature: given step undefined: 'nobody defined this step'"
    ]


def test_gate_catches_wrong_level_and_missing_quote(tmp_path: Path) -> None:
    doc, features = load_catalogue(), [parse_feature(_one_rule(tmp_path, "PWD-07", "should", "not the doc"))]
    assert gate.every_rule_has_one_id_and_one_level(doc, features)
    assert gate.rules_quote_the_doc(doc, features)


def test_gate_rejects_invalid_gherkin(tmp_path: Path) -> None:
    with pytest.raises(SpecError):
        parse_feature(_write(tmp_path, "Feature: F\n  Scenario: s\n    Given x\nFeature: a second feature\n"))


def test_gate_keeps_hardening_rules_apart_and_sourced(tmp_path: Path) -> None:
    doc = load_catalogue()
    features = [parse_feature(_one_rule(tmp_path, "HRD-03", "hardening", doc["HRD-03"].sentence))]
    assert gate.hardening_rules_name_their_standard(doc, features) == [
        "x.feature:3 HRD-03 does not name its source 'RFC 4226 §4 (R6)'"
    ]
    [problem] = gate.hardening_stands_apart(doc, features)
    assert "HRD-03 is @hardening" in problem and "spec/features/hardening/" in problem
    inside = HARDENING_FEATURES / "x.feature"
    features[0].rules[0].path = inside
    assert gate.hardening_stands_apart(doc, features) == []
    mislabelled = {"PWD-02": replace(doc["PWD-02"], level="hardening")}
    assert gate.hardening_stands_apart(mislabelled, []) == [
        "PWD-02 is a hardening rule: hardening rules, and only they, take HRD- IDs "
        "and name the standard they come from"
    ]
