"""The reference driver with every protocol call recorded, derived from harness/operations.py.

Each call is appended, as messages name it (secrets left out), to the file named by
RECORD_CALLS_TO; each address registered goes to RECORD_ACCOUNTS_TO. Either may be unset.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.operations import DIALOG, DRIVER, Operation
from harness.protocol import DialogKind, Driver
from reference_impl.driver import ReferenceDriver


def _append(variable: str, line: str) -> None:
    target = os.environ.get(variable)
    if target:
        with Path(target).open("a", encoding="utf-8") as record:
            record.write(line + "\n")


class _Recorded:
    """Every operation of ``table`` on ``inner`` is recorded, then made; anything else is not there."""

    def __init__(self, inner: Any, table: dict[str, Operation], on: str = "") -> None:
        self._inner, self._table, self._on = inner, table, on

    def __getattr__(self, name: str) -> Callable[..., Any]:
        op = self._table.get(name)
        if op is None:
            raise AttributeError(name)
        method = getattr(self._inner, name)

        def recorded(*args: Any) -> Any:
            _append("RECORD_CALLS_TO", op.describe(args, self._on))
            result = method(*args)
            return self._wrap(op, args, result)

        return recorded

    def _wrap(self, op: Operation, args: tuple[Any, ...], result: Any) -> Any:
        return result


class RecordingDriver(_Recorded):
    def __init__(self, inner: Driver) -> None:
        super().__init__(inner, DRIVER)
        self.protocol_version = inner.protocol_version
        self.capabilities = inner.capabilities

    def _wrap(self, op: Operation, args: tuple[Any, ...], result: Any) -> Any:
        if op.name == "create_account":
            _append("RECORD_ACCOUNTS_TO", args[0])
        if op.name == "open_dialog":
            kind: DialogKind = args[1]
            return _Recorded(result, DIALOG, on=kind.value)
        return result


def create() -> RecordingDriver:
    return RecordingDriver(ReferenceDriver())
