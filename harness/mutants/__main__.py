"""``python -m harness.mutants [options]`` is ``conformance mutants [options]``."""

from __future__ import annotations

import sys

from ..cli import main

if __name__ == "__main__":
    raise SystemExit(main(["mutants", *sys.argv[1:]]))
