"""The kit works installed, not only from a checkout: the wheel carries every package and the whole
specification, and a fresh venv outside the checkout runs `conformance` against a user's own driver.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
#: What a wheel is built from; the build writes build/ and *.egg-info, so it runs on a copy.
SOURCES = ("pyproject.toml", "README.md", "harness", "reference_impl", "spec")
Done = subprocess.CompletedProcess[str]
EXAMPLE_DRIVER = ROOT / "docs" / "examples" / "example_driver.py"


def _shipped_files() -> list[Path]:
    return [
        path
        for top in ("harness", "reference_impl", "spec")
        for path in (ROOT / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]


def test_the_kit_carries_spec_through_a_link_to_the_folder_the_docs_cite() -> None:
    link = ROOT / "harness" / "spec"
    assert link.is_symlink() and link.resolve() == ROOT / "spec"
    assert SETUPTOOLS["package-dir"] == {"": "."}  # a plain layout: editable installs need no import hook


def test_the_package_data_patterns_cover_every_file_that_is_not_python() -> None:
    patterns = SETUPTOOLS["package-data"]["*"]
    data = [path for path in _shipped_files() if path.suffix not in (".py", ".pyc")]
    assert len(data) > 10
    assert [str(path) for path in data if not any(fnmatch(path.name, p) for p in patterns)] == []


def test_the_kit_reads_the_specification_through_its_package() -> None:
    from harness import features

    assert features.SPEC.is_dir() and (features.SPEC / "__init__.py").is_file()
    for path in (features.CATALOGUE, features.HARDENING_CATALOGUE, features.INTERPRETATIONS):
        assert path.is_file(), path
    assert features.CONFLICTS.is_file() and features.OPENAPI.is_file() and features.PYTEST_INI.is_file()
    assert sorted(features.FEATURES_DIR.glob("*.feature")) and sorted(features.HARDENING_FEATURES.glob("*"))


def _run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=900, env=env)


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_runs_a_users_driver(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(
                origin, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(origin, source / name)
    built = _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist")], source)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    # PYTHONDONTWRITEBYTECODE (this machine's setting) makes setuptools say it skips byte-compiling.
    lines = (built.stdout + built.stderr).lower().splitlines()
    assert [line for line in lines if "warn" in line and "byte-compiling is disabled" not in line] == []
    (wheel,) = (tmp_path / "dist").glob("*.whl")

    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    installed = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    # This machine's pip configuration names local indexes that may be missing: its notice, not ours.
    notices = [line for line in installed.stderr.splitlines() if "is ignored: it is neither" not in line]
    assert [line for line in notices if "warn" in line.lower()] == []

    # A user's project: their driver in their own package, nothing of this checkout on the path.
    project = tmp_path / "elsewhere"
    (project / "mypkg").mkdir(parents=True)
    (project / "mypkg" / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy2(EXAMPLE_DRIVER, project / "mypkg" / "mydriver.py")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    conformance = str(venv / "bin" / "conformance")

    version = _run([conformance, "--version"], project, env)
    assert version.returncode == 0 and "Driver protocol" in version.stdout, version.stderr
    rules = _run([conformance, "rules"], project, env)
    assert rules.returncode == 0 and rules.stdout.startswith("ID"), rules.stderr[-3000:]
    assert "SEC-01" in rules.stdout and "HRD-" in rules.stdout

    run = _run([conformance, "run", "--driver", "mypkg.mydriver:create"], project, env)
    output = run.stdout[-3000:] + run.stderr[-3000:]
    assert run.returncode == 0, output
    assert "Conformance: CONFORMS" in run.stdout and (project / "reports" / "conformance.html").is_file()
    # The kit came from the wheel, not from this checkout.
    python = str(venv / "bin" / "python")
    where = _run([python, "-c", "import harness; print(harness.__file__)"], project, env)
    assert str(venv) in where.stdout and str(ROOT) not in where.stdout
