"""``make bench`` measures; these tests only check that it measures what it says (no timing asserted)."""

from __future__ import annotations

import sys

import pytest

from tooling import bench


@pytest.mark.slow
def test_the_overhead_pairs_still_name_scenarios_of_the_suite() -> None:
    """A renamed scenario would otherwise surface as a KeyError at the end of a long bench."""
    figure = bench.harness_overhead(runs=1)
    assert figure["pairs"] == len(bench.PAIRED)
    assert figure["ratio"] > 0
    assert figure["scenario_ms"] > 0 and figure["plain_ms"] > 0
    assert 0 < figure["step_lookup_ms"] < figure["scenario_ms"], "pytest-bdd's step lookup was not measured"


def test_a_failing_command_stops_the_bench_instead_of_being_timed() -> None:
    with pytest.raises(RuntimeError, match="exited 3"):
        bench._median_run([sys.executable, "-c", "raise SystemExit(3)"], runs=1)


def test_parts_that_cannot_run_are_shown_as_missing_not_as_zero() -> None:
    missing = bench.optional(lambda: {"x": 1 / 0})
    figures = {
        "in_process": {
            "wall_seconds": 2.0,
            "scenarios": 94,
            "simulated_seconds": 100.0,
            "simulated_per_wall": 50,
            "peak_rss_mib": 60.0,
        },
        "harness_overhead": {"ratio": 1.5, "ratio_without_step_lookup": 1.1},
        "http": missing,
        "mutants": missing,
        "simulation": {"journeys_per_second_30_steps": 61.2},
    }
    table = bench.render(figures)
    assert "ZeroDivisionError" in missing["unavailable"]
    # HTTP run and ratio, mutants, 2-job journeys, the browser run and its ratio, the flood, memory.
    assert table.count("n/a") == 8
    assert "61/s  ≥ 120/s: missed" in table and "2.00 s  ≤ 3 s: met" in table
    assert "HTTP run / in-process run" in table and "not measured" in table


def test_the_http_ratio_is_the_median_of_back_to_back_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's pace changed between pairs: two pairs of three say 4x, the medians of each side 6x."""
    seconds = iter([2.0, 8.0, 2.0, 12.0, 3.0, 12.0])  # in-process, HTTP, in-process, HTTP, ...
    drivers: list[str] = []

    def run(driver: str = "reference", runs: int = 3) -> dict[str, float]:
        drivers.append(driver)
        assert runs == 1
        return {"wall_seconds": next(seconds)}

    monkeypatch.setattr(bench, "suite_wall_time", run)
    figure = bench.paired_http_run(runs=3)
    assert drivers == ["reference", "http"] * 3
    assert figure["paired_ratios"] == [4.0, 6.0, 4.0]
    assert figure["ratio_to_in_process"] == 4.0
    assert figure["wall_seconds"] == 12.0
