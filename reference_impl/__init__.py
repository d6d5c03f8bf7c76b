"""The reference implementation of the documented Security settings.

The conformance harness never imports this package; only the reference
driver (``reference_impl.driver``) does, to adapt it to the Driver
protocol.
"""

from __future__ import annotations

from .account import Method
from .clock import Clock, FakeClock, SystemClock
from .context import Policy
from .dialogs.identity import Prompt
from .errors import SecuritySettingsError
from .outbox import InMemoryOutbox, Message, Outbox
from .passwords import FAST_SCRYPT, STRONG_SCRYPT, PasswordHasher, ScryptCost
from .section import MethodBlock, SecuritySection
from .service import SecuritySettings

__all__ = [
    "FAST_SCRYPT",
    "STRONG_SCRYPT",
    "Clock",
    "FakeClock",
    "InMemoryOutbox",
    "Message",
    "Method",
    "MethodBlock",
    "Outbox",
    "PasswordHasher",
    "Policy",
    "Prompt",
    "ScryptCost",
    "SecuritySection",
    "SecuritySettings",
    "SecuritySettingsError",
    "SystemClock",
]
