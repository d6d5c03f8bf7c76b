"""The hardening profile end to end, and the one hardening property no driver can show.

* The reference passes every HRD rule with ``--levels must,hardening``.
* Drivers that keep every documented rule but break a standard's bound fail
  exactly the right HRD rule: the run exits 1 when it gates on hardening and 0
  (with a warning) when it does not.
* Constant-time comparison cannot be measured through a driver, so it is
  checked white-box: every code and password check of the reference goes
  through ``hmac.compare_digest``, and checks every candidate.
"""

from __future__ import annotations

import contextlib
import hmac
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.catalogue import load_catalogue
from harness.features import CATALOGUE, CONFLICTS, HARDENING_CATALOGUE
from harness.steps.hardening import estimated_bits, secret_bits
from reference_impl import Method, SecuritySettingsError, totp
from reference_impl.codes import RECOVERY_CODE_COUNT
from tests.conformance_runs import conformance_run

HARDENING_RULES = set(load_catalogue(HARDENING_CATALOGUE))
ONLY_HARDENING = ("--", "-m", "hardening")
#: A run filtered to the hardening scenarios leaves the MUST rules unchecked: never CONFORMS.
FILTERED = 3


@pytest.mark.slow
def test_the_reference_passes_every_hardening_rule(tmp_path: Path) -> None:
    # The MUST and SHOULD scenarios are test_suite_catches_faulty_drivers.py's business.
    run = conformance_run(tmp_path, "--levels", "must,hardening", *ONLY_HARDENING)
    assert run.exit_code == FILTERED, run.output
    hardening = {r["id"]: r["status"] for r in run.summary["rules"] if r["level"] == "hardening"}
    # HRD-14 reads HTTP answers: NOT-APPLICABLE in-process (tests/test_http_suite.py checks it over HTTP).
    assert hardening == {**dict.fromkeys(HARDENING_RULES, "PASSED"), "HRD-14": "NOT-APPLICABLE"}


@pytest.mark.slow
def test_without_hardening_in_the_gating_levels_a_broken_bound_is_a_warning(tmp_path: Path) -> None:
    run = conformance_run(tmp_path, "--driver", "tests.drivers.lax:long_lived_email_codes", *ONLY_HARDENING)
    assert run.exit_code == FILTERED, run.output
    assert run.summary["verdict"] == "INCOMPLETE"
    assert run.rules_with("FAILED") == {"HRD-04"}
    assert re.search(r"WARNING\s+HRD-04 \(hardening\)", run.output), run.output
    page = (run.report_dir / "conformance.html").read_text(encoding="utf-8")
    warnings = re.search(r'<div class="advisory" id="advisory">(.*?)</div>', page, re.S)
    assert warnings is not None and "HRD-04" in warnings.group(1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("driver", "failing"),
    [
        ("long_lived_email_codes", {"HRD-04"}),
        # No limit on passwords either (HRD-11); HRD-12 first shows the limit holds, so it fails too.
        ("no_account_lockout", {"HRD-06", "HRD-07", "HRD-08", "HRD-11", "HRD-12"}),
    ],
)
def test_gating_on_hardening_fails_exactly_the_broken_bound(
    tmp_path: Path, driver: str, failing: set[str]
) -> None:
    run = conformance_run(
        tmp_path, "--driver", f"tests.drivers.lax:{driver}", "--levels", "must,hardening", *ONLY_HARDENING
    )
    assert run.exit_code == 1, run.output
    assert run.summary["verdict"] == "DOES NOT CONFORM"
    assert run.rules_with("FAILED") == failing
    assert run.rules_with("BROKEN") == set()
    for rule_id in failing:
        assert re.search(rf"FAILED\s+{rule_id} \(hardening\)", run.output), run.output


# -- bounds the steps compute --------------------------------------------------------------------


def test_secret_bits_counts_whole_bytes_of_the_base32_secret() -> None:
    link = "otpauth://totp/X:a@b.c?secret={}&issuer=X"
    assert secret_bits(link.format("A" * 32)) == 160
    assert secret_bits(link.format("a" * 26)) == 128  # 130 bits of base32 carry 16 whole bytes
    assert secret_bits(link.format("A" * 25)) == 120
    with pytest.raises(AssertionError, match="no base32 secret"):
        secret_bits("otpauth://totp/X:a@b.c?issuer=X")


@pytest.mark.parametrize(
    ("codes", "bits"),
    [
        (("0ygh-v325-fst1",), 12 * 5.0),  # the reference: Crockford base32, 12 symbols
        (("12345678",), 8 * 3.32),  # digits only
        (("deadbeef-00112233",), 16 * 4.0),  # hex counts as 16 symbols, not 36
        (("aB3dE6gH9jK2mN5p",), 16 * 5.95),  # both cases count as 62 symbols
        (("ABCD-EFGH", "ABCD-EFGH-IJKL"), 8 * 5.0),  # one case only, base32; the shortest code decides
        (("z9l1-0000",), 8 * 5.17),  # l and 0 together fit no base32: 36 symbols
        ((), 0.0),
    ],
)
def test_recovery_code_entropy_is_estimated_from_the_smallest_alphabet(
    codes: tuple[str, ...], bits: float
) -> None:
    assert estimated_bits(codes) == pytest.approx(bits, abs=0.1)


