"""``conformance run``'s quiet terminal (``-p harness.terse``, with ``--tb=no``): pytest's own errors in full.

``--tb=no`` keeps a failing scenario's traceback out of the terminal (the
conformance summary names the rule, the failing step and the message), but it
also cuts the text of a collection error — a step module that does not
import, a feature file that does not parse — to its file name. Those are the
kit's or the user's setup errors, not results: they are shown whole.
"""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for report in terminalreporter.stats.get("error", []):
        if isinstance(report, pytest.CollectReport) and report.failed:
            terminalreporter.write_sep("_", f"ERROR collecting {report.nodeid or 'the suite'}", red=True)
            terminalreporter.line(report.longreprtext)
