"""reference_impl.totp: RFC 6238 codes, the accepted window, replay, secrets and the URI."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from reference_impl import totp


def _b32(ascii_secret: str) -> str:
    return base64.b32encode(ascii_secret.encode("ascii")).decode("ascii")


RFC6238_TIMES = (59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000)
#: RFC 6238 Appendix B, the SHA1 column.
RFC6238_SHA1 = ("94287082", "07081804", "14050471", "89005924", "69279037", "65353130")
#: The same appendix's SHA256 and SHA512 columns (each with its own seed length).
RFC6238_SHA256 = ("46119246", "68084774", "67062674", "91819424", "90698825", "77737706")
RFC6238_SHA512 = ("90693936", "25091201", "99943326", "93441116", "38618901", "47863826")


@pytest.mark.parametrize(("for_time", "expected"), list(zip(RFC6238_TIMES, RFC6238_SHA1, strict=True)))
def test_rfc6238_appendix_b_sha1_vectors(for_time, expected):
    assert totp.code_at(_b32("12345678901234567890"), for_time, digits=8) == expected


@pytest.mark.parametrize(
    ("digest", "seed", "column"),
    [
        ("sha256", "12345678901234567890123456789012", RFC6238_SHA256),
        ("sha512", "1234567890" * 6 + "1234", RFC6238_SHA512),
    ],
)
def test_rfc6238_appendix_b_other_digests(digest, seed, column):
    got = tuple(totp.code_at(_b32(seed), t, digits=8, digest=digest) for t in RFC6238_TIMES)
    assert got == column


def test_six_digit_codes_are_the_last_six_digits_of_the_eight_digit_ones():
    secret = _b32("12345678901234567890")
    for for_time, expected in zip(RFC6238_TIMES, RFC6238_SHA1, strict=True):
        assert totp.code_at(secret, for_time) == expected[-6:]


def test_code_at_agrees_with_an_independent_rfc4226_implementation(ref_kit):
    secret = totp.new_secret()
    for for_time in (0, 29, 30, 1_700_000_000, 1_699_162_200, 4_102_444_800):
        assert totp.code_at(secret, for_time) == ref_kit.rfc4226_code(secret, for_time)


def test_new_secret_is_160_random_bits_in_unpadded_base32():
    secrets = {totp.new_secret() for _ in range(50)}
    assert len(secrets) == 50
    for secret in secrets:
        assert len(secret) == 32
        assert set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        assert len(base64.b32decode(secret)) == 20


def test_step_of_counts_thirty_second_steps_since_the_epoch():
    assert totp.step_of(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert totp.step_of(datetime(1970, 1, 1, 0, 0, 29, 999999, tzinfo=UTC)) == 0
    assert totp.step_of(datetime(1970, 1, 1, 0, 0, 30, tzinfo=UTC)) == 1
    assert totp.step_of(datetime.fromtimestamp(1111111109, UTC)) == 37037036


# -- the accepted window ------------------------------------------------------------
NOW = datetime(2026, 3, 2, 10, 0, 15, tzinfo=UTC)  # mid-step


def _code(secret: str, steps: int) -> str:
    return totp.code_at(secret, int((NOW + timedelta(seconds=30 * steps)).timestamp()))


@pytest.fixture
def secret():
    return totp.new_secret()


def test_the_current_step_is_accepted(secret):
    assert totp.matching_step(secret, _code(secret, 0), NOW, newer_than=None) == totp.step_of(NOW)


def test_the_previous_step_is_accepted(secret):
    assert totp.matching_step(secret, _code(secret, -1), NOW, newer_than=None) == totp.step_of(NOW) - 1


@pytest.mark.parametrize("steps", [-2, -3, 1, 2])
def test_two_steps_back_and_any_future_step_are_refused(secret, steps):
    code = _code(secret, steps)
    if code in (_code(secret, 0), _code(secret, -1)):  # a one-in-500,000 collision
        pytest.skip("the code happens to equal an accepted one")
    assert totp.matching_step(secret, code, NOW, newer_than=None) is None


def test_the_window_edges_follow_the_step_boundary(secret):
    step_start = datetime.fromtimestamp(totp.step_of(NOW) * 30, UTC)
    code = totp.code_at(secret, int(step_start.timestamp()))
    assert totp.matching_step(secret, code, step_start + timedelta(seconds=59), newer_than=None) is not None
    later = step_start + timedelta(seconds=60)
    if code not in (_code(secret, 1), _code(secret, 2)):
        assert totp.matching_step(secret, code, later, newer_than=None) is None


def test_a_used_step_and_older_ones_are_never_accepted_again(secret):
    current = totp.step_of(NOW)
    assert totp.matching_step(secret, _code(secret, 0), NOW, newer_than=current) is None
    assert totp.matching_step(secret, _code(secret, -1), NOW, newer_than=current) is None
    assert totp.matching_step(secret, _code(secret, -1), NOW, newer_than=current - 1) is None
    assert totp.matching_step(secret, _code(secret, 0), NOW, newer_than=current - 1) == current


@pytest.mark.parametrize(
    ("window", "accepted", "refused"),
    [
        (totp.Window(past_steps=0), [0], [-1, 1]),
        (totp.Window(past_steps=2, future_steps=1), [-2, -1, 0, 1], [-3, 2]),
    ],
)
def test_another_window_accepts_exactly_its_steps(secret, window, accepted, refused):
    """Policy.totp_window lets a deployment (or a test driver) choose another RFC 6238 §5.2 window."""
    codes = {steps: _code(secret, steps) for steps in accepted + refused}
    if len(set(codes.values())) < len(codes):  # a one-in-500,000 collision
        pytest.skip("two steps happen to share a code")
    for steps in accepted:
        assert totp.matching_step(secret, codes[steps], NOW, None, window) == totp.step_of(NOW) + steps
    for steps in refused:
        assert totp.matching_step(secret, codes[steps], NOW, None, window) is None


def test_a_wrong_code_matches_nothing(secret):
    accepted = {_code(secret, 0), _code(secret, -1)}
    wrong = next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in accepted)
    assert totp.matching_step(secret, wrong, NOW, newer_than=None) is None


# -- the provisioning URI -------------------------------------------------------------
def test_provisioning_uri_has_what_authenticator_apps_expect(secret):
    uri = totp.provisioning_uri(secret, "alice+mfa@example.com", "Customer Area")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert unquote(parts.path) == "/Customer Area:alice+mfa@example.com"
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {
        "secret": [secret],
        "issuer": ["Customer Area"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }
