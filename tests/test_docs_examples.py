"""The worked example of docs/writing-a-driver.md runs the whole suite, and the doc quotes it faithfully."""

from __future__ import annotations

import re
from pathlib import Path

from harness.scaffold.render import render
from tests.conformance_runs import ROOT, conformance_run

DOC = ROOT / "docs" / "writing-a-driver.md"
EXAMPLE = ROOT / "docs" / "examples" / "example_driver.py"


def test_worked_example_conforms(tmp_path: Path) -> None:
    run = conformance_run(tmp_path, "--driver=docs.examples.example_driver:create")
    assert run.exit_code == 0, run.output
    assert run.scenario_statuses() == {"PASSED"}


def test_every_python_excerpt_in_the_doc_is_in_the_example_or_the_scaffold() -> None:
    """The doc quotes the example driver and the skeleton `conformance new-driver acme_driver` writes."""
    excerpts = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    sources = (EXAMPLE.read_text(encoding="utf-8"), render("acme_driver"))
    assert excerpts
    for excerpt in excerpts:
        assert any(excerpt.rstrip() in source for source in sources), (
            f"the doc quotes code neither the example nor the scaffold has:\n{excerpt}"
        )
