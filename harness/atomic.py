"""Files written whole or not at all: a temporary file beside the target, then one rename.

A reader (a CI step, ``conformance run`` itself, a person with the page open)
never sees half a report, and a run killed while writing leaves the previous
state — for reports, the empty directory :func:`harness.reports.clear` left.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replacing(path: Path) -> Iterator[TextIO]:
    """A text file that replaces ``path`` when the block ends normally, and is removed otherwise."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 keeps the umask's permissions (mkstemp would make the report private, 0o600).
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` in one rename."""
    with replacing(path) as out:
        out.write(text)
    return path
