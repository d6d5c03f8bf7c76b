"""Driver factories for ``--driver reference_impl.mutants.factories:<mutant name>``.

The runner's pytest subprocesses load a mutant the way a user loads any
driver; this module answers every catalogue name with that mutant's factory.
"""

from __future__ import annotations

from collections.abc import Callable

from harness.protocol import Driver

from .catalogue import MUTANTS

_FACTORIES: dict[str, Callable[[], Driver]] = {m.name: m.create for m in MUTANTS}


def __getattr__(name: str) -> Callable[[], Driver]:
    try:
        return _FACTORIES[name]
    except KeyError:
        raise AttributeError(f"no mutant is called {name!r}") from None


def driver_spec(name: str) -> str:
    """The ``--driver`` value that loads mutant ``name``."""
    return f"{__name__}:{name}"
