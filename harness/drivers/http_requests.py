"""Requests to a server that speaks spec/api/openapi.yaml, each answer read the contract's way.

Any network error, timeout, unexpected status or body raises :class:`RequestFailed` naming the
request; a ``not_offered`` answer is :class:`~harness.protocol.NotOffered`; a refusal is an
:class:`~harness.protocol.Outcome`. The HTTP driver (http.py) makes every request through here.
"""

from __future__ import annotations

from typing import Any

import httpx

from ..protocol import NotOffered, Outcome, Reason
from ..wire import NOT_OFFERED

#: The contract's reason for a token the server does not know (spec/api/openapi.yaml).
UNAUTHORIZED = "unauthorized"


class RequestFailed(Exception):
    """A request that did not get a contract answer: network error, timeout, 5xx, a body off-contract."""


class Http:
    """Requests with the failing request named in every error."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        #: Each path's absolute URL, for the base URL they were made from. httpx parses a relative
        #: path and merges it with the base on every request (two thirds of building one); a
        #: scenario's paths repeat, a dialog's for each of its requests.
        self._urls: dict[str, httpx.URL] = {}
        self._urls_base = client.base_url

    def _url(self, path: str) -> httpx.URL:
        if self.client.base_url is not self._urls_base:  # the client was pointed elsewhere
            self._urls, self._urls_base = {}, self.client.base_url
        url = self._urls.get(path)
        if url is None:
            url = self._urls[path] = self.client.build_request("GET", path).url
        return url

    def send(self, method: str, path: str, token: str | None = None, body: Any = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        request = self.client.build_request(method, self._url(path), json=body, headers=headers)
        try:
            return self.client.send(request)
        except httpx.HTTPError as exc:
            raise RequestFailed(f"{method} {request.url} failed: {exc!r}") from exc

    def data(self, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
        """The JSON of a 2xx answer; ``not_offered`` is :class:`NotOffered`; anything else failed."""
        response = self.send(method, path, token, body)
        if not response.is_success:
            self.refusal(response)  # raises NotOffered for a ``not_offered`` answer
            raise self.failed(response)
        return self.json_of(response)

    def outcome(self, method: str, path: str, token: str | None = None, body: Any = None) -> Outcome:
        """2xx is accepted; an error with a protocol reason is that refusal."""
        response = self.send(method, path, token, body)
        return Outcome.accept() if response.is_success else self.refusal(response)

    def refusal(self, response: httpx.Response) -> Outcome:
        """The product's refusal in a 4xx body; a transport error (or a 5xx) is a failed request.

        ``not_offered`` is no refusal: the product has no such button or page (:class:`NotOffered`).
        """
        error = self.json_of(response) if response.is_client_error else None
        if isinstance(error, dict) and error.get("reason") == NOT_OFFERED:
            raise NotOffered(str(error.get("detail", "such thing")))
        if isinstance(error, dict) and error.get("reason") == UNAUTHORIZED:
            # A token the driver holds that the server no longer knows: a server may forget the tokens
            # of devices that are not signed in (the reference does after 15 idle minutes).
            forgot = f"the server forgot this device: {error.get('detail')}"
            return Outcome.reject(Reason.NOT_SIGNED_IN, forgot)
        if not isinstance(error, dict) or error.get("reason") not in set(Reason):
            raise self.failed(response)
        return Outcome.reject(Reason(error["reason"]), str(error.get("detail", "")))

    def json_of(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise self.failed(response, "the body is not JSON") from None

    @staticmethod
    def failed(response: httpx.Response, why: str = "") -> RequestFailed:
        request = response.request
        text = why or response.text[:300]
        return RequestFailed(f"{request.method} {request.url} answered {response.status_code}: {text}")
