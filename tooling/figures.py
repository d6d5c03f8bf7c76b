"""The headline figures of ``make bench``, their targets, and the docs that quote them.

``make bench`` measures (``tooling/bench.py``) and writes reports/bench.json, which
is not committed. The figures the README and docs/performance.md quote are kept
in ``docs/bench-figures.json`` (committed): every ``make bench`` (unless
``--no-docs``) rewrites that file and the marked blocks of both documents from
the same run, so the documents quote exactly what the bench printed; whether to
commit them is the developer's call, made from ``git diff``.
``tests/test_bench_figures.py`` holds both ends:

* the blocks in README.md and docs/performance.md are what :func:`summary` and
  :func:`table` render from docs/bench-figures.json (always checked, fresh clone
  included);
* when reports/bench.json exists and was measured on the same shape of machine
  (CPU count, Python version), each documented figure is within ``NOISE_BAND``
  of it. Repeated runs on a quiet 2-core machine stay within about ±10 %; other
  agents' jobs on the same cores move the figures by up to ±20 % more, so the
  band is 30 %: past it, the documentation no longer describes this machine.

To add a figure: one :class:`Headline` line below (and its measurement in bench.py).
"""

from __future__ import annotations

import json
import os
import platform
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness.features import ROOT

TIMES = "\u00d7"  # the multiplication sign the docs write ratios with

DOCS_FIGURES = ROOT / "docs" / "bench-figures.json"
README = ROOT / "README.md"
PERFORMANCE = ROOT / "docs" / "performance.md"
#: The largest relative drift between the documented figures and the last local bench.
NOISE_BAND = 0.30


@dataclass(frozen=True)
class Headline:
    """One figure a release is judged by: where it is in bench.json, how it reads, what it must meet."""

    key: str
    label: str
    path: tuple[str, ...]
    unit: str
    target: str
    meets: Callable[[float], bool]

    def value(self, figures: dict[str, Any]) -> float | None:
        node: Any = figures
        for part in self.path:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return float(node) if isinstance(node, int | float) else None

    def reads(self, value: float | None) -> str:
        if value is None:
            return "n/a"
        number = f"{value:.0f}" if self.unit == "/s" else f"{value:.2f}"
        return f"{number}{self.unit}" if self.unit in (TIMES, "/s") else f"{number} {self.unit}"

    def verdict(self, value: float | None) -> str:
        if value is None:
            return "not measured"
        return "met" if self.meets(value) else "missed"

    def row(self, figures: dict[str, Any]) -> tuple[str, str, str]:
        """(label, value, "target: verdict"): its line in the terminal table."""
        value = self.value(figures)
        return (self.label, self.reads(value), f"{self.target}: {self.verdict(value)}")


HEADLINES = (
    Headline(
        "suite_seconds",
        "MUST+SHOULD suite in-process, wall incl. start-up",
        ("in_process", "wall_seconds"),
        "s",
        "≤ 3 s",
        lambda v: v <= 3,
    ),
    Headline(
        "overhead_ratio",
        "harness overhead, scenario / plain pytest test",
        ("harness_overhead", "ratio"),
        TIMES,
        f"≤ 2{TIMES}",
        lambda v: v <= 2,
    ),
    Headline(
        "http_ratio",
        "HTTP run / in-process run",
        ("http", "ratio_to_in_process"),
        TIMES,
        f"≤ 4{TIMES}",
        lambda v: v <= 4,
    ),
    Headline(
        "journeys_2_jobs",
        "simulated journeys of 30 steps, 2 jobs",
        ("simulation", "journeys_per_second_2_jobs"),
        "/s",
        "≥ 200/s",
        lambda v: v >= 200,
    ),
    Headline(
        "journeys_1_job",
        "simulated journeys of 30 steps, 1 job",
        ("simulation", "journeys_per_second_30_steps"),
        "/s",
        "≥ 120/s",
        lambda v: v >= 120,
    ),
)


def machine() -> dict[str, Any]:
    """The shape of machine figures are comparable across."""
    return {"cpus": os.cpu_count(), "python": platform.python_version().rsplit(".", 1)[0]}


