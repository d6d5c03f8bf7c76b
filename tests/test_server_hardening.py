"""What a security probe of ``conformance serve`` found (issue 17), each finding as a test over real HTTP.

Every test here failed on the server before its fix; the reference's own
tests (tests/test_reference_*.py) hold the same properties in-process.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.http_servers import PASSWORD, Served, served, signed_in
from tests.test_http_server import ALICE, enable_app, now, open_dialog

NEW_PASSWORD = "another horse battery staple"


@pytest.fixture(scope="module")
def service() -> Iterator[Served]:
    with served() as running:
        yield running


@pytest.fixture
def client(service: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=10) as http:
        assert http.post("/test-control/reset").status_code == 204
        yield http


def second_device(client: httpx.Client) -> dict[str, str]:
    answer = client.post("/sign-in", json={"email": ALICE, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {answer['token']}"}


def app_signed_in_device(client: httpx.Client, app_code: str) -> dict[str, str]:
    auth = second_device(client)
    assert client.post("/sign-in/method", json={"method": "authenticator_app"}, headers=auth).is_success
    answer = client.post("/sign-in/code", json={"code": app_code}, headers=auth)
    assert answer.is_success, answer.text
    return auth


def open_recovery_codes(client: httpx.Client, auth: dict[str, str], code: str) -> str:
    dialog = open_dialog(client, auth, "view_recovery_codes")
    body = {"answer": code, "prompt": "authenticator_app_code"}
    shown = client.post(f"/dialogs/{dialog}/confirm-identity", json=body, headers=auth)
    assert shown.json()["step"] == "recovery_codes", shown.text
    return dialog


def advance(client: httpx.Client, seconds: float) -> None:
    assert client.post("/test-control/clock/advance", json={"seconds": seconds}).is_success


# -- 1: a signed-out device reads nothing ------------------------------------------------------------
def test_a_device_signed_out_by_a_password_change_reads_no_recovery_codes(client: httpx.Client) -> None:
    laptop = signed_in(client, ALICE)
    app, _ = enable_app(client, laptop)
    advance(client, 30)
    phone = app_signed_in_device(client, app.code_at(now(client)))
    advance(client, 30)
    on_phone = open_recovery_codes(client, phone, app.code_at(now(client)))
    assert client.get(f"/dialogs/{on_phone}", headers=phone).json()["recovery_codes"]  # control
    body = {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    assert client.post("/security/password", json=body, headers=laptop).is_success
    advance(client, 30)
    on_laptop = open_recovery_codes(client, laptop, app.code_at(now(client)))
    regenerated = client.post(f"/dialogs/{on_laptop}/regenerate", headers=laptop).json()["recovery_codes"]
    assert regenerated  # the still-signed-in device sees the new set
    after = client.get(f"/dialogs/{on_phone}", headers=phone)
    assert after.status_code in (200, 401) and not after.json().get("recovery_codes"), after.text
    refused = client.post(f"/dialogs/{on_phone}/regenerate", headers=phone)
    assert refused.is_client_error, refused.text
    assert client.get(f"/dialogs/{on_laptop}", headers=laptop).json()["recovery_codes"] == regenerated


# -- 2: the app disabled elsewhere while View Recovery Codes is open ------------------------------------
def test_recovery_codes_open_while_another_device_disables_the_app_is_no_500(client: httpx.Client) -> None:
    laptop = signed_in(client, ALICE)
    app, _ = enable_app(client, laptop)
    advance(client, 30)
    phone = app_signed_in_device(client, app.code_at(now(client)))
    advance(client, 30)
    on_phone = open_recovery_codes(client, phone, app.code_at(now(client)))
    advance(client, 30)
    disable = open_dialog(client, laptop, "disable_authenticator_app")
    code = {"code": app.code_at(now(client))}
    assert client.post(f"/dialogs/{disable}/enter-code", json=code, headers=laptop).is_success
    for _ in range(3):
        shown = client.get(f"/dialogs/{on_phone}", headers=phone)
        assert shown.status_code == 200 and not shown.json().get("recovery_codes"), shown.text
    assert client.post(f"/dialogs/{on_phone}/regenerate", headers=phone).is_client_error


# -- 7: reopening a dialog does not skip the countdown --------------------------------------------------
def test_reopening_a_dialog_sends_no_second_mail_within_the_countdown(
    client: httpx.Client, service: Served
) -> None:
    auth = signed_in(client, ALICE)
    mark = len(service.capture.since(0))
    for _ in range(20):
        dialog = open_dialog(client, auth, "enable_email_code")
        body = {"answer": PASSWORD, "prompt": "password"}
        assert client.post(f"/dialogs/{dialog}/confirm-identity", json=body, headers=auth).is_success
    sent = [m for m in service.capture.since(mark) if m.recipient == ALICE]
    assert len(sent) == 1, f"{len(sent)} mails in one countdown"
    advance(client, 61)  # control: once the countdown ran out, a new dialog mails again
    dialog = open_dialog(client, auth, "enable_email_code")
    body = {"answer": PASSWORD, "prompt": "password"}
    assert client.post(f"/dialogs/{dialog}/confirm-identity", json=body, headers=auth).is_success
    assert len([m for m in service.capture.since(mark) if m.recipient == ALICE]) == 2


# -- 10: one address, compared safely -----------------------------------------------------------------
@pytest.mark.parametrize(
    "address",
    [
        "a@example.com,root@example.com",
        "Alice <alice@example.com>",
        "\u212aate@example.com",  # Kelvin sign for K
        "ali\u200bce@example.com",  # zero-width space
        "ali\u202ece@example.com",  # right-to-left override
        "",
    ],
)
def test_an_address_that_is_not_one_plain_address_is_refused(client: httpx.Client, address: str) -> None:
    answer = client.post("/accounts", json={"email": address, "password": PASSWORD})
    assert answer.status_code in (400, 422), answer.text
    assert client.post("/accounts", json={"email": "kate@example.com", "password": PASSWORD}).is_success


def test_a_kelvin_sign_does_not_sign_in_to_kates_account(client: httpx.Client) -> None:
    assert client.post("/accounts", json={"email": "kate@example.com", "password": PASSWORD}).is_success
    kelvin = client.post("/sign-in", json={"email": "\u212aate@example.com", "password": PASSWORD})
    assert kelvin.is_client_error, kelvin.text
    assert client.post("/sign-in", json={"email": "Kate@Example.com", "password": PASSWORD}).is_success


# -- 11: smaller findings --------------------------------------------------------------------------------
def test_responses_carrying_secrets_are_not_stored(client: httpx.Client) -> None:
    auth = signed_in(client, ALICE)
    dialog = open_dialog(client, auth, "enable_authenticator_app")
    body = {"answer": PASSWORD, "prompt": "password"}
    shown = client.post(f"/dialogs/{dialog}/confirm-identity", json=body, headers=auth)
    assert shown.json()["manual_key"] and shown.headers["cache-control"] == "no-store"
    assert client.get(f"/dialogs/{dialog}", headers=auth).headers["cache-control"] == "no-store"


def test_405_names_the_allowed_methods(client: httpx.Client) -> None:
    answer = client.request("PATCH", "/security")
    assert answer.status_code == 405 and "GET" in answer.headers["allow"]


def test_a_body_that_is_not_declared_json_is_415(client: httpx.Client) -> None:
    body = b'{"email": "a@example.com", "password": "correct horse battery staple"}'
    refused = client.post("/accounts", content=body, headers={"Content-Type": "text/plain"})
    assert refused.status_code == 415 and refused.json()["reason"] == "unsupported_media_type"
    accepted = client.post("/accounts", content=body, headers={"Content-Type": "application/json"})
    assert accepted.status_code == 201
