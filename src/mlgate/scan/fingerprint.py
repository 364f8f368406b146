"""When a kept scan result may be trusted: the scanner's fingerprint, and the racy window.

The files themselves are compared by their stat states (`filestate.py`). Both the per-file
cache (`cache.py`) and the snapshot of a whole scan (`snapshot.py`) are keyed
by the fingerprint, so a new mlgate, an edited detector or other options start afresh; and
both distrust a file changed within `RACY_WINDOW_NS` of the run that read it, since an edit in
the same clock tick could leave its stat signature as it was. This module imports nothing of
the scanner itself: a rescan that nothing changed loads only this and the snapshot.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RACY_WINDOW_NS = 2_000_000_000


def scanner_fingerprint(options_key: str) -> str:
    """Changes whenever the scanner's code or the options that shape its output change."""
    from mlgate import __version__

    digest = hashlib.sha256(f"{__version__}|{options_key}".encode())
    package = Path(__file__).parent.parent
    for source in scanner_sources():
        name = source.relative_to(package).as_posix().encode()
        try:
            digest.update(name + b"\0" + source.read_bytes())
        except OSError:
            digest.update(name + b"\0?")
    return digest.hexdigest()


def scanner_sources() -> list[Path]:
    """Every module whose code shapes a scan's output: the scan package with its subpackages
    (detectors/, python/), and the target rules and vocabulary it shares with the resolver."""
    package = Path(__file__).parent.parent
    return sorted([*Path(__file__).parent.rglob("*.py"), package / "targets.py", package / "model.py"])
