"""The server ``--driver http`` starts by itself when no ``--base-url`` is given.

The kit does not import any implementation: the server is found by entry point
(group ``security_conformance.servers``, name ``reference``), which the
reference side registers. A team that ships its own server as a Python package
can register one under another name the same way.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Protocol

from ..errors import DriverLoadError

SERVER_GROUP = "security_conformance.servers"
DEFAULT_SERVER = "reference"


class LocalServer(Protocol):
    """A server running in this process on a loopback port, with test control on."""

    base_url: str

    def stop(self) -> None: ...


def start_local_server(smtp: tuple[str, int], name: str = DEFAULT_SERVER) -> LocalServer:
    """Start the server registered as ``name``, its mail going to ``smtp``."""
    found = entry_points(group=SERVER_GROUP, name=name)
    if not found:
        raise DriverLoadError(
            f"no server is registered as {name!r} (entry point group {SERVER_GROUP}); "
            "pass --base-url to drive a server that is already running"
        )
    start = next(iter(found)).load()
    server: LocalServer = start(smtp=smtp)
    return server