# -- constant-time comparison, white-box ----------------------------------------------------------


@pytest.fixture
def comparisons(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Any]]:
    """Every call of hmac.compare_digest with its arguments (the reference always calls it that way)."""
    calls: list[tuple[Any, Any]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return calls


def _count(comparisons: list[tuple[Any, Any]], action: Callable[[], object]) -> int:
    """How many comparisons ``action`` makes; a refusal is expected, only the comparisons matter."""
    before = len(comparisons)
    with contextlib.suppress(SecuritySettingsError):
        action()
    return len(comparisons) - before


def test_passwords_are_compared_in_constant_time(ref_kit: Any, comparisons: list[tuple[Any, Any]]) -> None:
    service = ref_kit.service
    right = _count(comparisons, lambda: service.sign_in(ref_kit.PHONE, ref_kit.EMAIL, ref_kit.PASSWORD))
    wrong = _count(comparisons, lambda: service.sign_in(ref_kit.PHONE, ref_kit.EMAIL, "x" + ref_kit.PASSWORD))
    assert right == wrong == 1
    assert all(isinstance(a, bytes) and len(a) == 32 for a, _ in comparisons)  # scrypt digests


def test_email_codes_are_compared_in_constant_time(ref_kit: Any, comparisons: list[tuple[Any, Any]]) -> None:
    dialog = ref_kit.service.enable_email_code(ref_kit.LAPTOP)
    dialog.press_continue(ref_kit.password)
    sent = ref_kit.last_email_code()
    wrong = ref_kit.wrong_email_code()
    assert _count(comparisons, lambda: dialog.enter_code(wrong)) == 1
    assert comparisons[-1] == (sent, wrong)
    assert _count(comparisons, lambda: dialog.enter_code(sent)) == 1
    assert comparisons[-1] == (sent, sent)
    assert ref_kit.account.email_code is not None


def test_app_codes_compare_every_accepted_step(ref_kit: Any, comparisons: list[tuple[Any, Any]]) -> None:
    ref_kit.enable_app()
    dialog = ref_kit.service.view_recovery_codes(ref_kit.LAPTOP)
    steps = totp.ACCEPTED_PAST_STEPS + 1
    replayed = _count(comparisons, lambda: dialog.confirm(ref_kit.app_code()))  # the one enable_app used
    wrong = _count(comparisons, lambda: dialog.confirm(ref_kit.wrong_app_code()))
    right = _count(comparisons, lambda: dialog.confirm(ref_kit.next_app_code()))
    assert dialog.state == "codes_shown"
    # Every accepted step twice (was it spent already? does it match?), whatever the code: a replayed, a
    # wrong and a right code cost the same, and the older step is still compared.
    assert right == wrong == replayed == 2 * steps


def test_recovery_codes_compare_every_code(ref_kit: Any, comparisons: list[tuple[Any, Any]]) -> None:
    codes = ref_kit.enable_app()

    def sign_in_with(code: str) -> None:
        attempt = ref_kit.service.sign_in(ref_kit.TABLET, ref_kit.EMAIL, ref_kit.password)
        attempt.choose_method(Method.AUTHENTICATOR_APP)
        attempt.enter_code(code)

    # The password; whether the code was spent already (every accepted step, every recovery code);
    # then the code as an app code (every accepted step), then every recovery code.
    expected = 1 + 2 * (totp.ACCEPTED_PAST_STEPS + 1 + RECOVERY_CODE_COUNT)
    first = _count(comparisons, lambda: sign_in_with(codes[0]))
    last = _count(comparisons, lambda: sign_in_with(codes[-1]))
    assert ref_kit.service.is_signed_in(ref_kit.TABLET)
    assert first == last == expected
    # Refused, a used code or a made-up one: the same comparisons again.
    reused = _count(comparisons, lambda: sign_in_with(codes[0]))
    none = _count(comparisons, lambda: sign_in_with("zzzz-zzzz-zzzz"))
    assert reused == none == expected


# -- the conflicts log quotes the documentation ----------------------------------------------------


def test_the_conflicts_log_quotes_the_documentation_word_for_word() -> None:
    doc = CATALOGUE.read_text(encoding="utf-8")
    said = [
        line for line in CONFLICTS.read_text(encoding="utf-8").splitlines() if "documentation says" in line
    ]
    assert len(said) == 4
    for line in said:
        for quote in re.findall(r'"([^"]+)"', line):
            for sentence in re.split(r"(?<=\.) ", quote):
                assert sentence in doc, f"{sentence!r} is not in the documentation"
