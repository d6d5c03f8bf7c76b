"""Is a value the driver returned inside the protocol, all the way down?

The guard checks the outer type of every answer; this checks every nested field of
the protocol's frozen dataclasses against its annotation (enums, dates, literals,
optional values, tuples and frozensets), so a driver cannot slip a value outside
the protocol past the scenarios (an "Enabled" button, a list for a tuple).

Every answer of every call is checked, so each annotation is turned once into a
small checking function (``_checker``) instead of being re-read with ``typing``
on every value: the same checks, a fraction of the cost per driver call. A
problem's place ("SecuritySection.email_code.active") is written only when there
is a problem: each checker answers with the path below it, and its parent puts
the field's name in front.

Nearly every answer fits, so each dataclass also gets one compiled expression
(:func:`_fits`) that answers only yes or no, with no call per field: a Security
section is checked in one call instead of some twenty-five. The checkers below
run only when it says no, to write the message; tests/test_shapes.py holds the
two to the same answer on every single change of every field of every answer.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, cast

from . import protocol

#: What a checker answers for a value: None, or (the path below it, what is wrong there).
Problem = tuple[str, str]
Checker = Callable[[Any], "Problem | None"]


def shape_problem(value: object) -> str | None:
    """None when ``value`` keeps the protocol's shape; otherwise what is wrong, naming the field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if _fits(type(value))(value):
            return None
        problem = _fields_checker(type(value))(value)
        if problem is not None:
            path, what = problem
            return f"{type(value).__name__}{path} {what}"
    return None


@functools.cache
def _fields_checker(cls: type) -> Checker:
    """Checks each field of the protocol dataclass ``cls`` against its resolved annotation."""
    hints = _hints(cls.__name__)
    fields = [(f.name, _checker(hints[f.name])) for f in dataclasses.fields(cls)]

    def check(value: Any) -> Problem | None:
        for name, checker in fields:
            problem = checker(getattr(value, name))
            if problem is not None:
                return f".{name}{problem[0]}", problem[1]
        return None

    return check


@functools.cache
def _hints(name: str) -> dict[str, Any]:
    """The annotations of the protocol dataclass ``name``, resolved once."""
    return typing.get_type_hints(getattr(protocol, name), vars(protocol))


@functools.cache
def _checker(expected: Any) -> Checker:
    """The check for one annotation, built once per annotation."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        options = [(_checker(option), option) for option in typing.get_args(expected)]
        described = _describe(expected)

        def one_of(value: Any) -> Problem | None:
            problems = []
            for check, _ in options:  # the first option that fits ends it
                problem = check(value)
                if problem is None:
                    return None
                problems.append(problem)
            # Of the right class but wrong inside: say what is wrong inside, not just "none of".
            inner = [
                p
                for (_, o), p in zip(options, problems, strict=True)
                if isinstance(o, type) and isinstance(value, o)
            ]
            return inner[0] if inner else ("", f"is {value!r}, which is none of {described}")

        return one_of
    if origin is typing.Literal:
        allowed = typing.get_args(expected)
        return lambda value: None if value in allowed else ("", f"is {value!r}, not one of {list(allowed)}")
    if origin in (tuple, frozenset):
        return _collection_checker(origin, _checker(typing.get_args(expected)[0]))
    if expected is type(None):
        return lambda value: None if value is None else ("", f"is {value!r}, not None")
    if isinstance(expected, type):
        return _type_checker(expected)
    return lambda value: None  # a shape the protocol does not use: nothing to check


def _collection_checker(origin: type[tuple[Any, ...]] | type[frozenset[Any]], item: Checker) -> Checker:
    def check(value: Any) -> Problem | None:
        if not isinstance(value, origin):
            return "", f"is a {type(value).__name__}, not a {origin.__name__}"
        for i, element in enumerate(value):
            problem = item(element)
            if problem is not None:
                return f"[{i}]{problem[0]}", problem[1]
        return None

    return check


def _type_checker(expected: type) -> Checker:
    is_enum = issubclass(expected, Enum)
    nested = _fields_checker(expected) if dataclasses.is_dataclass(expected) else None

    def check(value: Any) -> Problem | None:
        if expected is date and isinstance(value, datetime):
            return "", "is a datetime, not a calendar date"
        if is_enum and not isinstance(value, expected):
            return "", f"is {value!r}, not a {expected.__name__}"
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return "", f"is a {type(value).__name__}, not a {expected.__name__}"
        return nested(value) if nested is not None else None

    return check


def _describe(expected: Any) -> str:
    return " | ".join(getattr(a, "__name__", repr(a)) for a in typing.get_args(expected))


@functools.cache
def _fits(cls: type) -> Callable[[Any], bool]:
    """Every field of ``cls``, nested ones included, checked in one expression (the checkers' rules)."""
    constants: dict[str, Any] = {}
    source = f"def fits(value):\n    return {_fields_expression(cls, 'value', constants, 0)}\n"
    exec(compile(source, f"<shape of {cls.__name__}>", "exec"), constants)  # noqa: S102 - built from annotations
    return cast(Callable[[Any], bool], constants["fits"])


def _fields_expression(cls: type, place: str, constants: dict[str, Any], depth: int) -> str:
    hints = _hints(cls.__name__)
    parts = [
        _expression(hints[f.name], f"{place}.{f.name}", constants, depth) for f in dataclasses.fields(cls)
    ]
    return " and ".join(parts) if parts else "True"


def _constant(constants: dict[str, Any], value: object) -> str:
    name = f"_c{len(constants)}"
    constants[name] = value
    return name


def _expression(expected: Any, place: str, constants: dict[str, Any], depth: int) -> str:
    """True exactly when :func:`_checker` (``expected``) finds nothing wrong with the value at ``place``."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        options = [_expression(option, place, constants, depth) for option in typing.get_args(expected)]
        return f"({' or '.join(options)})"
    if origin is typing.Literal:
        return f"({place} in {_constant(constants, typing.get_args(expected))})"
    if origin in (tuple, frozenset):
        element = f"_e{depth}"
        inner = _expression(typing.get_args(expected)[0], element, constants, depth + 1)
        kind = _constant(constants, origin)
        return f"(isinstance({place}, {kind}) and all({inner} for {element} in {place}))"
    if expected is type(None):
        return f"({place} is None)"
    if isinstance(expected, type):
        kind = _constant(constants, expected)
        if expected is date:
            moment = _constant(constants, datetime)
            return f"(isinstance({place}, {kind}) and not isinstance({place}, {moment}))"
        if expected is int:
            return f"(isinstance({place}, {kind}) and not isinstance({place}, bool))"
        if dataclasses.is_dataclass(expected):
            fields = _fields_expression(expected, place, constants, depth)
            return f"(isinstance({place}, {kind}) and {fields})"
        return f"isinstance({place}, {kind})"
    return "True"


def _protocol_answers() -> list[type]:
    return [
        kind
        for kind in vars(protocol).values()
        if isinstance(kind, type)
        and dataclasses.is_dataclass(kind)
        and kind.__module__ == protocol.__name__
        and not issubclass(kind, BaseException)
    ]


#: Compiled as the kit loads (about 3 ms once), not inside the first scenario that gets each answer.
for _answer in _protocol_answers():
    _fits(_answer)
    _fields_checker(_answer)
