"""The one place the kit reaches into pytest-bdd beyond its public decorators.

pytest-bdd's public API (``scenarios``, ``given``/``when``/``then``, ``parsers``
and the ``pytest_bdd_apply_tag`` hook) is used where it is needed. Everything
else the kit relies on — the per-item scenario report, the registry of step
definitions and the step lookup — is private to pytest-bdd and may change in
any release, so it is reached only through this module, and pyproject.toml caps
pytest-bdd at the releases this adapter was tested with (``TESTED``; a test
checks the installed version is inside it).

**A faster step lookup, same answers.** For every step, pytest-bdd's
``find_fixturedefs_for_step`` asks pytest which definitions of *every* fixture
name are visible to the test (121 names here, ~0.27 ms a step), and only then
looks whether the fixture is a step definition of the right type whose parser
matches. :func:`install_step_lookup` swaps the order: the cheap questions come
first — is it a step definition, of this type, does the step's text contain the
text every match must contain (:func:`required_text`), does the parser match? —
over the definitions registered under each name, and pytest's visibility rules
are asked only for names that hold a candidate. The definitions found, and their
order, are exactly those of the original, and ``tests/test_bdd.py`` runs the
whole suite comparing both lookups on every step.

**The step's definition without a temporary fixture.** pytest-bdd then registers
the definitions found as a temporary fixture and asks pytest for its value, which
is the definition closest to the test (the last after sorting by their place in
the tree): a fixture set up and torn down per step, a tenth of a scenario's
time. :func:`get_step_function` sorts the same way and takes the same last one
directly; the same test compares both answers on every step of the suite.

**Signatures read once.** For every step pytest-bdd reads the step function's
signature twice with :func:`inspect.signature` (which arguments the text fills,
which fixtures to request): the same answer for the same function every time,
and a twentieth of a scenario's time. :func:`install_signature_cache` gives
pytest-bdd's scenario module the same two functions, remembered per function.
"""

from __future__ import annotations

import functools
import inspect
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from importlib.metadata import version
from typing import Any, NamedTuple

import pytest
from packaging.specifiers import SpecifierSet
from pytest_bdd.reporting import ScenarioReport, scenario_reports_registry
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

__all__ = [
    "TESTED",
    "StepDefinition",
    "get_step_function",
    "install_signature_cache",
    "install_step_lookup",
    "installed_version",
    "original_step_function",
    "original_step_lookup",
    "prepare_step_lookup",
    "required_text",
    "scenario_report",
    "step_definitions",
]

#: The pytest-bdd releases this adapter was tested with; pyproject.toml pins the same range.
TESTED = SpecifierSet(">=8.1,<9.1")

#: One step definition as pytest-bdd records it: ``type``, ``parser``, ``step_func``.
StepDefinition = StepFunctionContext

_scenario: Any = import_module("pytest_bdd.scenario")
_parsers: Any = import_module("pytest_bdd.parsers")
#: The standard library's own regular-expression parser (no stubs: typed loosely, like pytest-bdd's).
_sre_parser: Any = import_module("re._parser")
_compat: Any = import_module("pytest_bdd.compat")
_utils: Any = import_module("pytest_bdd.utils")
_ORIGINAL: Callable[..., Iterable[Any]] = _scenario.find_fixturedefs_for_step
_ORIGINAL_STEP_FUNCTION: Callable[..., StepFunctionContext | None] = _scenario.get_step_function


def installed_version() -> str:
    return version("pytest-bdd")


def scenario_report(item: pytest.Item) -> ScenarioReport | None:
    """pytest-bdd's report of the scenario ``item`` ran (its name, feature and steps), if it is one."""
    return scenario_reports_registry.get(item)


def step_definitions() -> list[StepDefinition]:
    """Every step definition registered in this process (the kit's and any other package's)."""
    return list(step_function_context_registry.values())


def original_step_lookup() -> Callable[..., Iterable[Any]]:
    """pytest-bdd's own lookup, kept for the test that compares it with ours."""
    return _ORIGINAL


def original_step_function() -> Callable[..., StepFunctionContext | None]:
    """pytest-bdd's own ``get_step_function``, kept for the test that compares it with ours."""
    return _ORIGINAL_STEP_FUNCTION


