"""Writers of minimal GGUF and safetensors headers for tests (real files come from llama.cpp / safetensors)."""

from __future__ import annotations

import json
import struct
from pathlib import Path


def write_gguf(path: Path, metadata: dict[str, str | int | list[str]], *, version: int = 3,
               extra: bytes = b"", tensors: int = 0) -> Path:
    """A GGUF header with string, uint32 and string-array values, then `extra` bytes."""
    count = "<I" if version == 1 else "<Q"

    def string(value: str) -> bytes:
        data = value.encode("utf-8")
        return struct.pack(count, len(data)) + data

    body = b"GGUF" + struct.pack("<I", version) + struct.pack(count, tensors) + struct.pack(count, len(metadata))
    for key, value in metadata.items():
        body += string(key)
        if isinstance(value, str):
            body += struct.pack("<I", 8) + string(value)
        elif isinstance(value, int):
            body += struct.pack("<I", 4) + struct.pack("<I", value)
        else:
            body += struct.pack("<I", 9) + struct.pack("<I", 8) + struct.pack(count, len(value))
            body += b"".join(string(item) for item in value)
    path.write_bytes(body + extra)
    return path


def write_safetensors(path: Path, metadata: dict[str, str] | None, *, header_length: int | None = None) -> Path:
    header: dict[str, object] = {"weight": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}
    if metadata is not None:
        header["__metadata__"] = metadata
    raw = json.dumps(header).encode("utf-8")
    length = len(raw) if header_length is None else header_length
    path.write_bytes(struct.pack("<Q", length) + raw + b"\x00" * 4)
    return path
