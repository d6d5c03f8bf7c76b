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

from .. import journeys
from ..authenticator import Authenticator, decode_qr
from ..person import Person
from ..protocol import DialogKind, Method
from ..world import World
from .common import NAME, ON_DEVICE
from .dialogs import _DISABLES
from .sign_in import METHOD_PHRASES

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


#: Standard code alphabets, smallest first; letters of one case are read case-insensitively.
_ALPHABETS = (
    frozenset("0123456789"),
    frozenset("0123456789abcdef"),
    frozenset("abcdefghijklmnopqrstuvwxyz234567"),  # RFC 4648 base32
    frozenset("0123456789abcdefghjkmnpqrstvwxyz"),  # Crockford base32
    frozenset("0123456789abcdefghijklmnopqrstuvwxyz"),
)


def estimated_bits(codes: Sequence[str]) -> float:
    """Entropy of the shortest code, from the smallest standard alphabet that holds every character seen.

    Separators do not count. Hex codes count as 16 symbols, not 36: estimating
    high would wrongly exempt short codes from the rate limit.
    """
    compact = ["".join(c for c in code if c.isascii() and c.isalnum()) for code in codes]
    used = set("".join(compact))
    if not compact or not used:
        return 0.0
    both_cases = any(c.isupper() for c in used) and any(c.islower() for c in used)
    folded = {c.lower() for c in used}
    size = 62 if both_cases else next((len(a) for a in _ALPHABETS if folded <= a), 36)
    return min(len(code) for code in compact) * math.log2(size)


# -- time ---------------------------------------------------------------------------------------
_MINUTES = r"(?P<minutes>\d+) minutes? (?:and (?P<seconds>\d+) seconds? )?(?:pass|have passed)"


@given(parsers.re(_MINUTES))
@when(parsers.re(_MINUTES))
def minutes_pass(world: World, minutes: str, seconds: str | None) -> None:
    world.pass_time(int(minutes) * 60 + int(seconds or 0))


# -- authenticator codes ------------------------------------------------------------------------
#: RFC 6238 §6's example window: two steps back. An old code must not fall inside it by chance.
_DRIFT_WINDOW_STEPS = 2
_MINUTES_OLD = r"the code her authenticator app showed (?P<minutes>\d+) minutes ago"


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} with her password and {_MINUTES_OLD}"))
def signs_in_with_old_code(world: World, name: str, device: str, minutes: str) -> None:
    person = world.person(name)
    old = _old_code(world, world.app_of(person), timedelta(minutes=int(minutes)))
    world.sign_in_with(person, device, Method.AUTHENTICATOR_APP, code=old)


def _old_code(world: World, app: Authenticator, age: timedelta) -> str:
    """The code of ``age`` ago; should it equal one the window allows (1 in ~200 000), wait a step."""
    while True:
        now = world.driver.now()
        old = app.code_at(now - age)
        window = range(-_DRIFT_WINDOW_STEPS, _DRIFT_WINDOW_STEPS + 1)
        if old not in {app.code_at_step(app.step(now) + offset) for offset in window}:
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
    assert view.qr_code_image, f"the dialog shows no QR code (at {view.step})"
    bits = secret_bits(decode_qr(view.qr_code_image))
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
_REOPENING = (
    r"(?P<count>\d+) wrong codes to turn on the email code, each in a new dialog, asking for a new code"
    r" after each"
)


@when(parsers.re(rf"{NAME} tries {_REOPENING}"))
def wrong_codes_across_dialogs(world: World, name: str, count: str) -> None:
    """Neither a new code nor a new dialog may give a guesser a fresh allowance (HRD-06).

    One wrong code per dialog: a product may end a dialog after its first wrong answer (I-16), so
    only the first attempt of each dialog surely counts. Each dialog lasts a minute, so no expiry
    (HRD-04) ends it first.
    """
    person = world.person(name)
    for _ in range(int(count)):
        journeys.open_dialog(world, person, DialogKind.ENABLE_EMAIL_CODE, "EML-01")
        journeys.confirm_identity(world, person, DialogKind.ENABLE_EMAIL_CODE)
        world.enter_code(person, world.wrong_code(person))
        world.pass_time(RESEND_WAIT_SECONDS)
        world.current_dialog().request_code()
        world.current_dialog().close()


_GUESS = rf"(?P<guess>{'|'.join(_GUESSES)})"


_APART = r"(?P<count>\d+) times, (?P<gap>\d+) minutes apart,"


#: Between guesses she works on her laptop: a product may end idle sessions (I-17), not used ones.
KEEPS_USING = r"(?P<busy>, while she keeps using her laptop)?$"


def keep_using_laptop(world: World, person: Person) -> None:
    world.section(person)  # she looks at her Security section, as anyone working there would


@when(parsers.re(rf"{NAME} signs in {ON_DEVICE} {_APART} with her password and {_GUESS}{KEEPS_USING}"))
def signs_in_many_times(
    world: World, name: str, device: str, count: str, gap: str, guess: str, busy: str | None
) -> None:
    """Guesses spread out in time: a throttle's waits run out, so only a real limit stops them."""
    person = world.person(name)
    method, make_up = _GUESSES[guess]
    for _ in range(int(count)):
        world.pass_time(int(gap) * 60)
        if busy:
            keep_using_laptop(world, person)
        try_sign_in(world, person, device, method, lambda: make_up(world, person))


@when(
    parsers.re(
        rf"{NAME} tries to sign in {ON_DEVICE} with her password and (?P<how>{'|'.join(METHOD_PHRASES)})"
    )
)
def tries_to_sign_in(world: World, name: str, device: str, how: str) -> None:
    person = world.person(name)
    method = METHOD_PHRASES[how]
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
