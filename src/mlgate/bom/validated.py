"""Remember which BOM documents already passed schema validation, so the same BOM is not validated twice.

Strict JSON validation imports jsonschema with its format checkers (about 1.5 s) and the XSD
takes a moment to load; a `--reproducible` BOM written again in CI or by a hook is usually
the very document validated last time. The key is the document without its serial number
and timestamp (the library writes both in a fixed, valid form), plus the versions of mlgate
and cyclonedx-python-lib; a marker file under the cache directory records a pass. A failure
is never remembered, and an unwritable cache only costs time.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mlgate import __version__
from mlgate.paths import remember_valid, validated_marker

_VOLATILE = re.compile(
    r'"serialNumber": "[^"]*"|serialNumber="[^"]*"|"timestamp": "[^"]*"|<timestamp>[^<]*</timestamp>')


def _marker(memo: Path, kind: str, text: str) -> Path:
    try:
        library = version("cyclonedx-python-lib")
    except PackageNotFoundError:  # pragma: no cover - it is a dependency
        library = "?"
    stable = _VOLATILE.sub("", text)
    return validated_marker(memo, "validated-bom", f"{kind}\0{__version__}\0{library}\0{stable}")


def seen(memo: Path | None, kind: str, text: str) -> bool:
    """Whether `text` passed before; `memo` is the run's cache directory (None: no memo)."""
    return memo is not None and _marker(memo, kind, text).exists()


def remember(memo: Path | None, kind: str, text: str) -> None:
    if memo is not None:
        remember_valid(_marker(memo, kind, text))
