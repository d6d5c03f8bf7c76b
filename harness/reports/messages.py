"""messages.ndjson: the run as Cucumber Messages, so Cucumber's own tools can read it.

The Gherkin side (source, gherkinDocument, pickle) is the catalogue's own parse
(:func:`harness.catalogue.load_features`: the official gherkin-official parser, whose AST
each FeatureSpec keeps) and the official pickle compiler; each ScenarioResult is then paired
with its pickle (feature file + scenario line; the example row's rendered step
texts for outlines) and its steps become testStepStarted/Finished messages.

This module also owns the pairing and the per-step outcome, which the Cucumber
JSON writer reuses, so both formats tell the same story.

Choices (also in docs/interpreting-a-report.md):

* ids are deterministic: Gherkin's counter over the feature files in sorted
  order, and ``<kind>-<pickle id>`` for test cases and steps;
* timestamps are reconstructed: test cases are laid end to end from the run's
  start, each step lasting its measured duration (serial and xdist runs alike);
* BROKEN is FAILED (message prefixed ``BROKEN:``), NOT-APPLICABLE is SKIPPED
  with the reason on the first skipped step, XFAIL is PENDING with the
  manifest's reason;
* a failure outside any step (fixture setup/teardown) is put on the first
  step that did not pass, or on the last step;
* a failing step's evidence (harness/evidence.py) comes between its testStepStarted and
  testStepFinished: the screenshot as an ``attachment`` (image/png, BASE64), each trace file as an
  ``externalAttachment`` whose url is its path relative to the report directory.
"""

from __future__ import annotations

import functools
import json
import platform
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from gherkin.pickles.compiler import Compiler
from gherkin.stream.id_generator import IdGenerator

from ..atomic import replacing
from ..catalogue import load_features, parse_feature
from ..features import FEATURES_DIR, ROOT
from ..results import ScenarioResult
from ..run import Run
from ..status import Status
from . import attachments

#: The @cucumber/messages release whose JSON schema these messages follow (vendored under tests/schemas/).
PROTOCOL_VERSION = "34.2.1"
MEDIA_TYPE = "text/x.cucumber.gherkin+plain"

Node = dict[str, Any]


@dataclass(frozen=True)
class StepOutcome:
    """One pickle step's result, in Cucumber's lower-case vocabulary (passed/failed/skipped/pending)."""

    status: str
    duration: float
    message: str | None = None


@dataclass
class Document:
    """One feature file: its text, its Gherkin AST and pickles, and an index of AST nodes by id."""

    path: Path
    uri: str
    data: str
    ast: Node
    pickles: list[Node]
    nodes: dict[str, Node] = field(default_factory=dict)
    rules: dict[str, Node] = field(default_factory=dict)  # scenario id -> enclosing Rule

    def scenario(self, pickle: Node) -> Node:
        return self.nodes[pickle["astNodeIds"][0]]

    def rule(self, pickle: Node) -> Node | None:
        return self.rules.get(pickle["astNodeIds"][0])

    def step(self, pickle_step: Node) -> Node:
        return self.nodes[pickle_step["astNodeIds"][0]]


@dataclass(frozen=True)
class Case:
    """A scenario result with the document and pickle it ran."""

    result: ScenarioResult
    document: Document
    pickle: Node

    @property
    def outcomes(self) -> list[StepOutcome]:
        return step_outcomes(self.result, self.document, self.pickle)

    @property
    def row(self) -> int | None:
        """For an outline's example row, its number among the outline's rows (from 1); else None."""
        if len(self.pickle["astNodeIds"]) < 2:
            return None
        scenario = self.document.scenario(self.pickle)
        rows = [r["id"] for e in scenario["examples"] for r in e.get("tableBody", [])]
        return rows.index(self.pickle["astNodeIds"][-1]) + 1


# -- Gherkin side ------------------------------------------------------------------------------


