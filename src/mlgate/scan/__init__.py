"""scan(root) -> references: every place a model, adapter, dataset or API model is named."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlgate.model import Reference, Skipped
from mlgate.scan.base import Detector, ScanOptions, SourceFile
from mlgate.scan.registry import DETECTORS
from mlgate.scan.walk import walk_files

__all__ = ["ScanOptions", "ScanResult", "SourceFile", "scan", "scan_file"]

log = logging.getLogger(__name__)

MAX_TEXT_BYTES = 8 * 1024 * 1024  # larger text files are skipped with a note
_BINARY_SNIFF = 8192


@dataclass
class ScanResult:
    references: list[Reference] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files_scanned: int = 0


def scan(
    root: Path,
    files: Sequence[str] | None = None,
    options: ScanOptions | None = None,
    detectors: Sequence[Detector] = DETECTORS,
) -> ScanResult:
    """Scan `root`, or only `files` (paths relative to `root`) when given."""
    options = options or ScanOptions()
    result = ScanResult()
    candidates: Iterable[str] = files if files is not None else walk_files(root, result.skipped)
    for rel in candidates:
        wanted = [d for d in detectors if d.accepts(rel)]
        if not wanted:
            continue
        result.references.extend(scan_file(root, rel, wanted, options, result.skipped))
        result.files_scanned += 1
    result.references.sort(key=lambda r: (r.location, r.target))
    return result


def scan_file(
    root: Path,
    rel: str,
    detectors: Sequence[Detector],
    options: ScanOptions,
    skipped: list[Skipped],
) -> list[Reference]:
    """References one file holds, according to the detectors that accept it."""
    path = root / rel
    header = max((d.header_bytes for d in detectors), default=0)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # opening a FIFO or a device would block or never end
            skipped.append(Skipped(rel, "not a regular file"))
            return []
        if header:
            with path.open("rb") as handle:
                data = handle.read(header)
        else:
            size = info.st_size
            if size > MAX_TEXT_BYTES:
                skipped.append(Skipped(rel, f"larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB"))
                return []
            data = path.read_bytes()
    except OSError as exc:
        skipped.append(Skipped(rel, f"unreadable: {exc.strerror or exc}"))
        return []
    if not header and b"\0" in data[:_BINARY_SNIFF]:
        skipped.append(Skipped(rel, "binary file"))
        return []
    source = SourceFile(rel, data)
    found: list[Reference] = []
    for detector in detectors:
        if detector.triggers and not any(t in data for t in detector.triggers):
            continue
        try:
            found.extend(detector.detect(source, options))
        except (RecursionError, MemoryError, ValueError, TypeError, KeyError, IndexError) as exc:
            # A detector bug or a pathological file must not end the scan; say so instead.
            log.debug("detector %s failed on %s", detector.name, rel, exc_info=True)
            skipped.append(Skipped(rel, f"{detector.name} detector failed: {type(exc).__name__}"))
    return found
