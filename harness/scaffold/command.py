"""``conformance new-driver NAME``: write a driver skeleton to fill in (docs/writing-a-driver.md).

Exit codes: 0 written; 2 a name Python cannot import, or the file exists (``--force`` replaces it).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import KitError
from ..operations import DIALOG_OPERATIONS, DRIVER_OPERATIONS
from ..protocol import PROTOCOL_VERSION
from .render import render


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "new-driver", help="write a typed driver skeleton NAME.py with every protocol call to fill in"
    )
    parser.add_argument(
        "name", metavar="NAME", help="the module to write, e.g. acme_driver (→ acme_driver.py)"
    )
    parser.add_argument("--dir", type=Path, default=Path(), help="where to write it (the current directory)")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(handler=run)


def run(options: argparse.Namespace, extra: list[str]) -> int:
    name = options.name.removesuffix(".py")
    try:
        text = render(name)
    except ValueError as exc:
        raise KitError(f"new-driver: {exc}") from None
    path = options.dir / f"{name}.py"
    if path.exists() and not options.force:
        raise KitError(f"new-driver: {path} exists; pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    calls = len(DRIVER_OPERATIONS) + len(DIALOG_OPERATIONS) - 1  # Driver.close may stay empty
    print(
        f"Wrote {path}: a driver skeleton for protocol {PROTOCOL_VERSION}, {calls} calls to fill in.\n"
        f"Fill in each method (docs/writing-a-driver.md), declare the capabilities that work, then run\n"
        f"  conformance run --driver {name}:create\n"
        "from the directory that holds it. Until every call a scenario makes is filled in, that scenario\n"
        'is BROKEN with "fill in <Class>.<method>" and the run says RUN UNUSABLE.'
    )
    return 0
