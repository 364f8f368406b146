"""The detector interface: one detector per kind of file, each a `Detector` instance.

A detector says which files it reads (`accepts`), which byte strings must appear for the
file to be worth parsing (`triggers`, a cheap prefilter run before any decode or parse),
and turns a file into references. An optional `finish` hook runs once after every file was
read, over the whole scan (cross-module constants, model directories). Detectors never
import or execute what they read.
"""

from __future__ import annotations

import bisect
import gc
import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from mlgate.config import Environment
from mlgate.model import Location, Reference

if TYPE_CHECKING:  # the Python detector's deferred arguments; the engine only carries them
    from mlgate.scan.python.pending import Pending

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Documentation is prose: never read as a Modelfile, a shell script or code (`Modelfile.mdx`, `.env.md`).
DOCUMENT_SUFFIXES = (".md", ".mdx", ".markdown", ".rst", ".txt", ".html", ".htm", ".adoc", ".ipynb")


@dataclass(frozen=True)
class ScanOptions:
    include_comments: bool = False
    # Set by the engine from the registered detectors when `include_comments` is on.
    comment_triggers: tuple[bytes, ...] = ()
    # MLGATE_SCAN_WORKERS as `config.Environment` read it: 1 turns parallel scanning off.
    workers: int | None = field(default_factory=lambda: Environment.current().scan_workers)
    # Where per-file results are kept between runs; None disables the cache.
    cache_dir: Path | None = None


@dataclass
class SourceFile:
    """A file handed to detectors: its path relative to the scan root and its bytes."""

    relpath: str
    data: bytes
    # Filled by detectors: arguments whose value is another module's constant (see `python/pending.py`).
    pending: list[Pending] = field(default_factory=list)
    # Characters `position` has counted newlines over so far, without the line table.
    _counted: int = field(default=0, init=False, repr=False, compare=False)

    @cached_property
    def text(self) -> str:
        """Decoded text: UTF-8 (BOM tolerated), UTF-16 with a BOM, else Latin-1 so nothing is lost."""
        if self.data.startswith(_UTF16_BOMS):
            try:
                return self.data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        try:
            return self.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return self.data.decode("latin-1")

    @cached_property
    def line_starts(self) -> list[int]:
        """Offsets in `text` at which each line begins (index 0 is line 1)."""
        return line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in `text`.

        Counted at C speed from the text itself unless the line table is already built: most
        files place a handful of references, and a notebook's table would cover megabytes
        of outputs. Once the counting has gone over the text twice (a file placing thousands
        of references, each counted from the start), the table is built: linear either way.
        """
        if "line_starts" in self.__dict__ or self._counted + offset > 2 * len(self.text):
            index = bisect.bisect_right(self.line_starts, offset) - 1
            return index + 1, offset - self.line_starts[index] + 1
        self._counted += offset  # (`rfind` below goes back no further than `count` goes forward)
        text = self.text
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1

    def location(self, offset: int, cell: int | None = None) -> Location:
        line, column = self.position(offset)
        return Location(self.relpath, line, column, cell)

    def line_text(self, line: int) -> str:
        """The text of 1-based `line`, without its newline ('' past the end)."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end]

    @property
    def name(self) -> str:
        return self.relpath.rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        name = self.name
        return name[name.rfind(".") :].lower() if "." in name else ""


class SkipFile(Exception):
    """Raised by a detector that cannot read a file at all; the scan reports it as skipped."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Gathered:
    """What the per-file pass found, handed to each detector's `finish` hook in turn."""

    root: Path
    files: list[str]  # every path offered to the scan, read or not (relative, POSIX)
    references: list[Reference]
    pending: list[tuple[str, Pending]]  # (importing file, argument that reads another module's constant)
    # Filled by `finish` hooks: paths besides `files` whose presence or content shaped the result.
    consulted: set[str] = field(default_factory=set)
    # The project's files a `finish` hook may read besides the scanned ones (a constants module, a
    # `conftest.py`); None: `files`. A module the listing leaves out (git-ignored, excluded) is not
    # the project's. Asked for only when needed: for a few files named one by one it lists the root.
    listing: Callable[[], frozenset[str]] | None = None

    def listed(self) -> frozenset[str]:
        """The project's files, relative to `root` (POSIX), the scanned ones among them."""
        return self.listing() if self.listing is not None else frozenset(self.files)


class Detector(ABC):
    """One kind of file. Register new detectors in `mlgate.scan.registry`."""

    name: str
    triggers: tuple[bytes, ...]
    # 0: a text file read whole (subject to the size limit). N > 0: a binary artifact of
    # which only the first N bytes are read, whatever its size (GGUF, safetensors headers).
    header_bytes: int
    # With `--include-comments`, any of these bytes also wakes every detector that accepts
    # the file: a model URL in a comment may sit in any kind of file.
    comment_triggers: tuple[bytes, ...] = ()

    def triggered_otherwise(self, data: bytes) -> bool:
        """A second look at a file none of `triggers` occurs in (a pattern, dearer than the needles)."""
        return False

    @abstractmethod
    def accepts(self, relpath: str) -> bool:
        """Whether this detector reads files at `relpath` (by name or suffix only)."""

    @abstractmethod
    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        """Every reference in `source`. Must not raise on malformed input."""

    def finish(self, gathered: Gathered) -> list[Reference]:
        """A pass over the whole scan after every file was read: the references to keep.

        Detectors run their hook in registry order, each seeing what the previous one returned.
        """
        return gathered.references


def line_starts(text: str) -> list[int]:
    """Offsets in `text` at which each line begins (index 0 is line 1)."""
    lines = text.split("\n")
    lines.pop()  # the text after the last newline starts a line but ends none
    # Each line is its length plus its newline long; `int.__add__` keeps the sum in C.
    return list(itertools.accumulate(map((1).__add__, map(len, lines)), initial=0))


def has_trigger(data: bytes, triggers: tuple[bytes, ...]) -> bool:
    """The cheap prefilter: does any trigger occur in `data`? (No triggers: always.)"""
    if not triggers:
        return True
    return any(trigger in data for trigger in triggers)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (parsing allocates many objects and few cycles).

    Measured: a scan spends a quarter less time with it paused. Nested uses are free; the
    collector is re-enabled only by the outermost one, and only if it was on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
