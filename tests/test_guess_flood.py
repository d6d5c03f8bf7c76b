"""A flood of wrong passwords (issue 17, finding 5): it must not slip past the count, nor hold others up.

Parallel guesses used to all pass the "is a wait running?" check before the
first of them was counted, each then queueing a slow password hash in the
server's thread pool, in front of every other account's requests. Now one
proof per count is checked at a time, and the server holds a throttled answer
on its own connection (a tarpit) instead of letting the guesser retry at once.
The latency figure itself is `make bench`'s (tooling/bench_server.py).
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from reference_impl import FAST_SCRYPT, FakeClock, InMemoryOutbox, PasswordHasher, Policy, SecuritySettings
from reference_impl.errors import TooManyAttempts, WrongCredentials
from reference_impl.server.app import create_app
from reference_impl.server.mail import LogOutbox
from reference_impl.server.state import ServedReference
from tests.http_servers import PASSWORD

ALICE = "alice@example.com"
WRONG = "not her password"


class _HeldHasher(PasswordHasher):
    """Fast hashing whose next check waits, when held, until the test lets it go."""

    def __init__(self) -> None:
        super().__init__(FAST_SCRYPT)
        self.held = False
        self.checking, self.go_on = threading.Event(), threading.Event()

    def verify(self, password: str, encoded: str) -> bool:
        if self.held:
            self.checking.set()
            assert self.go_on.wait(10), "the test never let the check go on"
        return super().verify(password, encoded)


def test_a_guess_arriving_while_another_is_checked_is_refused_unchecked_and_not_counted() -> None:
    hasher = _HeldHasher()
    # Two free failures: if the refused guess had counted, the right password would then have to wait.
    policy = Policy(free_failures=2, first_wait=timedelta(seconds=30))
    service = SecuritySettings(
        FakeClock(datetime(2026, 3, 2, tzinfo=UTC)), InMemoryOutbox(), hasher=hasher, policy=policy
    )
    service.create_account(ALICE, PASSWORD)
    hasher.held = True
    first: list[BaseException] = []

    def first_guess() -> None:
        try:
            service.sign_in("tablet", ALICE, WRONG)
        except WrongCredentials as exc:
            first.append(exc)

    guesser = threading.Thread(target=first_guess)
    guesser.start()
    assert hasher.checking.wait(10), "the first guess never reached the password check"
    with pytest.raises(TooManyAttempts):
        service.sign_in("phone", ALICE, WRONG)
    hasher.held = False
    hasher.go_on.set()
    guesser.join(10)
    assert len(first) == 1, "the first guess was not checked and refused as a wrong password"
    # Control: the right password is checked and accepted at once, so one failure was counted, not two.
    assert service.sign_in("laptop", ALICE, PASSWORD).finished
    service.close()


#: Sends one password the way a page or client does; returns the answer's status.
Send = Callable[[httpx.AsyncClient, str], Awaitable[int]]


def _guesses(send: Send) -> list[tuple[int, list[float]]]:
    """The free wrong passwords, then the right one (throttled by then), each sent with ``send`` to a
    served reference that records its pauses: each answer's status and the pauses taken so far."""
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    state = ServedReference(LogOutbox(), test_control=True)
    transport = httpx.ASGITransport(app=create_app(state, pause=pause, throttled_delay=1.0))
    answers: list[tuple[int, list[float]]] = []

    async def run() -> None:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            created = await client.post("/accounts", json={"email": ALICE, "password": PASSWORD})
            assert created.status_code == 201
            for password in [WRONG] * Policy().free_failures + [PASSWORD]:
                answers.append((await send(client, password), list(pauses)))

    # In a thread of its own: on an xdist worker where a browser test ran, Playwright's sync API keeps
    # an event loop in this thread, and asyncio.run() refuses to start inside a running one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()
    state.close()
    return answers


def test_a_throttled_guess_is_answered_after_the_tarpit_and_a_plain_wrong_one_at_once() -> None:
    async def send(client: httpx.AsyncClient, password: str) -> int:
        return (await client.post("/sign-in", json={"email": ALICE, "password": password})).status_code

    *wrong, throttled = _guesses(send)
    assert wrong == [(422, [])] * Policy().free_failures, "a plain wrong password was held"
    assert throttled == (429, [1.0]), "the throttled answer was not held"


def test_the_web_uis_sign_in_form_holds_a_throttled_guess_too() -> None:
    async def send(client: httpx.AsyncClient, password: str) -> int:
        page = await client.get("/ui/sign-in")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert found, "the sign-in page has no CSRF token"
        form = {"csrf_token": found.group(1), "email": ALICE, "password": password}
        return (await client.post("/ui/sign-in", data=form)).status_code

    *wrong, throttled = _guesses(send)
    assert wrong == [(303, [])] * Policy().free_failures, "a plain wrong password was held"
    assert throttled == (303, [1.0]), "the throttled answer was not held"
