"""EML-06 accepts the registered address whole or masked, and nothing else (I-19)."""

from __future__ import annotations

import pytest

from harness.steps.section import shows_address

ADDRESS = "alice.smith@example.com"


@pytest.mark.parametrize(
    "shown", [ADDRESS, "ALICE.Smith@Example.com", "a***h@example.com", "a•••@e•••.com", "al…@example.com"]
)
def test_the_address_whole_or_masked_is_shown(shown: str) -> None:
    assert shows_address(shown, ADDRESS)


@pytest.mark.parametrize(
    "shown", ["***@***", "bob@example.com", "a***@other.com", "alice.smith@example.co", "alice.smith", ""]
)
def test_another_or_fully_hidden_address_is_not(shown: str) -> None:
    assert not shows_address(shown, ADDRESS)
