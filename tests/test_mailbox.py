from __future__ import annotations

from datetime import UTC, datetime

import pytest

from harness.mailbox import one_time_code
from harness.protocol import Email


def _email(body: str) -> Email:
    return Email("a@example.com", "Your code", body, datetime(2026, 1, 1, tzinfo=UTC))


def test_the_single_six_digit_run_is_the_code() -> None:
    assert one_time_code(_email("Your code is 042917. It expires in 10 minutes.")) == "042917"


@pytest.mark.parametrize(
    "body", ["Your code is 4291.", "Your code is 04291733.", "Codes 123456 and 654321", "١٢٣٤٥٦"]
)
def test_no_single_six_digit_code_breaks_the_rule(body: str) -> None:
    with pytest.raises(AssertionError):
        one_time_code(_email(body))
