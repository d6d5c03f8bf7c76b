"""`conformance new-driver`: a skeleton of every protocol call: it imports, type-checks, runs honestly."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from harness.cli import main
from harness.operations import protocol_methods
from harness.protocol import PROTOCOL_VERSION, Dialog, DialogKind, Driver
from harness.scaffold.render import UNWRITTEN, render
from tests.conformance_runs import ROOT

NAME = "acme_portal"


@pytest.fixture
def skeleton(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["new-driver", NAME, f"--dir={tmp_path}"]) == 0
    assert f"conformance run --driver {NAME}:create" in capsys.readouterr().out
    return tmp_path / f"{NAME}.py"


def _imported(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_protocol_call_is_in_the_skeleton_with_its_docstring(skeleton: Path) -> None:
    classes = {
        node.name: node for node in ast.parse(skeleton.read_text()).body if isinstance(node, ast.ClassDef)
    }
    for owner, written in ((Driver, classes["AcmePortalDriver"]), (Dialog, classes["AcmePortalDialog"])):
        methods = {node.name: node for node in written.body if isinstance(node, ast.FunctionDef)}
        assert set(protocol_methods(owner)) <= set(methods)
        for name in protocol_methods(owner):
            docstring = ast.get_docstring(methods[name]) or ""
            assert docstring.startswith((getattr(owner, name).__doc__ or "").strip().splitlines()[0])
            assert "Returns: " in docstring


def test_the_skeleton_imports_and_every_unfilled_call_says_what_to_fill_in(skeleton: Path) -> None:
    module = _imported(skeleton)
    driver = module.create()
    assert isinstance(driver, Driver) and driver.protocol_version == PROTOCOL_VERSION
    assert driver.capabilities == frozenset()
    dialog = module.AcmePortalDialog(DialogKind.ENABLE_EMAIL_CODE)
    assert isinstance(dialog, Dialog)
    for owner, target in ((Driver, driver), (Dialog, dialog)):
        for name in protocol_methods(owner):
            if owner is Driver and name == "close":
                assert driver.close() is None  # called after every scenario; holding nothing is fine
                continue
            arity = len(
                getattr(owner, name).__code__.co_varnames[1 : getattr(owner, name).__code__.co_argcount]
            )
            with pytest.raises(NotImplementedError, match=f"^{UNWRITTEN} {type(target).__name__}.{name}$"):
                getattr(target, name)(*[None] * arity)


def test_the_skeleton_passes_mypy_strict(skeleton: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(skeleton)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(ROOT)},
        cwd=skeleton.parent,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_fresh_skeleton_gives_an_honest_readable_run_unusable(skeleton: Path) -> None:
    report = skeleton.parent / "reports"
    command = [
        sys.executable,
        "-m",
        "harness.cli",
        "run",
        f"--driver={NAME}:create",
        f"--report-dir={report}",
    ]
    done = subprocess.run(
        [*command, "--", "-p", "no:xdist", "-k", "security_section or password_change"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=skeleton.parent,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "Traceback" not in output
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    scenarios = [s for rule in summary["rules"] for s in rule["scenarios"]]
    assert scenarios and {s["status"] for s in scenarios} == {"BROKEN"}
    assert {s["message"].split(": ", 1)[1] for s in scenarios} == {
        "create_account(…) raised NotImplementedError: fill in AcmePortalDriver.create_account"
    }


@pytest.mark.parametrize("name", ["1st", "class", "acme-portal"])
def test_a_name_python_cannot_import_is_a_usage_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-driver", name, f"--dir={tmp_path}"]) == 2
    assert "not a Python module name" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_an_existing_file_is_kept_unless_forced(skeleton: Path, capsys: pytest.CaptureFixture[str]) -> None:
    skeleton.write_text("# mine\n")
    assert main(["new-driver", NAME, f"--dir={skeleton.parent}"]) == 2
    assert "--force" in capsys.readouterr().err and skeleton.read_text() == "# mine\n"
    assert main(["new-driver", f"{NAME}.py", f"--dir={skeleton.parent}", "--force"]) == 0
    assert skeleton.read_text() == render(NAME)
