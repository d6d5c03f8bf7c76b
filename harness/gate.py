"""The coverage gate: the features and the annotated doc must agree, one check per function.

Each check returns a list of problems (empty when fine). ``make test`` runs
them all (tests/test_coverage_gate.py); any gap fails CI.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from . import steps as _steps  # noqa: F401 - importing registers every step definition
from .bdd import step_definitions
from .catalogue import DocumentedRule, FeatureSpec, all_rules, load_catalogue, load_features
from .features import FEATURES_DIR, HARDENING_FEATURES
from .marks import LEVELS, RULE_ID

#: The ID prefix of the hardening profile's rules (spec/source/hardening.md).
HARDENING_PREFIX = "HRD-"

Check = Callable[[dict[str, DocumentedRule], list[FeatureSpec]], list[str]]
_STEP_TYPES = {"Given": "given", "When": "when", "Then": "then"}


def every_documented_rule_has_a_scenario(
    doc: dict[str, DocumentedRule], features: list[FeatureSpec]
) -> list[str]:
    covered = {rule.id for rule in all_rules(features) if rule.scenarios}
    return [
        f"{rule_id} ({doc[rule_id].section}) has no Rule with a scenario"
        for rule_id in doc
        if rule_id not in covered
    ]


def every_rule_is_documented(doc: dict[str, DocumentedRule], features: list[FeatureSpec]) -> list[str]:
    return [
        f"{r.path.name}:{r.line} Rule {r.id or '(no ID)'} is not in the annotated doc"
        for r in all_rules(features)
        if r.id not in doc
    ]


def every_rule_has_one_id_and_one_level(
    doc: dict[str, DocumentedRule], features: list[FeatureSpec]
) -> list[str]:
    problems = []
    for r in all_rules(features):
        if len(r.ids) != 1 or len(r.levels) != 1:
            problems.append(
                f"{r.path.name}:{r.line} Rule needs exactly one ID tag and one level tag, has {r.tags}"
            )
        elif r.id in doc and doc[r.id].level != r.level:
            problems.append(
                f"{r.path.name}:{r.line} {r.id} is @{r.level} but the doc makes it {doc[r.id].level}"
            )
        elif not r.title.startswith(r.id):
            problems.append(f"{r.path.name}:{r.line} Rule title should start with its ID {r.id}")
    return problems


def rules_quote_the_doc(doc: dict[str, DocumentedRule], features: list[FeatureSpec]) -> list[str]:
    return [
        f"{r.path.name}:{r.line} {r.id} does not quote the doc sentence {doc[r.id].sentence!r}"
        for r in all_rules(features)
        if r.id in doc and doc[r.id].sentence not in r.description
    ]


def hardening_rules_name_their_standard(
    doc: dict[str, DocumentedRule], features: list[FeatureSpec]
) -> list[str]:
    """A hardening Rule quotes its clause (checked above) and says where it comes from."""
    return [
        f"{r.path.name}:{r.line} {r.id} does not name its source {doc[r.id].source!r}"
        for r in all_rules(features)
        if r.id in doc and doc[r.id].source not in r.description
    ]


def hardening_stands_apart(doc: dict[str, DocumentedRule], features: list[FeatureSpec]) -> list[str]:
    """Hardening rules, and only they, take HRD- IDs, name a source and live in spec/features/hardening/.

    Keeping them apart lets a team read (and gate on) the doc's own rules alone.
    """
    problems = [
        f"{rule.id} is a {rule.level} rule: hardening rules, and only they, take {HARDENING_PREFIX} IDs "
        "and name the standard they come from"
        for rule in doc.values()
        if len({rule.level == "hardening", rule.id.startswith(HARDENING_PREFIX), bool(rule.source)}) > 1
    ]
    problems += [
        f"{r.path.name}:{r.line} {r.id} is @{r.level}: hardening Rules, and only they, live in "
        f"{HARDENING_FEATURES.relative_to(FEATURES_DIR.parent.parent)}/"
        for r in all_rules(features)
        if (r.level == "hardening") != (HARDENING_FEATURES in r.path.parents)
    ]
    return problems


def no_id_or_scenario_name_twice(doc: dict[str, DocumentedRule], features: list[FeatureSpec]) -> list[str]:
    ids = Counter(r.id for r in all_rules(features))
    names = Counter(s.name for r in all_rules(features) for s in r.scenarios)
    # pytest-bdd names each test after a slug of the scenario name; a clash silently drops one.
    slugs = Counter(re.sub(r"\W+", "_", name.lower()) for name in names)
    return (
        [f"rule {i} has {n} Rules" for i, n in ids.items() if n > 1]
        + [f"scenario name used {n} times: {s!r}" for s, n in names.items() if n > 1]
        + [f"scenario names collide as test names: {s!r}" for s, n in slugs.items() if n > 1]
    )


def no_scenario_outside_a_rule(doc: dict[str, DocumentedRule], features: list[FeatureSpec]) -> list[str]:
    return [
        f"{f.path.name}:{s.line} scenario {s.name!r} stands outside a Rule"
        for f in features
        for s in f.loose_scenarios
    ]


def tags_from_the_vocabulary(doc: dict[str, DocumentedRule], features: list[FeatureSpec]) -> list[str]:
    problems = [f"{f.path.name}: feature tags are not used, found {f.tags}" for f in features if f.tags]
    for r in all_rules(features):
        bad = [t for t in r.tags if not RULE_ID.match(t) and t not in LEVELS]
        if bad:
            problems.append(f"{r.path.name}:{r.line} unknown tags {bad}")
    return problems


def every_step_has_one_definition(doc: dict[str, DocumentedRule], features: list[FeatureSpec]) -> list[str]:
    contexts = step_definitions()
    problems = []
    seen: set[tuple[str, str]] = set()
    for feature in features:
        for rule in feature.rules:
            for steps in (run for scenario in rule.scenarios for run in scenario.runs()):
                kind = "given"
                for keyword, text in feature.background_steps + steps:
                    kind = _STEP_TYPES.get(keyword, kind)
                    if (kind, text) in seen:
                        continue
                    seen.add((kind, text))
                    matches = [c for c in contexts if c.type in (kind, None) and c.parser.is_matching(text)]
                    if len(matches) != 1:
                        state = "undefined" if not matches else f"ambiguous ({len(matches)} definitions)"
                        problems.append(f"{feature.path.name}: {kind} step {state}: {text!r}")
    return problems


CHECKS: tuple[Check, ...] = (
    every_documented_rule_has_a_scenario,
    every_rule_is_documented,
    every_rule_has_one_id_and_one_level,
    rules_quote_the_doc,
    hardening_rules_name_their_standard,
    hardening_stands_apart,
    no_id_or_scenario_name_twice,
    no_scenario_outside_a_rule,
    tags_from_the_vocabulary,
    every_step_has_one_definition,
)


def problems() -> list[str]:
    doc, features = load_catalogue(), load_features()
    return [problem for check in CHECKS for problem in check(doc, features)]
