"""The rule catalogue (the annotated doc) and the Rules of the feature files, side by side.

Both the coverage gate and the reports read the suite through this module:
features are parsed with the official Gherkin parser, the annotated doc with
a small reader of its ``**[ID]**`` markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gherkin.ast_builder import AstBuilder
from gherkin.parser import Parser
from gherkin.stream.id_generator import IdGenerator
from gherkin.token_scanner import TokenScanner

from .errors import SpecError
from .features import CATALOGUES, FEATURES_DIR
from .marks import LEVELS, RULE_ID

#: ``**[PWD-04]**`` (MUST), ``**[PWD-05 SHOULD]**``, ``**[HRD-01 HARDENING — RFC 6238 §5.2]**`` (+ source).
_MARKER = re.compile(
    r"\*\*\[(?P<id>[A-Z]{3}-\d{2})(?: (?P<level>SHOULD|HARDENING))?(?P<advice> ADVICE)?"
    r"(?: — (?P<source>[^\]]+))?\]\*\*"
)
_LEVELS = {None: "must", "SHOULD": "should", "HARDENING": "hardening"}
_NO_RULE = re.compile(r"\*\([^)]*\)\*")


@dataclass(frozen=True)
class DocumentedRule:
    """One rule of the annotated documentation, or of the hardening profile.

    A hardening rule's ``section`` is its ``source``, the clause of the standard it
    comes from ("RFC 6238 §5.2"): that is the section a reader looks up.
    """

    id: str
    level: str
    section: str
    sentence: str
    source: str = ""
    #: Advice to the reader ("we recommend…"): nothing a product does can keep or break it. Its scenarios
    #: check something related, and reports label the rule as advice instead of claiming it PASSED.
    advice: bool = False


@dataclass(frozen=True)
class ScenarioSpec:
    name: str
    line: int
    steps: tuple[tuple[str, str], ...]  # (keyword, text)
    #: A Scenario Outline's Examples rows, as {column: value}; empty for a plain scenario.
    examples: tuple[dict[str, str], ...] = ()

    def runs(self) -> list[tuple[tuple[str, str], ...]]:
        """The steps as they run: one list per Examples row, ``<column>`` replaced by its value."""
        if not self.examples:
            return [self.steps]
        return [
            tuple((keyword, _substitute(text, row)) for keyword, text in self.steps) for row in self.examples
        ]


def _substitute(text: str, row: dict[str, str]) -> str:
    for column, value in row.items():
        text = text.replace(f"<{column}>", value)
    return text


@dataclass
class RuleSpec:
    """One ``Rule:`` of a feature file."""

    feature: str
    path: Path
    line: int
    title: str
    description: str
    tags: tuple[str, ...]
    scenarios: list[ScenarioSpec] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [t for t in self.tags if RULE_ID.match(t)]

    @property
    def levels(self) -> list[str]:
        return [t for t in self.tags if t in LEVELS]

    @property
    def id(self) -> str:
        return self.ids[0] if self.ids else ""

    @property
    def level(self) -> str:
        return self.levels[0] if self.levels else ""


@dataclass
class FeatureSpec:
    """One feature file: the official Gherkin AST it was read into, and the kit's view of that AST.

    The AST (with ids from the parse's :class:`IdGenerator`) and the source text are kept, so the
    Cucumber messages report compiles its pickles from this same parse: one Gherkin model.
    """

    name: str
    path: Path
    tags: tuple[str, ...]
    rules: list[RuleSpec]
    loose_scenarios: list[ScenarioSpec]
    background_steps: tuple[tuple[str, str], ...]
    source: str = ""
    document: dict[str, Any] = field(default_factory=dict)


def load_catalogue(*paths: Path) -> dict[str, DocumentedRule]:
    """Every ``**[ID]**`` of ``paths`` (default: the annotated doc, then the hardening profile)."""
    rules: dict[str, DocumentedRule] = {}
    for path in paths or CATALOGUES:
        for rule in _read_catalogue(path):
            if rule.id in rules:
                raise SpecError(f"{path.name}: rule {rule.id} is annotated twice")
            rules[rule.id] = rule
    return rules


def _read_catalogue(path: Path) -> list[DocumentedRule]:
    rules = []
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip()
            continue
        start = 0
        for match in _MARKER.finditer(line):
            source = (match["source"] or "").strip()
            rules.append(
                DocumentedRule(
                    id=match["id"],
                    level=_LEVELS[match["level"]],
                    section=source or section,
                    sentence=_clean(line[start : match.start()]),
                    source=source,
                    advice=bool(match["advice"]),
                )
            )
            start = match.end()
    return rules


def _clean(fragment: str) -> str:
    text = _NO_RULE.split(fragment)[-1].replace("**", "")
    cells = [c.strip() for c in text.strip().lstrip(">").split("|") if c.strip()]
    return (cells[-1] if cells else "").strip(" —").removeprefix("- ")


def load_features(directory: Path = FEATURES_DIR, ids: IdGenerator | None = None) -> list[FeatureSpec]:
    """Every feature under ``directory``, in path order, parsed with the official Gherkin parser.

    ``ids``: the counter the AST's ids come from; one counter across files keeps them unique
    in a Cucumber message stream.
    """
    ids = ids if ids is not None else IdGenerator()
    return [parse_feature(path, ids) for path in sorted(directory.rglob("*.feature"))]


def parse_feature(path: Path, ids: IdGenerator | None = None) -> FeatureSpec:
    source = path.read_text(encoding="utf-8")
    try:
        document = Parser(AstBuilder(ids if ids is not None else IdGenerator())).parse(TokenScanner(source))
    except Exception as exc:
        raise SpecError(f"{path}: not valid Gherkin: {exc}") from exc
    feature: dict[str, Any] = dict(document["feature"])
    rules: list[RuleSpec] = []
    loose: list[ScenarioSpec] = []
    background: tuple[tuple[str, str], ...] = ()
    children: list[dict[str, Any]] = feature["children"]
    for child in children:
        if "background" in child:
            background = _steps(child["background"])
        elif "scenario" in child:
            loose.append(_scenario(child["scenario"]))
        elif "rule" in child:
            rules.append(_rule(feature["name"], path, child["rule"]))
    return FeatureSpec(
        name=feature["name"],
        path=path,
        tags=_tags(feature),
        rules=rules,
        loose_scenarios=loose,
        background_steps=background,
        source=source,
        document=dict(document),
    )


def _rule(feature: str, path: Path, node: dict[str, object]) -> RuleSpec:
    rule = RuleSpec(
        feature=feature,
        path=path,
        line=node["location"]["line"],  # type: ignore[index]
        title=str(node["name"]),
        description=str(node["description"]).strip(),
        tags=_tags(node),
    )
    for child in node["children"]:  # type: ignore[attr-defined]
        if "scenario" in child:
            rule.scenarios.append(_scenario(child["scenario"]))
    return rule


def _scenario(node: dict[str, object]) -> ScenarioSpec:
    return ScenarioSpec(
        name=str(node["name"]),
        line=node["location"]["line"],  # type: ignore[index]
        steps=_steps(node),
        examples=_examples(node),
    )


def _examples(node: dict[str, Any]) -> tuple[dict[str, str], ...]:
    rows: list[dict[str, str]] = []
    for table in node.get("examples", []):
        header = [cell["value"] for cell in table["tableHeader"]["cells"]]
        rows += [
            dict(zip(header, (c["value"] for c in row["cells"]), strict=True)) for row in table["tableBody"]
        ]
    return tuple(rows)


def _steps(node: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple((s["keyword"].strip(), s["text"]) for s in node["steps"])  # type: ignore[attr-defined]


def _tags(node: dict[str, object]) -> tuple[str, ...]:
    return tuple(t["name"].lstrip("@") for t in node["tags"])  # type: ignore[attr-defined]


def all_rules(features: list[FeatureSpec]) -> list[RuleSpec]:
    return [rule for feature in features for rule in feature.rules]


def quoted_sentence(rule: RuleSpec) -> str:
    """The doc sentence a Rule's description quotes (the first "…" line)."""
    match = re.search(r'"(.+)"', rule.description)
    return match.group(1) if match else ""
