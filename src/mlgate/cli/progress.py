"""The progress bar: one self-erasing line on standard error, only when that is a terminal.

Quiet runs, pipes, CI logs and `TERM=dumb` get nothing. A run that finishes within `delay`
seconds draws nothing either, so a fast pre-commit hook never flickers.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

import click

from mlgate.progress import Progress

_LABELS = {"scan": "scanning files", "resolve": "resolving licenses"}


def wants_progress(stream: TextIO, quiet: bool, verbose: int) -> bool:
    """A bar only on an interactive terminal, and not when log lines would interleave with it."""
    if quiet or verbose or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class ProgressBar:
    def __init__(self, stream: TextIO, *, delay: float = 0.5, interval: float = 0.1) -> None:
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self._started = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._started < self.delay:
            return
        if now - self._last_draw < self.interval and done < total:
            return
        self._last_draw = now
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
    return bar if isinstance(bar, ProgressBar) else None
