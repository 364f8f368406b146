"""Licenses in other tools' BOMs → mlgate licenses with a category, through the license catalog.

A CycloneDX component lists licenses as `{license: {id | name}}` entries or one
`{expression}`, optionally acknowledged as `declared` or `concluded`. The concluded ones win
(that is what a tool or a human decided), else the declared or unlabelled ones; several
entries all apply (AND). The values go through the resolver's normalisation, so a BOM's
license is judged exactly as a card's would be: ids, Hub ids and names the catalog knows get
its category and obligations, SPDX expressions their operators' category (AND the most
restrictive part, OR the least), and anything else is `unknown`, with what the BOM said kept
as the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from mlgate.licenses import normalise
from mlgate.model import License, Unresolved, UnresolvedReason

SOURCE = "bom"


def _spelled(entry: dict[str, Any]) -> str | None:
    if isinstance(entry.get("expression"), str):
        return str(entry["expression"]).strip() or None
    inner = entry.get("license")
    if isinstance(inner, dict):
        value = inner.get("id") or inner.get("name")
        return value.strip() or None if isinstance(value, str) else None
    return None


def _acknowledged(entry: dict[str, Any]) -> str | None:
    inner = entry.get("license") if isinstance(entry.get("license"), dict) else entry
    value = inner.get("acknowledgement") if isinstance(inner, dict) else None
    return value if isinstance(value, str) else None


def _url(entries: Sequence[dict[str, Any]]) -> str | None:
    for entry in entries:
        inner = entry.get("license")
        if isinstance(inner, dict) and isinstance(inner.get("url"), str):
            return str(inner["url"])
    return None


def by_acknowledgement(entries: Sequence[Any]) -> dict[str | None, list[str]]:
    """Values as spelled in the BOM, by their `acknowledgement` (None: the entry has none)."""
    grouped: dict[str | None, list[str]] = {}
    for entry in entries:
        if isinstance(entry, dict) and (value := _spelled(entry)) is not None:
            grouped.setdefault(_acknowledged(entry), []).append(value)
    return grouped


def split_by_acknowledgement(entries: Sequence[Any]) -> tuple[list[str], list[str]]:
    """(concluded values, declared-or-unlabelled values) as spelled in the BOM."""
    grouped = by_acknowledgement(entries)
    concluded = grouped.pop("concluded", [])
    return concluded, [value for values in grouped.values() for value in values]


def license_from_bom(entries: Sequence[Any], evidence_entries: Sequence[Any], where: str) -> License | Unresolved:
    """The license a foreign BOM states for a component; `where` names the component for the evidence."""
    concluded, declared = split_by_acknowledgement(entries)
    if not concluded and not declared:
        _, declared = split_by_acknowledgement(evidence_entries)
    values = concluded or declared
    if not values:
        return Unresolved(UnresolvedReason.NO_LICENSE, f"{where} lists no license", SOURCE)
    evidence = f"{where}: licenses {' AND '.join(values)!r}"
    # The resolver's normalisation reads Hub ids, catalog names, SPDX ids and expressions alike.
    license_ = normalise(values, source=SOURCE, evidence=evidence)
    url = _url([e for e in entries if isinstance(e, dict)]) or license_.url
    return replace(license_, declared=" AND ".join(declared) if declared else None, url=url)
