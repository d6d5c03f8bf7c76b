"""The command a person can guess: --version, help that lists drivers, exit codes and the pass-through
to pytest, a rules table with a header, case-insensitive levels, one-line usage errors (exit 2).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.catalogue import load_catalogue
from harness.cli import main
from harness.loading import BUILT_IN
from harness.protocol import PROTOCOL_VERSION
from harness.version import kit_version
from tests.conformance_runs import conformance_run


def test_version_names_the_kit_and_the_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    printed = capsys.readouterr().out
    assert kit_version() != "unknown"  # the tests run against an installed (editable) kit
    assert kit_version() in printed and f"Driver protocol {PROTOCOL_VERSION}" in printed


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"]])
def test_help_lists_the_drivers_the_exit_codes_and_the_pytest_pass_through(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert all(name in text for name in BUILT_IN)
    assert "path/to/driver.py:factory" in text
    for code, verdict in [
        (0, "CONFORMS"),
        (1, "DOES NOT CONFORM"),
        (2, "RUN UNUSABLE"),
        (3, "INCOMPLETE"),
        (130, "INTERRUPTED"),
    ]:
        assert any(line.split()[:1] == [str(code)] and verdict in line for line in text.splitlines()), code
    assert "after -- goes to pytest" in text


def test_rules_has_a_header_and_whole_section_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "LEVEL", "SCENARIOS", "SECTION", "RULE"]
    documented = load_catalogue()
    assert len(lines) == 1 + len(documented)
    longest = max((rule.section for rule in documented.values()), key=len)
    assert len(longest) > 28  # the old table cut sections there; this one must not
    assert any(longest in line for line in lines[1:])
    for line, rule in zip(lines[1:], documented.values(), strict=True):
        assert line.startswith(rule.id) and rule.section in line


def test_rules_as_json_keeps_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {tuple(sorted(row)) for row in rows} == {("id", "level", "scenarios", "section", "sentence")}
    assert [row["id"] for row in rows] == list(load_catalogue())


def test_levels_are_case_insensitive(tmp_path: Path) -> None:
    run = conformance_run(tmp_path, "--levels", "MUST,Should", "--", "-k", "emailed_code_activates")
    # Filtered with -k, the run is INCOMPLETE (exit 3); the levels are what is under test here.
    assert run.exit_code == 3, run.output
    assert "gating on must, should" in run.output
    assert run.summary["metadata"]["levels"] == ["must", "should"]


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["simulate", "--examples", "0"], "--examples"),
        (["simulate", "--examples", "-5"], "--examples"),
        (["simulate", "--steps", "0"], "--steps"),
        (["run", "--levels", "must,sometimes"], "--levels"),
        (["run", "--levels", ""], "--levels"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1, captured.err
    assert named in captured.err and "--help" in captured.err and "Traceback" not in captured.err
