"""reference_impl.codes: emailed codes, recovery codes and their text file."""

from __future__ import annotations

import re

import pytest

from reference_impl import codes

RECOVERY_FORMAT = re.compile(
    r"[0-9abcdefghjkmnpqrstvwxyz]{4}-[0-9abcdefghjkmnpqrstvwxyz]{4}-[0-9a-hjkmnp-tv-z]{4}"
)


def test_email_codes_are_six_ascii_digits_zero_padded_and_vary():
    drawn = [codes.new_email_code() for _ in range(300)]
    assert all(len(c) == 6 and c.isascii() and c.isdigit() for c in drawn)
    assert len(set(drawn)) > 290
    assert any(c.startswith("0") for c in drawn)  # zero padding (P(miss) ~ 0.9**300)


def test_a_set_holds_ten_distinct_well_formed_codes():
    issued = codes.RecoveryCodeSet.issue()
    shown = issued.valid()
    assert len(shown) == codes.RECOVERY_CODE_COUNT == 10
    assert len(set(shown)) == 10
    for code in shown:
        assert RECOVERY_FORMAT.fullmatch(code), code
        assert not set("ilou") & set(code)


def test_every_symbol_of_a_recovery_code_is_drawn_on_its_own():
    """60 bits a code: every position takes every one of the 32 symbols, independently of its
    neighbour (P(a symbol missing at a position in 3,000 codes) < 32 * (31/32)**3000)."""
    drawn = [codes._new_recovery_code().replace("-", "") for _ in range(3000)]
    for position in range(12):
        assert len({code[position] for code in drawn}) == 32, position
    for position in range(11):
        assert len({code[position : position + 2] for code in drawn}) > 900, position  # of 1,024 pairs


def test_two_sets_share_neither_codes_nor_keys():
    first, second = codes.RecoveryCodeSet.issue(), codes.RecoveryCodeSet.issue()
    assert not set(first.valid()) & set(second.valid())
    assert first.key != second.key
    assert second.find_unused(first.valid()[0]) is None


def test_codes_are_stored_as_keyed_digests_of_the_normalised_text():
    issued = codes.RecoveryCodeSet.issue()
    code = issued.codes[0]
    assert code.digest != code.display.encode()
    assert code.digest == issued._digest(code.display.upper())


@pytest.mark.parametrize("typed", ["{c}", "{C}", " {c} ", "{nohyphen}", "{spaced}", "{C_spaced}"])
def test_case_spaces_and_hyphens_do_not_matter(typed):
    issued = codes.RecoveryCodeSet.issue()
    display = issued.valid()[3]
    text = typed.format(
        c=display,
        C=display.upper(),
        nohyphen=display.replace("-", ""),
        spaced=display.replace("-", " "),
        C_spaced=" ".join(display.upper()),
    )
    assert issued.find_unused(text) is issued.codes[3]


def test_a_used_code_is_not_found_and_not_listed():
    issued = codes.RecoveryCodeSet.issue()
    first = issued.valid()[0]
    issued.find_unused(first).used = True  # type: ignore[union-attr]
    assert issued.find_unused(first) is None
    assert first not in issued.valid()
    assert len(issued.valid()) == 9
    assert issued.valid() == tuple(c.display for c in issued.codes[1:])


def test_a_near_miss_is_not_found():
    issued = codes.RecoveryCodeSet.issue()
    display = issued.valid()[0]
    last = display[-1]
    swapped = display[:-1] + ("0" if last != "0" else "1")
    assert issued.find_unused(swapped) is None
    assert issued.find_unused(display[:-1]) is None


def test_normalize_recovery_code():
    assert codes.normalize_recovery_code(" AB-cd ef\t-GH ") == "abcdefgh"


def test_text_file_lists_every_code_one_per_line():
    shown = codes.RecoveryCodeSet.issue().valid()
    text = codes.recovery_codes_text_file(shown, "alice@example.com")
    lines = text.splitlines()
    assert lines[0] == "Recovery codes for alice@example.com"
    assert lines[-10:] == list(shown)
    assert text.endswith("\n")
