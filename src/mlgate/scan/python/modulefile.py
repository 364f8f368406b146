"""Reading and parsing Python that mlgate never imports: one place for the bounds and the errors.

A project module read after the scan (a constant's defining module, a `conftest.py`) must be a
regular file of at most `MAX_MODULE_BYTES`; text that does not parse, or parses only with
warnings (odd escapes), gives None or no warning: neither is the scanned project's user's to read.
"""

from __future__ import annotations

import ast
import os
import stat
import warnings

from mlgate.scan.base import SourceFile

MAX_MODULE_BYTES = 1024 * 1024
# What `ast.parse` raises on text it cannot take (absurd nesting, NUL bytes, huge literals).
PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError)


def parse_quietly(text: str) -> ast.Module | None:
    """`ast.parse(text)`, or None when it does not parse; warnings are not shown."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not ours to report
            return ast.parse(text)
    except PARSE_ERRORS:
        return None


def read_module(root: str | os.PathLike[str], rel: str) -> SourceFile | None:
    """The project module `rel` under `root`, or None (not a regular file, too large, unreadable).
    Never follows a link."""
    try:
        path = os.path.join(root, rel)
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MODULE_BYTES:
            return None
        with open(path, "rb") as handle:
            return SourceFile(rel, handle.read(MAX_MODULE_BYTES + 1))
    except OSError:
        return None
