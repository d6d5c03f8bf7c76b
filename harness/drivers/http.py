"""The Driver protocol over HTTP, against any server that speaks spec/api/openapi.yaml.

``--driver http`` on its own starts the reference server (``conformance serve``
with test control, in a background thread) and an SMTP capture server, both
on free loopback ports. With ``--base-url`` and ``--smtp-capture`` it drives
someone else's server whose mail goes to a capture the kit listens with.

Design, for a process that runs many scenarios (the plugin calls ``create``
once per scenario; each xdist worker is its own process):

* Servers and the HTTP client start once per process and are reused.
* With test control, every new driver resets the server (``POST
  /test-control/reset``): an empty system on a clock back at its start, so a
  clock advanced by one scenario never reaches the next, exactly like the
  fresh in-process reference. Scenarios in one process run one at a time.
* The test clock stands still between moves (the contract says so), so the
  driver reads it once and then follows its own advances.
* Mail: the contract makes the server hand each email to SMTP before it
  answers, and the capture stores a message before it acknowledges it, so a
  driver reads only what arrived since it was created, without waiting.
* Without test control there is no reset and no clock to move:
  ``CLOCK_CONTROL`` is not declared (clock-dependent scenarios are
  NOT-APPLICABLE), ``now()`` is this machine's clock, and the server should be
  a fresh instance (each scenario registers its own addresses).
* Any network error, timeout, unexpected status or body raises
  :class:`RequestFailed` naming the request; the guard makes it BROKEN.
"""

from __future__ import annotations

import atexit
import functools
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any, TypeVar

import httpx

from ..operations import DIALOG, DRIVER, RESET, route
from ..protocol import (
    PROTOCOL_VERSION,
    Capability,
    DialogKind,
    DialogRefused,
    DialogView,
    Email,
    Method,
    NotOffered,
    Outcome,
    Prompt,
    Reason,
    SecuritySection,
    SignInResult,
    Step,
    TextFile,
)
from ..wire import WireError, section_from, view_from
from .addresses import parse_host_port
from .http_options import ENV_BASE_URL, ENV_SMTP_CAPTURE, ENV_TIMEOUT
from .http_requests import Http, RequestFailed
from .local_server import LocalServer, start_local_server
from .smtp_capture import SmtpCapture

T = TypeVar("T")


@dataclass
class Target:
    """One server and one mail capture, shared by every driver of this process."""

    client: httpx.Client
    capture: SmtpCapture
    test_control: bool
    #: Does the server's mail reach ``capture``? (Not when targeting a server without --smtp-capture.)
    mail: bool
    server: LocalServer | None = None
    #: Requests through ``client``; one for the process, so the URLs it remembers serve every scenario.
    http: Http = field(init=False)

    def __post_init__(self) -> None:
        self.http = Http(self.client)

    def stop(self) -> None:
        self.client.close()
        if self.server is not None:
            self.server.stop()
        self.capture.stop()


class HttpDialog:
    """One open dialog; each call is the request harness/operations.py gives it."""

    def __init__(
        self, http: Http, token: str, dialog_id: str, seen: Callable[[str | None], None] = lambda _: None
    ) -> None:
        self.http, self.token, self.dialog_id = http, token, dialog_id
        #: Told the Cache-Control field of each answer that showed the dialog (SeesHttp).
        self.seen = seen

    def _request(self, name: str) -> tuple[str, str]:
        """Method and path of the dialog operation ``name``, for this dialog."""
        found = route(DIALOG, name)
        return found.method, found.path.format(dialog_id=self.dialog_id)

    def view(self) -> DialogView:
        response = self.http.send(*self._request("view"), self.token)
        if response.status_code == 401:  # the server forgot the device (not signed in): nothing shows
            return DialogView(step=Step.CLOSED)
        if not response.is_success:
            self.http.refusal(response)  # raises NotOffered for a ``not_offered`` answer
            raise self.http.failed(response)
        self.seen(response.headers.get("cache-control"))
        return _decoded(view_from, self.http.json_of(response))

    def confirm_identity(self, answer: str, prompt: Prompt) -> Outcome:
        body = {"answer": answer, "prompt": prompt.value}
        return self.http.outcome(*self._request("confirm_identity"), self.token, body)

    def submit(self) -> Outcome:
        return self.http.outcome(*self._request("submit"), self.token)

    def request_code(self) -> Outcome:
        return self.http.outcome(*self._request("request_code"), self.token)

    def enter_code(self, code: str) -> Outcome:
        return self.http.outcome(*self._request("enter_code"), self.token, {"code": code})

    def regenerate(self) -> Outcome:
        return self.http.outcome(*self._request("regenerate"), self.token)

    def download_text_file(self) -> TextFile:
        response = self.http.send(*self._request("download_text_file"), self.token)
        if not response.is_success:
            self.http.refusal(response)  # raises NotOffered without the button
            raise self.http.failed(response)
        disposition = Message()
        disposition["Content-Disposition"] = response.headers.get("content-disposition", "")
        name = disposition.get_filename()
        if not name:
            raise self.http.failed(response, "no file name in Content-Disposition")
        return TextFile(name=name, content=response.text)

    def close(self) -> None:
        response = self.http.send(*self._request("close"), self.token)
        if not response.is_success and response.status_code != 401:  # 401: forgotten with its device
            raise self.http.failed(response)


