"""Finding, reading and parsing Python that mlgate never imports: one place for the bounds and the errors.

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
# Where absolute imports are looked for besides the scan root and the importing file's directory.
SOURCE_ROOTS = ("", "src/")
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


def module_candidates(importer: str, level: int, module: str) -> list[str]:
    """Files (relative to the root, POSIX) that `import` of `module` `level` dots up may mean."""
    parts = [p for p in module.split(".") if p]
    if level:
        package = importer.split("/")[:-1]
        if level - 1 > len(package):
            return []
        bases = ["/".join(package[:len(package) - (level - 1)])]
    else:
        here = importer.rsplit("/", 1)[0] if "/" in importer else ""
        bases = list(dict.fromkeys([*(r.rstrip("/") for r in SOURCE_ROOTS), here]))
    out = []
    for base in bases:
        stem = "/".join(p for p in (base, *parts) if p)
        if parts:
            out.append(f"{stem}.py")
        out.append(f"{stem}/__init__.py" if stem else "__init__.py")
    return out
