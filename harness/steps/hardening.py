"""Steps only the hardening profile needs (spec/features/hardening/): old codes, many wrong codes, bounds.

Hardening scenarios assert a standard's bound, never the reference's number, so
the steps that make many attempts never stop at the first refusal: an
implementation may refuse the password, the method or the code once it
throttles, and any of those is a refusal the bound allows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from pytest_bdd import given, parsers, then, when

from ..authenticator import Authenticator, decode_qr
from ..protocol import Method
from ..world import Person, World
from .common import NAME, ON_DEVICE
from .dialogs import _DISABLES
from .sign_in import _METHOD_PHRASES

#: Just over the documented 60-second Request Code countdown (EML-05).
RESEND_WAIT_SECONDS = 61
#: RFC 4226 §4 (R6): "The length of the shared secret MUST be at least 128 bits."
MIN_SECRET_BITS = 128
_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
#: NIST SP 800-63B-4 §3.1.2.2: look-up secrets of fewer bits must be rate-limited.
RATE_LIMIT_EXEMPT_BITS = 64

#: What a guesser types for each method, made up by what the person knows (so never a real code).
_GUESSES: dict[str, tuple[Method, Callable[[World, Person], str]]] = {
    "a wrong authenticator code": (Method.AUTHENTICATOR_APP, World.wrong_code),
    "a wrong email code": (Method.EMAIL_CODE, World.wrong_code),
    "a made-up recovery code": (Method.RECOVERY_CODE, World.made_up_recovery_code),
}


def try_sign_in(world: World, person: Person, word: str, method: Method, code: Callable[[], str]) -> None:
    """Password, ``method``, then ``code()``; stops quietly at the first step the implementation refuses."""
    result = world.start_sign_in(person, word)
    if result.outcome.accepted and not result.signed_in and world.choose(person, word, method).accepted:
        world.enter_sign_in_code(person, word, code())


def estimated_bits(codes: Sequence[str]) -> float:
    """Entropy of the shortest code, estimated generously from the kinds of characters all codes use.

    Separators do not count; letters of one case only are read as case-insensitive.
    """
    compact = ["".join(c for c in code if c.isascii() and c.isalnum()) for code in codes]
    used = "".join(compact)
    both_cases = used != used.lower() and used != used.upper()
    letters = (52 if both_cases else 26) if any(c.isalpha() for c in used) else 0
    alphabet = letters + (10 if any(c.isdigit() for c in used) else 0)
    if not compact or alphabet < 2:
        return 0.0
    return min(len(code) for code in compact) * math.log2(alphabet)


# -- time ---------------------------------------------------------------------------------------
_MINUTES = r"(?P<minutes>\d+) minutes? (?:and (?P<seconds>\d+) seconds? )?(?:pass|have passed)"


@given(parsers.re(_MINUTES))
@when(parsers.re(_MINUTES))
def minutes_pass(world: World, minutes: str, seconds: str | None) -> None:
    world.pass_time(int(minutes) * 60 + int(seconds or 0))


# -- authenticator codes ------------------------------------------------------------------------
_MINUTE_OLD = "the code her authenticator app showed a minute ago"


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and {_MINUTE_OLD}"))
def signs_in_with_minute_old_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    app = world.app_of(person)
    old = _minute_old_code(world, app)
    world.sign_in_with(person, device, Method.AUTHENTICATOR_APP, code=old)


def _minute_old_code(world: World, app: Authenticator) -> str:
    """The code of two steps back; should it equal one the bound allows (1 in 500 000), wait a step."""
    while True:
        now = world.driver.now()
        old = app.code_at(now - timedelta(minutes=1))
        if old not in {app.code_at_step(app.step(now) - back) for back in (0, 1)}:
            return old
        world.pass_time(app.period)


@when(parsers.re(rf"{NAME} enters the same authenticator code"))
def enters_same_app_code(world: World, name: str) -> None:
    person = world.person(name)
    assert person.last_app_code is not None, f"{name} has not used an authenticator code yet"
    world.enter_code(person, person.last_app_code)


@then("the secret in the QR code is at least 128 bits long")
def qr_secret_long_enough(world: World) -> None:
    view = world.view()
    assert view.qr_code_png, f"the dialog shows no QR code (at {view.step})"
    bits = secret_bits(decode_qr(view.qr_code_png))
    assert bits >= MIN_SECRET_BITS, f"the QR code's secret has {bits} bits, fewer than {MIN_SECRET_BITS}"


def secret_bits(uri: str) -> int:
    """Whole bytes of the base32 ``secret`` of an otpauth:// link, in bits.

    Read here rather than through pyotp, which refuses secrets under 112 bits
    outright: a short secret is this rule failing, not a broken run.
    """
    secret = parse_qs(urlparse(uri).query).get("secret", [""])[0].rstrip("=").upper()
    assert secret and set(secret) <= _BASE32, f"the QR code's link has no base32 secret: {uri[:80]!r}"
    return len(secret) * 5 // 8 * 8


# -- many wrong codes ---------------------------------------------------------------------------
@when(parsers.re(rf"{NAME} enters (?P<count>\d+) wrong codes, asking for a new code after each"))
def wrong_codes_with_new_codes(world: World, name: str, count: str) -> None:
    person = world.person(name)
    dialog = world.current_dialog()
    for _ in range(int(count)):
        world.enter_code(person, world.wrong_code(person))
        world.pass_time(RESEND_WAIT_SECONDS)
        dialog.request_code()


_GUESS = rf"(?P<guess>{'|'.join(_GUESSES)})"


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} (?P<count>\d+) times with her password and {_GUESS}"))
def signs_in_many_times(world: World, name: str, device: str, count: str, guess: str) -> None:
    person = world.person(name)
    method, make_up = _GUESSES[guess]
    for _ in range(int(count)):
        try_sign_in(world, person, device, method, lambda: make_up(world, person))


@when(
    parsers.re(
        rf"{NAME} tries to sign in {ON_DEVICE} with her password and (?P<how>{'|'.join(_METHOD_PHRASES)})"
    )
)
def tries_to_sign_in(world: World, name: str, device: str, how: str) -> None:
    person = world.person(name)
    method = _METHOD_PHRASES[how]
    try_sign_in(world, person, device, method, lambda: world.code_for(person, method))


@then(parsers.re(rf"{NAME} is not signed in {ON_DEVICE}, unless her recovery codes hold 64 bits or more"))
def not_signed_in_unless_long_codes(world: World, name: str, device: str) -> None:
    person = world.person(name)
    bits = estimated_bits(person.recovery_codes)
    if bits < RATE_LIMIT_EXEMPT_BITS:
        assert not world.driver.is_signed_in(person.device(device)), (
            f"{name} was signed in on her {device} after the wrong guesses; her recovery codes hold "
            f"about {bits:.0f} bits, so the standard asks for a limit on wrong attempts"
        )


# -- sessions and fresh proofs -------------------------------------------------------------------
@when(parsers.re(rf"{NAME} completes the sign-in {ON_DEVICE} with a code from her authenticator app"))
def completes_sign_in_with_app_code(world: World, name: str, device: str) -> None:
    person = world.person(name)
    if world.choose(person, device, Method.AUTHENTICATOR_APP).accepted:
        world.enter_sign_in_code(person, device, world.fresh_app_code(person))


@when(
    parsers.re(
        rf"{NAME} opens the dialog to disable (?P<method>the email code|the authenticator app) {ON_DEVICE}"
    )
)
def opens_disable_on(world: World, name: str, method: str, device: str) -> None:
    world.open(world.person(name), _DISABLES[method], device)


@when(parsers.re(rf"{NAME} confirms with an empty answer"))
def confirms_with_empty_answer(world: World, name: str) -> None:
    world.confirm("")
