"""Listing the files to scan: git's view in a checkout, `.gitignore` rules elsewhere.

Links are never followed: the walk does not descend into symlinked directories (so a link
loop or a link out of the root costs nothing), and symlinked files are reported as skipped
when they are read (see `mlgate.scan.scan_file`).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mlgate.model import Skipped

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

_ALWAYS_SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv",
                     ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".ipynb_checkpoints"}

# A scanned repository's own .git/config is untrusted: `core.fsmonitor` names a command that
# `git ls-files --others` runs. Command-line settings win over it.
GIT = ("git", "-c", "core.fsmonitor=false")


def git_files(root: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files under `root`, or None outside a checkout."""
    try:
        proc = subprocess.run(
            [*GIT, "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    names = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({n for n in names if n})


class _IgnoreRules:
    """`.gitignore` files met on the way down, each applying below its own directory."""

    def __init__(self) -> None:
        self.specs: list[tuple[str, GitIgnoreSpec]] = []

    def load(self, directory: Path, rel_dir: str, skipped: list[Skipped]) -> None:
        ignore = directory / ".gitignore"
        try:
            if not ignore.is_file() or ignore.is_symlink():
                return
            lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            skipped.append(Skipped(printable_path(_join(rel_dir, ".gitignore")), f"unreadable: {exc.strerror or exc}"))
            return
        prefix = f"{rel_dir}/" if rel_dir else ""
        import pathspec  # only outside a git checkout, where git itself does not apply the rules

        self.specs.append((prefix, pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, rel: str, is_dir: bool = False) -> bool:
        candidate = rel + "/" if is_dir else rel
        return any(candidate.startswith(prefix) and spec.match_file(candidate[len(prefix):])
                   for prefix, spec in self.specs)


def walk_files(root: Path, skipped: list[Skipped]) -> Iterator[str]:
    """Relative POSIX paths of the files under `root` worth considering (not yet stat'ed)."""
    listed = git_files(root)
    if listed is not None:
        yield from listed
        return
    rules = _IgnoreRules()
    stack = [(root, "")]
    while stack:
        directory, rel_dir = stack.pop()
        rules.load(directory, rel_dir, skipped)
        try:
            with os.scandir(directory) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(printable_path(rel_dir) or ".", f"unreadable directory: {exc.strerror or exc}"))
            continue
        subdirs = []
        for entry in listing:
            rel = _join(rel_dir, entry.name)
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if rules.ignored(rel, is_dir):
                continue
            if is_dir:
                if entry.name not in _ALWAYS_SKIP_DIRS:
                    subdirs.append((Path(entry.path), rel))
            elif is_link:
                skipped.append(Skipped(printable_path(rel), "symbolic link not followed"))
            else:
                yield rel
        stack.extend(reversed(subdirs))


def printable_path(rel: str) -> str:
    """`rel` as reports show it: control characters, bidirectional overrides and bytes that
    are not UTF-8 escaped (as git quotes such names), so that a file name cannot start a
    forged output line (a CI workflow command) or send escape sequences to a terminal."""
    if rel.isprintable():
        return rel
    return "".join(ch if ch.isprintable()
                   else f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF  # surrogateescape'd byte
                   else ch.encode("unicode_escape").decode("ascii") for ch in rel)


def _join(rel_dir: str, name: str) -> str:
    return f"{rel_dir}/{name}" if rel_dir else name


def git_toplevel(start: Path) -> Path | None:
    try:
        proc = subprocess.run([*GIT, "-C", str(start), "rev-parse", "--show-toplevel"],
                              capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.decode().strip()).resolve()
