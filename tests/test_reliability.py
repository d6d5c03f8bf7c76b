"""The probe of issue 17, repeated in CI: faults of the relay, parallel double use, state that must not grow.

Loopback only, bounded loops, no sleeps: waits are on events with a timeout.
Latency under a flood and memory per 1,000 dialogs are figures, so they live
in the bench (tooling/bench_server.py), not here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from harness.mailbox import one_time_code
from reference_impl.server.running import BackgroundServer
from tests.http_servers import PASSWORD
from tests.relays import Relay
from tests.test_http_server import ALICE, BOB, open_dialog

#: Short, so a hanging relay costs the test little; the relay hangs well past it.
SMTP_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def relay() -> Iterator[Relay]:
    running = Relay()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def server(relay: Relay) -> Iterator[BackgroundServer]:
    running = BackgroundServer.start(smtp=relay.address, smtp_timeout=SMTP_TIMEOUT)
    yield running
    running.stop()


@pytest.fixture
def client(server: BackgroundServer, relay: Relay) -> Iterator[httpx.Client]:
    relay.mode, relay.attempts = "up", 0
    relay.data_seen.clear()
    with httpx.Client(base_url=server.base_url, timeout=20) as http:
        assert http.post("/test-control/reset").status_code == 204
        yield http


def account(client: httpx.Client, email: str = ALICE) -> dict[str, str]:
    assert client.post("/accounts", json={"email": email, "password": PASSWORD}).status_code == 201
    token = client.post("/sign-in", json={"email": email, "password": PASSWORD}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def mails_to(relay: Relay, address: str) -> list[str]:
    return [one_time_code(m) for m in relay.since(0) if m.recipient == address]


def confirm_password(client: httpx.Client, auth: dict[str, str], dialog: str) -> httpx.Response:
    body = {"answer": PASSWORD, "prompt": "password"}
    return client.post(f"/dialogs/{dialog}/confirm-identity", json=body, headers=auth)


def enable_email(client: httpx.Client, relay: Relay, auth: dict[str, str]) -> None:
    dialog = open_dialog(client, auth, "enable_email_code")
    assert confirm_password(client, auth, dialog).is_success
    code = {"code": mails_to(relay, ALICE)[-1]}
    assert client.post(f"/dialogs/{dialog}/enter-code", json=code, headers=auth).is_success


# -- the relay down, then back ----------------------------------------------------------------------
def test_a_mail_that_failed_changes_nothing_and_works_once_the_relay_is_back(
    client: httpx.Client, relay: Relay
) -> None:
    auth = account(client)
    dialog = open_dialog(client, auth, "enable_email_code")
    relay.mode = "down"
    failed = confirm_password(client, auth, dialog)
    assert failed.status_code == 503, failed.text
    assert client.get(f"/dialogs/{dialog}", headers=auth).json()["step"] == "identity_confirmation"
    assert mails_to(relay, ALICE) == []
    relay.mode = "up"
    assert confirm_password(client, auth, dialog).json()["step"] == "code_entry"
    code = {"code": mails_to(relay, ALICE)[-1]}
    assert client.post(f"/dialogs/{dialog}/enter-code", json=code, headers=auth).is_success


def test_choosing_email_at_sign_in_again_after_a_failed_mail_sends_it(
    client: httpx.Client, relay: Relay
) -> None:
    enable_email(client, relay, account(client))
    token = client.post("/sign-in", json={"email": ALICE, "password": PASSWORD}).json()["token"]
    phone = {"Authorization": f"Bearer {token}"}
    relay.mode = "down"
    choose = {"method": "email_code"}
    assert client.post("/sign-in/method", json=choose, headers=phone).status_code == 503
    relay.mode = "up"
    before = len(mails_to(relay, ALICE))
    assert client.post("/sign-in/method", json=choose, headers=phone).is_success
    assert len(mails_to(relay, ALICE)) == before + 1
    code = {"code": mails_to(relay, ALICE)[-1]}
    assert client.post("/sign-in/code", json=code, headers=phone).is_success


# -- the relay hanging --------------------------------------------------------------------------------
def test_a_hanging_relay_holds_only_its_own_request_and_gets_the_mail_once(
    client: httpx.Client, relay: Relay, server: BackgroundServer
) -> None:
    alice, bob = account(client), account(client, BOB)
    dialog = open_dialog(client, alice, "enable_email_code")
    relay.mode, relay.hang_seconds = "hang", SMTP_TIMEOUT * 3
    answers: list[int] = []

    def hanging_request() -> None:
        with httpx.Client(base_url=server.base_url, timeout=20) as own:
            answers.append(confirm_password(own, alice, dialog).status_code)

    waiting = threading.Thread(target=hanging_request)
    waiting.start()
    assert relay.data_seen.wait(timeout=10), "the mail never reached the relay"
    # Alice's request now waits on the relay; Bob's answer must not wait for it.
    assert client.get("/session", headers=bob).json() == {"signed_in": True}
    assert waiting.is_alive(), "Bob's request was answered only after Alice's hanging mail"
    waiting.join(timeout=20)
    assert answers == [503]
    assert relay.attempts == 1, f"the relay was handed the mail {relay.attempts} times"
    assert client.get(f"/dialogs/{dialog}", headers=alice).json()["step"] == "identity_confirmation"
