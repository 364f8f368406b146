"""Running one detector or a whole scan on text written by a test."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mlgate.model import Reference, ScanResult
from mlgate.scan.base import Detector, ScanOptions, SourceFile
from mlgate.scan.engine import scan


def detect(detector: Detector, relpath: str, text: str | bytes, comments: bool = False) -> list[Reference]:
    data = text.encode() if isinstance(text, str) else text
    return sorted(detector.detect(SourceFile(relpath, data), ScanOptions(include_comments=comments)),
                  key=lambda r: (r.location.line, r.location.column, r.target))


def found(refs: list[Reference]) -> list[tuple[str, str, int]]:
    """(target, kind, line) of each reference, in order."""
    return [(r.target, r.kind.value, r.location.line) for r in refs]


def python_refs(source: str, comments: bool = False) -> list[tuple[str, str, int]]:
    """(target, kind, line) of what the Python detector finds in `source` (dedented), as `m.py`."""
    from mlgate.scan.python.detector import DETECTOR

    return found(detect(DETECTOR, "m.py", textwrap.dedent(source), comments))


def scan_tree(root: Path, files: dict[str, str | bytes], **options: object) -> ScanResult:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return scan(root, options=ScanOptions(**options))  # type: ignore[arg-type]
