"""Progress on standard error: a self-erasing bar on a terminal, plain lines elsewhere.

On a terminal, a bar that a run finishing within `delay` seconds never draws, so a fast
pre-commit hook never flickers. Elsewhere (CI logs, pipes, `TERM=dumb`) a long run writes a
line `mlgate: progress: ...` every `interval` seconds once it has run for `delay` seconds,
so a cold scan of a large repository does not look hung. Quiet runs get neither; verbose runs
get lines (whole lines interleave with log lines, a bar would not).
"""

from __future__ import annotations

import os
from typing import TextIO

import click

from mlgate.clock import SYSTEM_CLOCK, Clock
from mlgate.progress import Progress

_LABELS = {"scan": "scanning files", "resolve": "resolving licenses"}


def progress_for(stream: TextIO, quiet: bool, verbose: int) -> ProgressBar | ProgressLines | None:
    """A bar on an interactive terminal (unless log lines would interleave with it), lines elsewhere."""
    if quiet:
        return None
    terminal = bool(getattr(stream, "isatty", lambda: False)())
    if terminal and not verbose and os.environ.get("TERM") != "dumb":
        return ProgressBar(stream)
    return ProgressLines(stream)


class _Throttled:
    """Shows nothing during the first `delay` seconds, then at most once every `interval`."""

    def __init__(self, stream: TextIO, *, delay: float, interval: float, clock: Clock) -> None:
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self._started = clock.monotonic()
        self._last: float | None = None

    def _due(self, always: bool = False) -> float | None:
        """Seconds since the start when it is time to show something (`always`: past the delay), else None."""
        now = self.clock.monotonic()
        if now - self._started < self.delay:
            return None
        if not always and self._last is not None and now - self._last < self.interval:
            return None
        self._last = now
        return now - self._started


class ProgressLines(_Throttled):
    """`mlgate: progress: resolving licenses 120/445 (15 s)`, at most every `interval` seconds."""

    def __init__(self, stream: TextIO, *, delay: float = 10.0, interval: float = 5.0,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        super().__init__(stream, delay=delay, interval=interval, clock=clock)

    def __call__(self, stage: str, done: int, total: int) -> None:
        elapsed = self._due()
        if elapsed is None:
            return
        count = f"{done}/{total}" if total else str(done)
        self.stream.write(f"mlgate: progress: {_LABELS.get(stage, stage)} {count} ({elapsed:.0f} s)\n")
        self.stream.flush()

    def close(self) -> None:
        """Nothing to erase: every line stays in the log."""


class ProgressBar(_Throttled):
    def __init__(self, stream: TextIO, *, delay: float = 0.5, interval: float = 0.1,
                 clock: Clock = SYSTEM_CLOCK) -> None:
        super().__init__(stream, delay=delay, interval=interval, clock=clock)
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._due(always=done >= total) is None:  # a stage's end is always drawn
            return
        import shutil  # a bar is drawn on a terminal only: a run in CI or a pipe never needs it

        self._draw(self.render(stage, done, total, shutil.get_terminal_size((80, 20)).columns))

    @staticmethod
    def render(stage: str, done: int, total: int, columns: int) -> str:
        label = _LABELS.get(stage, stage)
        count = f"{done}/{total}" if total else str(done)
        width = max(10, min(40, columns - len(label) - len(count) - 14))
        filled = width * done // total if total else 0
        return f"mlgate: {label} [{'=' * filled}{' ' * (width - filled)}] {count}"[: max(columns - 1, 1)]

    def _draw(self, line: str) -> None:
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar so the command's own output starts on a clean line."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def current_progress() -> Progress | None:
    """The bar the `mlgate` group set up for this invocation, if any."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    bar = obj.get("progress") if isinstance(obj, dict) else None
    return bar if isinstance(bar, ProgressBar | ProgressLines) else None
