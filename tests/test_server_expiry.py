"""Issue 17, finding 9: what a client leaves behind on the server does not stay for ever.

A token whose device is not signed in (signed out, or a sign-in never finished) is
forgotten once unused for ``TOKEN_IDLE_LIFETIME``; a connection that never sends a
whole request head is closed after ``REQUEST_HEAD_TIMEOUT`` (0.2 s here). Time on the
server moves on its fake clock; the connection tests wait on their sockets, with a
deadline, for the server to close them.
"""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from harness.authenticator import Authenticator
from harness.protocol import DialogKind, Prompt
from reference_impl.server.mail import LogOutbox
from reference_impl.server.running import BackgroundServer
from reference_impl.server.state import TOKEN_IDLE_LIFETIME, ServedReference
from reference_impl.signin import SignInAttempt
from tests import test_http_server
from tests.http_servers import PASSWORD, signed_in
from tests.test_http_server import ALICE, enable_app, new_device_at_code_step, now
from tests.test_server_hardening import advance, second_device

#: The served reference of this module, reset before each test (tests/test_http_server.py's fixtures).
service, client = test_http_server.service, test_http_server.client
IDLE = TOKEN_IDLE_LIFETIME.total_seconds()
NEVER_ISSUED = {"Authorization": "Bearer a-token-this-server-never-issued"}


def answer(response: httpx.Response) -> tuple[int, str]:
    """Status and reason; a success has no reason."""
    return response.status_code, response.json().get("reason", "") if response.content else ""


# -- tokens over HTTP ----------------------------------------------------------------------------------
def test_a_sign_in_left_waiting_for_a_code_is_forgotten_after_the_idle_bound(client: httpx.Client) -> None:
    app, _ = enable_app(client, signed_in(client, ALICE))
    models = len(SignInAttempt.MACHINE.models)
    phone = new_device_at_code_step(client, "authenticator_app")
    tablet = new_device_at_code_step(client, "authenticator_app")
    assert len(SignInAttempt.MACHINE.models) == models + 2
    advance(client, IDLE - 1)
    # Control: within the bound the token answers as it always did.
    assert client.get("/session", headers=tablet).json() == {"signed_in": False}
    advance(client, 2)  # the phone untouched for longer than the bound, the tablet for 2 s
    code = {"code": app.code_at(now(client))}
    forgotten = client.post("/sign-in/code", json=code, headers=phone)
    assert answer(forgotten) == answer(client.post("/sign-in/code", json=code, headers=NEVER_ISSUED))
    assert answer(forgotten) == (401, "unauthorized")
    assert client.post("/sign-in/code", json=code, headers=tablet).is_success
    assert len(SignInAttempt.MACHINE.models) == models  # the phone's attempt left the shared machine


def test_a_signed_out_devices_token_answers_as_before_then_as_one_never_issued(client: httpx.Client) -> None:
    laptop = signed_in(client, ALICE)
    assert client.delete("/session", headers=laptop).status_code == 204
    advance(client, IDLE)
    assert client.get("/session", headers=laptop).json() == {"signed_in": False}  # the bound, not past it
    assert client.delete("/session", headers=laptop).status_code == 204  # and each use counts
    advance(client, IDLE + 1)
    forgotten = client.get("/session", headers=laptop)
    assert answer(forgotten) == answer(client.get("/session", headers=NEVER_ISSUED)) == (401, "unauthorized")
    # As for any token the server does not know, POST /sign-in with it starts a new device.
    again = client.post("/sign-in", json={"email": ALICE, "password": PASSWORD}, headers=laptop).json()
    assert again["signed_in"] and again["token"] != laptop["Authorization"].removeprefix("Bearer ")


def test_a_device_signed_out_elsewhere_is_forgotten_but_the_signed_in_one_is_kept(
    client: httpx.Client,
) -> None:
    laptop, phone = signed_in(client, ALICE), second_device(client)
    dialog = client.post("/dialogs", json={"kind": "enable_email_code"}, headers=phone).json()["id"]
    new = "a new horse battery staple"
    body = {"current": PASSWORD, "new": new, "repeat": new}
    assert client.post("/security/password", json=body, headers=laptop).is_success
    assert client.get(f"/dialogs/{dialog}", headers=phone).json()["step"] == "closed"
    advance(client, IDLE + 1)
    assert answer(client.get(f"/dialogs/{dialog}", headers=phone)) == (401, "unauthorized")
    assert answer(client.get("/session", headers=phone)) == (401, "unauthorized")
    # Sessions last until sign-out (I-17): the laptop, as idle, is still signed in.
    assert client.get("/session", headers=laptop).json() == {"signed_in": True}


# -- growth, in process ------------------------------------------------------------------------------
def app_account(state: ServedReference) -> tuple[str, Authenticator]:
    """Alice, signed in, with the authenticator app on: each later sign-in waits for a code."""
    state.create_account(ALICE, PASSWORD)
    token, _ = state.sign_in(None, ALICE, PASSWORD)
    dialog, _ = state.open_dialog(token, DialogKind.ENABLE_AUTHENTICATOR_APP)
    view = state.act(token, dialog, lambda d: d.confirm_identity(PASSWORD, Prompt.PASSWORD))
    assert view.qr_code_image is not None
    app = Authenticator.scan(view.qr_code_image)
    state.act(token, dialog, lambda d: d.enter_code(app.code_at(state.now())))
    state.close_dialog(token, dialog)
    return token, app


