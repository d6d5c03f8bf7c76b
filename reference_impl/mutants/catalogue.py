"""Every mutant, in the documentation's order; importing the section modules registers them."""

from __future__ import annotations

from . import (
    disable,
    enable_app,
    enable_email,
    hardening,
    password,
    proof_matrix,
    recovery_codes,
    served,
    sign_in,
)
from .base import Mutant, registered

#: The modules that hold mutants, one per group of doc sections.
SECTIONS = (
    password,
    sign_in,
    enable_email,
    enable_app,
    recovery_codes,
    disable,
    hardening,
    proof_matrix,
    served,
)

_RULE_ORDER = ("SEC", "PWD", "MFA", "EML", "APP", "REC", "BTH", "DIS", "HRD")


def _doc_order(mutant: Mutant) -> tuple[int, str, str]:
    return (_RULE_ORDER.index(mutant.rule[:3]), mutant.rule, mutant.name)


MUTANTS: tuple[Mutant, ...] = tuple(sorted(registered().values(), key=_doc_order))


def by_name(names: list[str] | None = None) -> list[Mutant]:
    """The named mutants (all when ``names`` is empty); an unknown name is a usage error."""
    if not names:
        return list(MUTANTS)
    known = {m.name: m for m in MUTANTS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise KeyError(f"no such mutant: {', '.join(unknown)}")
    return [known[n] for n in names]
