"""Figures of the served reference under abuse (issue 17): a wrong-password flood, and memory per dialog.

Each function returns one figure with its target; tooling/bench.py calls each
with one line. Both run on loopback only and stop by themselves.
"""

from __future__ import annotations

import contextlib
import gc
import re
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
FLOOD_THREADS = 64
#: What the flood prints once every thread has had its first answer.
FLOODING = "flooding"
FLOOD_SECONDS = 5.0
SAMPLES = 40
PASSWORD = "correct horse battery staple"  # noqa: S105 - bench data


def dos_latency_ratio() -> dict[str, Any]:
    """Median latency of an unrelated GET /session under 64 threads of wrong passwords, over idle.

    The server is ``conformance serve`` in its own process, at the production hashing cost
    (scrypt N=2^17), so the flood pays what an attacker's would. Target: <= 2x.
    """
    server = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", "--port", "0"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        found = re.search(r"(http://127\.0\.0\.1:\d+)", server.stderr.readline())
        assert found, "the server printed no address"
        url = found.group(1)
        with httpx.Client(base_url=url, timeout=30) as client:
            for email in ("alice@example.com", "bob@example.com"):
                assert client.post("/accounts", json={"email": email, "password": PASSWORD}).is_success
            token = client.post("/sign-in", json={"email": "bob@example.com", "password": PASSWORD})
            bob = {"Authorization": f"Bearer {token.json()['token']}"}
            idle = _median_latency(client, bob)
            # The flood runs in a process of its own, so its 64 threads do not slow this client. It says
            # "flooding" once every thread has had an answer: before that, its own start-up (64 clients,
            # each with a TLS context) takes the machine's cores, not the server's guesses.
            flood = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "tooling.bench_server", url],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert flood.stdout is not None
            assert flood.stdout.readline().strip() == FLOODING, "the flood never reached full strength"
            loaded = _median_latency(client, bob)
            flood.wait(timeout=FLOOD_SECONDS * 6)
            flood.stdout.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stderr is not None:
            server.stderr.close()
    return {
        "idle_ms": round(idle * 1000, 2),
        "flooded_ms": round(loaded * 1000, 2),
        "ratio": round(loaded / idle, 2),
        "target": "<= 2x",
    }


def _median_latency(client: httpx.Client, auth: dict[str, str]) -> float:
    times = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        assert client.get("/session", headers=auth).is_success
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def flood(url: str) -> None:
    """64 threads of wrong passwords for Alice, for FLOOD_SECONDS once each had its first answer (then it
    prints FLOODING) (``python -m tooling.bench_server URL``)."""
    deadline = [0.0]

    def full_strength() -> None:  # run once, by the last thread to arrive, before any goes on
        deadline[0] = time.monotonic() + FLOOD_SECONDS
        print(FLOODING, flush=True)

    started = threading.Barrier(FLOOD_THREADS, action=full_strength)

    def guess() -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            wrong_password(client)
            started.wait()
            while time.monotonic() < deadline[0]:
                wrong_password(client)

    def wrong_password(client: httpx.Client) -> None:
        with contextlib.suppress(httpx.HTTPError):  # a dropped connection is part of a flood
            client.post("/sign-in", json={"email": "alice@example.com", "password": "a wrong guess"})

    threads = [threading.Thread(target=guess) for _ in range(FLOOD_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def memory_per_1000_closed_dialogs() -> dict[str, Any]:
    """Bytes the served reference keeps per 1,000 dialogs opened and closed, after a warm-up.

    Target: flat (a few KiB at most: allocator noise, not state).
    """
    from harness.protocol import DialogKind
    from reference_impl.server.mail import LogOutbox
    from reference_impl.server.state import ServedReference

    state = ServedReference(LogOutbox(), test_control=True)
    state.create_account("alice@example.com", PASSWORD)
    token, _ = state.sign_in(None, "alice@example.com", PASSWORD)

    def cycle(times: int) -> None:
        for _ in range(times):
            dialog_id, _ = state.open_dialog(token, DialogKind.ENABLE_EMAIL_CODE)
            state.close_dialog(token, dialog_id)

    cycle(1_000)
    tracemalloc.start()
    gc.collect()
    before = tracemalloc.take_snapshot()
    cycle(10_000)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    state.close()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    return {"bytes_per_1000": round(grown / 10), "target": "flat"}


if __name__ == "__main__":
    flood(sys.argv[1])