class HttpDriver:
    protocol_version = PROTOCOL_VERSION

    def __init__(self, target: Target) -> None:
        self.target = target
        self.http = target.http
        capabilities = {Capability.HTTP}
        if target.test_control:
            capabilities.add(Capability.CLOCK_CONTROL)
            _expect_no_content(self.http, RESET.method, RESET.path)
        if target.mail:
            capabilities.add(Capability.OUTBOX)
        self.capabilities = frozenset(capabilities)
        self._mail_mark = target.capture.mark()
        self._tokens: dict[str, str] = {}
        self._now: datetime | None = None
        self._dialog_caching: dict[str, str | None] = {}

    def create_account(self, email: str, password: str) -> None:
        self.http.data(*_request("create_account"), body={"email": email, "password": password})

    def sign_in(self, device: str, email: str, password: str) -> SignInResult:
        body = {"email": email, "password": password}
        response = self.http.send(*_request("sign_in"), self._tokens.get(device), body)
        if not response.is_success:
            return SignInResult(outcome=self.http.refusal(response), signed_in=False)
        data = self.http.json_of(response)
        try:
            token, signed_in = data["token"], data["signed_in"]
            offered = frozenset(Method(m) for m in data["offered_methods"])
        except (KeyError, TypeError, ValueError) as exc:
            raise self.http.failed(response, f"not a SignIn body ({exc!r}): {data}") from None
        if not isinstance(token, str) or not isinstance(signed_in, bool):
            raise self.http.failed(response, f"not a SignIn body: {data}")
        self._tokens[device] = token
        return SignInResult(outcome=Outcome.accept(), signed_in=signed_in, offered_methods=offered)

    def choose_sign_in_method(self, device: str, method: Method) -> Outcome:
        token = self._tokens.get(device)
        if token is None:
            raise NotOffered("choice of sign-in method: no sign-in is waiting for a code on this device")
        return self.http.outcome(*_request("choose_sign_in_method"), token, {"method": method.value})

    def enter_sign_in_code(self, device: str, code: str) -> Outcome:
        token = self._tokens.get(device)
        if token is None:
            return Outcome.reject(Reason.NOT_AVAILABLE, "no sign-in in progress on this device")
        return self.http.outcome(*_request("enter_sign_in_code"), token, {"code": code})

    def is_signed_in(self, device: str) -> bool:
        token = self._tokens.get(device)
        if token is None:
            return False
        response = self.http.send(*_request("is_signed_in"), token)
        if response.status_code == 401:  # a device the server forgot is not signed in
            return False
        if not response.is_success:
            raise self.http.failed(response)
        signed_in = self.http.json_of(response).get("signed_in")
        if not isinstance(signed_in, bool):
            raise RequestFailed(
                f"{' '.join(_request('is_signed_in'))} gave no boolean signed_in: {signed_in!r}"
            )
        return signed_in

    def sign_out(self, device: str) -> None:
        token = self._tokens.get(device)
        if token is None:
            return
        response = self.http.send(*_request("sign_out"), token)
        if not response.is_success and response.status_code != 401:  # 401: the server forgot it already
            raise self.http.failed(response)

    def security_section(self, device: str) -> SecuritySection:
        token = self._tokens.get(device)
        if token is None:
            raise NotOffered("Settings → Security page: this device never signed in")
        response = self.http.send(*_request("security_section"), token)
        if response.status_code == 401:  # the contract's answer for a signed-out device: no such page
            raise NotOffered("Settings → Security page: the device is signed out")
        if not response.is_success:
            raise self.http.failed(response)
        return _decoded(section_from, self.http.json_of(response))

    def change_password(self, device: str, current: str, new: str, repeat: str) -> Outcome:
        token = self._tokens.get(device)
        if token is None:
            return Outcome.reject(Reason.NOT_SIGNED_IN, "this device never signed in")
        body = {"current": current, "new": new, "repeat": repeat}
        return self.http.outcome(*_request("change_password"), token, body)

    def open_dialog(self, device: str, kind: DialogKind) -> HttpDialog:
        token = self._tokens.get(device)
        if token is None:
            raise DialogRefused(kind, Outcome.reject(Reason.NOT_SIGNED_IN, "this device never signed in"))
        response = self.http.send(*_request("open_dialog"), token, {"kind": kind.value})
        if not response.is_success:
            raise DialogRefused(kind, self.http.refusal(response))
        dialog_id = self.http.json_of(response).get("id")
        if not isinstance(dialog_id, str) or not dialog_id:
            raise self.http.failed(response, "no dialog id in the answer")
        self._dialog_caching.pop(device, None)
        return HttpDialog(
            self.http, token, dialog_id, functools.partial(self._dialog_caching.__setitem__, device)
        )

    def dialog_caching(self, device: str) -> str | None:
        if device not in self._dialog_caching:
            raise RequestFailed(f"no dialog of {device} was read over HTTP: no answer to tell the caching of")
        return self._dialog_caching[device]

    def now(self) -> datetime:
        if not self.target.test_control:
            return datetime.now(UTC)  # no clock to read: the server's is assumed to be in sync
        if self._now is None:  # the contract's test clock stands still between moves: read it once
            self._now = _instant(self.http.data(*_request("now")))
        return self._now

    def advance_clock(self, seconds: float) -> None:
        # The answer is the new instant: the guard's read after the move needs no request of its own.
        self._now = _instant(self.http.data(*_request("advance_clock"), body={"seconds": seconds}))

    def emails_to(self, address: str) -> Sequence[Email]:
        wanted = address.casefold()
        return [e for e in self.target.capture.since(self._mail_mark) if e.recipient.casefold() == wanted]

    def close(self) -> None:
        """Without a reset to come, sign every device out so nothing stays open on the server."""
        if not self.target.test_control:
            for device in list(self._tokens):
                self.sign_out(device)


