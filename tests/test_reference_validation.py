"""reference_impl.validation, and arbitrary input at every public entry point.

Every entry point of the service, and every dialog method that takes input, is
fed hostile values (wrong types, empty and huge strings, NUL, lone surrogates,
look-alike digits). Each call must either raise a ``SecuritySettingsError``
(``InvalidInput`` for anything that is not even text) or be a harmless no-op,
and must leave the account, its devices, the outbox and the dialog as they
were — except that a well-formed wrong password or code counts one attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reference_impl import Method
from reference_impl.errors import InvalidInput, SecuritySettingsError, WrongCode, WrongPassword
from reference_impl.validation import (
    MAX_CODE_LENGTH,
    MAX_PASSWORD_LENGTH,
    require_code_text,
    require_device,
    require_email,
    require_numeric_code,
    require_password,
    require_text,
)

ARABIC_INDIC = "١٢٣٤٥٦"
FULL_WIDTH = "\uff11\uff12\uff13\uff14\uff15\uff16"  # full-width 123456
MATH_BOLD = "\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4"  # mathematical bold 123456
SUPERSCRIPT = "¹²³⁴⁵⁶"
LONE_SURROGATE = "\ud800"


# -- the validators ------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [None, 0, 1.5, b"text", bytearray(b"text"), ["text"], {"text": 1}, "", "a\x00b", "\x00", LONE_SURROGATE],
)
def test_require_text_refuses_what_is_not_plain_text(value):
    with pytest.raises(InvalidInput):
        require_text(value, "field", 10)


def test_require_text_limits_length_and_returns_the_value_unchanged():
    assert require_text("x" * 10, "field", 10) == "x" * 10
    assert require_text(" ünïcødé ✓ ", "field", 20) == " ünïcødé ✓ "
    with pytest.raises(InvalidInput, match="longer than 10"):
        require_text("x" * 11, "field", 10)


def test_passwords_up_to_256_characters_are_allowed():
    assert require_password("p" * MAX_PASSWORD_LENGTH) == "p" * MAX_PASSWORD_LENGTH
    with pytest.raises(InvalidInput):
        require_password("p" * (MAX_PASSWORD_LENGTH + 1))


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("alice@example.com", "alice@example.com"),
        ("a@b.test", "a@b.test"),  # as short as an address on a reserved domain gets
        # email-validator lowercases the domain (it has no case) and keeps the local part as typed
        # (RFC 5321 leaves its case to the receiving host); address_key folds the rest for lookups.
        ("Alice.Smith+tag@Example.COM", "Alice.Smith+tag@example.com"),
    ],
)
def test_plausible_addresses_pass(value, normalised):
    assert require_email(value) == normalised
    assert require_email(normalised) == normalised  # normalising twice changes nothing


@pytest.mark.parametrize(
    "value",
    [
        "alice",
        "@example.com",
        "alice@",
        "a@b@c",
        "alice @example.com",
        "alice@exa\tmple.com",
        "a" * 255,
        "a@b",  # a dotless domain names no public mail host; email-validator refuses it
    ],
)
def test_implausible_addresses_are_invalid_input(value):
    with pytest.raises(InvalidInput):
        require_email(value)


def test_device_names_are_short_text():
    assert require_device("Alice's laptop") == "Alice's laptop"
    with pytest.raises(InvalidInput):
        require_device("d" * 129)


@pytest.mark.parametrize("value", ["000000", "123456", " 123456 ", "\t987654\n"])
def test_six_ascii_digits_make_a_code(value):
    assert require_numeric_code(value, 6) == value.strip()


@pytest.mark.parametrize(
    "value",
    [
        ARABIC_INDIC,
        FULL_WIDTH,
        MATH_BOLD,
        SUPERSCRIPT,
        "123\uff1456",
        "12345",
        "1234567",
        "12 345",
        "12345a",
        "      ",
    ],
)
def test_look_alike_digits_and_wrong_lengths_are_invalid_input(value):
    assert (
        value.strip() == "" or not value.strip().isascii() or len(value.strip()) != 6 or not value.isdigit()
    )
    with pytest.raises(InvalidInput):
        require_numeric_code(value, 6)


@pytest.mark.parametrize("value", ["123456", "abcd-efgh-jkmn", "ABCD EFGH JKMN", " abcdefghjkmn "])
def test_code_text_takes_app_and_recovery_codes(value):
    assert require_code_text(value) == value.strip()


@pytest.mark.parametrize(
    "value",
    ["   ", "---", "abcd_efgh", "abcd\u3000efgh", ARABIC_INDIC, "abcd.efgh", "x" * (MAX_CODE_LENGTH + 1)],
)
def test_code_text_refuses_anything_else(value):
    with pytest.raises(InvalidInput):
        require_code_text(value)


# -- every entry point, against hostile input -------------------------------------------
@dataclass
class Target:
    """One entry point, set up on a fresh kit, with the dialog whose state it may change."""

    kit: Any
    call: Callable[[object], object]
    dialog: Any = None
    may_succeed: bool = False


def _kit(factory, *, email=False, app=False):
    kit = factory()
    kit.sign_in(kit.LAPTOP)
    if app:
        kit.enable_app()
    if email:
        kit.enable_email()
    return kit


def _service(name, *, email=False, app=False, may_succeed=False):
    def build(factory):
        kit = _kit(factory, email=email, app=app)
        return Target(kit, lambda value: getattr(kit.service, name)(value), may_succeed=may_succeed)

    return build


def _dialog(open_: Callable[[Any], Any], method: str, *, fixed=(), email=False, app=False):
    """``method`` of the dialog ``open_`` returns, with the hostile value first and ``fixed`` after."""

    def build(factory):
        kit = _kit(factory, email=email, app=app)
        dialog = open_(kit)
        return Target(kit, lambda value: getattr(dialog, method)(value, *fixed), dialog)

    return build


def _save(position):
    def build(factory):
        kit = _kit(factory)
        dialog = kit.service.change_password(kit.LAPTOP)
        fields = [kit.PASSWORD, kit.NEW_PASSWORD, "a different repeat 123"]
        if position == 0:
            fields[2] = kit.NEW_PASSWORD

        def call(value):
            given_fields = list(fields)
            given_fields[position] = value
            return dialog.save(*given_fields)

        return Target(kit, call, dialog)

    return build


def _create(position):
    def build(factory):
        kit = _kit(factory)
        fields = ["newcomer@example.com", "a long enough password"]

        def call(value):
            given_fields = list(fields)
            given_fields[position] = value
            return kit.service.create_account(*given_fields)

        return Target(kit, call, may_succeed=True)  # another account may be created; ours is untouched

    return build


def _sign_in(position):
    def build(factory):
        kit = _kit(factory, email=True)
        # With the real address, a wrong password; with the real password, hostile other fields.
        fields = [kit.PHONE, kit.EMAIL, "not the password"] if position != 2 else [kit.PHONE, kit.EMAIL, None]

        def call(value):
            given_fields = list(fields)
            given_fields[position] = value
            return kit.service.sign_in(*given_fields)

        return Target(kit, call)

    return build


def _at_email_code_entry(kit):
    dialog = kit.service.enable_email_code(kit.LAPTOP)
    dialog.press_continue(kit.PASSWORD)
    return dialog


def _at_app_code_entry(kit):
    return kit.open_app_dialog_at_code_entry(kit.LAPTOP)


def _sign_in_at(method):
    def open_(kit):
        attempt = kit.service.sign_in(kit.PHONE, kit.EMAIL, kit.PASSWORD)
        if method is not None:
            attempt.choose_method(method)
        return attempt

    return open_


TARGETS: dict[str, Callable[[Any], Target]] = {
    "create_account(email)": _create(0),
    "create_account(password)": _create(1),
    "sign_in(device)": _sign_in(0),
    "sign_in(email)": _sign_in(1),
    "sign_in(password)": _sign_in(2),
    "is_signed_in": _service("is_signed_in", may_succeed=True),
    "sign_out": _service("sign_out", may_succeed=True),
    "security_section": _service("security_section"),
    "change_password": _service("change_password"),
    "enable_email_code": _service("enable_email_code"),
    "enable_authenticator_app": _service("enable_authenticator_app"),
    "view_recovery_codes": _service("view_recovery_codes", app=True),
    "disable_email_code": _service("disable_email_code", email=True),
    "disable_authenticator_app": _service("disable_authenticator_app", app=True),
    "ChangePassword.save(current)": _save(0),
    "ChangePassword.save(new)": _save(1),
    "ChangePassword.save(repeat)": _save(2),
    "EnableEmail.press_continue(password)": _dialog(
        lambda k: k.service.enable_email_code(k.LAPTOP), "press_continue"
    ),
    "EnableEmail.press_continue(app code)": _dialog(
        lambda k: k.service.enable_email_code(k.LAPTOP), "press_continue", app=True
    ),
    "EnableEmail.enter_code": _dialog(_at_email_code_entry, "enter_code"),
    "EnableApp.press_continue(password)": _dialog(
        lambda k: k.service.enable_authenticator_app(k.LAPTOP), "press_continue"
    ),
    "EnableApp.press_continue(email code)": _dialog(
        lambda k: k.service.enable_authenticator_app(k.LAPTOP), "press_continue", email=True
    ),
    "EnableApp.enter_code": _dialog(_at_app_code_entry, "enter_code"),
    "ViewRecoveryCodes.confirm": _dialog(
        lambda k: k.service.view_recovery_codes(k.LAPTOP), "confirm", app=True
    ),
    "DisableEmail.disable": _dialog(lambda k: k.service.disable_email_code(k.LAPTOP), "disable", email=True),
    "DisableApp.disable": _dialog(
        lambda k: k.service.disable_authenticator_app(k.LAPTOP), "disable", app=True
    ),
    "SignIn.choose_method": _dialog(_sign_in_at(None), "choose_method", email=True, app=True),
    "SignIn.enter_code(email)": _dialog(_sign_in_at(Method.EMAIL_CODE), "enter_code", email=True, app=True),
    "SignIn.enter_code(app)": _dialog(
        _sign_in_at(Method.AUTHENTICATOR_APP), "enter_code", email=True, app=True
    ),
}

NASTY: list[object] = [
    None,
    0,
    1,
    -1,
    123456,
    10**100,
    1.5,
    float("nan"),
    True,
    b"",
    b"123456",
    bytearray(b"123456"),
    [],
    ["123456"],
    ("123456",),
    {},
    {"code": "123456"},
    object(),
    Method,
    "",
    " ",
    "\t\n",
    "\x00",
    "123\x00456",
    "123456\x00",
    ARABIC_INDIC,
    FULL_WIDTH,
    MATH_BOLD,
    SUPERSCRIPT,
    "123\uff1456",
    "١٢٣٤٥٦٧٨",
    "12345",
    "1234567",
    "12 3456",
    "abcdef",
    "ABCD-EFGH-JKMN",
    "-",
    "--------",
    "x" * 10_000,
    "1" * 10_000,
    "7" * 10_240,
    LONE_SURROGATE,
    "12345" + LONE_SURROGATE,
    "correct horse battery\x00",
    "not an email",
    "a@b",
    "@",
    "email_code",
    "authenticator_app",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\u202e123456",
    "\uff43\uff4f\uff52\uff52\uff45\uff43\uff54 horse battery",
]


def _check(factory, target_name: str, value: object) -> None:
    target = TARGETS[target_name](factory)
    kit, dialog = target.kit, target.dialog
    try:
        before = kit.snapshot(dialog)
        try:
            result = target.call(value)
        except SecuritySettingsError as exc:
            if not isinstance(value, str):
                assert isinstance(exc, InvalidInput), f"{target_name}({value!r:.60}) raised {exc!r}"
            expected = dict(before)
            if dialog is not None and isinstance(exc, (WrongCode, WrongPassword)):
                state, attempts, *rest = before["dialog"]
                expected["dialog"] = (state, attempts + 1, *rest)
            assert kit.snapshot(dialog) == expected, f"{target_name}({value!r:.60}) changed state"
        else:
            assert target.may_succeed, f"{target_name} accepted {value!r:.60}"
            if target_name == "is_signed_in":
                assert result is False
            assert kit.snapshot(dialog) == before, f"{target_name}({value!r:.60}) changed state"
    finally:
        kit.service.close()


@pytest.mark.parametrize("target_name", list(TARGETS))
def test_every_entry_point_survives_the_nasty_list(ref_factory, target_name):
    for value in NASTY:
        _check(ref_factory, target_name, value)


#: Arbitrary input, with extra weight on the shapes that get closest to valid.
ARBITRARY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.binary(max_size=12),
    st.lists(st.one_of(st.integers(), st.text(max_size=6)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=6, max_size=6),
    st.from_regex(r"\A\s*[0-9]{6}\s*\Z"),
    st.from_regex(r"\A[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}\Z"),
    st.text(max_size=8).map(lambda s: f"{s}\x00{s}"),
    st.text(alphabet=st.characters(categories=["Cs", "Nd"]), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=10).map(lambda kb: "9" * (kb * 1024)),
    st.sampled_from(NASTY),
)


@pytest.mark.parametrize("target_name", list(TARGETS))
@settings(
    derandomize=True,
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
@given(value=ARBITRARY)
def test_every_entry_point_survives_arbitrary_input(ref_factory, target_name, value):
    _check(ref_factory, target_name, value)


def _control(call_of: Callable[[Any], Callable[[object], object]], may_succeed: bool):
    def build(factory):
        kit = _kit(factory)
        return Target(kit, call_of(kit), may_succeed=may_succeed)

    return build


@pytest.mark.parametrize(
    ("call_of", "may_succeed", "failure"),
    [
        (lambda kit: lambda value: kit.service.sign_out(kit.LAPTOP), True, "changed state"),
        (lambda kit: lambda value: None, False, "accepted"),
        (lambda kit: lambda value: kit.clock.advance(value), False, "TypeError"),
    ],
    ids=["state change", "accepted", "foreign exception"],
)
def test_the_check_itself_can_fail(ref_factory, monkeypatch, call_of, may_succeed, failure):
    """Controls: the invariant check is not vacuous."""
    monkeypatch.setitem(TARGETS, "control", _control(call_of, may_succeed))
    with pytest.raises(
        (AssertionError, TypeError), match=failure if failure != "TypeError" else None
    ) as raised:
        _check(ref_factory, "control", "not a number")
    assert failure != "TypeError" or raised.type is TypeError
