"""The stat state of a file: what tells a kept scan result that the file is as it was.

File type and mode, size, mtime, ctime and inode: an edit, a replaced file, a `touch`, or a
file restored with an old mtime changes one of them (ctime cannot be set back). An edit within
the same clock tick as the read can leave them as they were: see `fingerprint.RACY_WINDOW_NS`.
Imports only `os`: a rescan answered before the CLI loads (`cli/replay.py`) uses it.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

FIELDS = 5  # ints per stat state: mode, size, mtime_ns, ctime_ns, inode
ABSENT = (0, 0, 0, 0, 0)  # a path that does not exist (its absence shaped the result too)


def stat_state(info: os.stat_result) -> tuple[int, int, int, int, int]:
    """The state `os.stat` or `os.lstat` gave, as `FIELDS` ints."""
    return info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def states(root: Path | str, paths: Sequence[str]) -> list[int]:
    """The stat states of `paths` under `root` (links not followed), flattened: `FIELDS` ints per path."""
    out: list[int] = []
    extend, lstat, base = out.extend, os.lstat, str(root)
    for rel in paths:
        try:
            info = lstat(f"{base}/{rel}")
        except OSError:
            extend(ABSENT)
            continue
        # `stat_state` spelled out: this runs once per file of the tree
        extend((info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return out
