"""References as plain JSON lists, for the scan's on-disk stores (the per-file cache and the
whole-scan snapshot): one encoding, so both read back exactly what a fresh scan reports."""

from __future__ import annotations

from typing import Any

from mlgate.model import Kind, Location, Reference, Role, Suppression

_KINDS = {kind.value: kind for kind in Kind}
_ROLES = {role.value: role for role in Role}


def encode_reference(ref: Reference) -> list[Any]:
    loc, supp, origin = ref.location, ref.suppression, ref.origin
    return [ref.target, ref.kind.value, loc.path, loc.line, loc.column, loc.cell, ref.via, ref.revision,
            ref.role.value, list(supp.rules) if supp else None, supp.reason if supp else None, ref.placeholder,
            None if origin is None else [origin.path, origin.line, origin.column, origin.cell], ref.endpoint]


def decode_reference(item: list[Any]) -> Reference:
    """Raises ValueError/TypeError/KeyError on a malformed entry (the store then misses)."""
    target, kind, path, line, column, cell, via, revision, role, rules, reason, placeholder, origin, endpoint = item
    return Reference(str(target), _KINDS[kind], _location([path, line, column, cell]),
                     str(via), None if revision is None else str(revision), _ROLES[role],
                     None if rules is None else Suppression(tuple(str(r) for r in rules), str(reason or "")),
                     placeholder is True, None if origin is None else _location(origin),
                     None if endpoint is None else str(endpoint))


def _location(raw: list[Any]) -> Location:
    path, line, column, cell = raw
    return Location(str(path), int(line), int(column), None if cell is None else int(cell))
