"""A rescan of a tree that nothing changed, answered before the command line is parsed.

`mlgate scan TREE` comes back again and again over the same checkout (an editor's save hook,
CI, a pre-commit loop). The snapshot (`scan/snapshot.py`) spares such a run the scan, but it
still loads click, the settings and the data model, decodes the result and renders it: five
times ripgrep's time over the same tree. So a run of `mlgate scan TREE` that succeeded also
keeps its outcome, a replay record: the text it wrote to standard output, to its `-o` file and
to standard error, its exit code, and what they depended on. `mlgate.cli.main` asks
`replayed` first, importing nothing but this module, git's listing and the stat states; any
doubt is a miss and the command runs as usual (and records again).

A record is used only when everything below is as it was:

- the run: its command line, working directory and environment (but for a shell's own
  bookkeeping variables such as `_`), whether standard output and error are terminals and
  their encodings, the Python environment, and mlgate's installed files (their stat states, so
  an upgrade or an edit of any module is a miss). Only a run with exactly these reads the
  record (`run_key`), so its options were parsed, and would fail, exactly as in the recorded run;
- the directory argument still resolves to the same root;
- every place a settings file could be found: `.mlgate.toml`, `pyproject.toml` (followed, as
  the settings search reads them) and whether `.git` exists, in the root and every directory
  above it (the settings search stops earlier; watching more is only more cautious);
- `git ls-files` under the root lists the same files, each with the same stat state
  (`scan/filestate.py`), and the paths the scan consulted besides them are as they were.

`replay_record.py` writes records, and only for a run that can be replayed faithfully: a single
directory in a git checkout, nothing logged, outputs without escape sequences (click would strip
them off a pipe), UTF-8 streams, and nothing it read changed within the racy window.
"""

from __future__ import annotations

import hashlib
import os
import sys

from mlgate.scan.filestate import ABSENT, stat_state, states
from mlgate.scan.gitlist import git_listing, listed_names

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

FORMAT = 2
COMMAND = "scan"  # the one command that records
_SETTINGS_NAMES = (".mlgate.toml", "pyproject.toml")
_PRESENT = (1, 0, 0, 0, 0)  # a `.git` that exists: only its existence decides where the search stops
# What a shell sets for its own bookkeeping (`_` is the path of the program it last ran, so it
# differs between `mlgate ...` and `time mlgate ...`): neither mlgate nor git reads them.
_SHELL_VARIABLES = frozenset({"_", "OLDPWD", "SHLVL"})
# Secrets take part by name only: a scan reads none of them, and no digest of a token is kept.
_SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "ACCESS_KEY", "CREDENTIAL")
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_FIXED_FIELDS = 12  # a record's header fields before the consulted paths


class Record:
    """What a run's outcome depended on (digests of states, but for the paths they are of), and
    the outcome: the bytes of standard output, of the `-o` file (`output`, None: none) and of
    standard error, and the exit code.

    Stored as the header's length on a line of its own, the header (fields separated by NUL,
    which no path, argument or digest holds), then the three texts. Not JSON: the json module
    imports `re`, which would cost a replay more than all its other imports together.
    """

    __slots__ = ("argument", "consulted", "consulted_states", "exit_code", "key", "output", "output_text",
                 "root", "settings", "stderr", "stdout", "tree")

    def __init__(self, *, key: str, argument: str, root: str, settings: str, tree: str, consulted: list[str],
                 consulted_states: str, output: str | None, stdout: bytes, output_text: bytes, stderr: bytes,
                 exit_code: int) -> None:
        self.key, self.argument, self.root = key, argument, root
        self.settings, self.tree = settings, tree
        self.consulted, self.consulted_states = consulted, consulted_states
        self.output, self.stdout, self.output_text, self.stderr = output, stdout, output_text, stderr
        self.exit_code = exit_code

    def encode(self) -> bytes:
        sizes = (len(self.stdout), len(self.output_text), len(self.stderr), self.exit_code)
        fields = [str(FORMAT), self.key, self.argument, self.root, self.settings, self.tree, self.consulted_states,
                  "" if self.output is None else "+" + self.output, *map(str, sizes), *self.consulted]
        header = "\0".join(fields).encode("utf-8", "surrogateescape")
        return b"%d\n" % len(header) + header + self.stdout + self.output_text + self.stderr

    @classmethod
    def decode(cls, data: bytes) -> Record:
        """The record `data` holds; ValueError unless it is a whole record of this format."""
        size, _, rest = data.partition(b"\n")
        fields = rest[:int(size)].decode("utf-8", "surrogateescape").split("\0")
        if len(fields) < _FIXED_FIELDS or fields[0] != str(FORMAT):
            raise ValueError("not a replay record of this format")
        stdout_end, output_size, stderr_size, exit_code = map(int, fields[8:_FIXED_FIELDS])
        output_end = stdout_end + output_size
        body = rest[int(size):]
        if min(stdout_end, output_size, stderr_size) < 0 or len(body) != output_end + stderr_size:
            raise ValueError("a torn replay record")
        output = fields[7]
        return cls(key=fields[1], argument=fields[2], root=fields[3], settings=fields[4], tree=fields[5],
                   consulted=fields[_FIXED_FIELDS:], consulted_states=fields[6],
                   output=output[1:] if output else None, stdout=body[:stdout_end],
                   output_text=body[stdout_end:output_end], stderr=body[output_end:], exit_code=exit_code)


