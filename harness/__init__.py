"""The conformance kit: Driver protocol, pytest plugin, reports and the ``conformance`` command.

The public surface for driver authors is :mod:`harness.protocol`; everything a
driver needs is re-exported here.
"""

from __future__ import annotations

from .protocol import (
    PROTOCOL_VERSION,
    Capability,
    Dialog,
    DialogKind,
    DialogRefused,
    DialogView,
    Driver,
    Email,
    Evidence,
    KeepsEvidence,
    Method,
    MethodStatus,
    NotOffered,
    Outcome,
    Prompt,
    Reason,
    SecuritySection,
    SignInResult,
    Step,
    TextFile,
)

__all__ = [
    "PROTOCOL_VERSION",
    "Capability",
    "Dialog",
    "DialogKind",
    "DialogRefused",
    "DialogView",
    "Driver",
    "Email",
    "Evidence",
    "KeepsEvidence",
    "Method",
    "MethodStatus",
    "NotOffered",
    "Outcome",
    "Prompt",
    "Reason",
    "SecuritySection",
    "SignInResult",
    "Step",
    "TextFile",
]
