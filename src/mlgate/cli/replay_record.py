"""Keeping what a successful `mlgate scan TREE` wrote, for `replay.py` to write again.

The states a record is validated by are taken before the run reads anything (`recording` is
entered before the settings are read), so a file edited while the scan ran leaves a record
that no longer matches; the paths the scan
consulted are known, and stat'ed, only at its end, as the snapshot does. A run is recorded
only when a replay would be indistinguishable from it (see `replay.py`), and never when
something it read changed within the racy window: an edit in the same clock tick could leave
the stat state as it was.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mlgate.atomic import write_atomic
from mlgate.cli.replay import Record, record_path, run_key, settings_states, state_digest, stream_state, tree_digest
from mlgate.scan.filestate import FIELDS, states
from mlgate.scan.fingerprint import RACY_WINDOW_NS
from mlgate.scan.gitlist import git_listing, listed_names

log = logging.getLogger(__name__)

_UTF8 = frozenset({"utf-8", "utf8"})


@dataclass(frozen=True)
class Outcome:
    """What the run wrote: standard output, the `-o` file (None: none), and standard error."""

    stdout: str
    output: Path | None
    output_text: str
    stderr: str
    exit_code: int = 0


class _LogCounter(logging.Handler):
    """Counts the records logged during the run: a replay would not log them again."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Recording:
    """The states a run of `mlgate scan ARGUMENT` started from; `finish` keeps its outcome."""

    def __init__(self, argv: Sequence[str], argument: str, now_ns: Callable[[], int]) -> None:
        self.argv = list(argv)
        self.argument = argument
        self.root = os.path.realpath(argument)
        self.started_ns = now_ns()  # before any state is taken
        self.key = run_key(argv)
        self.settings = settings_states(self.root)
        listing = git_listing(self.root) or b""
        file_states = states(self.root, listed_names(listing))
        self.tree = tree_digest(listing, file_states) if listing else None
        self.newest_ns = max((*file_states[3::FIELDS], *self.settings[3::FIELDS]), default=0)
        self.logged = _LogCounter()

    def finish(self, outcome: Outcome, root: Path, consulted: Sequence[str], cache: Path) -> None:
        """Keep `outcome` of the run whose project root was `root`, unless a replay could differ."""
        if self.tree is None or str(root) != self.root or self.logged.count:
            return  # not a git listing, another root than the fast path finds, or log lines
        texts = (outcome.stdout, outcome.output_text, outcome.stderr)
        if any("\x1b" in text for text in texts):
            return  # click strips escape sequences off a stream that is not a terminal; a replay would not
        if not all(str(stream_state(s)[1]).lower() in _UTF8 for s in (sys.stdout, sys.stderr)):
            return  # click rewraps a stream it finds misconfigured
        consulted_states = states(self.root, consulted)
        newest = max(self.newest_ns, *consulted_states[3::FIELDS], 0)
        if newest >= self.started_ns - RACY_WINDOW_NS:
            log.debug("scan not kept for replay: a file changed less than %d s ago", RACY_WINDOW_NS // 10**9)
            return
        try:
            stdout, output_text, stderr = (text.encode("utf-8") for text in texts)
        except UnicodeEncodeError:
            return  # the run itself could not have written it
        record = Record(key=self.key, argument=self.argument, root=self.root, settings=state_digest(self.settings),
                        tree=self.tree, consulted=list(consulted), consulted_states=state_digest(consulted_states),
                        output=str(outcome.output) if outcome.output is not None else None, stdout=stdout,
                        output_text=output_text, stderr=stderr, exit_code=outcome.exit_code)
        path = record_path(cache, self.argv)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_atomic(path, record.encode())
        except (OSError, UnicodeEncodeError) as exc:  # a path that is not text cannot be kept
            log.debug("scan not kept for replay: %s", exc)


@contextmanager
def recording(argv: Sequence[str] | None, paths: Sequence[Path],
              now_ns: Callable[[], int] = time.time_ns) -> Iterator[Recording | None]:
    """A `Recording` of a scan of one directory (`paths`, none meaning `.`) run as `mlgate ARGV`,
    or None when this run cannot be replayed (several paths, a file, unknown argv, verbose
    logging), for the time the run lasts."""
    arguments = [str(p) for p in paths] or ["."]
    if (argv is None or len(arguments) != 1 or not os.path.isdir(arguments[0])
            or logging.getLogger("mlgate").getEffectiveLevel() < logging.WARNING):
        yield None
        return
    try:
        started = Recording(argv, arguments[0], now_ns)
    except OSError:  # the working directory is gone, the tree cannot be listed: run, but record nothing
        yield None
        return
    root_logger = logging.getLogger()
    root_logger.addHandler(started.logged)
    try:
        yield started
    finally:
        root_logger.removeHandler(started.logged)
