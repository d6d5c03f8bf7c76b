"""messages.ndjson: each line is a valid Cucumber Message (official schema); the stream tells the run's story.

The schema is @cucumber/messages' own, vendored unmodified under
tests/schemas/cucumber-messages/ (see its README). Optionally, when node and npm
are installed, Cucumber's own @cucumber/html-formatter renders the stream and
Chromium displays it; that test skips only when node/npm are absent.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from harness.catalogue import load_catalogue
from harness.drivers.browser.chromium import DEFAULT_CHROMIUM
from harness.features import FEATURES_DIR
from harness.reports import messages
from harness.results import ScenarioResult, StepResult
from harness.run import Metadata, Run
from tests.conformance_runs import ROOT, RunOutput, conformance_run

SCHEMA_DIR = ROOT / "tests" / "schemas" / "cucumber-messages"
SCHEMA = SCHEMA_DIR / "messages.schema.json"
FAULTY = "tests.drivers.faulty:careless_change_password"
HTML_FORMATTER = "@cucumber/html-formatter@24.2.0"
CHROMIUM = Path(DEFAULT_CHROMIUM)

Envelope = dict[str, Any]


# -- schema --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def registry(schema: dict[str, Any]) -> Registry[Any]:
    """The bundled schema and every message schema embedded in it, by $id: relative $refs resolve offline."""
    registry: Registry[Any] = (Resource.from_contents(schema) @ Registry()).crawl()
    return registry


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any], registry: Registry[Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


def _refs(node: Any, base: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        base = urljoin(base, node["$id"]) if isinstance(node.get("$id"), str) else base
        if isinstance(node.get("$ref"), str):
            yield base, node["$ref"]
        for value in node.values():
            yield from _refs(value, base)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value, base)


def test_the_vendored_schema_is_the_one_the_readme_names(schema: dict[str, Any]) -> None:
    readme = (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    assert f"version **{messages.PROTOCOL_VERSION}**" in readme
    assert "unmodified" in readme
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_ref_between_the_message_schemas_resolves(
    schema: dict[str, Any], registry: Registry[Any]
) -> None:
    refs = list(_refs(schema, ""))
    assert len(refs) > 50
    assert any(ref.startswith("./") for _, ref in refs)  # references to the other message schemas
    for base, ref in refs:
        registry.resolver(base_uri=base).lookup(ref)  # raises Unresolvable


# -- runs ----------------------------------------------------------------------------------------


def read(run: RunOutput) -> list[Envelope]:
    lines = (run.report_dir / "messages.ndjson").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunOutput]:
    """FAILED + XFAIL + PASSED (one manifest entry), BROKEN, NOT-APPLICABLE (so INCOMPLETE): every mapping."""
    manifest = tmp_path_factory.mktemp("manifest") / "expectations.toml"
    manifest.write_text(
        '[[expected_failure]]\nrule = "PWD-02"\nreason = "Known <bug> JIRA-7"\n', encoding="utf-8"
    )
    plans = {
        "faulty+xfail": ("--driver", FAULTY, "--expectations", str(manifest)),
        "broken": ("--driver", "tests.drivers.faulty:crashing_section"),
        "not-applicable": ("--driver", "tests.drivers.faulty:no_clock_control"),
    }
    with ThreadPoolExecutor(
        max_workers=len(plans)
    ) as pool:  # three subprocesses at once: the test stays quick
        futures = {
            name: pool.submit(conformance_run, tmp_path_factory.mktemp("run"), *args)
            for name, args in plans.items()
        }
        made = {name: future.result() for name, future in futures.items()}
    assert [r.exit_code for r in made.values()] == [1, 2, 3], [r.output for r in made.values()]
    return made


@pytest.mark.parametrize("name", ["faulty+xfail", "broken", "not-applicable"])
def test_every_line_is_a_valid_cucumber_message(
    validator: Draft202012Validator, runs: dict[str, RunOutput], name: str
) -> None:
    envelopes = read(runs[name])
    assert len(envelopes) > 100
    for number, envelope in enumerate(envelopes, start=1):
        assert len(envelope) == 1, f"line {number}: an envelope holds exactly one message"
        problems = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(envelope)
        ]
        assert problems == [], f"line {number} ({next(iter(envelope))}): {problems}"


def test_the_validator_really_checks_nested_messages(
    validator: Draft202012Validator, runs: dict[str, RunOutput]
) -> None:
    envelopes = read(runs["faulty+xfail"])
    finished = copy.deepcopy(next(e for e in envelopes if "testStepFinished" in e))
    finished["testStepFinished"]["testStepResult"]["status"] = "BROKEN"
    pickle = copy.deepcopy(next(e for e in envelopes if "pickle" in e))
    del pickle["pickle"]["steps"][0]["id"]
    assert not validator.is_valid(finished)
    assert not validator.is_valid(pickle)
    assert not validator.is_valid({"testRunFinished": {"success": True}})  # no timestamp


def test_the_stream_is_ordered_and_every_id_resolves(runs: dict[str, RunOutput]) -> None:
    envelopes = read(runs["faulty+xfail"])
    kinds = [next(iter(e)) for e in envelopes]
    assert kinds[0] == "meta" and kinds[-1] == "testRunFinished"
    assert envelopes[0]["meta"]["protocolVersion"] == messages.PROTOCOL_VERSION
    assert kinds.index("testRunStarted") > max(i for i, k in enumerate(kinds) if k in ("source", "pickle"))
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for envelope in envelopes:
        kind, body = next(iter(envelope.items()))
        by_kind.setdefault(kind, []).append(body)
    pickles = {p["id"]: p for p in by_kind["pickle"]}
    pickle_steps = {s["id"] for p in pickles.values() for s in p["steps"]}
    ast_ids = set(re.findall(r'"id": ?"([^"]+)"', json.dumps(by_kind["gherkinDocument"])))
    assert ast_ids.isdisjoint(pickles) and ast_ids.isdisjoint(pickle_steps)
    for pickle in pickles.values():
        assert set(pickle["astNodeIds"]) <= ast_ids
        assert pickle["uri"] in {s["uri"] for s in by_kind["source"]}
    cases = {c["id"]: c for c in by_kind["testCase"]}
    assert sorted(c["pickleId"] for c in cases.values()) == sorted(pickles)  # one test case per pickle
    steps = {s["id"]: s for c in cases.values() for s in c["testSteps"]}
    assert {s["pickleStepId"] for s in steps.values()} == pickle_steps
    started = {s["id"]: s for s in by_kind["testCaseStarted"]}
    assert {s["testCaseId"] for s in started.values()} == set(cases)
    assert sorted(f["testCaseStartedId"] for f in by_kind["testCaseFinished"]) == sorted(started)
    for finished in by_kind["testStepFinished"]:
        case = cases[started[finished["testCaseStartedId"]]["testCaseId"]]
        assert finished["testStepId"] in {s["id"] for s in case["testSteps"]}
    assert len(by_kind["testStepFinished"]) == len(steps) == len(by_kind["testStepStarted"])
    stamps = [
        body["timestamp"]["seconds"] * 10**9 + body["timestamp"]["nanos"]
        for envelope in envelopes
        for body in envelope.values()
        if isinstance(body, dict) and "timestamp" in body
    ]
    assert stamps == sorted(stamps), "timestamps never go back"


def _statuses_by_rule(envelopes: list[Envelope]) -> dict[str, list[tuple[str, str | None]]]:
    """Rule tag -> every (status, message) of its test steps."""
    pickles = {e["pickle"]["id"]: e["pickle"] for e in envelopes if "pickle" in e}
    case_pickle = {e["testCase"]["id"]: e["testCase"]["pickleId"] for e in envelopes if "testCase" in e}
    started = {
        e["testCaseStarted"]["id"]: e["testCaseStarted"]["testCaseId"]
        for e in envelopes
        if "testCaseStarted" in e
    }
    out: dict[str, list[tuple[str, str | None]]] = {}
    for envelope in envelopes:
        if "testStepFinished" in envelope:
            finished = envelope["testStepFinished"]
            pickle = pickles[case_pickle[started[finished["testCaseStartedId"]]]]
            rule = next(t["name"][1:] for t in pickle["tags"] if re.fullmatch(r"@[A-Z]{3}-\d{2}", t["name"]))
            result = finished["testStepResult"]
            out.setdefault(rule, []).append((result["status"], result.get("message")))
    return out


def test_statuses_map_onto_step_results(runs: dict[str, RunOutput]) -> None:
    faulty = _statuses_by_rule(read(runs["faulty+xfail"]))
    assert {r for r, s in faulty.items() if any(x == "FAILED" for x, _ in s)} == {
        "PWD-01",
        "PWD-03",
        "PWD-04",
        "HRD-11",
    }
    pending = [m for s, m in faulty["PWD-02"] if s == "PENDING"]
    assert pending and all(
        m and m.startswith("XFAIL (expected failure: Known <bug> JIRA-7)") for m in pending
    )
    summary = runs["faulty+xfail"].summary
    failed_messages = {
        s["message"] for r in summary["rules"] for s in r["scenarios"] if s["status"] == "FAILED"
    }
    assert {
        m for r in ("PWD-01", "PWD-03", "PWD-04") for s, m in faulty[r] if s == "FAILED"
    } == failed_messages

    broken = _statuses_by_rule(read(runs["broken"]))
    broken_rules = runs["broken"].rules_with("BROKEN")
    assert broken_rules
    for rule in broken_rules:
        assert any(s == "FAILED" and m and m.startswith("BROKEN: ") for s, m in broken[rule])

    skipped = _statuses_by_rule(read(runs["not-applicable"]))
    for rule in runs["not-applicable"].rules_with("NOT-APPLICABLE"):
        assert "FAILED" not in {s for s, _ in skipped[rule]}
        assert any(s == "SKIPPED" and m and "NOT-APPLICABLE" in m for s, m in skipped[rule])


def test_test_run_finished_says_whether_the_run_conforms(runs: dict[str, RunOutput]) -> None:
    for run in runs.values():
        finished = read(run)[-1]["testRunFinished"]
        assert finished["success"] is (run.exit_code == 0)
        assert run.summary["verdict"] in finished["message"]


# -- pairing outline rows, in-process -------------------------------------------------------------

OUTLINE_VALUES = ["Tr0ub4dor&3xy", "7-correct-Horse-battery-staple!", "Zebra#Quilt&42Mango"]
#: Where PWD-05's outline starts in its feature file (read, not written down: scenarios get added above it).
OUTLINE_LINE = 1 + next(
    i
    for i, line in enumerate(
        (FEATURES_DIR / "02_change_password.feature").read_text(encoding="utf-8").splitlines()
    )
    if "Scenario Outline: A new password that follows the recommendation" in line
)


def _outline_result(value: str, status: str, rendered: bool) -> ScenarioResult:
    nodeid_value = value.encode("unicode_escape").decode("ascii")  # how pytest writes non-ASCII ids
    failed = status == "FAILED"
    text = f'Alice changes her password to "{value if rendered else "<password>"}" on her laptop'
    steps = [
        StepResult(keyword="Given", text="Alice has an account", line=6, status="passed", duration=0.001),
        StepResult(
            keyword="And", text="Alice is signed in on her laptop", line=7, status="passed", duration=0.001
        ),
        StepResult(keyword="When", text=text, line=OUTLINE_LINE + 1, status="passed", duration=0.001),
        StepResult(
            keyword="Then",
            text="the change is accepted",
            line=OUTLINE_LINE + 2,
            status="failed" if failed else "passed",
            duration=0.001,
        ),
        StepResult(
            keyword="And",
            text="Alice can sign in with her new password",
            line=OUTLINE_LINE + 3,
            status="skipped" if failed else "passed",
            duration=0.001,
        ),
    ]
    return ScenarioResult(
        nodeid=f"test_security_settings.py::test_a_new_password_that_follows_the_recommendation_is_accepted[{nodeid_value}]",
        name="A new password that follows the recommendation is accepted",
        feature="Change password",
        feature_file="features/02_change_password.feature",
        line=OUTLINE_LINE,
        rule="PWD-05",
        rule_title="PWD-05 At least 12 characters of letters, digits and special characters are recommended",
        level="should",
        status=status,
        message=f"AssertionError: refused {value}" if failed else "",
        failing_step="Then the change is accepted" if failed else None,
        steps=steps,
        duration=0.005,
        expectation=None,
        blocked_by=None,
        needs=None,
    )


def _run(results: list[ScenarioResult]) -> Run:
    metadata = Metadata(
        kit_version="0",
        protocol_version="1.0",
        driver="synthetic",
        levels=["must"],
        started="2026-01-01T00:00:00+00:00",
        finished="2026-01-01T00:00:01+00:00",
        simulated_seconds=0.0,
        wall_seconds=1.0,
    )
    return Run(metadata=metadata, scenarios=results, documented=load_catalogue())


@pytest.mark.parametrize(
    "rendered", [True, False], ids=["by rendered step text", "by pytest-bdd parameter id"]
)
def test_each_outline_row_result_lands_on_its_own_pickle(rendered: bool) -> None:
    """Results arrive in any order (xdist); the failing row must still be the failing pickle."""
    statuses = dict(zip(OUTLINE_VALUES, ["PASSED", "FAILED", "PASSED"], strict=True))
    order = [OUTLINE_VALUES[1], OUTLINE_VALUES[2], OUTLINE_VALUES[0]]  # the failing row first
    results = [_outline_result(v, statuses[v], rendered) for v in order]
    envelopes = list(messages.envelopes(_run(results)))
    pickles = {e["pickle"]["id"]: e["pickle"] for e in envelopes if "pickle" in e}
    assert len(pickles) == 3
    case_pickle = {e["testCase"]["id"]: e["testCase"]["pickleId"] for e in envelopes if "testCase" in e}
    started = {
        e["testCaseStarted"]["id"]: e["testCaseStarted"]["testCaseId"]
        for e in envelopes
        if "testCaseStarted" in e
    }
    failed_pickles = {
        case_pickle[started[e["testStepFinished"]["testCaseStartedId"]]]
        for e in envelopes
        if "testStepFinished" in e and e["testStepFinished"]["testStepResult"]["status"] == "FAILED"
    }
    assert len(failed_pickles) == 1
    failed_texts = [s["text"] for s in pickles[failed_pickles.pop()]["steps"]]
    assert 'Alice changes her password to "7-correct-Horse-battery-staple!" on her laptop' in failed_texts


def test_ids_are_deterministic() -> None:
    results = [_outline_result(v, "PASSED", True) for v in OUTLINE_VALUES]
    first, second = (
        list(messages.envelopes(_run(results))),
        list(messages.envelopes(_run(copy.deepcopy(results)))),
    )
    assert first == second


# -- Cucumber's own HTML formatter (optional: needs node and npm) ----------------------------------


def _formatter_dir() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "security-settings-conformance" / HTML_FORMATTER.replace("/", "_").replace("@", "")


RENDER_SCRIPT = """\
import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { CucumberHtmlStream } from '@cucumber/html-formatter'
const [, , input, output] = process.argv
const envelopes = fs.readFileSync(input, 'utf8').split('\\n').filter(Boolean).map((line) => JSON.parse(line))
await pipeline(Readable.from(envelopes), new CucumberHtmlStream(), fs.createWriteStream(output))
"""


def test_cucumbers_own_html_formatter_renders_the_stream(runs: dict[str, RunOutput], tmp_path: Path) -> None:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node/npm not installed: Cucumber's html-formatter check needs them (optional)")
    home = _formatter_dir()
    if not (home / "node_modules" / "@cucumber" / "html-formatter" / "package.json").exists():
        home.mkdir(parents=True, exist_ok=True)
        install = [
            npm,
            "install",
            "--prefix",
            str(home),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            HTML_FORMATTER,
            f"@cucumber/messages@{messages.PROTOCOL_VERSION}",
        ]
        done = subprocess.run(install, capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, f"npm install failed (network?): {done.stderr}"
    script = home / "render.mjs"
    script.write_text(RENDER_SCRIPT, encoding="utf-8")
    run = runs["faulty+xfail"]
    page_path = tmp_path / "cucumber.html"
    rendered = subprocess.run(
        [node, str(script), str(run.report_dir / "messages.ndjson"), str(page_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert page_path.stat().st_size > 10_000

    if not CHROMIUM.exists():
        return  # rendered; showing it needs the browser (tests/test_reports_html.py enforces that in CI)
    from tests.browser_pages import chromium_page

    scenarios = [s for r in run.summary["rules"] for s in r["scenarios"]]
    passed = sum(s["status"] == "PASSED" for s in scenarios)
    problems: list[str] = []
    with chromium_page() as page:
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(page_path.as_uri())
        page.wait_for_selector(f"text=({passed} / {len(scenarios)}) passed", timeout=15_000)
        text = page.inner_text("body")
    assert problems == []
    assert "spec/features/02_change_password.feature" in text
