"""The operations table lists exactly the protocol's calls, and what is derived from it covers exactly it."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import yaml

from harness.drivers.http import HttpDialog, HttpDriver
from harness.guard import GuardedDialog, GuardedDriver
from harness.operations import (
    DIALOG,
    DIALOG_OPERATIONS,
    DRIVER,
    DRIVER_OPERATIONS,
    OTHER_ROUTES,
    Operation,
    protocol_methods,
)
from harness.protocol import Dialog, DialogKind, Driver, Prompt
from tests.drivers.recording import create as recording

CONTRACT = yaml.safe_load((Path(__file__).resolve().parent.parent / "spec/api/openapi.yaml").read_text())
TABLES = [(Driver, DRIVER_OPERATIONS), (Dialog, DIALOG_OPERATIONS)]


@pytest.mark.parametrize(("owner", "table"), TABLES, ids=["Driver", "Dialog"])
def test_the_table_lists_every_protocol_method_once_in_the_protocols_order(
    owner: type, table: tuple[Operation, ...]
) -> None:
    assert [op.name for op in table] == protocol_methods(owner)
    assert all(op.owner is owner for op in table)


@pytest.mark.parametrize(
    ("checked", "table"), [(GuardedDriver, DRIVER), (GuardedDialog, DIALOG)], ids=["Driver", "Dialog"]
)
def test_the_guard_offers_each_operation_with_the_protocols_arguments(
    checked: type, table: dict[str, Operation]
) -> None:
    public = {name for name, _ in inspect.getmembers(checked, inspect.isfunction) if not name.startswith("_")}
    # appearance, evidence and dialog_caching are the calls of the optional SeesScreen, KeepsEvidence and
    # SeesHttp protocols (operations.APPEARANCE, operations.EVIDENCE, operations.DIALOG_CACHING).
    assert public - {"require", "appearance", "evidence", "dialog_caching"} == set(table)
    for op in table.values():
        guarded = [p for p in inspect.signature(getattr(checked, op.name)).parameters if p != "self"]
        assert tuple(guarded) == op.parameters, op.name


@pytest.mark.parametrize(
    ("client", "table"), [(HttpDriver, DRIVER), (HttpDialog, DIALOG)], ids=["Driver", "Dialog"]
)
def test_the_http_client_implements_each_operation(client: type, table: dict[str, Operation]) -> None:
    for op in table.values():
        assert callable(getattr(client, op.name, None)), op.name


def test_the_http_routes_are_exactly_the_contracts() -> None:
    contract = {
        (method.upper(), path)
        for path, item in CONTRACT["paths"].items()
        for method in item
        if method in {"get", "post", "delete", "put", "patch"}
    }
    routes = [op.route for op in (*DRIVER_OPERATIONS, *DIALOG_OPERATIONS) if op.route is not None]
    table = {(r.method, r.path) for r in (*routes, *OTHER_ROUTES)}
    assert table == contract


def test_messages_name_the_call_and_leave_secrets_out() -> None:
    assert DRIVER["sign_in"].describe(("laptop", "a@example.com", "hunter2")) == "sign_in('laptop', …)"
    assert DRIVER["change_password"].describe(("pc", "a", "b", "b")) == "change_password('pc', …)"
    confirm = DIALOG["confirm_identity"].describe(("hunter2", Prompt.PASSWORD), on="enable_email_code")
    assert confirm == "enable_email_code.confirm_identity(…, password)"
    assert DIALOG["enter_code"].describe(("123456",)) == "enter_code('123456')"


def test_the_recording_driver_records_every_call_it_forwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls, accounts = tmp_path / "calls.txt", tmp_path / "accounts.txt"
    monkeypatch.setenv("RECORD_CALLS_TO", str(calls))
    monkeypatch.setenv("RECORD_ACCOUNTS_TO", str(accounts))
    driver = GuardedDriver(recording())
    driver.create_account("alice@example.com", "a long enough password")
    assert driver.sign_in("laptop", "alice@example.com", "a long enough password").signed_in
    dialog = driver.open_dialog("laptop", DialogKind.ENABLE_EMAIL_CODE)
    dialog.view()
    dialog.close()
    driver.close()
    assert calls.read_text().splitlines() == [
        "create_account(…)",
        "sign_in('laptop', …)",
        "open_dialog('laptop', enable_email_code)",
        "enable_email_code.view()",
        "enable_email_code.close()",
        "close()",
    ]
    assert accounts.read_text().split() == ["alice@example.com"]
