"""Listing the files to scan: git's view in a checkout, `.gitignore` rules elsewhere.

Links are never followed: the walk does not descend into symlinked directories (so a link
loop or a link out of the root costs nothing), and symlinked files are reported as skipped
when they are read (see `mlgate.scan.scan_file`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mlgate.model import Skipped
from mlgate.scan.gitlist import git_files, git_ignores

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

_ALWAYS_SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv",
                     ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".ipynb_checkpoints"}


class _IgnoreRules:
    """`.gitignore` files met on the way down, each applying below its own directory."""

    def __init__(self) -> None:
        self.specs: list[tuple[str, GitIgnoreSpec, re.Pattern[str] | None]] = []

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

        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        self.specs.append((prefix, spec, _any_pattern(spec)))

    def inside(self, rel_dir: str) -> list[tuple[int, GitIgnoreSpec, re.Pattern[str] | None]]:
        """The rules for the entries of `rel_dir`, chosen once for all of them: (length of the
        rule's directory prefix, its spec, one pattern that any path the spec decides matches)."""
        here = f"{rel_dir}/" if rel_dir else ""
        return [(len(prefix), spec, quick) for prefix, spec, quick in self.specs if here.startswith(prefix)]


def _ignored(rules: list[tuple[int, GitIgnoreSpec, re.Pattern[str] | None]], rel: str, is_dir: bool) -> bool:
    candidate = rel + "/" if is_dir else rel
    for cut, spec, quick in rules:
        path = candidate[cut:]
        if (quick is None or quick.search(path) is not None) and spec.match_file(path):
            return True
    return False


_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<\w+>")
_ANY_DIRECTORY = "^(?:.+/)?"  # how pathspec starts a pattern without a slash: at any depth


def _any_pattern(spec: GitIgnoreSpec) -> re.Pattern[str] | None:
    """One regular expression that matches a path wherever one of `spec`'s patterns does, or None.

    A path that no pattern matches is not ignored, and that is most paths: one search settles
    them instead of one per pattern (with a hundred-line `.gitignore` the walk took twenty
    times as long as `git ls-files`). A path it matches goes to the spec, which alone knows
    negations and precedence. The patterns that apply at any depth (most of them) share one
    `(?:.+/)?`, so the search tries each directory boundary once, not once per pattern.
    """
    anywhere, anchored = [], []
    for pattern in spec.patterns:
        if pattern.include is None:
            continue  # a blank or comment line
        regex = getattr(pattern, "regex", None)
        if not isinstance(regex, re.Pattern) or not isinstance(regex.pattern, str) or regex.flags != re.UNICODE:
            return None
        text = _NAMED_GROUP.sub("(?:", regex.pattern)  # each pattern names the same group
        if text.startswith(_ANY_DIRECTORY):
            anywhere.append(f"(?:{text[len(_ANY_DIRECTORY):]})")
        else:
            anchored.append(f"(?:{text})")
    if anywhere:
        anchored.append(f"{_ANY_DIRECTORY}(?:{'|'.join(anywhere)})")
    try:
        return re.compile("|".join(anchored) or "(?!)")
    except re.error:
        return None


def walk_files(root: Path, skipped: list[Skipped]) -> Iterator[str]:
    """Relative POSIX paths of the files under `root` worth considering (not yet stat'ed).

    Ignore rules apply below `root`, never to it (as in ripgrep): a directory named on the
    command line is scanned even when an enclosing repository's `.gitignore` ignores it, and
    then the `.gitignore` files inside it decide, as they do outside a checkout.
    """
    listed = git_files(root)
    if listed is not None and (listed or not git_ignores(root)):
        yield from listed
        return
    rules = _IgnoreRules()
    stack = [(root, "")]
    while stack:
        directory, rel_dir = stack.pop()
        rules.load(directory, rel_dir, skipped)
        here = rules.inside(rel_dir)
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
            if here and _ignored(here, rel, is_dir):
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