def get_step_function(request: pytest.FixtureRequest, step: Any) -> StepFunctionContext | None:
    """The definition pytest-bdd's ``get_step_function`` gives for ``step``, without the temporary fixture.

    The original registers the definitions found (sorted by their place in the tree, closest last)
    as one fixture and lets pytest pick: pytest takes the last, and the definition's fixture returns
    its context. Same list, same sort, same pick.
    """
    __tracebackhide__ = True
    manager = request._fixturemanager
    found = list(_scenario.find_fixturedefs_for_step(step=step, fixturemanager=manager, node=request.node))
    if not found:
        return None
    found.sort(key=lambda fixturedef: list(_scenario.iterparentnodeids(fixturedef.baseid)))
    return step_function_context_registry.get(found[-1].func)


def _registered(fixturemanager: Any, name: str) -> Iterator[Any]:
    """Every definition registered under ``name``, whatever its visibility (pytest's registry layout)."""
    by_node = getattr(fixturemanager, "_arg2node2fixturedefs", None)
    if by_node is not None:  # pytest >= 9.2
        for defs in by_node.get(name, {}).values():
            yield from defs
        for defs in getattr(fixturemanager, "_arg2nodeid2fixturedefs", {}).get(name, {}).values():
            yield from defs
        return
    yield from fixturemanager._arg2fixturedefs.get(name, ())


def _is_candidate(fixturedef: Any, step: Any) -> bool:
    """The original's three tests on one definition: a step definition, of this type, matching the text."""
    context = step_function_context_registry.get(fixturedef.func)
    return context is not None and _fits(context.type, context.parser, step)


def _fits(kind: str | None, parser: Any, step: Any) -> bool:
    """A definition of type ``kind`` (None: any) whose ``parser`` matches the step's text."""
    return (kind is None or kind == step.type) and bool(parser.is_matching(step.name))


#: (fixture manager, its fixture names, step type, step text) → the names with a matching definition.
#: Only a pre-filter: the definitions pytest then gives for the node are checked again one by one, and
#: the key holds every fixture name, so a fixture registered later makes a new entry, never a stale one.
_CANDIDATE_NAMES: dict[tuple[int, tuple[str, ...], str | None, str], tuple[str, ...]] = {}


class _Known(NamedTuple):
    """A step definition registered under a fixture name, with text every step it matches contains."""

    name: str
    type: str | None
    required: str
    parser: Any


#: (fixture manager, its fixture names) → every step definition registered under those names, in name
#: order: read once, not once per step text (the same registry walk ``_registered`` makes).
_DEFINITIONS: dict[tuple[int, tuple[str, ...]], tuple[_Known, ...]] = {}


def _definitions(fixturemanager: Any, names: tuple[str, ...]) -> tuple[_Known, ...]:
    key = (id(fixturemanager), names)
    found = _DEFINITIONS.get(key)
    if found is None:
        found = _DEFINITIONS[key] = tuple(
            _Known(name, context.type, required_text(context.parser), context.parser)
            for name in names
            for fixturedef in _registered(fixturemanager, name)
            if (context := step_function_context_registry.get(fixturedef.func)) is not None
        )
    return found


#: The same, narrowed to the definitions a step of one type can use (that type, or any type), in the
#: same order: a Then step need not be tested against the When definitions (a third of the table each).
_DEFINITIONS_OF_TYPE: dict[tuple[int, tuple[str, ...], str | None], tuple[_Known, ...]] = {}


def _definitions_of_type(fixturemanager: Any, names: tuple[str, ...], kind: str | None) -> tuple[_Known, ...]:
    key = (id(fixturemanager), names, kind)
    found = _DEFINITIONS_OF_TYPE.get(key)
    if found is None:
        found = _DEFINITIONS_OF_TYPE[key] = tuple(
            known for known in _definitions(fixturemanager, names) if known.type is None or known.type == kind
        )
    return found


