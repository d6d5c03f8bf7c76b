"""Pieces of step phrases shared by several modules."""

from __future__ import annotations

#: A person's name in a step ("Alice").
NAME = r"(?P<name>[A-Z][a-z]+)"
#: "on her phone" / "on his laptop".
ON_DEVICE = r"on (?:her|his) (?P<device>[a-z]+)"
