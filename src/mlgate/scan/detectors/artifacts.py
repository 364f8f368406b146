"""Model artifacts: GGUF and safetensors files, and local model directories.

Weight files are never loaded: only a bounded prefix is read (`HEADER_BYTES`), and the
header parsers check every length against what was read before using it, so a hostile
length field cannot make them allocate or seek. `gguf_metadata` and
`safetensors_metadata` return the declared metadata (name, license, base models) for the
license resolver; the scan itself reports each artifact as a local-path reference.

A local model directory is a directory holding weights beside a `config.json`, a model
card (`README.md`), an `adapter_config.json` or a diffusers `model_index.json`. It is
found from the file list (`model_directories`), not by reading weights.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable, Sequence

from mlgate.model import Kind, Location, Reference
from mlgate.scan.base import Detector, Gathered, ScanOptions, SourceFile

HEADER_BYTES = 2 * 1024 * 1024
_GGUF_MAGIC = b"GGUF"
_LFS_POINTER = b"version https://git-lfs.github.com/spec/"
_MAX_GGUF_KEYS = 100_000
_MAX_ARRAY_ITEMS = 10_000_000

# GGUF value types -> struct format of a scalar; 8 = string, 9 = array.
_GGUF_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".onnx", ".h5", ".msgpack",
                   ".tflite", ".mlmodel", ".pdparams", ".ot", ".nemo", ".keras")
_DIRECTORY_MARKERS = ("model_index.json", "adapter_config.json", "config.json", "README.md", "params.json")


class _Truncated(Exception):
    pass


class _Reader:
    """Bounds-checked little-endian reads over a byte prefix."""

    def __init__(self, data: bytes, wide: bool = True) -> None:
        self.data = data
        self.pos = 0
        self.wide = wide  # GGUF v1 used 32-bit lengths and counts

    def take(self, size: int) -> bytes:
        if size < 0 or self.pos + size > len(self.data):
            raise _Truncated
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        return chunk

    def unpack(self, fmt: str) -> object:
        return struct.unpack("<" + fmt, self.take(struct.calcsize(fmt)))[0]

    def integer(self, fmt: str) -> int:
        value = self.unpack(fmt)
        if not isinstance(value, int):
            raise _Truncated
        return value

    def count(self) -> int:
        return self.integer("Q" if self.wide else "I")

    def string(self) -> str:
        return self.take(self.count()).decode("utf-8", "replace")


def gguf_metadata(data: bytes, *, prefix: str = "general.") -> dict[str, object]:
    """Metadata keys starting with `prefix` from a GGUF header prefix; {} if not GGUF.

    Arrays are kept only when they hold strings and are short; everything stops at the end
    of `data` (a truncated header yields the keys read so far).
    """
    if not data.startswith(_GGUF_MAGIC):
        return {}
    reader = _Reader(data)
    found: dict[str, object] = {}
    try:
        reader.take(4)
        version = reader.integer("I")
        reader.wide = version >= 2
        reader.count()  # tensor count
        keys = reader.count()
        for _ in range(min(keys, _MAX_GGUF_KEYS)):
            key = reader.string()
            value = _gguf_value(reader, int(reader.unpack("I")))  # type: ignore[call-overload]
            if key.startswith(prefix):
                found[key] = value
    except (_Truncated, struct.error, ValueError):
        pass
    return found


def _gguf_value(reader: _Reader, kind: int) -> object:
    if kind in _GGUF_SCALARS:
        return reader.unpack(_GGUF_SCALARS[kind])
    if kind == 8:
        return reader.string()
    if kind == 9:
        item_kind = reader.integer("I")
        items = reader.count()
        if items > _MAX_ARRAY_ITEMS:
            raise _Truncated
        if item_kind in _GGUF_SCALARS:  # skip without building a list
            reader.take(items * struct.calcsize(_GGUF_SCALARS[item_kind]))
            return None
        values = [_gguf_value(reader, item_kind) for _ in range(items)]
        return values if items <= 64 and all(isinstance(v, str) for v in values) else None
    raise ValueError(f"unknown GGUF value type {kind}")


def safetensors_metadata(data: bytes) -> dict[str, str] | None:
    """The `__metadata__` of a safetensors header prefix; None if unreadable or not safetensors."""
    if len(data) < 8:
        return None
    size = int.from_bytes(data[:8], "little")
    if size < 2 or 8 + size > len(data):
        return None  # hostile or larger than what was read: never read further
    try:
        header = json.loads(data[8:8 + size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(header, dict):
        return None
    meta = header.get("__metadata__", {})
    if not isinstance(meta, dict):
        return {}
    return {str(k): str(v) for k, v in meta.items() if isinstance(v, str)}


class ArtifactDetector(Detector):
    name = "artifact"
    header_bytes = HEADER_BYTES
    triggers: tuple[bytes, ...] = ()

    def accepts(self, relpath: str) -> bool:
        return relpath.lower().endswith((".gguf", ".safetensors"))

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        data = source.data
        fmt = "gguf" if source.suffix == ".gguf" else "safetensors"
        if data.startswith(_LFS_POINTER):
            via = f"{fmt} (git-lfs pointer)"
        elif fmt == "gguf":
            via = "gguf" if data.startswith(_GGUF_MAGIC) else "gguf (unreadable header)"
        else:
            via = "safetensors" if safetensors_metadata(data) is not None else "safetensors (header not read)"
        return [Reference(source.relpath, Kind.LOCAL_PATH, Location(source.relpath, 1, 1), via)]

    def finish(self, gathered: Gathered) -> list[Reference]:
        """Local model directories from the file list; their safetensors shards fold into them."""
        directories = model_directories(gathered.files)
        if not directories:
            return gathered.references
        covered = {ref.target for ref in directories}
        kept = [r for r in gathered.references
                if not (r.via.startswith("safetensors") and inside(r.location.path, covered))]
        return [*kept, *directories]


def model_directories(files: Sequence[str]) -> list[Reference]:
    """Local model directories among `files` (relative POSIX paths), one reference each."""
    by_dir: dict[str, set[str]] = {}
    for path in files:
        directory, _, name = path.rpartition("/")
        by_dir.setdefault(directory, set()).add(name)
    weighted = {d for d, names in by_dir.items() if any(n.lower().endswith(WEIGHT_SUFFIXES) for n in names)}
    pipelines = {d for d, names in by_dir.items() if "model_index.json" in names}
    refs: list[Reference] = []
    for directory in sorted(weighted | pipelines):
        if any(directory.startswith(p + "/") for p in pipelines if p) or ("" in pipelines and directory):
            continue  # a component (unet/, vae/) of a diffusers pipeline reported at its root
        names = by_dir[directory]
        marker = next((m for m in _DIRECTORY_MARKERS if m in names), None)
        if marker is None:
            continue
        via = "adapter directory" if marker == "adapter_config.json" else "model directory"
        target = directory or "."
        path = f"{directory}/{marker}" if directory else marker
        refs.append(Reference(target, Kind.LOCAL_PATH, Location(path, 1, 1), via))
    return refs


def inside(path: str, directories: Iterable[str]) -> bool:
    """Whether `path` lies in one of `directories` ("." is the root)."""
    return any(d == "." or path.startswith(d + "/") for d in directories)


DETECTOR = ArtifactDetector()
