"""Per-file scan results kept between runs, so a warm rescan reads only what changed.

One JSON file per scanned root under the cache directory. Each entry holds a file's stat
signature (size, mtime, ctime, inode), the SHA-256 of its content when it was worth parsing,
its references and skip reasons, and its pending cross-module items (resolved afresh on
every run, so an edited constants module is always read again). A file whose signature is unchanged is not read at all;
a file whose signature changed but whose content hash is the same is not parsed again.
Entries whose mtime is within `RACY_WINDOW_NS` of the run that recorded them are not
trusted by signature alone (a same-size edit in the same clock tick would look unchanged).

The cache is keyed by a fingerprint of the scanner's own source and options
(`fingerprint.py`), so a new mlgate or a different `--include-comments` starts afresh. It is written atomically; a
corrupt or foreign file is ignored. It is an optimisation only: any failure means "miss".
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlgate.model import Reference
from mlgate.scan.fingerprint import RACY_WINDOW_NS
from mlgate.scan.refcodec import decode_reference, encode_reference
from mlgate.scan.walk import printable_path

if TYPE_CHECKING:  # the codec is imported where entries are built: the fingerprint alone needs none of it
    from mlgate.scan.python.pending import Pending

log = logging.getLogger(__name__)

FORMAT = 6
MAX_ENTRIES = 200_000  # entries for files not seen in this run are kept (pre-commit passes a few) up to this

Signature = tuple[int, int, int, int]


def signature(stat: os.stat_result) -> Signature:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Entry:
    signature: Signature
    digest: str | None  # None: the file had no trigger (cheap to re-check, not worth hashing)
    references: list[Reference]
    skipped: list[str]
    pending: list[Pending] = field(default_factory=list)


@dataclass
class ScanCache:
    path: Path
    fingerprint: str
    previous: dict[str, Any] = field(default_factory=dict)
    current: dict[str, list[Any]] = field(default_factory=dict)
    started_ns: int = field(default_factory=time.time_ns)
    changed: bool = False

    @classmethod
    def open(cls, directory: Path, root: Path, fingerprint: str) -> ScanCache:
        name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:24]
        cache = cls(directory / f"scan-{name}.json", fingerprint)
        try:
            doc = json.loads(cache.path.read_bytes())
        except (OSError, ValueError, RecursionError):
            return cache
        if isinstance(doc, dict) and doc.get("fingerprint") == fingerprint and isinstance(doc.get("files"), dict):
            cache.previous = doc["files"]
        return cache

    def lookup(self, rel: str, sig: Signature, digest: str | None = None) -> Entry | None:
        """The stored result for `rel` if its signature (or, when given, its content hash) matches."""
        raw = self.previous.get(rel)
        if not isinstance(raw, list) or len(raw) != 6 or not isinstance(raw[4], int):
            return None
        # Trust an unchanged signature only if the file was older than the run that read it.
        stored = raw[0]
        trusted = (isinstance(stored, list) and len(stored) == 4 and stored[0] == sig[0] and stored[1] == sig[1]
                   and stored[2] == sig[2] and stored[3] == sig[3] and sig[1] < raw[4] - RACY_WINDOW_NS)
        if not trusted and (digest is None or raw[1] != digest):
            return None
        try:
            entry = _decode(rel, raw)
        except (TypeError, ValueError, KeyError, IndexError):
            return None
        if trusted:
            self.current[rel] = raw
        else:
            self.keep(rel, sig, entry.digest, raw[2], raw[3], raw[5])
        return entry

    def store(self, rel: str, sig: Signature, digest: str | None, refs: list[Reference], skipped: list[str],
              pending: list[Pending]) -> None:
        from mlgate.scan.python.pending import encode

        self.keep(rel, sig, digest, [encode_reference(r) for r in refs], skipped, [encode(p) for p in pending])

    def keep(self, rel: str, sig: Signature, digest: str | None, refs: Any, skipped: Any, pending: Any) -> None:
        self.current[rel] = [list(sig), digest, refs, skipped, self.started_ns, pending]
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        files = dict(self.current)
        if len(self.previous) + len(files) <= MAX_ENTRIES:
            files = {**{k: v for k, v in self.previous.items() if k not in files}, **files}
        doc = {"format": FORMAT, "fingerprint": self.fingerprint, "files": files}
        from mlgate.atomic import write_atomic  # imports tempfile: only when there is something to write

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(doc, separators=(",", ":")))
        except OSError as exc:
            log.debug("scan cache not written: %s", exc)


def _decode(rel: str, raw: list[Any]) -> Entry:
    sig, digest, refs, skipped, _recorded, pending = raw
    if not (isinstance(sig, list) and len(sig) == 4 and all(isinstance(v, int) for v in sig)):
        raise ValueError("bad signature")
    if not refs and not skipped and not pending:  # most files: nothing found, nothing to build
        return Entry((sig[0], sig[1], sig[2], sig[3]), digest if isinstance(digest, str) else None, [], [])
    references = [decode_reference(item) for item in refs]
    shown = printable_path(rel)  # as a fresh scan names the file
    if not isinstance(skipped, list) or not isinstance(pending, list):
        raise ValueError("bad skipped or pending list")
    from mlgate.scan.python.pending import decode

    return Entry((sig[0], sig[1], sig[2], sig[3]), digest if isinstance(digest, str) else None, references,
                 [str(s) for s in skipped], [decode(shown, p) for p in pending])
