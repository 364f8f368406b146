"""The clock that time budgets, retry waits and progress lines read: injected, never global.

Production code takes a `Clock` and defaults to `SYSTEM_CLOCK`; tests pass a fake whose
`sleep` advances its own time at once, so a budget is spent by the waits a run asks for,
never by how busy the machine happens to be.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; only differences mean anything."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


SYSTEM_CLOCK: Clock = SystemClock()
