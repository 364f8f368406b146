"""The detector interface: one detector per kind of file, each a plain object.

A detector says which files it reads (`accepts`), which byte strings must appear for the
file to be worth parsing (`triggers`, a cheap prefilter run before any decode or parse),
and turns a file into references. Detectors never import or execute what they read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from mlgate.model import Reference


@dataclass(frozen=True)
class ScanOptions:
    include_comments: bool = False


@dataclass
class SourceFile:
    """A file handed to detectors: its path relative to the scan root and its bytes."""

    relpath: str
    data: bytes

    @cached_property
    def text(self) -> str:
        """Decoded text: UTF-8 (BOM tolerated), falling back to Latin-1 so nothing is lost."""
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return self.data.decode("latin-1")

    @property
    def name(self) -> str:
        return self.relpath.rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        name = self.name
        return name[name.rfind(".") :].lower() if "." in name else ""


class Detector(Protocol):
    """One kind of file. Register new detectors in `mlgate.scan.registry`."""

    name: str
    triggers: tuple[bytes, ...]
    # 0: a text file read whole (subject to the size limit). N > 0: a binary artifact of
    # which only the first N bytes are read, whatever its size (GGUF, safetensors headers).
    header_bytes: int

    def accepts(self, relpath: str) -> bool:
        """Whether this detector reads files at `relpath` (by name or suffix only)."""
        ...

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        """Every reference in `source`. Must not raise on malformed input."""
        ...