ROUNDS, ABANDONED, SIGNED_OUT = 5, 100, 50


def test_abandoned_sign_ins_and_signed_out_devices_do_not_pile_up() -> None:
    """Before: 750 sign-ins left 751 tokens, and 500 attempts waiting in the shared machine."""
    models = len(SignInAttempt.MACHINE.models)
    state = ServedReference(LogOutbox(), test_control=True)
    laptop, _ = app_account(state)
    for _ in range(ROUNDS):
        for _ in range(ABANDONED):
            state.sign_in(None, ALICE, PASSWORD)  # password accepted, the code never comes
        for _ in range(SIGNED_OUT):
            token, _ = state.sign_in(None, ALICE, PASSWORD)
            state.sign_out(token)
        state.move_clock(lambda clock: clock.advance(IDLE + 1))
    one_round = ABANDONED + SIGNED_OUT
    assert len(state._tokens) <= one_round + 1
    assert len(state._reference._attempts) <= one_round + 1
    assert len(SignInAttempt.MACHINE.models) - models <= ABANDONED
    assert state.is_signed_in(laptop)  # the signed-in device, idle all along, is kept
    state.close()
    assert len(SignInAttempt.MACHINE.models) <= models


def test_sweeping_keeps_every_signed_in_device() -> None:
    state = ServedReference(LogOutbox(), test_control=True)
    state.create_account(ALICE, PASSWORD)
    devices = [state.sign_in(None, ALICE, PASSWORD)[0] for _ in range(50)]
    state.move_clock(lambda clock: clock.advance(24 * 3600))
    for _ in range(100):
        state.sign_out(state.sign_in(None, ALICE, PASSWORD)[0])
    assert all(state.is_signed_in(token) for token in devices)
    state.close()


# -- connections that never send a request -------------------------------------------------------------
HEAD_TIMEOUT = 0.2
#: How long a test waits for the close: ten times the bound, for a loaded machine.
WAIT = 10 * HEAD_TIMEOUT


@pytest.fixture(scope="module")
def quick_server() -> Iterator[BackgroundServer]:
    running = BackgroundServer.start(smtp=None, request_head_timeout=HEAD_TIMEOUT)
    yield running
    running.stop()


def address(server: BackgroundServer) -> tuple[str, int]:
    host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def seconds_until_closed(sock: socket.socket, wait: float = WAIT) -> float | None:
    """How long until the server closed ``sock`` (reading what it still sent); None if still open."""
    start = time.monotonic()
    deadline = start + wait
    try:
        while (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            if not sock.recv(4096):
                return time.monotonic() - start
    except TimeoutError:
        return None
    except ConnectionResetError:
        return time.monotonic() - start
    return None


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET /session HTTP/1.1\r\n", b"POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"],
    ids=["nothing", "a request line", "half a header"],
)
def test_a_connection_that_never_sends_a_whole_request_head_is_closed(
    quick_server: BackgroundServer, sent: bytes
) -> None:
    with socket.create_connection(address(quick_server)) as sock:
        sock.sendall(sent)
        closed = seconds_until_closed(sock)
    assert closed is not None, f"still open {WAIT} s after sending {sent!r} (the bound is {HEAD_TIMEOUT} s)"


def test_half_a_request_after_a_response_is_closed_and_a_whole_one_answered(
    quick_server: BackgroundServer,
) -> None:
    connection = http.client.HTTPConnection(*address(quick_server), timeout=WAIT)
    for _ in range(2):  # control: whole requests on the same connection are answered
        connection.request("GET", "/session")
        assert connection.getresponse().read()
    assert connection.sock is not None
    connection.sock.sendall(b"GET /sess")
    closed = seconds_until_closed(connection.sock)
    connection.close()
    assert closed is not None, f"still open {WAIT} s after half a request on a kept-alive connection"


def test_a_body_that_stalls_is_answered_408_and_its_connection_closed(quick_server: BackgroundServer) -> None:
    body = b'{"email": "stalled-body@example.com", "password": "correct horse battery staple"}'
    head = b"POST /accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    with socket.create_connection(address(quick_server)) as sock:
        sock.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
        answer = everything_until_closed(sock)
    assert answer is not None, f"the connection was still open {WAIT} s later"
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"request_timeout" in answer
    # Control: the same request, whole, is answered on a new connection.
    with socket.create_connection(address(quick_server)) as sock:
        sock.sendall(head + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
        sock.settimeout(WAIT)
        assert sock.recv(4096).startswith(b"HTTP/1.1 201")


def everything_until_closed(sock: socket.socket) -> bytes | None:
    """All the server sent until it closed ``sock``; None if it was still open after WAIT."""
    received, deadline = b"", time.monotonic() + WAIT
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            return None
        if not chunk:
            return received
        received += chunk
    return None
