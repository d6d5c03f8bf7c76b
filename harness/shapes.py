"""Is a value the driver returned inside the protocol, all the way down?

The guard checks the outer type of every answer; this checks every nested field of
the protocol's frozen dataclasses against its annotation (enums, dates, literals,
optional values, tuples and frozensets), so a driver cannot slip a value outside
the protocol past the scenarios (an "Enabled" button, a list for a tuple).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any

from . import protocol


def shape_problem(value: object) -> str | None:
    """None when ``value`` keeps the protocol's shape; otherwise what is wrong, naming the field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _dataclass_problem(value, type(value).__name__)
    return None


def _dataclass_problem(value: Any, where: str) -> str | None:
    for field in dataclasses.fields(value):
        expected = _hints(type(value).__name__)[field.name]
        problem = _problem(getattr(value, field.name), expected, f"{where}.{field.name}")
        if problem:
            return problem
    return None


@functools.cache
def _hints(name: str) -> dict[str, Any]:
    """The annotations of the protocol dataclass ``name``, resolved once."""
    return typing.get_type_hints(getattr(protocol, name), vars(protocol))


def _problem(value: object, expected: Any, where: str) -> str | None:
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(expected)
        problems = [_problem(value, option, where) for option in options]
        if all(problems):
            # Of the same class but wrong inside: say what is wrong inside, not just "none of".
            inner = [
                p
                for o, p in zip(options, problems, strict=True)
                if isinstance(o, type) and isinstance(value, o)
            ]
            return inner[0] if inner else f"{where} is {value!r}, which is none of {_describe(expected)}"
        return None
    if origin is typing.Literal:
        allowed = typing.get_args(expected)
        return None if value in allowed else f"{where} is {value!r}, not one of {list(allowed)}"
    if origin in (tuple, frozenset):
        if not isinstance(value, origin):
            return f"{where} is a {type(value).__name__}, not a {origin.__name__}"
        item_type = typing.get_args(expected)[0]
        for i, item in enumerate(value):
            problem = _problem(item, item_type, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if expected is type(None):
        return None if value is None else f"{where} is {value!r}, not None"
    if isinstance(expected, type):
        if expected is date and isinstance(value, datetime):
            return f"{where} is a datetime, not a calendar date"
        if issubclass(expected, Enum) and not isinstance(value, expected):
            return f"{where} is {value!r}, not a {expected.__name__}"
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return f"{where} is a {type(value).__name__}, not a {expected.__name__}"
        if dataclasses.is_dataclass(expected):
            return _dataclass_problem(value, where)
        return None
    return None  # a shape the protocol does not use: nothing to check


def _describe(expected: Any) -> str:
    return " | ".join(getattr(a, "__name__", repr(a)) for a in typing.get_args(expected))
