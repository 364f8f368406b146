"""License normalisation: Hub ids and `license_name` values → SPDX / LicenseRef + category.

The facts come from the catalog (`license_catalog.py`). Nothing here guesses: an id or name
the catalog does not know is `unknown`, with the declared value and any link kept so a human
can decide.
"""

from __future__ import annotations

from mlgate.license_catalog import CatalogEntry, catalog
from mlgate.license_expression import ParsedExpression, parse_expression, symbol_category
from mlgate.model import Category, License


def from_entry(
    entry: CatalogEntry,
    *,
    source: str,
    evidence: str,
    declared: str | None = None,
    url: str | None = None,
) -> License:
    return License(
        expression=entry.expression,
        category=entry.category,
        source=source,
        evidence=evidence,
        name=entry.name,
        url=url or entry.url,
        commercial_use=entry.commercial_use,
        obligations=entry.obligations,
        declared=declared,
    )


def normalise(
    license_value: str | list[str] | None,
    license_name: str | None = None,
    license_link: str | None = None,
    *,
    source: str,
    evidence: str,
) -> License:
    """Turn card metadata into a License. Never raises; unknown input gives `unknown`.

    `license_value` is the card's `license:` (a Hub id, a list of them, or an SPDX
    expression); `license_name` / `license_link` qualify `license: other`.
    """
    values = license_value if isinstance(license_value, list) else [license_value]
    values = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    name = license_name.strip() if isinstance(license_name, str) and license_name.strip() else None
    link = _link(license_link)
    declared = "/".join(values) + (f" ({name})" if name else "")
    if not values or [v.lower() for v in values] == ["unknown"]:
        if name and (entry := lookup_name(name)):
            return from_entry(entry, source=source, evidence=evidence, declared=declared or None, url=link)
        if name:
            return _unknown_other(name, link, source, evidence, declared)
        return License("NOASSERTION", Category.UNKNOWN, source, evidence, name="no license declared",
                       url=link, declared=declared or None)
    parts: list[License] = []
    for value in values:
        if value.lower() == "other":
            entry = lookup_name(name) if name else None
            if entry is None:
                return _unknown_other(name, link, source, evidence, declared)
            parts.append(from_entry(entry, source=source, evidence=evidence, declared=declared, url=link))
            continue
        part = from_value(value, source=source, evidence=evidence, declared=declared, url=link)
        if part.category is Category.UNKNOWN:
            return part  # one unknown part makes the whole declaration unknown; never guess
        parts.append(part)
    return parts[0] if len(parts) == 1 else _conjunction(parts, source, evidence, declared)


def from_value(value: str, *, source: str, evidence: str, declared: str | None = None,
               url: str | None = None) -> License:
    """One declared license: a Hub id, a catalog name, or an SPDX expression."""
    entry = catalog().by_hub_id(value) or catalog().by_expression(value)
    if entry is not None:
        return from_entry(entry, source=source, evidence=evidence, declared=declared or value, url=url)
    parsed = parse_expression(value)
    if parsed is not None:
        single = catalog().by_expression(parsed.expression) if len(parsed.keys) == 1 else None
        if single is not None:
            return from_entry(single, source=source, evidence=evidence, declared=declared or value, url=url)
        return License(parsed.expression, parsed.category, source, evidence, name=parsed.expression,
                       url=url, commercial_use=_commercial(parsed.category, parsed), declared=declared or value)
    if (named := lookup_name(value)) is not None:
        return from_entry(named, source=source, evidence=evidence, declared=declared or value, url=url)
    return License(f"LicenseRef-unrecognised-{_ref_safe(value)}", Category.UNKNOWN, source, evidence,
                   name=value, url=url, declared=declared or value)


def lookup_name(license_name: str) -> CatalogEntry | None:
    """A `license_name` value: catalog names first, then the same spellings as Hub ids.

    Cards spell names freely (`Qwen-Research`, `qwen_research`, `llama3.1`), so spaces and
    underscores count as dashes.
    """
    cat = catalog()
    for spelling in dict.fromkeys((license_name.strip().lower(), _dashed(license_name))):
        entry = cat.by_name(spelling) or cat.by_hub_id(spelling) or cat.by_expression(spelling)
        if entry is not None:
            return entry
    return cat.by_title(license_name)


def conflict(license_value: str | list[str] | None, license_name: str | None) -> str | None:
    """A card whose `license:` is a specific id but whose `license_name` names another license.

    Derivative cards copy `license_name` from their base (an MIT Phi-3 GGUF with
    `license_name: microsoft-research-license`); the contradiction is reported, not resolved.
    """
    if not isinstance(license_value, str) or not isinstance(license_name, str):
        return None
    value = license_value.strip().lower()
    if value in {"", "other", "unknown"}:
        return None
    declared = catalog().by_hub_id(value)
    named = lookup_name(license_name)
    if declared is None or named is None or named.expression == declared.expression:
        return None
    return (f"card says license: {license_value} ({declared.category.value}) but license_name: "
            f"{license_name} ({named.name}, {named.category.value})")


def _conjunction(parts: list[License], source: str, evidence: str, declared: str) -> License:
    # A card listing several licenses means all apply (weights and code, base and delta),
    # so the expression is AND and the category is the most restrictive one.
    unique = list(dict.fromkeys(p.expression for p in parts))
    worst = max(parts, key=lambda p: p.category.restrictiveness)
    obligations = tuple(dict.fromkeys(o for p in parts for o in p.obligations))
    return License(
        expression=" AND ".join(f"({e})" if " " in e else e for e in unique),
        category=worst.category,
        source=source,
        evidence=evidence,
        name=" + ".join(dict.fromkeys(p.name or p.expression for p in parts)),
        url=worst.url,
        commercial_use=worst.commercial_use,
        obligations=obligations,
        declared=declared,
    )


def _unknown_other(
    license_name: str | None, license_link: str | None, source: str, evidence: str, declared: str
) -> License:
    name = license_name.strip() if license_name else ""
    return License(
        expression=f"LicenseRef-{_ref_safe(name)}" if name else "LicenseRef-other",
        category=Category.UNKNOWN,
        source=source,
        evidence=evidence,
        name=name or "other (no license_name)",
        url=_link(license_link),
        commercial_use="unknown",
        declared=declared or None,
    )


_NO_COMMERCIAL = (Category.NON_COMMERCIAL, Category.RESEARCH_ONLY)


def _commercial(category: Category, parsed: ParsedExpression) -> str:
    # Without OR every part applies, so one non-commercial part rules commercial use out,
    # whatever the other parts (even unknown ones) say.
    every_part_applies = " OR " not in f" {parsed.expression.upper()} "
    if category in _NO_COMMERCIAL or (every_part_applies and any(
            symbol_category(key) in _NO_COMMERCIAL for key in parsed.keys)):
        return "no"
    return {Category.PERMISSIVE: "yes", Category.WEAK_COPYLEFT: "yes", Category.COPYLEFT: "yes",
            Category.COMMUNITY_CONDITIONAL: "conditional"}.get(category, "unknown")


def _dashed(value: str) -> str:
    return "-".join(value.strip().lower().replace("_", " ").split())


def _link(link: str | None) -> str | None:
    return link.strip() if isinstance(link, str) and link.strip() else None


def _ref_safe(value: str) -> str:
    """LicenseRef ids allow letters, digits, '.' and '-' only."""
    cleaned = "".join(c if c.isalnum() or c in ".-" else "-" for c in value.strip())
    return cleaned.strip("-") or "unknown"