def record(figures: dict[str, Any], load: float | None = None) -> dict[str, Any]:
    """What docs/bench-figures.json holds: the headline values, the machine, the day and the load."""
    return {
        "measured_on": {**machine(), "date": datetime.now(UTC).date().isoformat(), "load_average": load},
        "figures": {h.key: h.value(figures) for h in HEADLINES},
    }


#: A figure with a target that the bench prints but the README does not quote (docs/reliability.md does).
FLOOD = Headline(
    "flood_ratio",
    "unrelated request under a password flood / idle",
    ("dos_latency_ratio", "ratio"),
    TIMES,
    f"≤ 2{TIMES}",
    lambda v: v <= 2,
)


def terminal_lines(figures: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, value, "target: verdict") rows for the terminal table."""
    return [h.row(figures) for h in HEADLINES]


def summary(documented: dict[str, Any]) -> str:
    """The README's one paragraph of figures."""
    values = documented["figures"]
    parts = [
        f"{h.label} **{h.reads(values.get(h.key))}** ({h.target}, {h.verdict(values.get(h.key))})"
        for h in HEADLINES
    ]
    return f"`make bench` on {_machine_words(documented)}: " + "; ".join(parts) + "."


def _machine_words(documented: dict[str, Any]) -> str:
    """When and where, with how busy the machine was: a loaded machine's figures read worse."""
    on = documented["measured_on"]
    load = on.get("load_average")
    busy = (
        ""
        if load is None
        else f", load average {load}" + (" (busy: figures read worse)" if load > on["cpus"] else "")
    )
    return f"{on['date']} ({on['cpus']} cores, Python {on['python']}{busy})"


def table(documented: dict[str, Any]) -> str:
    """docs/performance.md's table of the headline figures."""
    values = documented["figures"]
    rows = [
        f"Measured on {_machine_words(documented)}.",
        "",
        "| Figure | Target | Measured | Verdict |",
        "|---|---|---|---|",
    ]
    rows += [
        f"| {h.label} | {h.target} | **{h.reads(values.get(h.key))}** | {h.verdict(values.get(h.key))} |"
        for h in HEADLINES
    ]
    return "\n".join(rows)


_BLOCK = "<!-- bench:{name} (written by `make bench`) -->"
_END = "<!-- /bench:{name} -->"


def block(text: str, name: str) -> str | None:
    """The generated block ``name`` inside ``text`` (None when the markers are missing)."""
    pattern = re.escape(_BLOCK.format(name=name)) + r"\n(.*?)\n" + re.escape(_END.format(name=name))
    found = re.search(pattern, text, flags=re.DOTALL)
    return found.group(1) if found else None


def _replace_block(path: Path, name: str, content: str) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = _BLOCK.format(name=name), _END.format(name=name)
    if block(text, name) is None:
        raise RuntimeError(f"{path.name} has no {start} … {end} block to rewrite")
    pattern = re.escape(start) + r"\n.*?\n" + re.escape(end)
    new = re.sub(pattern, lambda _: f"{start}\n{content}\n{end}", text, flags=re.DOTALL)
    path.write_text(new, encoding="utf-8")


def update_docs(figures: dict[str, Any], load: float | None) -> None:
    """Rewrite docs/bench-figures.json and the blocks of README.md and docs/performance.md from one run."""
    documented = record(figures, load)
    DOCS_FIGURES.write_text(json.dumps(documented, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    rewrite_blocks(documented)


def rewrite_blocks(documented: dict[str, Any]) -> None:
    """The blocks of README.md and docs/performance.md, from what docs/bench-figures.json holds."""
    _replace_block(README, "summary", summary(documented))
    _replace_block(PERFORMANCE, "table", table(documented))


def drift(documented: dict[str, Any], measured: dict[str, Any]) -> list[str]:
    """Documented figures further than NOISE_BAND from the last bench run's (both present)."""
    problems = []
    for h in HEADLINES:
        was, now = documented["figures"].get(h.key), h.value(measured)
        if was is None or now is None:
            continue
        if abs(now / was - 1) > NOISE_BAND:
            problems.append(f"{h.label}: documented {h.reads(was)}, last `make bench` {h.reads(now)}")
    return problems
