"""The served reference over real HTTP: bad input is a 4xx JSON error that changes nothing, tokens
stay with their account, and a code spent by two simultaneous requests succeeds once."""

from __future__ import annotations

import base64
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from harness.authenticator import Authenticator
from harness.mailbox import one_time_code
from reference_impl.server.running import BackgroundServer
from tests.http_servers import PASSWORD, Served, served, signed_in

ALICE, BOB = "alice@example.com", "bob@example.com"


@pytest.fixture(scope="module")
def service() -> Iterator[Served]:
    with served() as running:
        yield running


@pytest.fixture
def client(service: Served) -> Iterator[httpx.Client]:
    """A client on an empty server (reset), so tests sharing the server do not see each other."""
    with httpx.Client(base_url=service.url, timeout=10) as http:
        assert http.post("/test-control/reset").status_code == 204
        yield http


def now(client: httpx.Client) -> datetime:
    return datetime.fromisoformat(client.get("/test-control/clock").json()["now"])


def latest_code(service: Served, address: str) -> str:
    return one_time_code([m for m in service.capture.since(0) if m.recipient == address][-1])


def open_dialog(client: httpx.Client, auth: dict[str, str], kind: str) -> str:
    answer = client.post("/dialogs", json={"kind": kind}, headers=auth)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def enable_app(client: httpx.Client, auth: dict[str, str]) -> tuple[Authenticator, list[str]]:
    dialog = open_dialog(client, auth, "enable_authenticator_app")
    view = client.post(
        f"/dialogs/{dialog}/confirm-identity", json={"answer": PASSWORD, "prompt": "password"}, headers=auth
    ).json()
    app = Authenticator.scan(base64.b64decode(view["qr_code_image"]))
    code = app.code_at(now(client))
    view = client.post(f"/dialogs/{dialog}/enter-code", json={"code": code}, headers=auth).json()
    assert view["step"] == "recovery_codes", view
    client.delete(f"/dialogs/{dialog}", headers=auth)
    return app, view["recovery_codes"]


def new_device_at_code_step(client: httpx.Client, method: str) -> dict[str, str]:
    answer = client.post("/sign-in", json={"email": ALICE, "password": PASSWORD}).json()
    auth = {"Authorization": f"Bearer {answer['token']}"}
    assert client.post("/sign-in/method", json={"method": method}, headers=auth).status_code == 200
    return auth


