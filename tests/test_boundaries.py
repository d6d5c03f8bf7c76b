"""Architecture (docs/architecture.md): three parts, and imports only go one way.

* the kit (``harness``) sees implementations only through the Driver protocol: it imports nothing
  of the reference side, which plugs in by entry point (commands, the local server) or by a
  ``--driver`` string;
* the reference side (``reference_impl``) is a product: its core imports nothing of the kit; only its
  adapters to the kit's seams (the in-process driver, the HTTP server, the mutants) import the kit;
* tooling (``tooling``) measures both and is imported by neither.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KIT, REFERENCE, TOOLING = ROOT / "harness", ROOT / "reference_impl", ROOT / "tooling"
#: The reference side's adapters to the kit's seams: they implement the protocol, so they import it.
REFERENCE_ADAPTERS = (REFERENCE / "driver.py", REFERENCE / "server", REFERENCE / "mutants")
#: Modules over ~400 lines must say at their top why they are not split; none does today.
LONG_MODULE_LINES = 400
#: Known to need splitting (issue 14); this allow-list must empty.
TO_SPLIT: set[str] = set()


def _imports(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
                names.add(module)
                if not node.module:
                    names |= {f"{prefix}.{alias.name}" for alias in node.names}
            elif node.module:
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _top(name: str) -> str:
    return name.split(".")[0]


def _python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_kit_imports_nothing_of_the_reference_side_or_tooling() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            n for n in _imports(path) if _top(n) in {"reference_impl", "tooling"}
        )
        for path in _python_files(KIT)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_reference_core_imports_nothing_of_the_kit() -> None:
    core = [
        path
        for path in _python_files(REFERENCE)
        if not any(path == a or a in path.parents for a in REFERENCE_ADAPTERS)
    ]
    assert core, "the reference core was not found"
    offenders = [
        str(p.relative_to(ROOT)) for p in core if any(_top(n) in {"harness", "tooling"} for n in _imports(p))
    ]
    assert offenders == []


def test_nothing_imports_tooling() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for folder in (KIT, REFERENCE)
        for p in _python_files(folder)
        if any(_top(n) == "tooling" for n in _imports(p))
    ]
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("part", [KIT, REFERENCE], ids=["kit", "reference"])
def test_no_import_cycle_between_packages(part: Path) -> None:
    """Sub-packages and top-level modules form a DAG: nothing imports back into what imports it.

    Cycles inside one sub-package are not checked; a sub-package is the unit of the architecture here.
    """
    graph: dict[str, set[str]] = {}
    for path in _python_files(part):
        here = _package_of(_module_name(path), part)
        for name in _imports(path):
            if _top(name) == part.name:
                there = _package_of(name, part)
                if there not in (here, part.name):  # the root re-exports its public surface
                    graph.setdefault(here, set()).add(there)
    assert _cycles(graph) == []


def _package_of(module: str, part: Path) -> str:
    """``harness.reports.html`` → ``harness.reports``; a top-level module stays itself (``harness.cli``)."""
    parts = module.split(".")
    if len(parts) >= 2 and (part / parts[1]).is_dir():
        return ".".join(parts[:2])
    return ".".join(parts[:2])


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                found.append([*path[path.index(nxt) :], nxt])
            elif len(path) < 10:
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    return sorted({tuple(sorted(set(c))): c for c in found}.values())


def test_no_module_is_long_without_saying_why() -> None:
    long = [
        str(p.relative_to(ROOT))
        for folder in (KIT, REFERENCE, TOOLING)
        for p in _python_files(folder)
        if len(p.read_text(encoding="utf-8").splitlines()) > LONG_MODULE_LINES
        and "Long on purpose:" not in p.read_text(encoding="utf-8")[:2000]
    ]
    assert sorted(set(long) - TO_SPLIT) == []
