"""What git says about a directory: the files it lists, whether it ignores it, its top level.

Kept apart from the walk (`walk.py`), which needs the ignore rules and the data model, so that
a warm rescan answered before the CLI loads (`cli/replay.py`) can list a tree as the scan does
while importing nothing but `subprocess`.
"""

from __future__ import annotations

import subprocess

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from pathlib import Path

# A scanned repository's own .git/config is untrusted: `core.fsmonitor` names a command that
# `git ls-files --others` runs. Command-line settings win over it.
GIT = ("git", "-c", "core.fsmonitor=false")


def git_listing(root: Path | str) -> bytes | None:
    """git's own output for the tracked and untracked-but-not-ignored files under `root`
    (NUL-separated, relative to `root`), or None outside a checkout."""
    try:
        proc = subprocess.run(
            [*GIT, "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def listed_names(listing: bytes) -> list[str]:
    """The file names of a `git_listing`, sorted, each once."""
    names = listing.decode("utf-8", "surrogateescape").split("\0")
    return sorted({n for n in names if n})


def git_files(root: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files under `root`, or None outside a checkout."""
    listing = git_listing(root)
    return None if listing is None else listed_names(listing)


def git_ignores(directory: Path) -> bool:
    """Whether the repository around `directory` ignores it (git then lists nothing in it)."""
    try:
        proc = subprocess.run([*GIT, "-C", str(directory), "check-ignore", "-q", "."],
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def git_ignored_count(directory: Path) -> int:
    """How many files under `directory` its repository's ignore rules leave out (0 outside one)."""
    try:
        proc = subprocess.run([*GIT, "-C", str(directory), "ls-files", "-z", "--others", "--ignored",
                               "--exclude-standard"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return 0
    return sum(1 for name in proc.stdout.split(b"\0") if name) if proc.returncode == 0 else 0


def git_toplevel(start: Path) -> Path | None:
    try:
        proc = subprocess.run([*GIT, "-C", str(start), "rev-parse", "--show-toplevel"],
                              capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    from pathlib import Path

    return Path(proc.stdout.decode().strip()).resolve()
