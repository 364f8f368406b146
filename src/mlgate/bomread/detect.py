"""Is this file a CycloneDX BOM? A cheap look at its head and tail, no parsing, no heavy imports.

Used by the pipeline to evaluate a BOM given to `check`/`report` instead of scanning it. A
JSON BOM carries `"bomFormat"` at the top level, which writers put first or last; an XML BOM
declares the CycloneDX namespace on its root element. An SPDX document is recognised so that
it is refused in so many words rather than scanned as a configuration file and passed. Any
other JSON or XML file is scanned as usual (pre-commit passes configuration files too).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_PEEK = 64 * 1024
_JSON_MARK = re.compile(rb'"bomFormat"\s*:\s*"CycloneDX"')
_XML_MARK = b"cyclonedx.org/schema/bom/"


SPDX_REFUSAL = ("an SPDX document: mlgate evaluates CycloneDX BOMs (JSON or XML); "
                "give it a CycloneDX BOM or the code to scan")
_SPDX_MARK = re.compile(rb'"spdxVersion"\s*:|"@context"\s*:\s*"https://spdx\.org/rdf/3')


def bom_kind(path: Path) -> str | None:
    """"cyclonedx", "spdx" (a document mlgate cannot evaluate), or None for any other file."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".jsonld", ".xml") or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(_PEEK)
            if suffix == ".xml":
                return "cyclonedx" if _XML_MARK in head[:4096] else None
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(size - _PEEK, len(head)))
            tail = handle.read(_PEEK)
    except OSError:
        return None
    if _JSON_MARK.search(head) or _JSON_MARK.search(tail):
        return "cyclonedx"
    return "spdx" if _SPDX_MARK.search(head) or _SPDX_MARK.search(tail) else None


def is_bom_file(path: Path) -> bool:
    return bom_kind(path) == "cyclonedx"


# Documents that are meant as a BOM, or are mlgate's own other outputs, but are not CycloneDX:
# scanned as configuration they would yield nothing, and the gate would pass on nothing.
_NOT_A_BOM = (
    (re.compile(rb'"bomFormat"\s*:'), 'its "bomFormat" is not "CycloneDX"'),
    (re.compile(rb'"specVersion"\s*:'), 'it has a "specVersion" but no "bomFormat": "CycloneDX"'),
    (re.compile(rb'"files_scanned"\s*:'),
     "this is `mlgate scan --format json` output; write a BOM with `mlgate bom`, or check the code itself"),
    (re.compile(rb'"fail_on"\s*:'),
     "this is `mlgate check --format json` output; write a BOM with `mlgate bom`, or check the code itself"),
)


def not_a_bom(path: Path) -> str | None:
    """Why a `.json` or `.xml` file named as a BOM is not one, or None for any other file (a
    JSON configuration mlgate scans). Every XML file qualifies: mlgate reads XML only as a BOM."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xml") or not path.is_file():
        return None
    if suffix == ".xml":
        return "an XML document without the CycloneDX namespace (http://cyclonedx.org/schema/bom/1.x)"
    try:
        with path.open("rb") as handle:
            head = handle.read(_PEEK)
    except OSError:
        return None
    return next((why for mark, why in _NOT_A_BOM if mark.search(head)), None)
