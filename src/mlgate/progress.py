"""Progress reporting from the library to whoever shows it (the CLI's bar on a terminal).

The library never prints: stages call `config.progress(stage, done, total)` when one is set.
Stages: "scan" (files read), "resolve" (targets whose license is settled).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, overload


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int) -> None: ...


class ReportingFiles(Sequence[str]):
    """A file list that reports to `progress` as it is iterated, so `scan()` (which walks its
    list once, in order) shows progress without knowing about it."""

    def __init__(self, files: Sequence[str], progress: Progress, stage: str = "scan", every: int = 25) -> None:
        self._files = files
        self._progress = progress
        self._stage = stage
        self._every = max(1, every)

    def __len__(self) -> int:
        return len(self._files)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._files[index]

    def __iter__(self) -> Iterator[str]:
        total = len(self._files)
        self._progress(self._stage, 0, total)
        for done, name in enumerate(self._files, start=1):
            yield name
            if done % self._every == 0 or done == total:
                self._progress(self._stage, done, total)
