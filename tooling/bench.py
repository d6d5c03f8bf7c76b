"""``make bench``: the speed and memory figures a release can be gated on.

Each figure is the median of several runs on this machine; results go to
reports/bench.json and a table on the terminal, each headline figure with its
target (tooling/figures.py lists them: MUST+SHOULD suite in-process <= 3 s wall
including start-up; harness overhead <= 2x a plain pytest test making the same
driver calls; HTTP run <= 4x the in-process run; >= 200 simulated journeys of
30 steps per second with 2 jobs, >= 120 with 1). The same run rewrites
docs/bench-figures.json and the figures README.md and docs/performance.md
quote (``--no-docs`` leaves them alone).

To add a measurement: a function returning a dict, one ``figures[...] =
optional(...)`` line in :func:`main`, and a row in :func:`render` (a headline
figure also gets a line in tooling/figures.py).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.features import PYTEST_INI, SUITE
from tooling import bench_browser, bench_server
from tooling import figures as headlines

#: The checkout bench runs in (tooling is not installed with the kit).
ROOT = Path(__file__).resolve().parent.parent

REPORTS = ROOT / "reports"
RUNS = 3

#: Scenarios whose driver calls the plain tests below repeat one for one.
PAIRED = {
    "test_after_save_the_new_password_signs_in_and_the_old_one_does_not": "test_plain_password_change",
    "test_the_emailed_code_activates_the_email_code_method": "test_plain_enable_email",
    "test_a_recovery_code_signs_alice_in_instead_of_an_app_code": "test_plain_recovery_code_sign_in",
}

PLAIN_TESTS = '''
"""The same driver calls as three scenarios, as plain pytest tests (no Gherkin, no guard, no World)."""
import io, itertools, re
import pyotp, zxingcpp
from PIL import Image
from reference_impl.driver import create
from harness.protocol import DialogKind, Method, Prompt

#: A new address per test, as each scenario has its own person: the same calls with the same kind
#: of arguments (a product may remember what it saw before, as the reference's address check does).
ADDRESSES = (f"alice.bench{n}@example.com" for n in itertools.count())
PASSWORD = "Tr0ub4dor&3xy-bench"


def test_aaa_warm_up():
    """Untimed: one-time imports and caches, so neither side of the comparison pays them."""
    from harness.world import _shared_faker
    _shared_faker()
    test_plain_password_change()
    test_plain_enable_email()
    test_plain_recovery_code_sign_in()


def _signed_in():
    email = next(ADDRESSES)
    driver = create()
    driver.create_account(email, PASSWORD)
    assert driver.sign_in("laptop", email, PASSWORD).signed_in
    return driver, email


def test_plain_password_change():
    driver, email = _signed_in()
    assert driver.change_password("laptop", PASSWORD, "N3w-password!42", "N3w-password!42").accepted
    assert driver.sign_in("spare", email, "N3w-password!42").outcome.accepted
    driver.sign_out("spare")
    assert not driver.sign_in("spare", email, PASSWORD).outcome.accepted
    driver.close()


def test_plain_enable_email():
    driver, email = _signed_in()
    dialog = driver.open_dialog("laptop", DialogKind.ENABLE_EMAIL_CODE)
    assert dialog.confirm_identity(PASSWORD, Prompt.PASSWORD).accepted
    code = re.search(r"(?<![0-9])[0-9]{6}(?![0-9])", driver.emails_to(email)[-1].body).group(0)
    assert dialog.enter_code(code).accepted
    assert driver.security_section("laptop").email_code.active
    driver.close()


def test_plain_recovery_code_sign_in():
    driver, email = _signed_in()
    dialog = driver.open_dialog("laptop", DialogKind.ENABLE_AUTHENTICATOR_APP)
    assert dialog.confirm_identity(PASSWORD, Prompt.PASSWORD).accepted
    uri = zxingcpp.read_barcodes(Image.open(io.BytesIO(dialog.view().qr_code_image)))[0].text
    totp = pyotp.parse_uri(uri)
    assert dialog.enter_code(totp.at(int(driver.now().timestamp()))).accepted
    codes = dialog.view().recovery_codes
    dialog.close()
    assert not driver.sign_in("phone", email, PASSWORD).signed_in
    assert driver.choose_sign_in_method("phone", Method.RECOVERY_CODE).accepted
    assert driver.enter_sign_in_code("phone", codes[0]).accepted
    assert driver.is_signed_in("phone")
    driver.close()
'''


def _median_run(command: list[str], runs: int = RUNS) -> tuple[float, int]:
    """Median wall seconds of ``command`` and the largest peak RSS (KiB) any run reached.

    A run that does not exit 0 stops the bench: the time of a failing or broken run says nothing.
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command[2:4])} exited {done.returncode}: {done.stderr[-300:]}")
    return statistics.median(times), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def suite_wall_time(driver: str = "reference", runs: int = RUNS) -> dict[str, Any]:
    """``conformance run`` of the MUST and SHOULD scenarios (the hardening profile is not the doc's)."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            *(sys.executable, "-m", "harness.cli", "run", f"--driver={driver}", f"--report-dir={tmp}"),
            *("--", "-m", "not hardening"),
        ]
        seconds, peak = _median_run(command, runs)
        summary = json.loads((Path(tmp) / "summary.json").read_text(encoding="utf-8"))
    scenarios = sum(len(r["scenarios"]) for r in summary["rules"])
    return {
        "wall_seconds": round(seconds, 3),
        "scenarios": scenarios,
        "verdict": summary["verdict"],
        "simulated_seconds": summary["metadata"]["simulated_seconds"],
        "peak_rss_mib": round(peak / 1024, 1),
    }


#: Records each test's setup + call + teardown time at full precision (junit.xml rounds to 1 ms,
#: which is the size of a plain test), and how much of it goes to finding step definitions.
DURATION_PLUGIN = """
import importlib, json, os, time
from pathlib import Path

