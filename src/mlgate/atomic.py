"""Atomic file writes: a crash mid-write leaves the previous file intact.

Imports only modules built into the interpreter: a rescan answered before the CLI loads
(`cli/replay.py`) writes its `-o` file with it, and `tempfile` alone would cost it more than the
rest of its imports.
"""

from __future__ import annotations

import _thread  # threading's lock itself; threading would import collections and functools
import errno
import os
import stat

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from pathlib import Path

_umask_lock = _thread.allocate_lock()
# As tempfile.mkstemp opens its file: created here and now, not through a link, not inherited.
_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_ATTEMPTS = 100


def _mode_for(target: str) -> int:
    """The permissions the file would get from a plain open(): an existing file keeps its
    mode; a new one gets 0666 less the umask. (mkstemp alone would make every report 0600.)"""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        pass
    with _umask_lock:  # os.umask can only be read by setting it
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def _is_special(target: str) -> bool:
    """Does `target` exist as something other than a regular file or a directory (a device, a pipe)?"""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _temporary_beside(directory: str, name: str) -> tuple[int, str]:
    """A new file `.NAME.RANDOM.tmp` in `directory`, open for writing, readable by its owner only."""
    for _ in range(_ATTEMPTS):
        candidate = os.path.join(directory, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(candidate, _EXCLUSIVE, 0o600), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", directory)


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then rename it over `path`.

    A target that exists and is no regular file (`-o /dev/null`, `/dev/stdout`, a named pipe) is
    written in place: renaming over it would replace the device or pipe with a plain file.
    """
    target = os.fspath(path)
    directory, name = os.path.split(target)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if _is_special(target):
        with open(target, "wb") as handle:
            handle.write(payload)
        return
    fd, tmp_name = _temporary_beside(directory or ".", name)
    try:
        with os.fdopen(fd, "wb") as handle:
            try:  # noqa: SIM105 - contextlib.suppress would import collections and functools here
                os.fchmod(handle.fileno(), _mode_for(target))
            except OSError:
                pass
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        try:  # noqa: SIM105 - as above
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