def required_text(parser: Any) -> str:
    """Text that every step name ``parser`` matches contains ("" when none is known).

    An exact-string parser's whole text; for a regex parser (which pytest-bdd matches whole, with
    ``fullmatch``), the longest run of plain characters at the top level of the pattern — outside
    groups, alternatives and repeats, so every match holds it. Any other parser: "".
    """
    if type(parser) is _parsers.string:
        return str(parser.name)
    if type(parser) is not _parsers.re or parser.regex.flags & re.IGNORECASE:
        return ""
    try:
        with warnings.catch_warnings():  # the parser repeats the pattern's own FutureWarnings
            warnings.simplefilter("ignore")
            parsed = _sre_parser.parse(parser.regex.pattern, parser.regex.flags)
    except Exception:  # a pattern this Python's parser reads differently: no filter, never a wrong one
        return ""
    runs, run = [], []
    for op, value in parsed:
        if op is _sre_parser.LITERAL:
            run.append(chr(value))
        else:
            runs.append("".join(run))
            run = []
    runs.append("".join(run))
    return max(runs, key=len)


def _candidate_names(step: Any, fixturemanager: Any) -> tuple[str, ...]:
    names = tuple(_compat.get_fixture_names(fixturemanager=fixturemanager))
    key = (id(fixturemanager), names, step.type, step.name)
    found = _CANDIDATE_NAMES.get(key)
    if found is None:
        matched: dict[str, None] = {}  # in name order, as the original looks
        for known in _definitions_of_type(fixturemanager, names, step.type):  # cheapest test first
            if (
                known.required in step.name
                and known.name not in matched
                and _fits(known.type, known.parser, step)
            ):
                matched[known.name] = None
        found = _CANDIDATE_NAMES[key] = tuple(matched)
    return found


def find_fixturedefs_for_step(step: Any, fixturemanager: Any, node: Any) -> Iterator[Any]:
    """The same definitions in the same order as pytest-bdd's lookup, asking pytest only about candidates."""
    for fixturename in _candidate_names(step, fixturemanager):
        for fixturedef in _compat.getfixturedefs(fixturemanager, fixturename, node) or []:
            if _is_candidate(fixturedef, step):
                yield fixturedef


def prepare_step_lookup(session: pytest.Session) -> None:
    """Read the step definitions and their required texts once collection is over (~15 ms), so the
    first scenario does not pay for the whole session's index."""
    fixturemanager = session._fixturemanager
    names = tuple(_compat.get_fixture_names(fixturemanager=fixturemanager))
    for kind in ("given", "when", "then"):
        _definitions_of_type(fixturemanager, names, kind)


@functools.cache
def install_step_lookup() -> None:
    """Put :func:`find_fixturedefs_for_step` in pytest-bdd's place, once.

    A pytest-bdd outside ``TESTED`` keeps its own lookup: slower, never wrong.
    """
    if installed_version() not in TESTED or not hasattr(_scenario, "find_fixturedefs_for_step"):
        return
    _scenario.find_fixturedefs_for_step = find_fixturedefs_for_step
    if hasattr(_scenario, "get_step_function") and hasattr(_scenario, "iterparentnodeids"):
        _scenario.get_step_function = get_step_function


@functools.cache
def _cached_signature(func: Callable[..., object]) -> inspect.Signature:
    return inspect.signature(func)


@functools.cache
def _cached_required_args(func: Callable[..., object]) -> tuple[str, ...]:
    return tuple(_utils.get_required_args(func))


def _signature(func: Callable[..., object]) -> inspect.Signature:
    try:
        return _cached_signature(func)
    except TypeError:  # a step callable that cannot be a key (unhashable): read it every time
        return inspect.signature(func)


def _required_args_copy(func: Callable[..., object]) -> list[str]:
    """A fresh list each time, as pytest-bdd's own gives: a caller may change it."""
    try:
        return list(_cached_required_args(func))
    except TypeError:  # unhashable, as above
        return list(_utils.get_required_args(func))


@functools.cache
def install_signature_cache() -> None:
    """Give pytest-bdd's scenario module ``signature`` and ``get_required_args`` remembered per function.

    Only where the scenario module reads them by those names (the releases in ``TESTED``); elsewhere
    pytest-bdd keeps reading each signature every time: slower, never wrong.
    """
    if installed_version() not in TESTED:
        return
    if getattr(_scenario, "signature", None) is inspect.signature:
        _scenario.signature = _signature
    if getattr(_scenario, "get_required_args", None) is _utils.get_required_args:
        _scenario.get_required_args = _required_args_copy


install_step_lookup()
install_signature_cache()