from harness import bdd  # installs the kit's step lookup first, so the one the suite uses is timed

durations, lookup, current = {}, {}, [""]
scenario_module = importlib.import_module("pytest_bdd.scenario")
find = getattr(scenario_module, "find_fixturedefs_for_step", None)


def timed_find(step, fixturemanager, node):
    start = time.perf_counter()
    found = list(find(step=step, fixturemanager=fixturemanager, node=node))
    lookup[current[0]] = lookup.get(current[0], 0.0) + time.perf_counter() - start
    return iter(found)


if find is not None:  # a private function: measured where it exists, left alone where it does not
    scenario_module.find_fixturedefs_for_step = timed_find


def pytest_runtest_setup(item):
    current[0] = item.name


def pytest_runtest_logreport(report):
    name = report.nodeid.rsplit("::", 1)[-1]
    durations[name] = durations.get(name, 0.0) + report.duration


def pytest_sessionfinish(session):
    record = {"durations": durations, "lookup": lookup}
    Path(os.environ["BENCH_DURATIONS"]).write_text(json.dumps(record), encoding="utf-8")
"""


def paired_http_run(runs: int = RUNS) -> dict[str, Any]:
    """The HTTP run and its ratio to the in-process run, each HTTP run timed right after one in-process.

    The machine's pace moves by a third within minutes. Two medians taken minutes apart gave one
    tree ratios from 3.9x to 5.6x on the same night; the median of back-to-back pairs is the code's.
    """
    ratios, http_seconds = [], []
    http: dict[str, Any] = {}
    for _ in range(runs):
        in_process = suite_wall_time("reference", runs=1)["wall_seconds"]
        http = suite_wall_time("http", runs=1)
        http_seconds.append(http["wall_seconds"])
        ratios.append(http["wall_seconds"] / in_process)
    return {
        **http,
        "wall_seconds": round(statistics.median(http_seconds), 3),
        "ratio_to_in_process": round(statistics.median(ratios), 2),
        "paired_ratios": [round(r, 2) for r in ratios],
    }


def harness_overhead(runs: int = 5) -> dict[str, Any]:
    """Scenario vs plain test making the same calls, both timed by pytest in one session.

    Also reported without the step lookup (harness/bdd.py's, in place of pytest-bdd's full
    scan): the part of the overhead that is finding step definitions rather than running them.
    """
    samples: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "test_plain_calls.py").write_text(PLAIN_TESTS, encoding="utf-8")
        (Path(tmp) / "bench_durations.py").write_text(DURATION_PLUGIN, encoding="utf-8")
        record = Path(tmp) / "durations.json"
        environment = {**os.environ, "PYTHONPATH": tmp, "BENCH_DURATIONS": str(record)}
        selection = " or ".join(["test_aaa_warm_up", *PAIRED, *PAIRED.values()])
        for _ in range(runs):
            command = [
                *(sys.executable, "-m", "pytest", str(Path(tmp) / "test_plain_calls.py"), str(SUITE)),
                *("-c", str(PYTEST_INI), "--rootdir", tmp, "-q"),
                *("-p", "bench_durations", "-k", selection),
            ]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=environment)  # noqa: S603
            if done.returncode != 0:  # a failing scenario's time says nothing about the harness
                raise RuntimeError(f"the paired tests exited {done.returncode}: {done.stdout[-300:]!r}")
            measured = json.loads(record.read_text(encoding="utf-8"))
            samples.append(
                (
                    sum(measured["durations"][name] for name in PAIRED),
                    sum(measured["durations"][name] for name in PAIRED.values()),
                    sum(measured["lookup"].get(name, 0.0) for name in PAIRED),
                )
            )
    scenario, direct, lookup = (statistics.median(column) for column in zip(*samples, strict=True))
    return {
        "ratio": round(statistics.median(s / d for s, d, _ in samples), 2),
        "ratio_without_step_lookup": round(statistics.median((s - k) / d for s, d, k in samples), 2),
        "pairs": len(PAIRED),
        "scenario_ms": round(scenario * 1000, 2),
        "plain_ms": round(direct * 1000, 2),
        "step_lookup_ms": round(lookup * 1000, 2),
    }


def optional(figure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Figures of parts that may not exist yet are reported as missing, not as zero."""
    try:
        return figure()
    except Exception as exc:  # a missing part must not stop the other figures
        return {"unavailable": f"{type(exc).__name__}: {exc}"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-docs", action="store_true", help="leave docs/bench-figures.json and the docs alone"
    )
    options = parser.parse_args(argv)
    load = round(os.getloadavg()[0], 2)
    figures: dict[str, Any] = {"in_process": suite_wall_time()}
    figures["harness_overhead"] = harness_overhead()
    inproc = figures["in_process"]
    inproc["simulated_per_wall"] = round(inproc["simulated_seconds"] / inproc["wall_seconds"])
    figures["http"] = optional(paired_http_run)
    figures["browser"] = optional(lambda: bench_browser.browser_figure(inproc["wall_seconds"]))
    figures["mutants"] = optional(_mutants_figure)
    figures["simulation"] = optional(_simulation_figure)
    figures["load_average"] = {"start": load, "end": round(os.getloadavg()[0], 2)}
    figures["dos_latency_ratio"] = optional(bench_server.dos_latency_ratio)
    figures["memory_per_1000_closed_dialogs"] = optional(bench_server.memory_per_1000_closed_dialogs)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if not options.no_docs:
        headlines.update_docs(figures, load)
    print(render(figures))
    print(f"\nload average {load} at the start, {figures['load_average']['end']} at the end (> cores: busy)")
    return 0


