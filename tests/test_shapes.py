"""harness/shapes.py: the compiled yes-or-no check answers exactly as the field-by-field checkers do.

Every field of every answer a driver gives, nested fields and tuple elements
included, is set in turn to each value of a list of wrong kinds and near misses
(a datetime for a date, True for an int, a list for a tuple, an enum's text for
the member); both checks must say the same of each. Deterministic and exhaustive
over single changes: no draw decides whether a disagreement is found.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from harness import protocol, shapes
from harness.protocol import Method, Prompt, Reason, Step

_STATUS = protocol.MethodStatus(True, date(2026, 3, 2), "alice@example.com", "Disable")

#: One valid answer of each protocol dataclass a driver returns (the guard checks each all the way down).
VALID: list[Any] = [
    protocol.Outcome(False, Reason.WRONG_CODE, "wrong code"),
    protocol.SignInResult(
        protocol.Outcome(True), False, frozenset({Method.EMAIL_CODE, Method.AUTHENTICATOR_APP})
    ),
    _STATUS,
    protocol.SecuritySection(date(2026, 3, 2), _STATUS, protocol.MethodStatus(False, None, None, "Enable")),
    protocol.DialogView(
        next(iter(Step)), next(iter(Prompt)), (next(iter(Prompt)),), b"\x89PNG", "ABCD EFGH", ("a1b2", "c3d4")
    ),
    protocol.TextFile("recovery-codes.txt", "a1b2\nc3d4\n"),
    protocol.Appearance({"email_code": (200, 30, 30)}, 6, "numeric", False, True, "codes.txt"),
    protocol.Evidence(b"\x89PNG", ("/tmp/trace.zip",)),
    protocol.Email(
        "alice@example.com", "Your code", "Your code is 123456.", datetime(2026, 3, 2, tzinfo=UTC)
    ),
]

#: Wrong kinds and near misses: what a careless driver might put in any field.
CANDIDATES: list[Any] = [
    None,
    True,
    0,
    7,
    "",
    "Enable",
    "enable",
    "Disabled",
    b"x",
    date(2026, 3, 2),
    datetime(2026, 3, 2, tzinfo=UTC),
    datetime(2026, 3, 2),
    [],
    ["a1b2"],
    (),
    ("a1b2",),
    (1,),
    frozenset(),
    {Method.EMAIL_CODE},
    frozenset({"email_code"}),
    *{type(member): member for member in (*Method, *Prompt, *Step, *Reason)}.values(),
    *(str(next(iter(kind)).value) for kind in (Method, Prompt, Step, Reason)),
    _STATUS,
    protocol.Outcome(True),
    {"email_code": (1, 2, 3)},
]


def _changed(value: Any) -> Iterator[tuple[str, Any]]:
    """Every value one change away from ``value``: a field (nested too) or a tuple element replaced."""
    for field in dataclasses.fields(value):
        current = getattr(value, field.name)
        for candidate in CANDIDATES:
            yield field.name, dataclasses.replace(value, **{field.name: candidate})
        if dataclasses.is_dataclass(current):
            for inner, changed in _changed(current):
                yield f"{field.name}.{inner}", dataclasses.replace(value, **{field.name: changed})
        if isinstance(current, tuple) and current:
            for candidate in CANDIDATES:
                yield f"{field.name}[1]", dataclasses.replace(value, **{field.name: (current[0], candidate)})


@pytest.mark.parametrize("valid", VALID, ids=lambda value: type(value).__name__)
def test_the_compiled_check_and_the_checkers_agree_on_every_single_change(valid: Any) -> None:
    cls = type(valid)
    assert shapes._fits(cls)(valid) and shapes._fields_checker(cls)(valid) is None
    disagreements, wrong = [], 0
    for place, value in _changed(valid):
        checkers_say = shapes._fields_checker(cls)(value)
        wrong += checkers_say is not None
        if shapes._fits(cls)(value) != (checkers_say is None):
            disagreements.append(f"{place} = {value!r}: checkers say {checkers_say}")
    assert disagreements == []
    assert wrong > 0  # the changes reach values the checkers refuse, so both branches are compared


def test_a_value_that_fits_is_found_to_fit_and_a_wrong_one_is_named() -> None:
    section = VALID[3]
    assert shapes.shape_problem(section) is None
    wrong = dataclasses.replace(section, last_password_change=datetime(2026, 3, 2, tzinfo=UTC))
    assert shapes.shape_problem(wrong) == (
        "SecuritySection.last_password_change is a datetime, not a calendar date"
    )
