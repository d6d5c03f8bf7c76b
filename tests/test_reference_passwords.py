"""reference_impl.passwords: scrypt hashes with the cost inside the encoded string."""

from __future__ import annotations

import base64

import pytest

from reference_impl import FAST_SCRYPT, STRONG_SCRYPT, PasswordHasher, ScryptCost


@pytest.fixture
def hasher():
    return PasswordHasher(FAST_SCRYPT)


def test_a_hash_verifies_its_own_password_only(hasher):
    encoded = hasher.hash("correct horse battery")
    assert hasher.verify("correct horse battery", encoded)
    for other in ("correct horse batterY", "correct horse battery ", "", "correct horse"):
        assert not hasher.verify(other, encoded)


def test_the_encoding_names_the_cost_salt_and_a_32_byte_digest(hasher):
    scheme, n, r, p, salt, digest = hasher.hash("pässwörd ✓").split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", FAST_SCRYPT.n, FAST_SCRYPT.r, FAST_SCRYPT.p)
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32


def test_each_hash_has_its_own_salt(hasher):
    first, second = hasher.hash("same password"), hasher.hash("same password")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert hasher.verify("same password", first)
    assert hasher.verify("same password", second)


def test_verify_uses_the_cost_stored_in_the_hash():
    encoded = PasswordHasher(FAST_SCRYPT).hash("correct horse battery")
    # A hasher configured with another cost still verifies it (and quickly, at the stored cost).
    assert PasswordHasher(STRONG_SCRYPT).verify("correct horse battery", encoded)
    assert PasswordHasher(ScryptCost(n=2**5, r=2, p=1)).verify("correct horse battery", encoded)


def test_the_strong_cost_is_owasps_and_is_the_default():
    # OWASP's Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (what ``serve`` hashes with).
    assert (STRONG_SCRYPT.n, STRONG_SCRYPT.r, STRONG_SCRYPT.p) == (2**17, 8, 1)
    assert PasswordHasher().cost == STRONG_SCRYPT
    assert STRONG_SCRYPT.maxmem > 128 * 8 * 2**17  # 128 MiB: scrypt must be allowed that much memory


def test_unicode_passwords_round_trip(hasher):
    encoded = hasher.hash("١٢٣٤٥٦ пароль 密码")
    assert hasher.verify("١٢٣٤٥٦ пароль 密码", encoded)
    assert not hasher.verify("123456 пароль 密码", encoded)


def test_verify_reads_every_cost_factor_from_the_hash():
    # r and p differ from each other and from FAST_SCRYPT's, so reading either one wrongly derives
    # another key: the right password would no longer verify.
    cost = ScryptCost(n=2**4, r=2, p=3)
    encoded = PasswordHasher(cost).hash("correct horse battery")
    for hasher in (PasswordHasher(FAST_SCRYPT), PasswordHasher(cost)):
        assert hasher.verify("correct horse battery", encoded)
        assert not hasher.verify("correct horse batterY", encoded)
