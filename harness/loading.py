"""Loading a driver factory: ``module:factory``, ``path/to/file.py:factory`` or a short built-in name.

A QA team's driver usually lives in their own repository, not in an installed package, so a file
path works as well as a module name; anything else gets a message that shows the three forms.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from .errors import DriverLoadError
from .protocol import Driver

#: Short names for the built-in drivers, with what each drives (for help texts).
BUILT_IN = {"reference": "reference_impl.driver:create", "http": "harness.drivers.http:create"}
BUILT_IN_HELP = {
    "reference": "the reference implementation, in process (default)",
    "http": "a server speaking spec/api/openapi.yaml (with --base-url; without, the built-in server)",
}
DEFAULT_DRIVER = "reference"
FORMS = "'package.module:factory', 'path/to/driver.py:factory' or a built-in name ({})".format(
    ", ".join(BUILT_IN)
)

DriverFactory = Callable[[], Driver]


def load_factory(spec: str) -> DriverFactory:
    """The callable that ``spec`` names; it must make one fresh Driver per call."""
    target = BUILT_IN.get(spec, spec)
    location, sep, attribute = target.rpartition(":")
    if not sep or not location or not attribute or not attribute.isidentifier():
        hint = f" (name the factory in the file: {spec}:create)" if spec.endswith(".py") else ""
        raise DriverLoadError(f"--driver takes {FORMS}, not {spec!r}{hint}")
    module = _from_file(location, spec) if _is_path(location) else _from_module(location, spec)
    factory = getattr(module, attribute, None)
    if not callable(factory):
        raise DriverLoadError(f"{location!r} has no callable {attribute!r} (from --driver {spec})")
    return factory  # type: ignore[no-any-return]


def _is_path(location: str) -> bool:
    return location.endswith(".py") or "/" in location or "\\" in location


def _from_module(name: str, spec: str) -> ModuleType:
    if not all(part.isidentifier() for part in name.split(".")):
        raise DriverLoadError(f"--driver takes {FORMS}, not {spec!r}")
    try:
        return importlib.import_module(name)
    except Exception as exc:
        raise DriverLoadError(f"cannot import {name!r} for --driver {spec}: {exc}") from exc


def _from_file(location: str, spec: str) -> ModuleType:
    """Import the file as a module named after it, its directory on sys.path for its own imports."""
    path = Path(location).resolve()
    if path.suffix != ".py":
        raise DriverLoadError(f"--driver {spec}: {location} is not a .py file (--driver takes {FORMS})")
    if not path.is_file():
        raise DriverLoadError(f"--driver {spec}: no file {path}")
    name = path.stem
    loaded = sys.modules.get(name)
    if loaded is not None:
        if Path(getattr(loaded, "__file__", "") or "").resolve() == path:
            return loaded
        raise DriverLoadError(f"--driver {spec}: a module named {name!r} is already loaded; rename the file")
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    module_spec = importlib.util.spec_from_file_location(name, path)
    assert module_spec is not None and module_spec.loader is not None  # a .py file always has one
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module  # dataclasses and pickling look their module up by name
    try:
        module_spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise DriverLoadError(f"cannot import {location} for --driver {spec}: {exc}") from exc
    return module