def feature_path(feature_file: str) -> Path:
    """The file a ScenarioResult's ``feature_file`` names (pytest-bdd gives it relative to spec/)."""
    for base in (FEATURES_DIR.parent, FEATURES_DIR, ROOT):
        candidate = (base / feature_file).resolve()
        if candidate.is_file():
            return candidate
    raise ValueError(f"feature file {feature_file!r} of a scenario result not found under {FEATURES_DIR}")


def _uri(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def load_documents(run: Run) -> list[Document]:
    """Every feature file of the suite (and any other a result names), in a fixed order.

    The Gherkin side is the catalogue's own parse (:func:`harness.catalogue.load_features`, which
    keeps each file's official AST): one model of the features for the catalogue and the reports.
    """
    named = {feature_path(s["feature_file"]) for s in run.scenarios}
    files = sorted({*(p.resolve() for p in FEATURES_DIR.rglob("*.feature")), *named}, key=_uri)
    return list(_documents(tuple((path, path.stat().st_mtime_ns) for path in files)))


@functools.lru_cache(maxsize=2)
def _documents(files: tuple[tuple[Path, int], ...]) -> tuple[Document, ...]:
    """The parse of ``files`` (path, modification time): junit.xml, cucumber.json and the messages
    each pair the run with it, and parsing and compiling 40-odd features costs 0.2 s a time.

    Nothing downstream changes a Document; a file changed since is parsed again (its time is in the key).
    """
    ids = IdGenerator()  # one counter: ids unique in the stream, AST and pickles alike
    features = {feature.path.resolve(): feature for feature in load_features(ids=ids)}
    for path, _ in files:
        if path not in features:
            features[path] = parse_feature(path, ids)  # a feature outside the suite (a counterexample)
    compiler = Compiler(ids)
    documents = []
    for path, feature in sorted(features.items(), key=lambda item: _uri(item[0])):
        uri = _uri(path)
        ast = cast(Node, {**feature.document, "uri": uri})
        pickles = cast(list[Node], compiler.compile(cast(Any, ast)))
        document = Document(path=path, uri=uri, data=feature.source, ast=ast, pickles=pickles)
        _index(document, ast.get("feature") or {}, None)
        documents.append(document)
    return tuple(documents)


def _index(document: Document, node: Node, rule: Node | None) -> None:
    for child in node.get("children", []):
        if "rule" in child:
            _index(document, child["rule"], child["rule"])
        for kind in ("scenario", "background"):
            if kind in child:
                item = child[kind]
                document.nodes[item["id"]] = item
                if rule is not None:
                    document.rules[item["id"]] = rule
                for step in item["steps"]:
                    document.nodes[step["id"]] = step
                for examples in item.get("examples", []):
                    for row in examples.get("tableBody", []):
                        document.nodes[row["id"]] = row


def pair(run: Run, documents: list[Document]) -> list[Case]:
    """Each scenario result with its pickle, in the run's order; an unmatched result is a kit bug."""
    by_scenario: dict[tuple[Path, int], list[tuple[Document, Node]]] = {}
    for document in documents:
        for pickle in document.pickles:
            line = document.scenario(pickle)["location"]["line"]
            by_scenario.setdefault((document.path, line), []).append((document, pickle))
    cases = []
    for result in run.scenarios:
        candidates = by_scenario.get((feature_path(result["feature_file"]), result["line"]), [])
        if not candidates:
            raise ValueError(f"no pickle for {result['nodeid']} ({result['feature_file']}:{result['line']})")
        document, pickle = _choose(result, candidates)
        candidates.remove((document, pickle))
        cases.append(Case(result, document, pickle))
    return cases


def _choose(result: ScenarioResult, candidates: list[tuple[Document, Node]]) -> tuple[Document, Node]:
    """One pickle per example row: the row whose rendered steps (or pytest-bdd id) the result shows."""
    if len(candidates) == 1:
        return candidates[0]
    texts = [s["text"] for s in sorted(result["steps"], key=lambda s: s["line"])]
    for candidate in candidates:
        if [s["text"] for s in candidate[1]["steps"]] == texts:
            return candidate
    param = re.search(r"\[(.*)\]$", result["nodeid"])
    for document, pickle in candidates:
        values = [c["value"] for c in document.nodes[pickle["astNodeIds"][-1]]["cells"]]
        joined = "-".join(values)
        if param and param.group(1) in (joined, joined.encode("unicode_escape").decode("ascii")):
            return document, pickle
    return candidates[0]


# -- outcomes ---------------------------------------------------------------------------------


def step_outcomes(result: ScenarioResult, document: Document, pickle: Node) -> list[StepOutcome]:
    """The status and message of every pickle step, from the result's steps and the scenario status."""
    by_line = {s["line"]: s for s in result["steps"]}
    raw = []
    for pickle_step in pickle["steps"]:
        step = by_line.get(document.step(pickle_step)["location"]["line"])
        raw.append((step["status"], step["duration"]) if step else ("skipped", 0.0))
    status = result["status"]
    statuses = [s for s, _ in raw]
    if status in (Status.FAILED, Status.BROKEN, Status.XFAIL) and "failed" not in statuses and raw:
        culprit = next((i for i, s in enumerate(statuses) if s != "passed"), len(raw) - 1)
        raw[culprit] = ("failed", raw[culprit][1])
    # Not checked is not failed: a BLOCKED scenario's failing step is skipped, carrying who blocked it.
    failed_as = {Status.XFAIL: "pending", Status.BLOCKED: "skipped"}.get(Status(status), "failed")
    outcomes = []
    told = False
    for step_status, duration in raw:
        message = None
        carries = step_status == "failed" or (
            step_status == "skipped" and status in (Status.NOT_APPLICABLE, Status.BLOCKED)
        )
        if carries and not told:  # the message goes on the first step that failed (or was skipped)
            message, told = scenario_message(result), True
        outcomes.append(StepOutcome(failed_as if step_status == "failed" else step_status, duration, message))
    return outcomes


def scenario_message(result: ScenarioResult) -> str:
    """The message a reader sees on the failing step, saying which conformance status it is."""
    message = result["message"] or "(no message)"
    if result["status"] == Status.BROKEN:
        return f"BROKEN: {message}"
    if result["status"] == Status.XFAIL:
        return f"XFAIL (expected failure: {result['expectation']}): {message}"
    if result["status"] == Status.NOT_APPLICABLE:
        return f"NOT-APPLICABLE (not checked): {message}"
    blocked = result["blocked_by"]
    if result["status"] == Status.BLOCKED and blocked is not None:
        return f"BLOCKED by {blocked['rule']} (not checked): {message}"
    return message


def _exception(message: str) -> dict[str, str]:
    """Split ``pkg.Type: text`` (pytest's crash line) into an exception type and message."""
    match = re.match(
        r"^(?:BROKEN: )?([A-Za-z_][\w.]*(?:Error|Exception|Broken|Warning|Exit|Timeout)\w*): (.*)$",
        message,
        re.S,
    )
    if match:
        return {"type": match.group(1), "message": match.group(2)}
    return {"type": "AssertionError" if not message.startswith("BROKEN") else "Exception", "message": message}


# -- the stream -------------------------------------------------------------------------------


class _Clock:
    """Reconstructed timestamps: a cursor moving forward by measured durations."""

    def __init__(self, started: str) -> None:
        self.nanos = int(datetime.fromisoformat(started).timestamp()) * 10**9

    def now(self) -> dict[str, int]:
        return _timestamp(self.nanos)

    def advance(self, seconds: float) -> None:
        self.nanos += max(0, round(seconds * 10**9))


def _timestamp(nanos: int) -> dict[str, int]:
    return {"seconds": nanos // 10**9, "nanos": nanos % 10**9}


def _duration(seconds: float) -> dict[str, int]:
    return _timestamp(max(0, round(seconds * 10**9)))


def envelopes(run: Run, directory: Path | None = None) -> Iterator[dict[str, Any]]:
    """Every message of the run, in the order Cucumber emits them (evidence kept in ``directory`` too)."""
    documents = load_documents(run)
    cases = pair(run, documents)
    ran = {id(c.pickle) for c in cases}
    yield {"meta": _meta(run)}
    for document in documents:
        yield {"source": {"uri": document.uri, "data": document.data, "mediaType": MEDIA_TYPE}}
        yield {"gherkinDocument": document.ast}
        for pickle in document.pickles:
            if id(pickle) in ran:
                yield {"pickle": pickle}
    clock = _Clock(run.metadata["started"])
    yield {"testRunStarted": {"timestamp": clock.now(), "id": "run"}}
    for case in cases:
        steps = [
            {
                "id": f"step-{s['id']}",
                "pickleStepId": s["id"],
                "stepDefinitionIds": [],
                "stepMatchArgumentsLists": [],
            }
            for s in case.pickle["steps"]
        ]
        yield {
            "testCase": {
                "id": f"case-{case.pickle['id']}",
                "pickleId": case.pickle["id"],
                "testSteps": steps,
                "testRunStartedId": "run",
            }
        }
    for case in cases:
        started = f"started-{case.pickle['id']}"
        yield {
            "testCaseStarted": {
                "id": started,
                "testCaseId": f"case-{case.pickle['id']}",
                "attempt": 0,
                "timestamp": clock.now(),
            }
        }
        for pickle_step, outcome in zip(case.pickle["steps"], case.outcomes, strict=True):
            step_id = f"step-{pickle_step['id']}"
            yield {
                "testStepStarted": {
                    "testCaseStartedId": started,
                    "testStepId": step_id,
                    "timestamp": clock.now(),
                }
            }
            clock.advance(outcome.duration)
            if outcome.status in ("failed", "pending"):  # the screenshot of the failing step, its traces
                where = {"testCaseStartedId": started, "testStepId": step_id, "timestamp": clock.now()}
                yield from attachments.envelopes(case.result, directory, where)
            yield {
                "testStepFinished": {
                    "testCaseStartedId": started,
                    "testStepId": step_id,
                    "testStepResult": _step_result(outcome),
                    "timestamp": clock.now(),
                }
            }
        yield {
            "testCaseFinished": {
                "testCaseStartedId": started,
                "timestamp": clock.now(),
                "willBeRetried": False,
            }
        }
    finished = max(clock.nanos, int(datetime.fromisoformat(run.metadata["finished"]).timestamp()) * 10**9)
    yield {
        "testRunFinished": {
            "success": run.exit_code == 0,
            "timestamp": _timestamp(finished),
            "testRunStartedId": "run",
            "message": f"{run.verdict} (exit code {run.exit_code})",
        }
    }


def _step_result(outcome: StepOutcome) -> dict[str, Any]:
    result: dict[str, Any] = {"status": outcome.status.upper(), "duration": _duration(outcome.duration)}
    if outcome.message is not None:
        result["message"] = outcome.message
        if outcome.status in ("failed", "pending"):
            result["exception"] = _exception(outcome.message)
    return result


def _meta(run: Run) -> dict[str, Any]:
    return {
        "protocolVersion": PROTOCOL_VERSION,
        "implementation": {"name": "security-settings-conformance", "version": run.metadata["kit_version"]},
        "runtime": {"name": platform.python_implementation(), "version": platform.python_version()},
        "os": {"name": platform.system() or "unknown", "version": platform.release()},
        "cpu": {"name": platform.machine() or "unknown"},
    }


def write(run: Run, directory: Path) -> Path:
    path = directory / "messages.ndjson"
    with replacing(path) as out:
        for envelope in envelopes(run, directory):
            out.write(json.dumps(envelope, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path
