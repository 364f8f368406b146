"""Indented JSON text, byte for byte what `json.dumps(doc, indent=2)` writes, several times faster.

With `indent`, the standard library leaves its C encoder for a pure-Python generator that
yields every token on its own: for a scan listing thousands of references, that was most of a
warm rescan's time. Here a container whose members are all scalars (most of them: a reference
is a flat object but for its `origin`) is written in one call of the C encoder, with the item
separator carrying the newline and the indentation of its depth; only the containers around
them are walked in Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

_INDENT = "  "
_SCALARS = frozenset({str, int, float, bool, type(None)})


def dumps(doc: Any) -> str:
    """`json.dumps(doc, indent=2)`: ASCII only, keys in insertion order."""
    return _value(doc, "\n")


@cache
def _flat_encoder(inner: str) -> Callable[[Any], str]:
    """Encodes a container of scalars whose members start at `inner` (newline + indent)."""
    if c_make_encoder is None:  # a Python built without the _json accelerator
        return json.JSONEncoder(check_circular=False, separators=("," + inner, ": ")).encode
    # The accelerator `json.JSONEncoder.encode` itself builds on every call (it is the per-call
    # set-up that costs here): no circularity markers, no default hook, ASCII, NaN allowed, as json.dumps.
    encoder = c_make_encoder(None, None, encode_basestring_ascii, None, ": ", "," + inner, False, False, True)
    return lambda value: "".join(encoder(value, 0))


def _value(value: Any, newline: str) -> str:
    if isinstance(value, dict):
        return _object(value, newline) if value else "{}"
    if isinstance(value, list | tuple):
        return _array(value, newline) if value else "[]"
    # A scalar: the standard encoder's own spelling (true, null, 1e+300, NaN, "\u00e9").
    return json.dumps(value)


def _object(obj: dict[Any, Any], newline: str) -> str:
    inner = newline + _INDENT
    encode = _flat_encoder(inner)
    if _SCALARS.issuperset(map(type, obj.values())):
        return "{" + inner + encode(obj)[1:-1] + newline + "}"
    parts = []
    scalars: dict[Any, Any] = {}  # consecutive members with scalar values, written together
    for key, item in obj.items():
        if type(item) in _SCALARS:
            scalars[key] = item
            continue
        if scalars:
            parts.append(encode(scalars)[1:-1])
            scalars = {}
        parts.append(f"{encode_basestring_ascii(key) if type(key) is str else _key(key)}: {_value(item, inner)}")
    if scalars:
        parts.append(encode(scalars)[1:-1])
    return "{" + inner + ("," + inner).join(parts) + newline + "}"


def _array(items: list[Any] | tuple[Any, ...], newline: str) -> str:
    inner = newline + _INDENT
    if _SCALARS.issuperset(map(type, items)):
        return "[" + inner + _flat_encoder(inner)(items)[1:-1] + newline + "]"
    parts: list[str] = []
    run: list[dict[Any, Any]] = []  # consecutive objects of scalars, written together
    for item in items:
        if type(item) is dict and item and _SCALARS.issuperset(map(type, item.values())):
            run.append(item)
            continue
        if run:
            parts.append(_flat_objects(run, inner))
            run = []
        parts.append(_value(item, inner))
    if run:
        parts.append(_flat_objects(run, inner))
    return "[" + inner + ("," + inner).join(parts) + newline + "]"


def _flat_objects(objects: list[dict[Any, Any]], newline: str) -> str:
    """Non-empty objects of scalars, the consecutive items of an array that start at `newline`,
    in one call of the C encoder (a listing of references is mostly these).

    The encoder separates every member and every item with `,` and a NUL, which no encoded
    string holds (control characters are escaped): `},NUL{` can only stand between two of
    the objects, and every other `,NUL` between two members of one.
    """
    member = newline + _INDENT
    text = _flat_encoder("\0")(objects)[2:-2]  # without the `[{` and `}]` around them all
    text = text.replace("},\0{", newline + "}," + newline + "{" + member).replace(",\0", "," + member)
    return "{" + member + text + newline + "}"


def _key(key: Any) -> str:
    """A key as the standard encoder writes it: strings as they are, numbers, booleans and None
    converted to strings; anything else is a TypeError, as there."""
    if isinstance(key, str):
        return str(encode_basestring_ascii(key))
    if key is None or isinstance(key, bool | int | float):
        return str(encode_basestring_ascii(json.dumps(key)))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
