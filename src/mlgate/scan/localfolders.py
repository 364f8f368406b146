"""Data set names that are folders of the scanned tree: local data, not Hub data sets.

`load_dataset("quantize_data/wikitext")` in `quantize/quantize_eval.py`, where the repository
holds `quantize/quantize_data/wikitext/`, reads that folder: `datasets` tries a local directory
before the Hub. Its `org/name` shape alone would make it a Hub id. Local data folders are not
references (only weights, checkpoints, adapters and training outputs are), so such a data set
is dropped.

The question is answered from the scan's own listing (every directory that holds a listed
file), never by looking at the disk: the answer is the same on every machine that scans the
same tree, and it costs one set built per scan, only when a data set is named by a relative
path. A folder the listing leaves out (ignored, or a scan of a few files) is not known here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from mlgate.model import Kind, Location, Reference


def without_listed_data_folders(references: list[Reference], files: Iterable[str]) -> list[Reference]:
    """`references` without the data sets whose target names a listed directory, relative to
    the scanned root or to the directory of the file that names it (or of the line it came from)."""
    candidates = [r for r in references if r.kind is Kind.DATASET and _relative_path(r.target)]
    if not candidates:
        return references  # most scans: no need to build the directory set
    directories = listed_directories(files)
    dropped = {id(r) for r in candidates if _names_a_directory(r, directories)}
    return [r for r in references if id(r) not in dropped] if dropped else references


def listed_directories(files: Iterable[str]) -> frozenset[str]:
    """Every directory (relative, POSIX, no trailing slash) that holds one of `files`, at any depth."""
    directories: set[str] = set()
    for path in files:
        parent = posixpath.dirname(path)
        while parent and parent not in directories:
            directories.add(parent)
            parent = posixpath.dirname(parent)
    return frozenset(directories)


def _relative_path(target: str) -> bool:
    """Could `target` be a path relative to somewhere (`data/x`, `./data/x`)? Not a URL, a scheme,
    an absolute or home path, nor a single word."""
    return "/" in target and ":" not in target and not target.startswith(("/", "~"))


def _names_a_directory(reference: Reference, directories: frozenset[str]) -> bool:
    places: list[Location] = [reference.location]
    if reference.origin is not None:
        places.append(reference.origin)
    bases = {"", *(posixpath.dirname(place.path) for place in places)}
    return any(posixpath.normpath(posixpath.join(base, reference.target)) in directories for base in bases)
