"""The cells of a notebook with the file offsets of their source strings, read fast.

A notebook is mostly outputs (images, tables, logs); reading every string of it with the
positional JSON reader costs seconds on a large collection. Here the standard library's C
parser reads the document, and each cell's `source` is then found in the raw text by its
key (`"source": [...]`, searched in order, the strings located with the C string scanner)
and checked against what the parser read, so a `"source"` key nested in an output or in
metadata is never taken for the cell's. Anything unexpected returns None and the caller
falls back to the positional reader (`jsonpos`), which is exact on every shape.
"""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from mlgate.scan.detectors.jsonpos import JArray, JNode, JObject, JString

_WHITESPACE = " \t\n\r"


def located_cells(text: str) -> list[JObject] | None:
    """Each cell as a JObject holding `cell_type` and a positioned `source`, or None."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return None  # nbformat 3 (worksheets) and odd shapes take the exact path
    found: list[JObject] = []
    position = 0
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        source = cell.get("source")
        if not isinstance(kind, str) or not isinstance(source, str | list):
            return None
        located = _locate(text, source, position)
        if located is None:
            return None
        node, position = located
        found.append(JObject(0, [(JString('"cell_type"', 0), JString(json.dumps(kind), 0)),
                                 (JString('"source"', 0), node)]))
    return found


def _locate(text: str, expected: Any, start: int) -> tuple[JNode, int] | None:
    """The first `"source": value` at or after `start` whose value equals `expected`."""
    position = start
    while True:
        key = text.find('"source"', position)
        if key < 0:
            return None
        position = key + len('"source"')
        index = _skip(text, position)
        if index >= len(text) or text[index] != ":":
            continue  # the word inside a string, not a key
        read = _value(text, _skip(text, index + 1))
        if read is None:
            continue
        node, end, value = read
        if value == expected:
            return node, end


def _value(text: str, index: int) -> tuple[JNode, int, Any] | None:
    """A JSON string or array of strings at `index`: its node, end offset and decoded value."""
    try:
        if index < len(text) and text[index] == '"':
            value, end = scanstring(text, index + 1, True)
            return JString(text[index:end], index), end, value
        if index >= len(text) or text[index] != "[":
            return None
        items: list[JNode] = []
        values: list[str] = []
        index = _skip(text, index + 1)
        while index < len(text) and text[index] != "]":
            if text[index] != '"':
                return None
            value, end = scanstring(text, index + 1, True)
            items.append(JString(text[index:end], index))
            values.append(value)
            index = _skip(text, end)
            if index < len(text) and text[index] == ",":
                index = _skip(text, index + 1)
        if index >= len(text):
            return None
        return JArray(index, items), index + 1, values
    except ValueError:
        return None


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index
