"""Which documented rule a failing check belongs to.

A scenario checks one rule, but reaching its checks takes other behaviour of the
product: signing in, enabling a method, confirming identity. When that other
behaviour deviates, the scenario's own rule was never checked. So every journey
step runs *relying on* the rule that documents it, and a deviation there carries
that rule's ID:

* the deviation's rule **is** the scenario's rule → FAILED (the product breaks it);
* it is **another** rule → BLOCKED by that rule (this scenario was not checked).

Plain ``assert`` statements in Then steps belong to the scenario's own rule.
:class:`~harness.protocol.NotOffered` (the product shows no such thing) is a
deviation like any other: "the product offers no Download as Text File".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .protocol import DialogKind, NotOffered, Outcome

#: The password alone opening an account with a method on: MFA-01's deviation, and MFA-05's own
#: ("safe even if the password leaks") — FAILED in MFA-05's scenarios, never BLOCKED there.
PASSWORD_ALONE = frozenset({"MFA-05"})


class Deviation(AssertionError):
    """The product did not do what ``rule`` documents, at ``doing``.

    ``family``: rules that all rest on this step, so that it is their own check too — a product with
    no Enable Email Code dialog at all breaks every EML rule, not only the one that opens it.
    """

    def __init__(self, rule: str, doing: str, message: str, family: frozenset[str] = frozenset()) -> None:
        self.rule, self.doing, self.message, self.family = rule, doing, message, family
        super().__init__(f"{doing}: {message}" if doing else message)

    def belongs_to(self, rule: str | None) -> bool:
        return rule == self.rule or rule in self.family


@contextmanager
def relying_on(rule: str, doing: str = "", family: frozenset[str] = frozenset()) -> Iterator[None]:
    """Attribute a failing check or a missing control inside the block to ``rule`` (and its ``family``).

    The innermost attribution wins: a journey that relies on APP-02 for its identity step and
    on APP-06 for the generated code names the one that actually failed.
    """
    try:
        yield
    except Deviation:
        raise
    except NotOffered as missing:
        raise Deviation(rule, doing, str(missing), family) from None
    except AssertionError as failed:
        raise Deviation(rule, doing, _sentence(failed), family) from None


@contextmanager
def own_check(doing: str) -> Iterator[None]:
    """A journey that is the scenario's own check: a deviation inside is the scenario's rule's, not the
    journey's. Only where the scenario showed the flow works (its Given, or a control): DIS-07, BTH-01."""
    try:
        yield
    except Deviation as deviation:
        raise AssertionError(f"{doing}: {deviation}") from None


def _sentence(failed: AssertionError) -> str:
    """The assertion's own message, without pytest's ``assert …`` introspection."""
    text = str(failed).split("\nassert ", 1)[0].strip()
    return text or "a check failed"


def said(outcome: Outcome) -> str:
    """An outcome as a person would say it: "accepted", "refused (wrong code: try again)"."""
    if outcome.accepted:
        return "accepted"
    reason = outcome.reason.value.replace("_", " ") if outcome.reason else "no reason given"
    return f"refused ({reason}: {outcome.detail})" if outcome.detail else f"refused ({reason})"


def title(kind: DialogKind) -> str:
    """A dialog's name as the page would title it: "Enable Email Code"."""
    return kind.value.replace("_", " ").title()
