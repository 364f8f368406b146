"""What git says about a directory: the files it lists, whether it ignores it, its top level.

Kept apart from the walk (`walk.py`), which needs the ignore rules and the data model, so that
a rescan answered before the CLI loads (`cli/replay.py`) can list a tree as the scan does. git
is started with `posix_spawn` where there is one: `subprocess` (with signal, threading,
selectors and locale) would cost such a rescan a third of its time.
"""

from __future__ import annotations

import os
import time

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from pathlib import Path

# A scanned repository's own .git/config is untrusted: `core.fsmonitor` names a command that
# `git ls-files --others` runs. Command-line settings win over it.
GIT = ("git", "-c", "core.fsmonitor=false")
_TIMEOUT_S = 30.0
_SIGKILL = 9  # POSIX fixes its number; the signal module would import enum for it


def git_listing(root: Path | str) -> bytes | None:
    """git's own output for the tracked and untracked-but-not-ignored files under `root`
    (NUL-separated, relative to `root`), or None outside a checkout."""
    ran = _run([*GIT, "-C", os.fspath(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    return ran[1] if ran is not None and ran[0] == 0 else None


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
    ran = _run([*GIT, "-C", str(directory), "check-ignore", "-q", "."])
    return ran is not None and ran[0] == 0


def git_ignored_count(directory: Path) -> int:
    """How many files under `directory` its repository's ignore rules leave out (0 outside one)."""
    ran = _run([*GIT, "-C", str(directory), "ls-files", "-z", "--others", "--ignored", "--exclude-standard"])
    return sum(1 for name in ran[1].split(b"\0") if name) if ran is not None and ran[0] == 0 else 0


def git_toplevel(start: Path) -> Path | None:
    ran = _run([*GIT, "-C", str(start), "rev-parse", "--show-toplevel"], timeout=10.0)
    if ran is None or ran[0] != 0:
        return None
    from pathlib import Path

    return Path(ran[1].decode().strip()).resolve()


def _run(command: list[str], timeout: float = _TIMEOUT_S) -> tuple[int, bytes] | None:
    """(exit code, standard output) of `command`, its standard error discarded; None when it
    cannot be started or takes more than `timeout` seconds (it is killed then)."""
    if not hasattr(os, "posix_spawnp"):  # Windows
        import subprocess

        try:
            proc = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return proc.returncode, proc.stdout
    return _spawned(command, timeout)


def _spawned(command: list[str], timeout: float) -> tuple[int, bytes] | None:
    import select

    read_end, write_end = os.pipe()  # neither is inherited; the child gets its copy as fd 1
    actions = [(os.POSIX_SPAWN_DUP2, write_end, 1), (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    try:
        pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
    except OSError:
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    chunks: list[bytes] = []
    try:
        readable = select.poll()
        readable.register(read_end, select.POLLIN)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not readable.poll(remaining * 1000):
                raise TimeoutError(f"{command[0]} took more than {timeout} s")
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException as exc:  # too slow, or interrupted: the child must not outlive the call
        os.kill(pid, _SIGKILL)
        os.waitpid(pid, 0)
        if isinstance(exc, TimeoutError):
            return None
        raise
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks)
