"""Scenario data is seeded (a failure replays), and --data-salt gives a run data of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conformance_runs import conformance_run

ONE_SCENARIO = ("--driver", "tests.drivers.recording:create", "--", "-k", "emailed_code_activates")


def _addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, *salt: str) -> list[str]:
    record = tmp_path / f"{name}.txt"
    monkeypatch.setenv("RECORD_ACCOUNTS_TO", str(record))
    run = conformance_run(tmp_path / name, *ONE_SCENARIO, *salt)
    assert run.exit_code == 0, run.output
    return record.read_text(encoding="utf-8").split()


def test_the_same_run_registers_the_same_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _addresses(tmp_path, monkeypatch, "first")
    assert first and first == _addresses(tmp_path, monkeypatch, "again")


def test_a_salted_run_registers_other_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _addresses(tmp_path, monkeypatch, "plain")
    salted = _addresses(tmp_path, monkeypatch, "salted", "--data-salt=run-2")
    assert salted and not set(plain) & set(salted)
