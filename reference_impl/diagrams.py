"""Draw docs/state-machines.md from the machines' own configurations.

Every diagram is produced by a ``transitions`` GraphMachine (mermaid engine)
fed the very ``CONFIG`` dict the reference builds its machine from, so the
drawing cannot drift from the code::

    python -m reference_impl.diagrams           # rewrite docs/state-machines.md
    python -m reference_impl.diagrams --check   # exit 1 if the file is out of date

The GraphMachine's mermaid text is tidied in three ways: the title front matter
and the colour classes (which only mark the throwaway model's current state)
are dropped, and every state without an outgoing transition gets an arrow to
``[*]`` so the final states read as final.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transitions.extensions.diagrams import GraphMachine

from . import signin
from .dialogs import change_password, disable, enable_app, enable_email, recovery_codes

#: Where the generated page lives, relative to the repository root.
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "state-machines.md"

#: What mermaid's stateDiagram lexer reads as a state id: no spaces, colons or hyphens.
_STATE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Words the lexer takes as keywords when they stand where a state id is expected.
_RESERVED = frozenset({"state", "note", "class", "classdef", "direction", "default", "scale", "end"})
#: A transition label runs from ':' to the end of the line and may not contain ':' or ';';
#: '#' starts a comment and '"' would end a quoted description, so they are refused as well.
_LABEL_FORBIDDEN = frozenset(':;#"\n\r')


@dataclass(frozen=True)
class Diagram:
    """One machine to draw: its heading, where its config lives, and a plain-words intro."""

    title: str
    source: str
    config: dict[str, Any]
    intro: str


DIAGRAMS: tuple[Diagram, ...] = (
    Diagram(
        title="Change password",
        source="reference_impl.dialogs.change_password.CONFIG",
        config=change_password.CONFIG,
        intro=(
            "The dialog shows Current Password, New Password and Repeat New Password. Save checks the "
            "current password, that the two new fields match and that the new password is long enough; "
            "on success every other device is signed out, this one stays signed in, and the date of the "
            "last change moves to now. A wrong current password counts towards the attempt limit."
        ),
    ),
    Diagram(
        title="Enable Email Code",
        source="reference_impl.dialogs.enable_email.CONFIG",
        config=enable_email.CONFIG,
        intro=(
            "First the dialog confirms who you are: with the authenticator app active it asks for a code "
            "from the app, otherwise for the password. Continue then emails a 6-digit code; Request Code "
            "sends a new one (and invalidates the old one) once the 60-second countdown has run out. "
            "The right code turns the method on."
        ),
    ),
    Diagram(
        title="Enable Authenticator App Code",
        source="reference_impl.dialogs.enable_app.CONFIG",
        config=enable_app.CONFIG,
        intro=(
            "Four steps. Identity confirmation asks for the password, or, with Email Code active, for a "
            "code emailed as the dialog opens (Request Code resends it). The next step shows the QR code "
            "and the same secret as a manual key; Next leads to entering the code the app shows. The "
            "right code turns the method on and shows ten recovery codes, which can be downloaded as a "
            "text file until the dialog is closed."
        ),
    ),
    Diagram(
        title="View Recovery Codes",
        source="reference_impl.dialogs.recovery_codes.CONFIG",
        config=recovery_codes.CONFIG,
        intro=(
            "A fresh code from the authenticator app opens the list of recovery codes that are still "
            "unused. Regenerate replaces every code with a new set of ten."
        ),
    ),
    Diagram(
        title="Disable Email Code",
        source="reference_impl.dialogs.disable.EMAIL_CONFIG",
        config=disable.EMAIL_CONFIG,
        intro=(
            "A code is emailed as the dialog opens; Request Code resends it after the 60-second "
            "countdown. The right code turns Email Code off and leaves the authenticator app as it was."
        ),
    ),
    Diagram(
        title="Disable Authenticator App Code",
        source="reference_impl.dialogs.disable.APP_CONFIG",
        config=disable.APP_CONFIG,
        intro=(
            "The current code from the app turns the method off and deletes its recovery codes; "
            "Email Code stays as it was."
        ),
    ),
    Diagram(
        title="Sign-in",
        source="reference_impl.signin.CONFIG",
        config=signin.CONFIG,
        intro=(
            "This machine starts once the email address and password are right. With no method active "
            "the attempt starts in signed_in: the password alone signs in. Otherwise every active method "
            "is offered; choosing Email Code sends a code at that moment (Request Code resends it after "
            "the countdown), and while the authenticator app is active a recovery code is accepted in "
            "place of the app's code. Choosing again switches the method."
        ),
    ),
)

_HEADER = """\
<!-- Generated by `python -m reference_impl.diagrams`; do not edit by hand. -->
# State machines of the reference implementation

