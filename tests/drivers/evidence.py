"""Drivers that keep evidence of a failing step (KeepsEvidence) without a browser: PWD-02 fails, as with
``faulty:careless_change_password``, and ``evidence()`` answers in each way a driver might."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from PIL import Image

from harness.protocol import Appearance, Capability, Evidence
from reference_impl.driver import ReferenceDriver
from tests.drivers.faulty import CarelessChangePassword

#: The trace file a keeping driver hands over, by name (the kit moves it next to the report).
TRACE_NAME = "alice-s-laptop.trace.zip"


def tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (207, 34, 46)).save(out, format="PNG")
    return out.getvalue()


class SeesTheSection(CarelessChangePassword):
    """Declares SCREEN (run it on rules without a look check: ``appearance`` shows nothing)."""

    capabilities = ReferenceDriver.capabilities | {Capability.SCREEN}

    def appearance(self, device: str) -> Appearance:
        return Appearance()


class KeepsScreenshots(SeesTheSection):
    def evidence(self) -> Evidence:
        folder = Path(tempfile.mkdtemp(prefix="evidence-test-"))
        (folder / TRACE_NAME).write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip
        return Evidence(screenshot=tiny_png(), files=(str(folder / TRACE_NAME),))


class EvidenceRaises(SeesTheSection):
    def evidence(self) -> Evidence:
        raise RuntimeError("the camera is unplugged")


class EvidenceOutsideTheProtocol(SeesTheSection):
    def evidence(self) -> Evidence:
        return "a screenshot, promise"  # type: ignore[return-value]


class NotAPng(SeesTheSection):
    def evidence(self) -> Evidence:
        return Evidence(screenshot=b"GIF89a not a png")


def keeps_screenshots() -> KeepsScreenshots:
    return KeepsScreenshots()


def evidence_raises() -> EvidenceRaises:
    return EvidenceRaises()


def evidence_outside_the_protocol() -> EvidenceOutsideTheProtocol:
    return EvidenceOutsideTheProtocol()


def not_a_png() -> NotAPng:
    return NotAPng()
