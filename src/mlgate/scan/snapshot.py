"""A finished scan kept for the next run over the same tree: a rescan that nothing changed is
answered from one file after one `lstat` per file, without importing a detector.

The per-file cache (`cache.py`) lets a rescan read only what changed, but it still runs every
detector's `finish` hook and so loads the whole scanner. A snapshot holds the `ScanResult`
of one run over one list of files, with the stat state of every file listed and of every
path a `finish` hook consulted besides them (the modules whose constants the Python detector
looked up, or their absence). A later run over the same list uses it only when:

- the scanner's fingerprint (its code, mlgate's version, the options) is the same;
- every state is unchanged: file type and mode, size, mtime, ctime and inode, so an edit, a
  replaced file, a `touch`, a new or deleted module or a file restored with an old mtime is a
  change (ctime cannot be set back);
- no file changed (its ctime) within `RACY_WINDOW_NS` before the recording run started (an
  edit in the same clock tick as the read would leave the signature as it was): such a run
  records nothing.

Anything else is a miss and the scan runs as usual, with the per-file cache. One JSON file
per root and argument list, written atomically; a corrupt or foreign file is a miss. Like the
per-file cache, it is an optimisation only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mlgate.model import ScanResult, Skipped
from mlgate.scan.base import paused_gc
from mlgate.scan.filestate import FIELDS, states
from mlgate.scan.fingerprint import RACY_WINDOW_NS, scanner_fingerprint
from mlgate.scan.refcodec import decode_reference, encode_reference

log = logging.getLogger(__name__)

FORMAT = 1


class Snapshot:
    """The snapshot of one root and argument list: `answer` before scanning, `record` after."""

    def __init__(self, path: Path, fingerprint: str, root: Path, started_ns: int) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.root = root
        self.started_ns = started_ns  # wall-clock time before any file was looked at
        self.files: Sequence[str] = ()
        self.file_states: list[int] = []

    @classmethod
    def open(cls, cache_dir: Path, root: Path, arguments: Sequence[str], include_comments: bool,
             now_ns: Callable[[], int] = time.time_ns) -> Snapshot:
        """The snapshot for scanning `arguments` (paths relative to `root`) with these options;
        `now_ns` is the wall clock file times are compared with."""
        where = "\0".join([str(root), *arguments]).encode("utf-8", "surrogateescape")
        name = hashlib.sha256(where).hexdigest()[:24]
        fingerprint = scanner_fingerprint(f"snapshot|comments={include_comments}")
        return cls(cache_dir / f"run-{name}.json", fingerprint, root, now_ns())

    def answer(self, files: Sequence[str]) -> ScanResult | None:
        """The recorded result if `files` and everything it depended on are as recorded, else None.
        Takes the states of `files` either way: `record` stores these, read before the scan."""
        self.files = files
        self.file_states = states(self.root, files)
        with paused_gc():  # tens of thousands of objects, no cycles among them
            return self._matching(files)

    def _matching(self, files: Sequence[str]) -> ScanResult | None:
        try:
            doc = json.loads(self.path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        try:
            if not (isinstance(doc, dict) and doc.get("format") == FORMAT and doc.get("fingerprint") == self.fingerprint
                    and doc.get("files") == files and doc.get("states") == self.file_states):
                return None
            consulted = doc["consulted"]
            if not isinstance(consulted, list) or doc["consulted_states"] != states(self.root, consulted):
                return None
            return _decode_result(doc["result"], tuple(consulted))
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def record(self, result: ScanResult) -> None:
        """Keep `result` of scanning the files `answer` was asked about, unless a file was too
        recent to trust by its signature."""
        consulted = list(result.consulted)
        consulted_states = states(self.root, consulted)
        # ctime: any write (or a `touch` back to an old mtime) sets it to the current time.
        newest = max((*self.file_states[3::FIELDS], *consulted_states[3::FIELDS]), default=0)
        if newest >= self.started_ns - RACY_WINDOW_NS:
            log.debug("scan snapshot not recorded: a file changed less than %d s ago", RACY_WINDOW_NS // 10**9)
            return
        doc = {"format": FORMAT, "fingerprint": self.fingerprint, "files": list(self.files),
               "states": self.file_states, "consulted": consulted, "consulted_states": consulted_states,
               "result": _encode_result(result)}
        from mlgate.atomic import write_atomic  # imports tempfile: only when there is something to write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(doc, separators=(",", ":")))
        except OSError as exc:
            log.debug("scan snapshot not written: %s", exc)


def _encode_result(result: ScanResult) -> dict[str, Any]:
    return {"references": [encode_reference(r) for r in result.references],
            "skipped": [[s.path, s.reason] for s in result.skipped], "files_scanned": result.files_scanned}


def _decode_result(raw: dict[str, Any], consulted: tuple[str, ...]) -> ScanResult:
    references = [decode_reference(item) for item in raw["references"]]
    skipped = [Skipped(str(path), str(reason)) for path, reason in raw["skipped"]]
    return ScanResult(references, skipped, int(raw["files_scanned"]), consulted=consulted)
