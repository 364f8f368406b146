"""A fake monotonic clock for time budgets, retry waits and progress intervals.

`sleep` advances the clock at once instead of waiting, so whether a budget is spent depends
only on the waits the code asked for, never on how loaded the machine is.
"""

from __future__ import annotations

import threading


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []  # every sleep asked for, in order
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += max(seconds, 0.0)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds
