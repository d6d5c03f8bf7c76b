"""The figures README.md and docs/performance.md quote are those `make bench` wrote, and still true here."""

from __future__ import annotations

import json

from harness.features import ROOT
from tooling import figures

MEASURED = {
    "in_process": {"wall_seconds": 2.06},
    "harness_overhead": {"ratio": 1.8},
    "http": {"ratio_to_in_process": 1.9},
    "simulation": {"journeys_per_second_30_steps": 101.4, "journeys_per_second_2_jobs": 190.0},
}


def _documented() -> dict[str, object]:
    return json.loads(figures.DOCS_FIGURES.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_headline_figure_is_documented_with_the_machine_it_was_measured_on() -> None:
    documented = _documented()
    values = documented["figures"]
    assert isinstance(values, dict)
    assert set(values) == {h.key for h in figures.HEADLINES}
    assert all(isinstance(v, int | float) and v > 0 for v in values.values()), values
    assert {"cpus", "python", "date", "load_average"} <= set(documented["measured_on"])  # type: ignore[arg-type]


def test_readme_and_performance_quote_exactly_the_documented_figures() -> None:
    documented = _documented()
    readme = figures.block(figures.README.read_text(encoding="utf-8"), "summary")
    table = figures.block(figures.PERFORMANCE.read_text(encoding="utf-8"), "table")
    assert readme == figures.summary(documented), "run `python -m tooling.bench` (or restore the block)"
    assert table == figures.table(documented), "run `python -m tooling.bench` (or restore the block)"


def test_the_documented_figures_are_within_the_noise_band_of_the_last_bench_on_this_kind_of_machine() -> None:
    """Without reports/bench.json (a fresh clone) nothing local to compare; the checks above still hold."""
    last = ROOT / "reports" / "bench.json"
    documented = _documented()
    if last.exists() and documented["measured_on"] | figures.machine() == documented["measured_on"]:  # type: ignore[operator]
        assert figures.drift(documented, json.loads(last.read_text(encoding="utf-8"))) == []


def test_drift_past_the_band_is_reported_and_noise_inside_it_is_not() -> None:
    documented = figures.record(MEASURED)
    inside = json.loads(json.dumps(MEASURED))
    inside["harness_overhead"]["ratio"] = 1.8 * (1 + figures.NOISE_BAND * 0.9)
    outside = json.loads(json.dumps(MEASURED))
    outside["simulation"]["journeys_per_second_2_jobs"] = 190.0 * (1 - figures.NOISE_BAND * 1.1)
    assert figures.drift(documented, inside) == []
    assert len(figures.drift(documented, outside)) == 1
    assert "2 jobs" in figures.drift(documented, outside)[0]


def test_each_figure_reads_with_its_target_and_an_honest_verdict() -> None:
    table = figures.table(figures.record(MEASURED))
    assert "| **2.06 s** | met |" in table
    assert "| **101/s** | missed |" in table and "≥ 120/s" in table
    assert "| **190/s** | missed |" in table
    assert "**1.80\u00d7** | met" in table
    unmeasured = figures.table(figures.record({"in_process": {"wall_seconds": 2.0}}))
    assert unmeasured.count("not measured") == len(figures.HEADLINES) - 1


def test_a_block_is_found_between_its_markers_only() -> None:
    text = (
        "before\n" + figures._BLOCK.format(name="x") + "\nbody\n" + figures._END.format(name="x") + "\nafter"
    )
    assert figures.block(text, "x") == "body"
    assert figures.block(text, "y") is None