def replayed(argv: Sequence[str]) -> int | None:
    """The exit code of `mlgate ARGV`, its output written again from its record; None when there
    is no record for this run or anything it depended on changed: then run the command."""
    if COMMAND not in argv:
        return None
    try:
        record = _matching_record(argv)
        if record is None:
            return None
        texts = ((sys.stdout, record.stdout.decode("utf-8")), (sys.stderr, record.stderr.decode("utf-8")))
    except (OSError, ValueError):
        return None  # an unreadable or foreign record is a miss, as a corrupt cache is
    if record.output is not None:
        from mlgate.atomic import write_atomic

        try:
            write_atomic(record.output, record.output_text)
        except OSError:
            return None  # the command itself says what is wrong with the file
    try:
        for stream, text in texts:
            if text:
                stream.write(text)
                stream.flush()
    except BrokenPipeError:  # as `run_cli`: a reader that stopped early is not an error
        return 0
    except OSError as exc:  # as `run_cli`: the machine failed (disk full, I/O error), one line
        return _failed(exc)
    return record.exit_code


def _failed(exc: OSError) -> int:
    """Say in one line what failed, as `run_cli` does, and give its exit code (3)."""
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - what is left in the failed buffer goes nowhere at exit
        sys.stderr.write(f"mlgate: error: {exc.strerror or exc}\n")
        sys.stderr.flush()
    except OSError:
        pass
    return 3


def _matching_record(argv: Sequence[str]) -> Record | None:
    with open(record_path(cache_root(os.environ), argv), "rb") as handle:  # no record: nothing else to do
        record = Record.decode(handle.read())
    if record.key != run_key(argv):
        return None
    root = record.root
    if not os.path.isdir(record.argument) or os.path.realpath(record.argument) != root:
        return None
    if state_digest(settings_states(root)) != record.settings:
        return None
    listing = git_listing(root)
    if not listing or tree_digest(listing, states(root, listed_names(listing))) != record.tree:
        return None
    return record if state_digest(states(root, record.consulted)) == record.consulted_states else None


def run_key(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    """Everything about this invocation that could change what the command writes, as a digest."""
    return state_digest([
        list(argv),
        os.getcwd(),
        sorted((name, "" if any(word in name.upper() for word in _SECRET_WORDS) else value)
               for name, value in environ.items() if name not in _SHELL_VARIABLES),
        [stream_state(sys.stdout), stream_state(sys.stderr)],
        [sys.prefix, sys.version],
        installed_state(),
    ])


def state_digest(state: object) -> str:
    """A digest of `state` (lists of strings, numbers, booleans and None: `repr` spells them one way)."""
    return hashlib.sha256(repr(state).encode("utf-8", "backslashreplace")).hexdigest()


def stream_state(stream: object) -> list[object]:
    """What click's writing to `stream` depends on: a terminal or not, its encoding and errors."""
    try:
        terminal = bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        terminal = False
    return [terminal, getattr(stream, "encoding", None), getattr(stream, "errors", None)]


def installed_state(package: str = _PACKAGE) -> list[list[object]]:
    """Where the mlgate package is and the stat state of every file in it (compiled bytecode
    aside): another version, a reinstall or an edited module changes it."""
    out: list[list[object]] = [[package]]
    pending = [package]
    while pending:
        directory = pending.pop()
        with os.scandir(directory) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                    continue
                out.append([entry.path[len(package):], *stat_state(entry.stat(follow_symlinks=False))])
    return out


def settings_states(root: str) -> list[int]:
    """The stat states (followed, as the settings search reads them) of the settings files that
    could apply to `root`, and whether `.git` exists, in `root` and every directory above it."""
    out: list[int] = []
    directory = root
    while True:
        for name in _SETTINGS_NAMES:
            try:
                out.extend(stat_state(os.stat(os.path.join(directory, name))))
            except OSError:
                out.extend(ABSENT)
        out.extend(_PRESENT if os.path.exists(os.path.join(directory, ".git")) else ABSENT)
        parent = os.path.dirname(directory)
        if parent == directory:
            return out
        directory = parent


def tree_digest(listing: bytes, file_states: list[int]) -> str:
    """git's listing of a tree and the stat states of the files it names, as one digest."""
    return hashlib.sha256(listing + b"\0" + repr(file_states).encode("ascii")).hexdigest()


def cache_root(environ: Mapping[str, str]) -> str:
    """Where to look for the record: the run's cache directory (`MLGATE_CACHE_DIR`, else the user
    cache directory `paths.cache_dir` finds). On Linux the user cache directory is spelled out
    here, as platformdirs spells it, because importing platformdirs (pathlib, tempfile) would
    cost more than the rest of a replay. A wrong guess could only miss: a record is written
    under the recording run's own cache directory, and a run whose environment matches the
    record's finds that same directory."""
    configured = environ.get("MLGATE_CACHE_DIR")
    if configured:
        return configured
    if sys.platform == "linux":
        base = environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return os.path.join(base, "mlgate")
    from mlgate.paths import cache_dir

    return str(cache_dir(None))


def record_path(cache: str | os.PathLike[str], argv: Sequence[str]) -> str:
    """One record per working directory and command line: another environment replaces it."""
    where = "\0".join([os.getcwd(), *argv]).encode("utf-8", "surrogateescape")
    return os.path.join(cache, "scan", f"replay-{hashlib.sha256(where).hexdigest()[:24]}")
