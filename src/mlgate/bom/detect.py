"""Is this file a CycloneDX BOM? A cheap look at its head and tail, no parsing, no heavy imports.

Used by the pipeline to evaluate a BOM given to `check`/`report` instead of scanning it. A
JSON BOM carries `"bomFormat"` at the top level, which writers put first or last; an XML BOM
declares the CycloneDX namespace on its root element. Any other JSON or XML file is scanned
as usual (pre-commit passes configuration files too).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_PEEK = 64 * 1024
_JSON_MARK = re.compile(rb'"bomFormat"\s*:\s*"CycloneDX"')
_XML_MARK = b"cyclonedx.org/schema/bom/"


def is_bom_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xml") or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(_PEEK)
            if suffix == ".xml":
                return _XML_MARK in head[:4096]
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(size - _PEEK, len(head)))
            tail = handle.read(_PEEK)
    except OSError:
        return False
    return bool(_JSON_MARK.search(head) or _JSON_MARK.search(tail))
