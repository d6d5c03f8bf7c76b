"""Time as an injected dependency.

Nothing else in ``reference_impl`` reads the wall clock: every timestamp comes
from a :class:`Clock`, so a test can cross a 60-second countdown or six months
in microseconds with :class:`FakeClock`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

#: Where a FakeClock starts unless told otherwise: a fixed, timezone-aware instant.
DEFAULT_START = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)


@runtime_checkable
class Clock(Protocol):
    """Tells the current time as a timezone-aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock, for a production-like server. The only wall-clock reader."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to.

    >>> clock = FakeClock()
    >>> clock.advance(60)
    >>> clock.now() - DEFAULT_START
    datetime.timedelta(seconds=60)
    """

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._now = _require_aware(start)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        """Jump to ``when``; jumping backwards is refused because no real clock does it."""
        when = _require_aware(when)
        if when < self._now:
            raise ValueError(f"FakeClock cannot go back from {self._now.isoformat()} to {when.isoformat()}")
        self._now = when

    def advance(self, seconds: float | timedelta) -> None:
        """Move forward by ``seconds`` (a number or a timedelta); negative steps are refused."""
        step = seconds if isinstance(seconds, timedelta) else timedelta(seconds=seconds)
        if step < timedelta(0):
            raise ValueError(f"FakeClock cannot advance by a negative amount ({step})")
        self._now += step


def _require_aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("clock times must be timezone-aware; use datetime(..., tzinfo=UTC)")
    return when.astimezone(UTC)
