"""The HTTP driver on its own: capabilities from what the server offers, mail read as real MIME,
and a server that fails or stalls becomes BROKEN naming the request."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator
from email.message import EmailMessage

import pytest

from harness.drivers import http
from harness.drivers.http import HttpDriver, start_target
from harness.drivers.http_options import ENV_BASE_URL
from harness.drivers.smtp_capture import SmtpCapture
from harness.errors import DriverBroken
from harness.guard import GuardedDriver
from harness.protocol import Capability, DialogKind, Prompt, Reason, Step
from reference_impl.server.state import TOKEN_IDLE_LIFETIME
from tests.http_servers import PASSWORD, http_driver, served
from tests.test_http_suite import free_port

ALICE = "alice@example.com"


@pytest.fixture
def capture() -> Iterator[SmtpCapture]:
    mail = SmtpCapture()
    yield mail
    mail.stop()


def test_with_test_control_the_driver_moves_the_clock_and_reads_mail() -> None:
    with http_driver() as driver:
        assert driver.capabilities == {Capability.HTTP, Capability.CLOCK_CONTROL, Capability.OUTBOX}
        before = driver.now()
        driver.advance_clock(90)
        assert (driver.now() - before).total_seconds() == 90
        driver.create_account(ALICE, PASSWORD)
        assert driver.sign_in("laptop", ALICE, PASSWORD).signed_in
        dialog = driver.open_dialog("laptop", DialogKind.ENABLE_EMAIL_CODE)
        assert dialog.confirm_identity(PASSWORD, Prompt.PASSWORD).accepted
        assert dialog.view().step is Step.CODE_ENTRY
        [mail] = driver.emails_to(ALICE.upper())
        assert mail.recipient == ALICE and mail.sent_at == driver.now()


def test_a_device_the_server_forgot_is_signed_out_not_broken() -> None:
    """A server may forget the token of a device that is not signed in (the reference does after
    TOKEN_IDLE_LIFETIME): the driver reads that as a signed-out device, as the contract's 401 says."""
    with http_driver() as driver:
        driver.create_account(ALICE, PASSWORD)
        assert driver.sign_in("laptop", ALICE, PASSWORD).signed_in
        assert driver.sign_in("phone", ALICE, PASSWORD).signed_in
        driver.sign_out("phone")
        driver.advance_clock(TOKEN_IDLE_LIFETIME.total_seconds() + 1)
        assert driver.is_signed_in("laptop")  # control: a signed-in device is never forgotten
        assert not driver.is_signed_in("phone")
        refused = driver.change_password(
            "phone", PASSWORD, "a new horse battery staple", "a new horse battery staple"
        )
        assert refused.reason is Reason.NOT_SIGNED_IN
        driver.sign_out("phone")  # nothing left to sign out: no error
        assert driver.sign_in("phone", ALICE, PASSWORD).signed_in  # signs in again as a new device


def test_each_driver_starts_from_an_empty_server_on_the_starting_clock() -> None:
    with http_driver() as first:
        start = first.now()
        first.create_account(ALICE, PASSWORD)
        first.advance_clock(86400)
        second = HttpDriver(first.target)
        assert second.now() == start
        second.create_account(ALICE, PASSWORD)  # the first driver's account is gone
        assert second.emails_to(ALICE) == []


def test_without_test_control_there_is_no_clock_control(capture: SmtpCapture) -> None:
    with served(test_control=False) as server:
        target = start_target(base_url=server.url, smtp_capture=None)
        try:
            # Mail goes elsewhere: no outbox either; what is left is what any HTTP client sees.
            assert HttpDriver(target).capabilities == {Capability.HTTP}
        finally:
            target.stop()


def test_captured_mail_is_decoded_the_way_a_reader_sees_it(capture: SmtpCapture) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", ALICE, "Votre code à usage unique"
    message["Date"] = "Mon, 05 Jan 2026 09:00:00 +0100"
    message.set_content("Bonjour Élodie,\nvotre code est 042 917.\n", cte="quoted-printable")
    message.add_alternative("<p>votre code est <b>999999</b></p>", subtype="html")
    with smtplib.SMTP(*capture.address, local_hostname="localhost") as smtp:
        smtp.send_message(message, to_addrs=[ALICE, "bcc@example.com"])
    first, second = capture.since(0)
    assert (first.recipient, second.recipient) == (ALICE, "bcc@example.com")
    assert first.subject == "Votre code à usage unique"
    assert first.body == "Bonjour Élodie,\nvotre code est 042 917.\n"
    assert first.sent_at.isoformat() == "2026-01-05T09:00:00+01:00"
    assert capture.since(capture.mark()) == []


def test_a_server_that_went_away_is_broken_and_names_the_request() -> None:
    with http_driver() as driver:
        guarded = GuardedDriver(driver)
        guarded.create_account(ALICE, PASSWORD)
        assert driver.target.server is not None
        driver.target.server.stop()
        with pytest.raises(
            DriverBroken, match=r"sign_in\('laptop', …\) raised RequestFailed: POST http://127"
        ):
            guarded.sign_in("laptop", ALICE, PASSWORD)


def test_a_server_that_never_answers_times_out_as_broken() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent, http_driver() as driver:
        host, port = silent.getsockname()[:2]
        driver.http.client.base_url = f"http://{host}:{port}"  # type: ignore[assignment]
        driver.http.client.timeout = 0.2  # type: ignore[assignment]
        driver._tokens["laptop"] = "a token"  # a device that signed in, so the page is asked for
        with pytest.raises(DriverBroken, match=r"GET http://127\.0\.0\.1:\d+/security failed: ReadTimeout"):
            GuardedDriver(driver).security_section("laptop")


def test_a_target_that_cannot_start_fails_every_later_driver_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without `conformance run`'s probe (plain pytest), a dead server is tried once, not per scenario."""
    port = free_port()
    monkeypatch.setenv(ENV_BASE_URL, f"http://127.0.0.1:{port}")
    monkeypatch.setattr(http, "_TARGET", None)
    monkeypatch.setattr(http, "_START_FAILED", None)
    with pytest.raises(http.RequestFailed, match=f"127.0.0.1:{port}"):
        http.create()
    attempts: list[object] = []
    monkeypatch.setattr(http, "start_target", lambda *args: attempts.append(args))
    with pytest.raises(http.RequestFailed, match="did not start or answer earlier in this run"):
        http.create()
    assert attempts == []