Each diagram below is drawn by a `transitions` GraphMachine (mermaid engine) from the
same configuration dict the reference builds its machine from, so it always matches the
code; `python -m reference_impl.diagrams --check` fails when this page is out of date.

How to read them:

- Edge labels are the triggers, named after the buttons (`Continue`, `Request Code`, `Save` …).
  `[internal]` marks a button that keeps the dialog at the same step.
- Every dialog can be closed from any step that is not final (`Close` → `closed`).
- Wrong passwords and codes count; with the default policy the fifth wrong attempt
  locks the dialog (`Lock out` → `locked`) and it must be opened again.
- A trigger that a step does not offer is refused and changes nothing.
"""


def mermaid_source(config: dict[str, Any]) -> str:
    """The ``stateDiagram-v2`` text for a machine built from ``config``."""
    _check_names(config)

    class _Model:
        """A throwaway model: GraphMachine draws the graph of its first model."""

    model: Any = _Model()
    GraphMachine(model=model, graph_engine="mermaid", **config)
    raw: str = model.get_graph().source
    lines = raw.splitlines()
    if lines and lines[0] == "---":  # title front matter
        lines = lines[lines.index("---", 1) + 1 :]
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("classDef ", "Class ", "class ")):
            continue
        if not stripped and (not kept or not kept[-1]):
            continue
        kept.append(line.rstrip())
    while kept and not kept[-1]:
        kept.pop()
    kept.extend(f"  {state} --> [*]" for state in final_states(config))
    return "\n".join(kept) + "\n"


def final_states(config: dict[str, Any]) -> list[str]:
    """The states no transition leaves, in declaration order."""
    sources: set[str] = set()
    for transition in config["transitions"]:
        source = transition["source"]
        sources.update([source] if isinstance(source, str) else source)
    return [state for state in config["states"] if state not in sources]


def render() -> str:
    """The whole markdown page."""
    parts = [_HEADER]
    for diagram in DIAGRAMS:
        parts.append(
            f"\n## {diagram.title}\n\n{diagram.intro}\n\n"
            f"Drawn from `{diagram.source}`.\n\n"
            f"```mermaid\n{mermaid_source(diagram.config)}```\n"
        )
    return "".join(parts)


def _check_names(config: dict[str, Any]) -> None:
    """Refuse names mermaid would misread, rather than draw a broken diagram."""
    for state in config["states"]:
        if not _STATE_ID.fullmatch(state) or state.lower() in _RESERVED:
            raise ValueError(f"state {state!r} cannot be a mermaid state id")
    for transition in config["transitions"]:
        trigger = transition["trigger"]
        if not trigger.strip() or _LABEL_FORBIDDEN & set(trigger):
            raise ValueError(f"trigger {trigger!r} cannot be a mermaid transition label")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reference_impl.diagrams", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the markdown file")
    args = parser.parse_args(argv)
    output: Path = args.output
    wanted = render()
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != wanted:
            print(f"{output} is out of date: run python -m reference_impl.diagrams", file=sys.stderr)
            return 1
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