def at_once(client: httpx.Client, requests: list[tuple[str, dict[str, Any], dict[str, str]]]) -> list[int]:
    """Send the requests from one thread each, released together; their statuses."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = []

    def send(path: str, body: dict[str, Any], auth: dict[str, str]) -> None:
        with httpx.Client(base_url=str(client.base_url), timeout=10) as own:
            barrier.wait()
            statuses.append(own.post(path, json=body, headers=auth).status_code)

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


# -- bad input ---------------------------------------------------------------------------------------

#: Raw bodies still declare JSON: these rows test the body, not the Content-Type check (415).
JSON = {"Content-Type": "application/json"}
MALFORMED = "malformed_request"
BIG = b'{"current": "' + b"x" * (1024 * 1024) + b'"}'


def _chunks() -> Iterator[bytes]:
    for _ in range(100):
        yield b"x" * 1024


#: (method, path, request arguments, expected status, expected reason). {dialog} is Alice's open dialog.
BAD_REQUESTS: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("POST", "/accounts", {"content": b"{not json", "headers": JSON}, 400, "malformed_request"),
    ("POST", "/accounts", {"json": [ALICE, PASSWORD]}, 400, "malformed_request"),
    ("POST", "/accounts", {"json": {"email": 7, "password": PASSWORD}}, 400, "malformed_request"),
    ("POST", "/accounts", {"json": {"email": ALICE, "password": PASSWORD}}, 409, "account_exists"),
    ("POST", "/sign-in", {"json": {"email": ALICE}}, 400, "malformed_request"),
    ("POST", "/sign-in", {"json": {"email": ALICE, "password": "\u0000"}}, 422, "invalid_input"),
    ("POST", "/sign-in", {"content": b"\xff\xfe not utf-8", "headers": JSON}, 400, "malformed_request"),
    ("POST", "/sign-in/method", {"json": {"method": "carrier_pigeon"}}, 400, "malformed_request"),
    ("POST", "/sign-in/code", {"json": {"code": 123456}}, 400, "malformed_request"),
    ("GET", "/security", {"headers": {"Authorization": "Bearer forged-token"}}, 401, "unauthorized"),
    ("GET", "/security", {"headers": {"Authorization": "Basic YWxpY2U6cHc="}}, 401, "unauthorized"),
    ("GET", "/session", {"headers": {}}, 401, "unauthorized"),
    ("POST", "/security/password", {"content": BIG, "headers": JSON}, 413, "payload_too_large"),
    ("POST", "/security/password", {"content": _chunks, "headers": JSON}, 413, "payload_too_large"),
    ("POST", "/security/password", {"json": {"current": PASSWORD, "new": None}}, 400, "malformed_request"),
    ("POST", "/dialogs", {"json": {"kind": "self_destruct"}}, 400, "malformed_request"),
    ("GET", "/dialogs/no-such-dialog", {}, 404, "not_found"),
    ("DELETE", "/dialogs/no-such-dialog", {}, 404, "not_found"),
    ("POST", "/dialogs/no-such-dialog/enter-code", {"json": {"code": "123456"}}, 404, "not_found"),
    ("POST", "/dialogs/{dialog}/enter-code", {"json": {"code": ["123456"]}}, 400, "malformed_request"),
    ("POST", "/dialogs/{dialog}/enter-code", {"content": b"1", "headers": JSON}, 400, "malformed_request"),
    ("POST", "/dialogs/{dialog}/enter-code", {"content": b'{"code": "1"}'}, 415, "unsupported_media_type"),
    ("POST", "/dialogs/{dialog}/regenerate", {}, 404, "not_offered"),
    ("GET", "/dialogs/{dialog}/text-file", {}, 404, "not_offered"),
    ("PATCH", "/security", {}, 405, "method_not_allowed"),
    ("GET", "/admin", {}, 404, "not_found"),
    ("PUT", "/test-control/clock", {"json": {"now": "yesterday"}}, 400, "malformed_request"),
    ("PUT", "/test-control/clock", {"json": {"now": "2020-01-01T00:00:00+00:00"}}, 422, "invalid_input"),
    ("PUT", "/test-control/clock", {"json": {"now": "2030-01-01T00:00:00"}}, 422, "invalid_input"),
    ("POST", "/test-control/clock/advance", {"json": {"seconds": -1}}, 422, "invalid_input"),
    ("POST", "/test-control/clock/advance", {"json": {"seconds": 1e308}}, 422, "invalid_input"),
    ("POST", "/test-control/clock/advance", {"content": b'{"seconds":NaN}', "headers": JSON}, 400, MALFORMED),
    ("POST", "/test-control/clock/advance", {"json": {"seconds": True}}, 400, "malformed_request"),
]


def observable(client: httpx.Client, service: Served, auth: dict[str, str], dialog: str) -> object:
    return (
        client.get("/security", headers=auth).json(),
        client.get("/session", headers=auth).json(),
        client.get(f"/dialogs/{dialog}", headers=auth).json(),
        client.get("/test-control/clock").json(),
        len(service.capture.since(0)),
    )


@pytest.mark.parametrize(("method", "path", "arguments", "status", "reason"), BAD_REQUESTS)
def test_bad_input_is_a_4xx_json_error_and_changes_nothing(
    client: httpx.Client,
    service: Served,
    method: str,
    path: str,
    arguments: dict[str, Any],
    status: int,
    reason: str,
) -> None:
    auth = signed_in(client, ALICE)
    dialog = open_dialog(client, auth, "enable_email_code")
    client.post(
        f"/dialogs/{dialog}/confirm-identity", json={"answer": PASSWORD, "prompt": "password"}, headers=auth
    )
    before = observable(client, service, auth, dialog)
    arguments = dict(arguments)
    if callable(arguments.get("content")):
        arguments["content"] = arguments["content"]()
    arguments["headers"] = arguments.get("headers", auth)

    answer = client.request(method, path.format(dialog=dialog), **arguments)

    assert (answer.status_code, answer.json()["reason"]) == (status, reason), answer.text
    assert isinstance(answer.json()["detail"], str)
    assert observable(client, service, auth, dialog) == before
    code = latest_code(service, ALICE)  # and the dialog still takes the emailed code
    assert client.post(f"/dialogs/{dialog}/enter-code", json={"code": code}, headers=auth).status_code == 200


# -- tokens ------------------------------------------------------------------------------------------


def test_one_accounts_token_never_reaches_anothers_data_or_dialogs(
    client: httpx.Client, service: Served
) -> None:
    alice, bob = signed_in(client, ALICE), signed_in(client, BOB)
    dialog = open_dialog(client, alice, "enable_email_code")
    client.post(
        f"/dialogs/{dialog}/confirm-identity", json={"answer": PASSWORD, "prompt": "password"}, headers=alice
    )
    code = latest_code(service, ALICE)
    view = client.get(f"/dialogs/{dialog}", headers=alice).json()

    for method, path, body in [
        ("GET", f"/dialogs/{dialog}", None),
        ("POST", f"/dialogs/{dialog}/enter-code", {"code": code}),
        ("POST", f"/dialogs/{dialog}/request-code", None),
        ("DELETE", f"/dialogs/{dialog}", None),
    ]:
        answer = client.request(method, path, json=body, headers=bob)
        assert (answer.status_code, answer.json()["reason"]) == (404, "not_found"), (method, path)

    assert client.get(f"/dialogs/{dialog}", headers=alice).json() == view
    assert client.post(f"/dialogs/{dialog}/enter-code", json={"code": code}, headers=alice).status_code == 200
    assert client.get("/security", headers=alice).json()["email_code"]["address"] == ALICE
    assert client.get("/security", headers=bob).json()["email_code"] == {
        "active": False,
        "activated_on": None,
        "address": None,
        "action": "Enable",
    }


def test_a_signed_out_token_reaches_nothing(client: httpx.Client) -> None:
    auth = signed_in(client, ALICE)
    assert client.delete("/session", headers=auth).status_code == 204
    assert client.get("/session", headers=auth).json() == {"signed_in": False}
    answer = client.get("/security", headers=auth)
    assert (answer.status_code, answer.json()["reason"]) == (401, "not_signed_in")
    answer = client.post("/dialogs", json={"kind": "enable_email_code"}, headers=auth)
    assert (answer.status_code, answer.json()["reason"]) == (401, "not_signed_in")


# -- one code, two requests at once ------------------------------------------------------------------


def test_a_recovery_code_sent_twice_at_once_signs_in_once(client: httpx.Client) -> None:
    _, codes = enable_app(client, signed_in(client, ALICE))
    for code in codes[:3]:
        devices = [new_device_at_code_step(client, "recovery_code") for _ in range(2)]
        statuses = at_once(client, [("/sign-in/code", {"code": code}, auth) for auth in devices])
        assert sorted(statuses) == [200, 422], statuses
        assert sum(client.get("/session", headers=auth).json()["signed_in"] for auth in devices) == 1


def test_an_authenticator_code_sent_twice_at_once_signs_in_once(client: httpx.Client) -> None:
    app, _ = enable_app(client, signed_in(client, ALICE))
    for _ in range(3):
        client.post("/test-control/clock/advance", json={"seconds": 30})  # a step no code was used in
        devices = [new_device_at_code_step(client, "authenticator_app") for _ in range(2)]
        code = app.code_at(now(client))
        statuses = at_once(client, [("/sign-in/code", {"code": code}, auth) for auth in devices])
        assert sorted(statuses) == [200, 422], statuses


def test_mail_the_smtp_server_refuses_is_a_503_json_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = probe.getsockname()[:2]
    server = BackgroundServer.start(smtp=nowhere, test_control=True)
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            auth = signed_in(client, ALICE)
            dialog = open_dialog(client, auth, "enable_email_code")
            answer = client.post(
                f"/dialogs/{dialog}/confirm-identity",
                json={"answer": PASSWORD, "prompt": "password"},
                headers=auth,
            )
    finally:
        server.stop()
    assert (answer.status_code, answer.json()["reason"]) == (503, "mail_failed")
    assert f"{nowhere[0]}:{nowhere[1]}" in answer.json()["detail"]
