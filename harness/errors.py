"""Every exception the harness raises, and what each means for a scenario::

    KitError                     base
    ├── DriverBroken             the driver raised, timed out or broke the protocol → BROKEN
    ├── DriverLoadError          --driver names nothing loadable                       → run unusable (exit 2)
    └── SpecError                a feature or the rule catalogue is malformed          → run unusable (exit 2)
    NotApplicable (pytest skip)  the driver lacks a capability the scenario needs      → NOT-APPLICABLE

A broken rule is a plain ``AssertionError`` raised in a Then step → FAILED.
"""

from __future__ import annotations

import pytest

from .protocol import Capability


class KitError(Exception):
    """Base of the harness's own errors."""


class DriverBroken(KitError):
    """The driver did not keep the protocol: it raised, timed out or returned the wrong shape."""


class DriverLoadError(KitError):
    """``--driver module:factory`` could not be imported or called."""


class SpecError(KitError):
    """The feature files or the rule catalogue are not well-formed."""


class NotApplicable(pytest.skip.Exception):  # type: ignore[name-defined,misc]
    """The scenario needs a capability the driver does not declare."""

    def __init__(self, capability: Capability) -> None:
        self.capability = capability
        super().__init__(f"NOT-APPLICABLE: the driver does not declare the {capability.value!r} capability")
