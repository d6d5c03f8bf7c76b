"""The kit's version (from the installed distribution) and the Driver protocol version it speaks."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .protocol import PROTOCOL_VERSION

DISTRIBUTION = "security-settings-conformance"


def kit_version() -> str:
    """The installed distribution's version; "unknown" when the kit runs from an uninstalled checkout."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def version_line() -> str:
    """What ``conformance --version`` prints: both numbers a bug report needs."""
    return f"conformance {kit_version()} ({DISTRIBUTION}, Driver protocol {PROTOCOL_VERSION})"
