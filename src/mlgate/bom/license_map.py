"""Licenses in other tools' BOMs → mlgate licenses with a category, through the license catalog.

A CycloneDX component lists licenses as `{license: {id | name}}` entries or one
`{expression}`, optionally acknowledged as `declared` or `concluded`. The concluded ones win
(that is what a tool or a human decided), else the declared or unlabelled ones; several
entries all apply (AND). Ids, Hub ids and license names the catalog knows get its category
and obligations; anything else is `unknown`, with what the BOM said kept as the evidence.
In an expression, AND takes the most restrictive category and OR the least (the licensee
chooses), and an unknown part of an AND makes the whole unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mlgate.model import Category, License, Obligation, Unresolved, UnresolvedReason
from mlgate.resolve.licenses import catalog, normalise

SOURCE = "bom"
_Verdict = tuple[Category, tuple[Obligation, ...]] | None


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


def split_by_acknowledgement(entries: Sequence[Any]) -> tuple[list[str], list[str]]:
    """(concluded values, declared-or-unlabelled values) as spelled in the BOM."""
    concluded: list[str] = []
    declared: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict) or (value := _spelled(entry)) is None:
            continue
        (concluded if _acknowledged(entry) == "concluded" else declared).append(value)
    return concluded, declared


def license_from_bom(entries: Sequence[Any], evidence_entries: Sequence[Any], where: str) -> License | Unresolved:
    """The license a foreign BOM states for a component; `where` names the component for the evidence."""
    concluded, declared = split_by_acknowledgement(entries)
    if not concluded and not declared:
        _, declared = split_by_acknowledgement(evidence_entries)
    values = concluded or declared
    if not values:
        return Unresolved(UnresolvedReason.NO_LICENSE, f"{where} lists no license", SOURCE)
    raw = " AND ".join(values)
    evidence = f"{where}: licenses {raw!r}"
    url = _url([e for e in entries if isinstance(e, dict)])
    declared_text = " AND ".join(declared) if declared else None
    if len(values) == 1 and not _is_compound(values[0]):
        return _single(values[0], evidence, declared_text, url)
    return _expression(raw, evidence, declared_text, url)


def _is_compound(value: str) -> bool:
    return any(f" {op} " in f" {value.upper()} " for op in ("AND", "OR", "WITH")) or "(" in value


def _single(value: str, evidence: str, declared: str | None, url: str | None) -> License:
    license_ = normalise(value, source=SOURCE, evidence=evidence)
    if license_.category is Category.UNKNOWN:
        # Keep what the BOM said as the expression when it is an SPDX id the catalog lacks.
        from cyclonedx.spdx import is_supported_id

        expression = value if is_supported_id(value) or value.startswith("LicenseRef-") else license_.expression
        return License(expression, Category.UNKNOWN, SOURCE, evidence, name=value, url=url, declared=declared)
    return License(**{**license_.__dict__, "declared": declared, "url": license_.url or url})


def _expression(raw: str, evidence: str, declared: str | None, url: str | None) -> License:
    from license_expression import ExpressionError, Licensing

    try:
        parsed = Licensing().parse(raw, validate=False)
    except (ExpressionError, AttributeError, TypeError, ValueError):
        parsed = None
    verdict = _verdict(parsed) if parsed is not None else None
    if verdict is None:
        return License(raw, Category.UNKNOWN, SOURCE, evidence, name=raw, url=url, declared=declared)
    category, obligations = verdict
    return License(str(parsed), category, SOURCE, evidence, name=raw, url=url, obligations=obligations,
                   declared=declared)


def _verdict(node: Any) -> _Verdict:
    """(category, obligations) of a parsed expression, or None when a part that matters is unknown."""
    operator = getattr(node, "operator", "").strip().upper()
    if operator in ("AND", "OR"):
        parts = [_verdict(arg) for arg in node.args]
        known = [p for p in parts if p is not None]
        if operator == "AND":
            if len(known) < len(parts):
                return None
            worst = max(known, key=lambda p: p[0].restrictiveness)
            return worst[0], tuple(dict.fromkeys(o for p in known for o in p[1]))
        return min(known, key=lambda p: p[0].restrictiveness) if known else None
    symbol = getattr(node, "license_symbol", node)  # `X WITH exception` is judged by X
    entry = catalog().lookup(str(getattr(symbol, "key", symbol)))
    return (entry.category, entry.obligations) if entry is not None and entry.category is not Category.UNKNOWN else None
