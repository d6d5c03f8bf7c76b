"""``conformance``: run the suite against a driver, list the rules, maintain the expectations.

Exit codes of ``conformance run``: 0 conforms at the gating levels; 1 does
not (an unexpected failure or a stale expectation); 2 the run is unusable
(usage error, driver not loadable, any BROKEN scenario).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

from . import expectations
from .catalogue import all_rules, load_catalogue, load_features
from .drivers import http_options
from .errors import KitError
from .invocation import pytest_args
from .loading import DEFAULT_DRIVER, load_factory
from .reports import report_files
from .reports.terminal import render_summary
from .run import EXIT_UNUSABLE
from .simulation import command as simulation_command

DEFAULT_REPORT_DIR = Path("reports")
DEFAULT_MANIFEST = Path("expectations.toml")

#: Entry point group of extra subcommands: each is an ``add_parser(commands)`` that registers its parser
#: and sets ``handler(options, extra) -> int`` as its default. The reference side adds ``serve`` and
#: ``mutants`` this way, so the kit never imports it.
COMMAND_GROUP = "security_conformance.commands"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, extra = _split_extra(list(sys.argv[1:] if argv is None else argv))
    try:
        options = parser.parse_args(args)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(options.handler(options, extra))
    except KitError as exc:
        print(f"conformance: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE


def _split_extra(argv: list[str]) -> tuple[list[str], list[str]]:
    """Everything after ``--`` goes to pytest untouched."""
    if "--" in argv:
        cut = argv.index("--")
        return argv[:cut], argv[cut + 1 :]
    return argv, []


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="conformance", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the suite against a driver and write the reports")
    run.add_argument("--driver", default=DEFAULT_DRIVER, help="module:factory, or 'reference' (default)")
    run.add_argument("--levels", default="must", help="gating levels, comma-separated: must,should,hardening")
    run.add_argument("--expectations", type=Path, default=None, help="expected-failure manifest (TOML)")
    run.add_argument(
        "--report-dir", type=Path, default=DEFAULT_REPORT_DIR, help="where reports go (reports/)"
    )
    http_options.add_run_options(run)
    run.set_defaults(handler=_run)

    rules = commands.add_parser(
        "rules", help="list every rule (the doc's, then the hardening profile's) with its scenarios"
    )
    rules.add_argument("--format", choices=("table", "json"), default="table")
    rules.set_defaults(handler=_rules)

    manifest = commands.add_parser("expectations", help="maintain the expected-failure manifest")
    manifest_commands = manifest.add_subparsers(required=True, metavar="ACTION")
    update = manifest_commands.add_parser("update", help="write the manifest from the last run's failures")
    update.add_argument("--report-dir", type=Path, default=DEFAULT_REPORT_DIR)
    update.add_argument("--file", type=Path, default=DEFAULT_MANIFEST)
    update.set_defaults(handler=_update_expectations)
    simulation_command.add_parser(commands)
    for entry in sorted(entry_points(group=COMMAND_GROUP), key=lambda e: e.name):
        entry.load()(commands)
    return parser


def _run(options: argparse.Namespace, extra: list[str]) -> int:
    if os.getcwd() not in sys.path:  # `--driver mydriver:create` from the directory the user stands in
        sys.path.insert(0, os.getcwd())
    load_factory(options.driver)  # fail early, with exit 2, on a driver that cannot load
    env = http_options.environment(options, extra)
    if options.expectations:
        expectations.load(options.expectations)
    for name in report_files():  # a run that dies early must not leave the last run's reports looking current
        (options.report_dir / name).unlink(missing_ok=True)
    summary_path = options.report_dir / "summary.json"
    # A fresh interpreter: pytest must import (and assert-rewrite) the plugin itself.
    command = [sys.executable, "-m", "pytest", *pytest_args(options, extra)]
    subprocess.run(command, check=False, env=env)  # noqa: S603 - our own interpreter, arguments from the user's command line
    if not summary_path.exists():
        print("conformance: no scenario ran; see pytest's output above", file=sys.stderr)
        return EXIT_UNUSABLE
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    print(render_summary(summary, options.report_dir))
    return int(summary["exit_code"])


def _rules(options: argparse.Namespace, extra: list[str]) -> int:
    documented = load_catalogue()
    counts = {r.id: len(r.scenarios) for r in all_rules(load_features())}
    rows = [
        {
            "id": r.id,
            "level": r.level,
            "section": r.section,
            "sentence": r.sentence,
            "scenarios": counts.get(r.id, 0),
        }
        for r in documented.values()
    ]
    if options.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        section = str(row["section"])[:28]
        print(f"{row['id']:<7} {row['level']:<9} {row['scenarios']:>2}  {section:<28}  {row['sentence']}")
    return 0


def _update_expectations(options: argparse.Namespace, extra: list[str]) -> int:
    summary_path = options.report_dir / "summary.json"
    if not summary_path.exists():
        print(f"conformance: {summary_path} not found; run `conformance run` first", file=sys.stderr)
        return EXIT_UNUSABLE
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    scenarios = [
        {"rule": rule["id"], "name": s["name"], "status": s["status"]}
        for rule in summary["rules"]
        for s in rule["scenarios"]
    ]
    previous = expectations.load_lenient(options.file) if options.file.exists() else []
    options.file.write_text(expectations.render(scenarios, previous), encoding="utf-8")  # type: ignore[arg-type]
    print(f"wrote {options.file}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
