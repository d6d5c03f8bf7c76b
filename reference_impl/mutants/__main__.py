"""``python -m reference_impl.mutants [options]`` is ``conformance mutants [options]``."""

from __future__ import annotations

import sys

from harness.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["mutants", *sys.argv[1:]]))
