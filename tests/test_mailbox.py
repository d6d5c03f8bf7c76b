from __future__ import annotations

from datetime import UTC, datetime

import pytest

from harness.mailbox import holds_code, one_time_code
from harness.protocol import Email


def _email(body: str) -> Email:
    return Email("a@example.com", "Your code", body, datetime(2026, 1, 1, tzinfo=UTC))


def test_the_single_six_digit_run_is_the_code() -> None:
    assert one_time_code(_email("Your code is 042917. It expires in 10 minutes.")) == "042917"


@pytest.mark.parametrize("printed", ["042 917", "042-917", "042917"])
def test_a_code_grouped_three_and_three_is_read_as_one(printed: str) -> None:
    assert one_time_code(_email(f"Your code is {printed}.")) == "042917"


def test_the_number_next_to_the_word_code_is_the_code() -> None:
    assert one_time_code(_email("Order 555111 needs you. Your sign-in code is 042917.")) == "042917"


def test_a_mail_without_a_code_holds_none() -> None:
    assert not holds_code(_email("Your password was changed on 2026-11-28 at 10:03."))


@pytest.mark.parametrize(
    "body",
    [
        "Your code is 4291.",
        "Your code is 04291733.",
        "Your code is 123456, or code 654321",
        "Numbers 123456 and 654321",
        "١٢٣٤٥٦",
        "Your code is 1234 5678.",
    ],
)
def test_no_single_six_digit_code_breaks_the_rule(body: str) -> None:
    with pytest.raises(AssertionError):
        one_time_code(_email(body))
