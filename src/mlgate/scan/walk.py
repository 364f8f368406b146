"""Listing the files to scan: git's view in a checkout, `.gitignore` rules elsewhere."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pathspec

from mlgate.model import Skipped

_ALWAYS_SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv",
                     ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".ipynb_checkpoints"}

# A scanned repository's own .git/config is untrusted: `core.fsmonitor` names a command that
# `git ls-files --others` runs. Command-line settings win over it.
_GIT = ("git", "-c", "core.fsmonitor=false")


def git_files(root: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files under `root`, or None outside a checkout."""
    try:
        proc = subprocess.run(
            [*_GIT, "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
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


def _gitignore_spec(root: Path) -> pathspec.PathSpec:  # type: ignore[type-arg]
    lines: list[str] = []
    ignore = root / ".gitignore"
    if ignore.is_file():
        try:
            lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
    return pathspec.PathSpec.from_lines("gitwildmatch", lines)


def walk_files(root: Path, skipped: list[Skipped]) -> Iterator[str]:
    """Relative POSIX paths of regular files under `root`, never following links out of it."""
    listed = git_files(root)
    if listed is not None:
        for rel in listed:
            full = root / rel
            if full.is_symlink():
                skipped.append(Skipped(rel, "symbolic link not followed"))
                continue
            if full.is_file():
                yield rel
        return
    spec = _gitignore_spec(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False,
                                                onerror=lambda e: skipped.append(
                                                    Skipped(_rel(root, Path(e.filename or root)),
                                                            f"unreadable directory: {e.strerror}"))):
        base = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in _ALWAYS_SKIP_DIRS
            and not (base / d).is_symlink()
            and not spec.match_file(_rel(root, base / d) + "/")
        )
        for name in sorted(filenames):
            full = base / name
            rel = _rel(root, full)
            if spec.match_file(rel):
                continue
            if full.is_symlink():
                skipped.append(Skipped(rel, "symbolic link not followed"))
                continue
            yield rel


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def git_toplevel(start: Path) -> Path | None:
    try:
        proc = subprocess.run([*_GIT, "-C", str(start), "rev-parse", "--show-toplevel"],
                              capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.decode().strip()).resolve()
