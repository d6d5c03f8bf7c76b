"""HRD-14: the answers that show a second factor's secret may not be cached.

The step reads the open dialog once more (that read is the answer whose header
fields are checked) and first makes sure it really shows the secret, so a
dialog that shows nothing cannot pass for one that is not cached.
"""

from __future__ import annotations

from pytest_bdd import parsers, then

from ..checks import relying_on
from ..world import World
from .common import NAME, ON_DEVICE

#: What the answer shows, the rule that documents it being shown, and where the view holds it.
_SECRETS = {
    "the key of the authenticator app": ("APP-05", "manual_key"),
    "her recovery codes": ("REC-02", "recovery_codes"),
}


@then(
    parsers.re(rf"the answer that shows {NAME} (?P<what>{'|'.join(_SECRETS)}) {ON_DEVICE} may not be cached")
)
def answer_not_cached(world: World, name: str, what: str, device: str) -> None:
    rule, field = _SECRETS[what]
    view = world.view()
    with relying_on(rule, f"the dialog showing {what}"):
        assert getattr(view, field), f"the dialog shows no {what} (at {view.step.value})"
    caching = world.driver.dialog_caching(world.person(name).device(device))
    directives = {d.strip().split("=")[0].lower() for d in (caching or "").split(",")}
    assert "no-store" in directives, (
        f"the answer that shows {what} says Cache-Control: {caching!r}, without no-store: "
        "a browser or a proxy may keep it"
    )
