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
from harness.protocol import DialogKind
from reference_impl.dialogs.disable import DisableEmailCodeDialog
from reference_impl.dialogs.enable_email import EnableEmailCodeDialog
from reference_impl.server.mail import LogOutbox
from reference_impl.server.running import BackgroundServer
from reference_impl.server.state import DIALOGS_KEPT_PER_DEVICE, ServedReference
from tests.http_servers import PASSWORD
from tests.relays import Relay
from tests.test_http_server import ALICE, BOB, at_once, enable_app, new_device_at_code_step, now, open_dialog

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


def advance_clock(client: httpx.Client, seconds: float) -> None:
    assert client.post("/test-control/clock/advance", json={"seconds": seconds}).is_success


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


# -- state that must not grow ------------------------------------------------------------------------
def test_20000_opened_and_closed_dialogs_leave_nothing_behind() -> None:
    """Finding 9: closed dialogs were kept for ever (20k = 193 MiB) and failed opens left models."""
    kinds = (EnableEmailCodeDialog, DisableEmailCodeDialog)
    before = {kind: len(kind.MACHINE.models) for kind in kinds}  # other tests of this process may hold some
    state = ServedReference(LogOutbox(), test_control=True)
    state.create_account(ALICE, PASSWORD)
    token, _ = state.sign_in(None, ALICE, PASSWORD)
    for _ in range(20_000):
        dialog_id, _ = state.open_dialog(token, DialogKind.ENABLE_EMAIL_CODE)
        state.close_dialog(token, dialog_id)
    assert len(state._dialogs) <= DIALOGS_KEPT_PER_DEVICE
    for kind in kinds:
        assert len(kind.MACHINE.models) - before[kind] <= 1
    state.close()


def test_failed_opens_leave_no_model_in_the_shared_machine(relay: Relay, server: BackgroundServer) -> None:
    before = len(DisableEmailCodeDialog.MACHINE.models)
    with httpx.Client(base_url=server.base_url, timeout=20) as client:
        assert client.post("/test-control/reset").status_code == 204
        relay.mode = "up"
        auth = account(client)
        enable_email(client, relay, auth)
        relay.mode = "down"
        for _ in range(50):
            refused = client.post("/dialogs", json={"kind": "disable_email_code"}, headers=auth)
            assert refused.status_code == 503, refused.text
        relay.mode = "up"
    assert len(DisableEmailCodeDialog.MACHINE.models) <= before


# -- 50 parallel submissions ---------------------------------------------------------------------------
PARALLEL = 50


def test_one_code_submitted_50_times_at_once_signs_in_once_and_counts_no_failure(
    client: httpx.Client,
) -> None:
    app, _ = enable_app(client, account(client))
    advance_clock(client, 30)
    phone = new_device_at_code_step(client, "authenticator_app")
    code = {"code": app.code_at(now(client))}
    statuses = at_once(client, [("/sign-in/code", code, phone)] * PARALLEL)
    assert sorted(statuses).count(200) == 1 and max(statuses) < 500, statuses
    # Finding 4: the 49 duplicates were no guesses, so no wait slows the next sign-in.
    advance_clock(client, 30)
    tablet = new_device_at_code_step(client, "authenticator_app")
    answer = client.post("/sign-in/code", json={"code": app.code_at(now(client))}, headers=tablet)
    assert answer.is_success, answer.text


def test_one_password_change_submitted_50_times_at_once_changes_it_once(client: httpx.Client) -> None:
    auth = account(client)
    body = {"current": PASSWORD, "new": "a new horse battery staple", "repeat": "a new horse battery staple"}
    statuses = at_once(client, [("/security/password", body, auth)] * PARALLEL)
    assert statuses.count(200) == 1 and max(statuses) < 500, statuses
    signed = client.post("/sign-in", json={"email": ALICE, "password": body["new"]})
    assert signed.is_success, signed.text


def test_one_regenerate_submitted_50_times_at_once_leaves_ten_valid_codes(client: httpx.Client) -> None:
    auth = account(client)
    app, _ = enable_app(client, auth)
    advance_clock(client, 30)
    dialog = open_dialog(client, auth, "view_recovery_codes")
    body = {"answer": app.code_at(now(client)), "prompt": "authenticator_app_code"}
    assert client.post(f"/dialogs/{dialog}/confirm-identity", json=body, headers=auth).is_success
    statuses = at_once(client, [(f"/dialogs/{dialog}/regenerate", {}, auth)] * PARALLEL)
    assert set(statuses) == {200}, statuses
    codes = client.get(f"/dialogs/{dialog}", headers=auth).json()["recovery_codes"]
    assert len(set(codes)) == 10