def _mutants_figure() -> dict[str, Any]:
    command = [sys.executable, "-m", "reference_impl.mutants", "--jobs", "2", f"--report-dir={REPORTS}"]
    seconds, _ = _median_run(command, runs=1)
    return {"wall_seconds": round(seconds, 2)}


def _simulation_figure() -> dict[str, Any]:
    """100 journeys per job: one process, then two (``--jobs 2``, 200 journeys, fork included)."""
    simulation = importlib.import_module("harness.simulation")  # optional part, may not exist yet
    one = [float(simulation.journeys_per_second(examples=100, steps=30)) for _ in range(RUNS)]
    two = [float(simulation.journeys_per_second(examples=200, steps=30, jobs=2)) for _ in range(RUNS)]
    return {
        "journeys_per_second_30_steps": round(statistics.median(one), 1),
        "journeys_per_second_2_jobs": round(statistics.median(two), 1),
    }


def render(figures: dict[str, Any]) -> str:
    inproc, overhead = figures["in_process"], figures["harness_overhead"]
    rows = [
        *headlines.terminal_lines(figures),
        ("scenarios", str(inproc["scenarios"]), ""),
        ("simulated time covered", f"{inproc['simulated_seconds']:.0f} s", ""),
        ("simulated seconds per wall second", f"{inproc['simulated_per_wall']:,}", ""),
        (
            "  harness overhead without the step lookup",
            f"{overhead['ratio_without_step_lookup']}x",
            "",
        ),
        ("peak memory of a run", f"{inproc['peak_rss_mib']} MiB", ""),
        ("HTTP run", _or_missing(figures["http"], "wall_seconds", "s"), ""),
        ("mutant matrix (full)", _or_missing(figures["mutants"], "wall_seconds", "s"), ""),
        ("browser run, whole MUST+SHOULD", _or_missing(figures.get("browser", {}), "wall_seconds", "s"), ""),
        ("  browser / in-process", _or_missing(figures.get("browser", {}), "ratio_to_in_process", "x"), ""),
        headlines.FLOOD.row(figures),
        (
            "memory kept per 1,000 closed dialogs",
            _or_missing(figures.get("memory_per_1000_closed_dialogs", {}), "bytes_per_1000", "B"),
            "flat",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{name:<{width}}  {value:>14}  {target}" for name, value, target in rows)


def _or_missing(figure: dict[str, Any], key: str, unit: str) -> str:
    return f"{figure[key]} {unit}".strip() if key in figure else "n/a"


if __name__ == "__main__":
    raise SystemExit(main())
