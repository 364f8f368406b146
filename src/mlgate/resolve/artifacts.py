"""License metadata in weight files: GGUF `general.*` keys and safetensors `__metadata__`.

Only the header is read, and only up to fixed bounds: a hostile or corrupt length field gives
"no metadata", never a huge allocation or a long read. Nothing is loaded as tensors and
nothing is executed.

GGUF layout (little-endian): magic `GGUF`, u32 version, u64 tensor count, u64 key/value count
(u32 for both in version 1), then key/value pairs: key = u64 length + UTF-8 bytes, u32 value
type, value. Tokenizer arrays can be megabytes and come after `general.*`, so the reader stops
at the first key outside `general.` once it has seen some.
safetensors: u64 header length, then a JSON object whose `__metadata__` maps str to str.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any, BinaryIO

MAX_GGUF_HEADER = 16 * 1024 * 1024
MAX_GGUF_STRING = 1024 * 1024
MAX_GGUF_KEYS = 100_000
MAX_SAFETENSORS_HEADER = 32 * 1024 * 1024

# value type -> struct format for fixed-size scalars
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9


class _Bounded:
    """Reads from a file but never past `limit` bytes in total."""

    def __init__(self, handle: BinaryIO, limit: int) -> None:
        self.handle = handle
        self.left = limit

    def read(self, size: int) -> bytes:
        if size < 0 or size > self.left:
            raise ValueError("header exceeds the read bound")
        data = self.handle.read(size)
        if len(data) != size:
            raise ValueError("truncated header")
        self.left -= size
        return data

    def unpack(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]


def read_gguf_metadata(path: Path, prefix: str = "general.") -> dict[str, Any]:
    """The GGUF key/values under `prefix` (scalars, strings, short arrays); {} when unreadable."""
    found: dict[str, Any] = {}
    try:
        with path.open("rb") as handle:
            reader = _Bounded(handle, MAX_GGUF_HEADER)
            if reader.read(4) != b"GGUF":
                return {}
            version = reader.unpack("<I")
            count_fmt = "<I" if version == 1 else "<Q"
            reader.unpack(count_fmt)  # tensor count
            n_keys = reader.unpack(count_fmt)
            for _ in range(min(n_keys, MAX_GGUF_KEYS)):
                key = _string(reader, count_fmt)
                value_type = reader.unpack("<I")
                if not key.startswith(prefix):
                    if found:
                        break  # past the `general.` block: the rest is tokenizer and tensor data
                    _skip(reader, value_type, count_fmt)
                    continue
                found[key] = _value(reader, value_type, count_fmt)
    except (OSError, ValueError, struct.error, UnicodeDecodeError, RecursionError):
        return found
    return found


def _string(reader: _Bounded, count_fmt: str) -> str:
    length = reader.unpack(count_fmt)
    if length > MAX_GGUF_STRING:
        raise ValueError("string too long")
    return reader.read(length).decode("utf-8")


def _value(reader: _Bounded, value_type: int, count_fmt: str, depth: int = 0) -> Any:
    if value_type in _SCALARS:
        return reader.unpack(_SCALARS[value_type])
    if value_type == _STRING:
        return _string(reader, count_fmt)
    if value_type == _ARRAY and depth < 2:
        item_type = reader.unpack("<I")
        count = reader.unpack(count_fmt)
        if count > 1024:
            raise ValueError("array too long for a general.* key")
        return [_value(reader, item_type, count_fmt, depth + 1) for _ in range(count)]
    raise ValueError(f"unknown GGUF value type {value_type}")


def _skip(reader: _Bounded, value_type: int, count_fmt: str, depth: int = 0) -> None:
    if value_type in _SCALARS:
        reader.read(struct.calcsize(_SCALARS[value_type]))
    elif value_type == _STRING:
        reader.read(reader.unpack(count_fmt))
    elif value_type == _ARRAY and depth < 2:
        item_type = reader.unpack("<I")
        count = reader.unpack(count_fmt)
        if item_type in _SCALARS:
            reader.read(count * struct.calcsize(_SCALARS[item_type]))
        else:
            for _ in range(count):
                _skip(reader, item_type, count_fmt, depth + 1)
    else:
        raise ValueError(f"unknown GGUF value type {value_type}")


def read_safetensors_metadata(path: Path) -> dict[str, str]:
    """The `__metadata__` string map of a safetensors header; {} when absent or unreadable."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(8)
            if len(raw) != 8:
                return {}
            length = struct.unpack("<Q", raw)[0]
            if length > MAX_SAFETENSORS_HEADER:
                return {}
            header = handle.read(length)
        data = json.loads(header.decode("utf-8")) if len(header) == length else None
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return {}
    meta = data.get("__metadata__") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        return {}
    return {k: v for k, v in meta.items() if isinstance(k, str) and isinstance(v, str)}


def gguf_base_models(meta: dict[str, Any]) -> tuple[str, ...]:
    """Hub ids of `general.base_model.N.*` (from `repo_url`, else `organization`/`name`)."""
    count = meta.get("general.base_model.count")
    found = []
    for index in range(count if isinstance(count, int) and 0 < count < 64 else 0):
        url = meta.get(f"general.base_model.{index}.repo_url")
        if isinstance(url, str) and "huggingface.co/" in url:
            found.append(url.split("huggingface.co/", 1)[1].strip("/"))
            continue
        org, name = meta.get(f"general.base_model.{index}.organization"), meta.get(f"general.base_model.{index}.name")
        if isinstance(org, str) and isinstance(name, str) and org and name:
            found.append(f"{org}/{name}".replace(" ", "-"))
    return tuple(dict.fromkeys(found))

