"""``conformance``: run the suite against a driver, list the rules, maintain the expectations.

Exit codes of ``conformance run``: 0 CONFORMS; 1 DOES NOT CONFORM (an unexpected failure or a
stale expectation); 2 RUN UNUSABLE (usage error, driver not loadable, any BROKEN scenario);
3 INCOMPLETE (a gating rule not checked); 130 INTERRUPTED.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import typing
from collections.abc import Sequence
from importlib.metadata import entry_points
from pathlib import Path

from . import atomic, expectations, reports
from .catalogue import all_rules, load_catalogue, load_features
from .drivers import http_options
from .errors import KitError
from .invocation import pytest_args
from .loading import BUILT_IN_HELP, DEFAULT_DRIVER, FORMS, load_factory
from .marks import LEVELS, parse_levels
from .reports.terminal import render_summary
from .run import EXIT_INTERRUPTED, EXIT_UNUSABLE
from .scaffold import command as scaffold_command
from .simulation import command as simulation_command
from .version import version_line

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


DRIVERS_HELP = "\n".join(
    [f"drivers (--driver): {FORMS}; built in:"]
    + [f"  {name:<10} {what}" for name, what in BUILT_IN_HELP.items()]
)
EXIT_CODES_HELP = """exit codes of `conformance run`:
  0    CONFORMS          every gating rule ran and passed (or failed as the expectations say)
  1    DOES NOT CONFORM  an unexpected failure at a gating level, or a stale expectation
  2    RUN UNUSABLE      a BROKEN scenario, a usage error, a driver that does not load
  3    INCOMPLETE        no failure, but a gating rule was NOT-APPLICABLE, BLOCKED or NOT-RUN
  130  INTERRUPTED       stopped with Ctrl-C"""
PYTEST_ARGS_HELP = (
    "everything after -- goes to pytest unchanged, e.g. `conformance run -- -n auto` (parallel)"
    " or `-- -k password` (a selection)"
)


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line that says where help is, then exit 2 (a run that cannot start)."""

    def error(self, message: str) -> typing.NoReturn:
        self.exit(EXIT_UNUSABLE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="conformance",
        description="The conformance kit for account Security settings: "
        "run the documented rules against your product through a driver.",
        epilog=f"{DRIVERS_HELP}\n\n{EXIT_CODES_HELP}\n\n{PYTEST_ARGS_HELP}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=version_line(), help="print the kit and protocol versions"
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="run the suite against a driver and write the reports",
        description="Run every scenario against a driver; reports go to --report-dir.",
        epilog=f"{DRIVERS_HELP}\n\n{EXIT_CODES_HELP}\n\n{PYTEST_ARGS_HELP}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--driver", default=DEFAULT_DRIVER, help=f"{FORMS} (default: {DEFAULT_DRIVER}; see below)"
    )
    run.add_argument(
        "--levels",
        type=_levels,
        default="must",
        help=f"gating levels, comma-separated, any case: {','.join(LEVELS)} (default: must)",
    )
    run.add_argument(
        "--data-salt",
        default=None,
        help="replay a run's test data (its salt is printed and in summary.json); default: fresh addresses",
    )
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
    rules.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    rules.set_defaults(handler=_rules)

    manifest = commands.add_parser("expectations", help="maintain the expected-failure manifest")
    manifest_commands = manifest.add_subparsers(required=True, metavar="ACTION")
    update = manifest_commands.add_parser("update", help="write the manifest from the last run's failures")
    update.add_argument("--report-dir", type=Path, default=DEFAULT_REPORT_DIR)
    update.add_argument("--file", type=Path, default=DEFAULT_MANIFEST)
    update.set_defaults(handler=_update_expectations)
    simulation_command.add_parser(commands)
    scaffold_command.add_parser(commands)
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

    The handlers go in *before* pytest starts: a process started with SIGINT ignored (a background
    job of a script, some CI runners) would otherwise hand "ignored" down to pytest, which then
    never stops; a handler is reset to the default when pytest's interpreter starts.
    """
    child: subprocess.Popen[bytes] | None = None
    interrupted = False
    pending: list[int] = []

    def forward(signum: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True
        if interactive and signum == signal.SIGINT:  # the terminal's Ctrl-C reached pytest itself
            return
        if child is None:
            pending.append(signum)
        else:
            os.killpg(child.pid, signum)

    previous = {signum: signal.signal(signum, forward) for signum in _FORWARDED}
    try:
        child = subprocess.Popen(command, env=env, process_group=None if interactive else 0)  # noqa: S603 - our own interpreter, arguments from the user's command line
        for signum in pending:
            os.killpg(child.pid, signum)
        child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return interrupted


_FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


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
    _print(json.dumps(rows, indent=2, ensure_ascii=False) if options.format == "json" else _table(rows))
    return 0


def _print(text: str) -> None:
    try:
        print(text, flush=True)
    except BrokenPipeError:  # `conformance rules | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _table(rows: list[dict[str, object]]) -> str:
    """Rules as a table with a header, every column as wide as its widest cell (nothing cut)."""
    columns = (("ID", "id"), ("LEVEL", "level"), ("SCENARIOS", "scenarios"), ("SECTION", "section"))
    widths = [max(len(title), *(len(str(row[key])) for row in rows)) for title, key in columns]
    header = [title.ljust(width) for (title, _), width in zip(columns, widths, strict=True)]
    lines = ["  ".join([*header, "RULE"])]
    for row in rows:
        cells = [str(row[key]).ljust(width) for (_, key), width in zip(columns, widths, strict=True)]
        lines.append("  ".join([*cells, " ".join(str(row["sentence"]).split())]))  # one line per rule
    return "\n".join(lines)


def _levels(text: str) -> str:
    """``MUST,Should`` → ``must,should``; an unknown level is a usage error before anything runs."""
    try:
        return ",".join(parse_levels(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--levels ")) from None


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
