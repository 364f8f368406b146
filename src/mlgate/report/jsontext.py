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
    if set(map(type, obj.values())) <= _SCALARS:
        return "{" + inner + _flat_encoder(inner)(obj)[1:-1] + newline + "}"
    parts = []
    for key, item in obj.items():
        kind = type(item)  # the two common scalars inline, the rest as the standard encoder spells them
        text = (encode_basestring_ascii(item) if kind is str else int.__repr__(item) if kind is int
                else _value(item, inner))
        parts.append(f"{encode_basestring_ascii(key) if type(key) is str else _key(key)}: {text}")
    return "{" + inner + ("," + inner).join(parts) + newline + "}"


def _array(items: list[Any] | tuple[Any, ...], newline: str) -> str:
    inner = newline + _INDENT
    if set(map(type, items)) <= _SCALARS:
        return "[" + inner + _flat_encoder(inner)(items)[1:-1] + newline + "]"
    return "[" + inner + ("," + inner).join([_value(item, inner) for item in items]) + newline + "]"


def _key(key: Any) -> str:
    """A key as the standard encoder writes it: strings as they are, numbers, booleans and None
    converted to strings; anything else is a TypeError, as there."""
    if isinstance(key, str):
        return str(encode_basestring_ascii(key))
    if key is None or isinstance(key, bool | int | float):
        return str(encode_basestring_ascii(json.dumps(key)))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
