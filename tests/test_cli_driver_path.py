"""A driver given as a file (``./mydriver.py:create``, an absolute path) loads from that file, its own
imports beside it; anything else gets a message that shows what to pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.errors import DriverLoadError
from harness.loading import load_factory
from reference_impl.driver import ReferenceDriver

DRIVER = "from mydriver_helpers import make\n\n\ndef create():\n    return make()\n"
HELPERS = "from reference_impl.driver import create as make\n"


@pytest.fixture
def driver_file(tmp_path: Path) -> Path:
    """A driver in a user's own folder, importing a module next to it (not an installed package)."""
    (tmp_path / "mydriver.py").write_text(DRIVER, encoding="utf-8")
    (tmp_path / "mydriver_helpers.py").write_text(HELPERS, encoding="utf-8")
    return tmp_path / "mydriver.py"


def test_an_absolute_path_loads_the_factory_from_that_file(driver_file: Path) -> None:
    factory = load_factory(f"{driver_file}:create")
    assert isinstance(factory(), ReferenceDriver)
    assert load_factory(f"{driver_file}:create") is factory  # loaded once, found again


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("mydriver.py", "mydriver.py:create"),  # the factory is missing: the message shows the form
        ("mydriver", "path/to/driver.py:factory"),
        ("./nowhere/mydriver.py:create", "no file"),
        ("./notes.txt:create", "not a .py file"),
        ("tests.drivers.recording:no_such_factory", "no callable 'no_such_factory'"),
        ("not a module:create", "package.module:factory"),
    ],
)
def test_what_cannot_load_says_what_to_pass(spec: str, says: str) -> None:
    with pytest.raises(DriverLoadError) as raised:
        load_factory(spec)
    assert says in str(raised.value)


def test_a_file_named_like_a_loaded_module_is_refused_by_name(tmp_path: Path) -> None:
    shadow = tmp_path / "json.py"  # `json` is imported already; loading it again would replace it
    shadow.write_text("def create():\n    return None\n", encoding="utf-8")
    with pytest.raises(DriverLoadError, match="rename the file"):
        load_factory(f"{shadow}:create")
    assert json.loads("[]") == []


def test_conformance_run_takes_a_relative_driver_path(driver_file: Path) -> None:
    command = [sys.executable, "-m", "harness.cli", "run", "--driver", "./mydriver.py:create"]
    done = subprocess.run(
        [*command, "--report-dir=reports", "--", "-k", "emailed_code_activates"],
        cwd=driver_file.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # Filtered with -k, the run leaves rules unchecked: INCOMPLETE (exit 3), never CONFORMS.
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Conformance: INCOMPLETE" in done.stdout
    summary = json.loads((driver_file.parent / "reports" / "summary.json").read_text(encoding="utf-8"))
    assert summary["metadata"]["driver"] == "./mydriver.py:create"
    assert [s["status"] for r in summary["rules"] for s in r["scenarios"]] == ["PASSED"]
    assert {r["status"] for r in summary["rules"] if not r["scenarios"]} == {"NOT-RUN"}
