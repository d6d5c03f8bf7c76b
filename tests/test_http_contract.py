"""spec/api/openapi.yaml is a valid OpenAPI 3.1 document, the server serves exactly its paths, and
schemathesis finds no 500 and no response off the contract on the running server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.routing import Route

from harness.protocol import Reason
from reference_impl.server.app import create_app
from reference_impl.server.errors import STATUS
from reference_impl.server.mail import LogOutbox
from reference_impl.server.state import ServedReference
from tests.http_servers import Served, served, signed_in

SPEC = Path(__file__).resolve().parent.parent / "spec" / "api" / "openapi.yaml"
CONTRACT: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


def test_the_contract_is_valid_openapi_3_1() -> None:
    validate(CONTRACT)
    assert CONTRACT["openapi"].startswith("3.1")


def test_the_server_serves_exactly_the_contracts_operations() -> None:
    contract = {
        (path, method.upper())
        for path, item in CONTRACT["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    app = create_app(ServedReference(LogOutbox(), test_control=True))
    served_routes = {
        (route.path, method)
        for route in app.routes
        if isinstance(route, Route)
        for method in (route.methods or ())
        if method != "HEAD"
    }
    assert served_routes == contract


def test_without_test_control_its_paths_are_not_served() -> None:
    app = create_app(ServedReference(LogOutbox(), test_control=False))
    paths = {route.path for route in app.routes if isinstance(route, Route)}
    assert paths == {path for path in CONTRACT["paths"] if not path.startswith("/test-control")}


def test_every_reason_the_server_gives_is_in_the_contract() -> None:
    listed = set(CONTRACT["components"]["schemas"]["Reason"]["enum"])
    assert {str(reason) for reason in Reason} | set(STATUS) == listed


# -- schemathesis against the running server ---------------------------------------------------------

schema = schemathesis.openapi.from_path(str(SPEC))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[Served, dict[str, str]]]:
    """The server with one signed-in account whose token every generated request carries."""
    with served() as server, httpx.Client(base_url=server.url) as client:
        yield server, signed_in(client, "alice@example.com")


@schema.exclude(path="/test-control/reset").parametrize()
@settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_running_server_keeps_to_its_contract(
    case: schemathesis.Case, running: tuple[Served, dict[str, str]]
) -> None:
    server, auth = running
    case.call_and_validate(base_url=server.url, headers=auth, checks=CHECKS)
