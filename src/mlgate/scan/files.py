"""One file through the detectors: stat, cache lookup, read, byte prefilter, detect, suppress.

Per file: one `lstat`; the cache answers if the file is unchanged; otherwise the bytes are
read (a bounded prefix for binary artifacts), binary and oversized files are skipped with a
reason, each detector's byte triggers are checked before anything is decoded or parsed, and
inline suppressions are applied to what the detectors found. Worker processes run this too
(`parallel.py`), so nothing here writes the cache except `scan_file`.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlgate.model import Reference
from mlgate.scan.base import Detector, ScanOptions, SkipFile, SourceFile, has_trigger
from mlgate.scan.cache import ScanCache, Signature, content_hash, signature
from mlgate.scan.python.pending import Pending
from mlgate.scan.suppress import apply_suppressions
from mlgate.scan.walk import printable_path

log = logging.getLogger(__name__)

MAX_TEXT_BYTES = 8 * 1024 * 1024  # larger text files are skipped with a note
_BINARY_SNIFF = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class FileResult:
    references: list[Reference]
    skipped: list[str]
    scanned: bool = True
    digest: str | None = None  # content hash, when the file was worth hashing
    cached: bool = False  # answered by the cache without reading the file
    pending: list[Pending] = field(default_factory=list)  # arguments that read another module's constants


def scan_file(
    root: Path,
    rel: str,
    detectors: Sequence[Detector],
    options: ScanOptions,
    cache: ScanCache | None = None,
) -> FileResult:
    """References one file holds, according to the detectors that accept it."""
    ready = stat_file(root, rel, cache)
    if isinstance(ready, FileResult):
        return ready
    outcome = read_file(root, rel, ready, detectors, options, cache)
    if cache is not None:
        cache.store(rel, ready.signature, outcome.digest, outcome.references, outcome.skipped, outcome.pending)
    return outcome


@dataclass
class Stat:
    """A regular file about to be read: its size and stat signature."""

    size: int
    signature: Signature


def stat_file(root: Path, rel: str, cache: ScanCache | None) -> FileResult | Stat:
    """Cheap first step: a result when the file needs no reading (cached, a link, ...)."""
    try:
        info = os.lstat(os.path.join(root, rel))  # not `root / rel`: pathlib costs more than the lstat
    except OSError as exc:
        return FileResult([], [f"unreadable: {exc.strerror or exc}"], scanned=False)
    if stat.S_ISLNK(info.st_mode):
        return FileResult([], ["symbolic link not followed"], scanned=False)
    if not stat.S_ISREG(info.st_mode):
        # A submodule (a directory in git's listing) holds nothing to read. A FIFO, socket or
        # device is never opened (that would block or never end), and the user is told.
        reason = [] if stat.S_ISDIR(info.st_mode) else ["not a regular file"]
        return FileResult([], reason, scanned=False)
    sig = signature(info)
    if cache is not None:
        hit = cache.lookup(rel, sig)
        if hit is not None:
            return FileResult(hit.references, hit.skipped, cached=True, pending=hit.pending)
    return Stat(info.st_size, sig)


def read_file(root: Path, rel: str, info: Stat, detectors: Sequence[Detector], options: ScanOptions,
              cache: ScanCache | None) -> FileResult:
    """Read, prefilter and detect. Does not write the cache (a worker process may run this)."""
    header = max((d.header_bytes for d in detectors), default=0)
    if not header and info.size > MAX_TEXT_BYTES:
        return FileResult([], [f"larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB"])
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            data = handle.read(header) if header else handle.read()
    except OSError as exc:
        return FileResult([], [f"unreadable: {exc.strerror or exc}"], scanned=False)
    if not header and data.startswith(_UTF16_BOMS):
        data = _utf16_as_utf8(data)  # the byte prefilter looks for UTF-8 (and ASCII) triggers
    triggered = [d for d in detectors if _triggered(d, data, options)]
    if not triggered:
        return FileResult([], [])
    digest = content_hash(data) if cache is not None else None
    if cache is not None:
        hit = cache.lookup(rel, info.signature, digest)
        if hit is not None:
            return FileResult(hit.references, hit.skipped, digest=digest, pending=hit.pending)
    outcome = _detect(rel, data, triggered, options, binary=bool(header))
    outcome.digest = digest
    return outcome


def _utf16_as_utf8(data: bytes) -> bytes:
    try:
        return data.decode("utf-16").encode("utf-8", "surrogatepass")
    except UnicodeError:
        return data


def _triggered(detector: Detector, data: bytes, options: ScanOptions) -> bool:
    if has_trigger(data, detector.triggers) or detector.triggered_otherwise(data):
        return True
    return options.include_comments and has_trigger(data, options.comment_triggers)


def _detect(rel: str, data: bytes, detectors: Iterable[Detector], options: ScanOptions, binary: bool) -> FileResult:
    if not binary and b"\0" in data[:_BINARY_SNIFF] and not data.startswith(_UTF16_BOMS):
        return FileResult([], ["binary file"])
    source = SourceFile(printable_path(rel), data)  # locations name the file as reports show it
    found: list[Reference] = []
    skipped: list[str] = []
    for detector in detectors:
        try:
            found.extend(detector.detect(source, options))
        except SkipFile as exc:
            skipped.append(exc.reason)
        except Exception as exc:  # a detector bug or a pathological file must not end the scan
            log.debug("detector %s failed on %s", detector.name, rel, exc_info=True)
            skipped.append(f"{detector.name} detector failed: {type(exc).__name__}")
    if not binary:
        found = apply_suppressions(source, found)
    return FileResult(found, skipped, pending=apply_suppressions(source, source.pending))
