"""harness/drivers/http_requests.py: each request goes where httpx would send it, however often."""

from __future__ import annotations

import httpx
import pytest

from harness.drivers.http_requests import Http


@pytest.mark.parametrize(
    ("base_url", "path", "expected"),
    [
        ("http://127.0.0.1:8080", "/sign-in", "http://127.0.0.1:8080/sign-in"),
        ("http://security.test/app/", "dialogs/d-1/view", "http://security.test/app/dialogs/d-1/view"),
        ("http://security.test/app", "/dialogs/d-1/view", "http://security.test/app/dialogs/d-1/view"),
        ("http://security.test/", "/now?x=1", "http://security.test/now?x=1"),
    ],
)
def test_a_request_goes_to_the_base_url_and_path_every_time(base_url: str, path: str, expected: str) -> None:
    seen: list[tuple[str, str, str | None]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, str(request.url), request.headers.get("authorization")))
        return httpx.Response(200, json={})

    http = Http(httpx.Client(base_url=base_url, transport=httpx.MockTransport(answer)))
    http.send("POST", path, "t-1", {"a": 1})
    http.send("GET", path)  # the second time from the remembered URL
    assert seen == [("POST", expected, "Bearer t-1"), ("GET", expected, None)]
    assert str(httpx.Client(base_url=base_url).build_request("GET", path).url) == expected  # as httpx has it


def test_a_client_pointed_elsewhere_sends_there() -> None:
    """The remembered URLs belong to the base URL they were made from (a test re-points a live driver)."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={})

    client = httpx.Client(base_url="http://one.test", transport=httpx.MockTransport(answer))
    http = Http(client)
    http.send("GET", "/security")
    client.base_url = "http://two.test"  # type: ignore[assignment]  # httpx converts it
    http.send("GET", "/security")
    assert seen == ["http://one.test/security", "http://two.test/security"]
