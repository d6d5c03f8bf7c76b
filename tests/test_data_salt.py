"""Test data is safe and repeatable: addresses only at reserved domains, fresh per run (a server that
keeps its accounts takes a second run), the same again with the run's --data-salt (a failure replays).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reference_impl.server.running import BackgroundServer
from tests.conformance_runs import RunOutput, conformance_run
from tests.test_http_suite import free_port, outcomes

ONE_SCENARIO = ("--driver", "tests.drivers.recording:create", "--", "-k", "emailed_code_activates")
TWO_SCENARIOS = "emailed_code_activates_the_email_code or new_accounts_security_section"
#: RFC 2606 and RFC 6761: names that never reach anybody's mailbox.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TLDS = (".test", ".example", ".invalid", ".localhost")


def reserved(address: str) -> bool:
    domain = address.rpartition("@")[2].lower()
    return (
        domain in RESERVED_DOMAINS
        or domain.endswith(tuple(f".{d}" for d in RESERVED_DOMAINS))
        or (domain.endswith(RESERVED_TLDS))
    )


def test_reserved_means_the_rfc_names_only() -> None:
    assert reserved("alice.x@example.com") and reserved("bob@mail.example.org") and reserved("c@shop.test")
    assert not reserved("alice@gmail.com") and not reserved("a@example.com.evil.net")
    assert not reserved("a@notexample.com") and not reserved("a@test")


def _recorded_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, *args: str
) -> tuple[RunOutput, list[str]]:
    record = tmp_path / f"{name}.txt"
    monkeypatch.setenv("RECORD_ACCOUNTS_TO", str(record))
    run = conformance_run(tmp_path / name, *args)
    assert run.exit_code == 0, run.output
    return run, record.read_text(encoding="utf-8").split()


def test_every_address_a_whole_run_registers_is_at_a_reserved_domain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, addresses = _recorded_run(
        tmp_path, monkeypatch, "all", "--driver", "tests.drivers.recording:create", "--levels=must,should"
    )
    assert len(addresses) > 100  # a positive control: the whole suite registered its people
    assert [a for a in addresses if not reserved(a)] == []


def test_each_run_registers_fresh_addresses_and_names_its_salt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, first_addresses = _recorded_run(tmp_path, monkeypatch, "first", *ONE_SCENARIO)
    second, second_addresses = _recorded_run(tmp_path, monkeypatch, "second", *ONE_SCENARIO)
    assert first_addresses and second_addresses and not set(first_addresses) & set(second_addresses)
    salts = [run.summary["metadata"]["data_salt"] for run in (first, second)]
    assert salts[0] != salts[1]
    assert re.search(rf"--data-salt {salts[0]}\b", first.output), first.output


def test_the_salt_of_a_run_replays_its_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Split over two xdist workers: the run still has one salt, which both workers' people come from.
    two = ("--driver", "tests.drivers.recording:create", "--", "-k", TWO_SCENARIOS)
    first, addresses = _recorded_run(tmp_path, monkeypatch, "first", *two, "-n", "2")
    salt = first.summary["metadata"]["data_salt"]
    again, replayed = _recorded_run(tmp_path, monkeypatch, "again", f"--data-salt={salt}", *two)
    assert len(addresses) >= 2 and sorted(replayed) == sorted(addresses)
    assert again.summary["metadata"]["data_salt"] == salt


#: Scenarios that register accounts and need no clock control (the server below has none).
NO_CLOCK = "emailed_code_activates_the_email_code or new_accounts_security_section or change_password"


def _run_against(server: BackgroundServer, mail_port: int, tmp_path: Path, *extra: str) -> RunOutput:
    return conformance_run(
        tmp_path,
        "--driver=http",
        f"--base-url={server.base_url}",
        f"--smtp-capture=127.0.0.1:{mail_port}",
        "--",
        "-k",
        NO_CLOCK,
        *extra,
    )


def _account_exists(run: RunOutput) -> list[str]:
    return [
        s["name"]
        for r in run.summary["rules"]
        for s in r["scenarios"]
        if s["status"] == "BROKEN" and "account_exists" in str(s)
    ]


def test_a_second_run_against_a_server_that_keeps_its_accounts_passes(tmp_path: Path) -> None:
    mail_port = free_port()  # the runs' capture listens here; the server mails it there
    server = BackgroundServer.start(smtp=("127.0.0.1", mail_port), test_control=False)  # cannot be reset
    try:
        first = _run_against(server, mail_port, tmp_path / "first", "--data-salt=replayed")
        second = _run_against(server, mail_port, tmp_path / "second")
        replayed = _run_against(server, mail_port, tmp_path / "replayed", "--data-salt=replayed")
    finally:
        server.stop()
    assert first.exit_code == 0 and outcomes(first), first.output
    assert second.exit_code == 0, second.output
    assert _account_exists(second) == []
    assert outcomes(second) == outcomes(first)
    # The control: the same salt again registers the same addresses, and this server refuses them.
    assert _account_exists(replayed), replayed.output