def _request(name: str) -> tuple[str, str]:
    """Method and path of the driver operation ``name`` (harness/operations.py)."""
    found = route(DRIVER, name)
    return found.method, found.path


def _expect_no_content(http: Http, method: str, path: str, token: str | None = None) -> None:
    response = http.send(method, path, token)
    if not response.is_success:
        raise http.failed(response)


def _decoded(decode: Callable[[object], T], data: object) -> T:
    try:
        return decode(data)
    except WireError as exc:
        raise RequestFailed(f"an answer off the contract: {exc}") from exc


def _instant(data: Any) -> datetime:
    try:
        now = datetime.fromisoformat(data["now"])
    except (KeyError, TypeError, ValueError) as exc:
        raise RequestFailed(f"the clock answer is not {{'now': ISO date-time}}: {data!r}") from exc
    if now.tzinfo is None:
        raise RequestFailed(f"the server's clock answered a time without offset: {data['now']}")
    return now


# -- one target per process ----------------------------------------------------------------------------
_TARGET: Target | None = None
#: Why the target could not start: every later scenario of the process fails at once with it,
#: instead of waiting out the same timeout again.
_START_FAILED: str | None = None
_TARGET_LOCK = threading.Lock()


def start_target(base_url: str | None, smtp_capture: str | None, timeout: float = 10.0) -> Target:
    """The capture, the server (the reference's, unless ``base_url``) and a client; probes test control."""
    host, port = parse_host_port(smtp_capture) if smtp_capture else ("127.0.0.1", 0)
    capture = SmtpCapture(host, port)
    server: LocalServer | None = None
    client: httpx.Client | None = None
    try:
        if base_url is None:
            server = start_local_server(smtp=capture.address)
            base_url = server.base_url
        client = httpx.Client(base_url=base_url, timeout=timeout)
        test_control = _serves_test_control(Http(client))
    except BaseException:
        if client is not None:
            client.close()
        if server is not None:
            server.stop()
        capture.stop()
        raise
    mail = bool(smtp_capture) or server is not None
    return Target(client, capture, test_control=test_control, mail=mail, server=server)


def _serves_test_control(http: Http) -> bool:
    """Is ``GET /test-control/clock`` there (404: no) and does it answer a time?"""
    response = http.send(*_request("now"))
    if response.status_code == 404:
        return False
    if not response.is_success:
        raise http.failed(response)
    _instant(http.json_of(response))
    return True


def shared_target() -> Target:
    """This process's target, started on first use from the environment ``conformance run`` set."""
    global _TARGET, _START_FAILED
    with _TARGET_LOCK:
        if _START_FAILED is not None:
            raise RequestFailed(f"the server did not start or answer earlier in this run: {_START_FAILED}")
        if _TARGET is None:
            timeout = float(os.environ.get(ENV_TIMEOUT, "10"))
            try:
                _TARGET = start_target(
                    os.environ.get(ENV_BASE_URL), os.environ.get(ENV_SMTP_CAPTURE), timeout
                )
            except Exception as exc:
                _START_FAILED = str(exc)
                raise
            atexit.register(_TARGET.stop)
        return _TARGET


def create() -> HttpDriver:
    """The ``--driver http`` factory: a driver per scenario on this process's shared target."""
    return HttpDriver(shared_target())
