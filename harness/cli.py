"""``conformance``: run the suite against a driver, list the rules, maintain the expectations.

Exit codes of ``conformance run``: 0 conforms at the gating levels; 1 does
not (an unexpected failure or a stale expectation); 2 the run is unusable
(usage error, driver not loadable, any BROKEN scenario); 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

from . import atomic, expectations, reports
from .catalogue import all_rules, load_catalogue, load_features
from .drivers import http_options
from .errors import KitError
from .invocation import pytest_args
from .loading import DEFAULT_DRIVER, load_factory
from .run import EXIT_INTERRUPTED, EXIT_UNUSABLE
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
    except KeyboardInterrupt:  # Ctrl-C outside the suite (while loading the driver, say): no traceback
        print("conformance: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


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
    run.add_argument(
        "-v", "--verbose", action="store_true", help="show pytest's tracebacks of failing scenarios too"
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


#: pytest's terminal under ``conformance run``: the conformance summary says what failed and where, so
#: no traceback per scenario and no second list of failures; pytest's own errors still show in full.
QUIET = ["--tb=no", "-rN", "-p", "harness.terse"]


def _run(options: argparse.Namespace, extra: list[str]) -> int:
    reports.clear(options.report_dir)  # first: a run that fails from here on leaves no earlier verdict behind
    if os.getcwd() not in sys.path:  # `--driver mydriver:create` from the directory the user stands in
        sys.path.insert(0, os.getcwd())
    load_factory(options.driver)  # fail early, with exit 2, on a driver that cannot load
    env = http_options.environment(options, extra)
    if options.base_url:
        http_options.probe(options.base_url)
    if options.expectations:
        expectations.load(options.expectations)
    summary_path = options.report_dir / "summary.json"
    # A fresh interpreter: pytest must import (and assert-rewrite) the plugin itself.
    command = [
        sys.executable,
        "-m",
        "pytest",
        *pytest_args(options, [*([] if options.verbose else QUIET), *extra]),
    ]
    interrupted = _run_pytest(command, env, interactive=bool({"--pdb", "--trace"} & set(extra)))
    if not summary_path.exists():
        if interrupted:
            print("conformance: interrupted before the reports were written", file=sys.stderr)
            return EXIT_INTERRUPTED
        print("conformance: no scenario ran; see pytest's output above", file=sys.stderr)
        return EXIT_UNUSABLE
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    print(render_summary(summary, options.report_dir))
    for warning in summary.get("expectation_warnings", []):
        print(f"  WARNING {warning}")
    return int(summary["exit_code"])


def _run_pytest(command: list[str], env: dict[str, str], interactive: bool) -> bool:
    """Run pytest to its end; True if it was interrupted (Ctrl-C, SIGINT; or SIGTERM, SIGHUP).

    pytest gets its own process group and each signal this process receives is passed on to
    that group once, so pytest (and its xdist workers) stop the way Ctrl-C stops them and
    write the INTERRUPTED reports, while this process waits for them instead of dying with a
    traceback (``subprocess.run`` would kill pytest a quarter of a second later). A debugger
    session (``--pdb``) stays in the terminal's process group, where it can read the keyboard.
    """
    child = subprocess.Popen(command, env=env, process_group=None if interactive else 0)  # noqa: S603 - our own interpreter, arguments from the user's command line
    interrupted = False

    def forward(signum: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True
        if not interactive or signum != signal.SIGINT:  # the terminal's Ctrl-C reached pytest itself
            os.killpg(child.pid, signum)

    previous = {signum: signal.signal(signum, forward) for signum in _FORWARDED}
    try:
        child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return interrupted


_FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def render_summary(summary: dict[str, object], report_dir: Path) -> str:
    counts: dict[str, dict[str, int]] = summary["counts"]  # type: ignore[assignment]
    statuses = ("PASSED", "FAILED", "BROKEN", "NOT-APPLICABLE", "XFAIL")
    gating: list[str] = summary["metadata"]["levels"]  # type: ignore[index]
    lines = ["", f"Conformance: {summary['verdict']} (gating on {', '.join(gating)})"]
    lines.append(f"  {'rules':<10}" + "".join(f"{s:>16}" for s in statuses))
    for level, row in counts.items():
        lines.append(f"  {level:<10}" + "".join(f"{row.get(s, 0):>16}" for s in statuses))
    for rule in summary["rules"]:  # type: ignore[attr-defined]
        if rule["status"] in ("FAILED", "BROKEN"):
            # A failure at a level the run does not gate on (hardening, by default) is a warning.
            label = (
                "WARNING" if rule["status"] == "FAILED" and rule["level"] not in gating else rule["status"]
            )
            lines.append(f"  {label:<7} {rule['id']} ({rule['level']}): {rule['title']}")
    for stale in summary["stale_expectations"]:  # type: ignore[attr-defined]
        lines.append(f"  STALE   expectation {stale}")
    lines.append(f"  Report: {report_dir / 'conformance.html'}")
    return "\n".join(lines)


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
    if summary["exit_code"] == EXIT_INTERRUPTED:
        print(
            f"conformance: the run in {options.report_dir} was interrupted; run it to the end first",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    scenarios = [{**s, "rule": rule["id"]} for rule in summary["rules"] for s in rule["scenarios"]]
    previous = expectations.load_lenient(options.file) if options.file.exists() else []
    atomic.write_text(options.file, expectations.render(scenarios, previous))
    print(f"wrote {options.file}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
