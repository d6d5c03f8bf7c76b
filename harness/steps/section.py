"""What the Security section shows."""

from __future__ import annotations

import re

from pytest_bdd import parsers, then

from ..checks import relying_on
from ..journeys import SECTION_RULES
from ..protocol import DialogKind, MethodStatus, SecuritySection
from ..world import World, same_day_anywhere
from .common import NAME

_METHOD = r"(?P<method>email code|authenticator app)"
_BLOCKS = {"email code": "email_code", "authenticator app": "authenticator_app"}


#: A method with no block in the section is a method the product lacks: the rule that documents the
#: method owns that (FAILED in the method's own rules and MFA-02's, BLOCKED by it elsewhere).
_MISSING = {
    "email code": ("MFA-03", SECTION_RULES[DialogKind.ENABLE_EMAIL_CODE] | {"MFA-02"}),
    "authenticator app": ("MFA-04", SECTION_RULES[DialogKind.ENABLE_AUTHENTICATOR_APP] | {"MFA-02"}),
}


def _block(section: SecuritySection, method: str) -> MethodStatus:
    block: MethodStatus | None = getattr(section, _BLOCKS[method])
    rule, family = _MISSING[method]
    with relying_on(rule, "the Security section", family):
        assert block is not None, f"the Security section shows no {method} block"
    return block


@then(parsers.re(rf"the Security section offers (?P<action>Enable|Disable) for the {_METHOD} method"))
def offers_action(world: World, action: str, method: str) -> None:
    shown = _block(world.section(), method).action
    assert shown == action, f"the {method} block offers {shown!r}, expected {action!r}"


@then("the Security section offers a way to turn on multi-factor authentication")
def offers_mfa(world: World) -> None:
    section = world.section()
    blocks = [b for b in (section.email_code, section.authenticator_app) if b is not None]
    assert any(b.action == "Enable" for b in blocks), (
        "the Security section offers no Enable for any MFA method"
    )


@then(parsers.re(rf"the {_METHOD} method is (?P<negated>not )?active"))
def method_active(world: World, method: str, negated: str | None) -> None:
    active = _block(world.section(), method).active
    assert active is not bool(negated), f"the {method} method is {'active' if active else 'not active'}"


@then(parsers.re(rf"the Security section shows the {_METHOD} method active since today"))
def active_since_today(world: World, method: str) -> None:
    block = _block(world.section(), method)
    assert block.active, f"the {method} method is not active"
    assert same_day_anywhere(block.activated_on, world.today()), (
        f"activation date shown: {block.activated_on}, expected today ({world.today()})"
    )


@then(
    parsers.re(
        rf"the Security section shows {NAME}'s {_METHOD} active "
        r"since the day (?P<other>[A-Z][a-z]+)'s was activated"
    )
)
def active_since_same_day(world: World, name: str, method: str, other: str) -> None:
    """Offset-free (I-18): the other account's method, turned on in a fresh dialog at the same moment,
    carries the product's own date for that moment, whatever time zone the product shows dates in."""
    mine = _block(world.section(world.person(name)), method)
    theirs = _block(world.section(world.person(other)), method)
    assert mine.active and theirs.active, f"the {method} method is not active for both {name} and {other}"
    assert mine.activated_on == theirs.activated_on, (
        f"{name}'s {method} is shown active since {mine.activated_on}, {other}'s since "
        f"{theirs.activated_on}, though both were turned on at the same moment"
    )


@then(parsers.re(rf"the Security section shows that codes are sent to {NAME}'s registered address"))
def codes_sent_to(world: World, name: str) -> None:
    address = _block(world.section(), "email code").address
    expected = world.person(name).email
    assert address is not None and shows_address(address, expected), (
        f"the section says codes go to {address!r}, expected {expected!r}"
    )


#: Characters products use to hide part of an address ("a•••e@example.com").
_MASK_RUN = re.compile(r"[*•…·]+")


def shows_address(shown: str, address: str) -> bool:
    """Is ``shown`` the address, whole or partly masked (I-19), with something visible either side of @?"""
    local, at, domain = shown.partition("@")
    if not at or not _MASK_RUN.sub("", local) or not _MASK_RUN.sub("", domain):
        return False
    pattern = ".+".join(re.escape(visible) for visible in _MASK_RUN.split(shown))
    return re.fullmatch(pattern, address, re.IGNORECASE) is not None
