"""Architecture: the harness sees implementations only through the Driver protocol."""

from __future__ import annotations

import ast
from pathlib import Path

HARNESS = Path(__file__).resolve().parent.parent / "harness"
#: Drivers adapt an implementation; everything else must not know one exists.
#: harness/mutants is a family of drivers too: each mutant is the reference driver with one method of
#: reference_impl subclassed, so it must reach into reference_impl (and nothing there imports it back).
#: harness/server is the reference behind HTTP (`conformance serve`): like the reference driver, it adapts
#: reference_impl to a seam (spec/api/openapi.yaml) and no check reads it.
ALLOWED = {HARNESS / "drivers", HARNESS / "mutants", HARNESS / "server"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_drivers_import_the_reference_implementation() -> None:
    offenders = [
        str(path.relative_to(HARNESS))
        for path in HARNESS.rglob("*.py")
        if not any(parent in ALLOWED for parent in path.parents)
        and any(name.split(".")[0] == "reference_impl" for name in _imports(path))
    ]
    assert offenders == []


def test_reference_implementation_does_not_import_the_harness() -> None:
    reference = HARNESS.parent / "reference_impl"
    assert [
        p.name for p in reference.rglob("*.py") if any(n.startswith("harness") for n in _imports(p))
    ] == []
