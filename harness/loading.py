"""Loading a driver factory named ``module:factory`` (or a short built-in name)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from .errors import DriverLoadError
from .protocol import Driver

#: Short names for the built-in drivers.
BUILT_IN = {
    "reference": "reference_impl.driver:create",
    "http": "harness.drivers.http:create",
    "browser": "harness.drivers.browser.driver:create",
}
DEFAULT_DRIVER = "reference"

DriverFactory = Callable[[], Driver]


def load_factory(spec: str) -> DriverFactory:
    """The callable that ``spec`` names; it must make one fresh Driver per call."""
    target = BUILT_IN.get(spec, spec)
    module_name, sep, attribute = target.partition(":")
    if not sep or not module_name or not attribute:
        raise DriverLoadError(f"--driver takes 'module:factory' or one of {sorted(BUILT_IN)}, not {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise DriverLoadError(f"cannot import {module_name!r} for --driver {spec}: {exc}") from exc
    factory = getattr(module, attribute, None)
    if not callable(factory):
        raise DriverLoadError(f"{module_name!r} has no callable {attribute!r} (from --driver {spec})")
    return factory  # type: ignore[no-any-return]
