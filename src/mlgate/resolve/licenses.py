"""License normalisation: Hub ids and `license_name` values → SPDX / LicenseRef + category.

The catalog is data (`data/licenses.json`, built by scripts/build_data.py from the checked
reference). Nothing here guesses: an id or name the catalog does not know is `unknown`,
with the declared value and any link kept so a human can decide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from mlgate.model import Category, License, Obligation


@dataclass(frozen=True)
class CatalogEntry:
    key: str
    expression: str
    name: str
    category: Category
    commercial_use: str
    url: str | None
    obligations: tuple[Obligation, ...]


class Catalog:
    """Lookup of license facts by Hub id, `license_name`, or SPDX expression."""

    def __init__(self, raw: dict[str, Any]) -> None:
        texts: dict[str, str] = raw["obligations"]
        self.obligation_texts = texts
        self.hub_ids = {k: self._entry(k, v, texts) for k, v in raw["hub_ids"].items()}
        self.license_names = {k: self._entry(k, v, texts) for k, v in raw["license_names"].items()}
        self.api = self._entry("api", raw["api"], texts)
        self._by_expression: dict[str, CatalogEntry] = {}
        for entry in (*self.license_names.values(), *self.hub_ids.values()):
            self._by_expression.setdefault(entry.expression.lower(), entry)

    @staticmethod
    def _entry(key: str, value: dict[str, Any], texts: dict[str, str]) -> CatalogEntry:
        return CatalogEntry(
            key=key,
            expression=value["expression"],
            name=value["name"],
            category=Category(value["category"]),
            commercial_use=value["commercial_use"],
            url=value.get("url"),
            obligations=tuple(Obligation(o, texts[o]) for o in value["obligations"]),
        )

    def by_hub_id(self, license_id: str) -> CatalogEntry | None:
        return self.hub_ids.get(license_id.strip().lower())

    def by_name(self, license_name: str) -> CatalogEntry | None:
        return self.license_names.get(license_name.strip().lower())

    def by_expression(self, expression: str) -> CatalogEntry | None:
        """An SPDX id or LicenseRef as mlgate writes it (`Apache-2.0`, `LicenseRef-Qwen-License`)."""
        return self._by_expression.get(expression.strip().lower())

    def lookup(self, value: str) -> CatalogEntry | None:
        """Any spelling a user might write: Hub id, license_name or SPDX id."""
        return self.by_hub_id(value) or self.by_name(value) or self.by_expression(value)


@cache
def catalog() -> Catalog:
    data = resources.files("mlgate.resolve").joinpath("data/licenses.json").read_text("utf-8")
    return Catalog(json.loads(data))


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
    """Turn card metadata into a License. Never raises; unknown input gives `unknown`."""
    cat = catalog()
    values = license_value if isinstance(license_value, list) else [license_value]
    values = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    declared = "/".join(values) + (f" ({license_name})" if license_name else "")
    if not values or values == ["unknown"]:
        if license_name and (entry := cat.by_name(license_name)):
            return from_entry(entry, source=source, evidence=evidence, declared=declared or None,
                              url=_link(license_link))
        return License("NOASSERTION", Category.UNKNOWN, source, evidence,
                       name="no license declared", url=_link(license_link),
                       declared=declared or None)
    entries = []
    for value in values:
        if value.lower() == "other":
            entry = cat.by_name(license_name) if license_name else None
            if entry is None:
                return _unknown_other(license_name, license_link, source, evidence, declared)
        else:
            entry = cat.by_hub_id(value) or cat.by_expression(value)
            if entry is None:
                return License(f"LicenseRef-unrecognised-{_ref_safe(value)}", Category.UNKNOWN,
                               source, evidence, name=value, url=_link(license_link),
                               declared=declared)
        entries.append(entry)
    if len(entries) == 1:
        return from_entry(entries[0], source=source, evidence=evidence, declared=declared,
                          url=_link(license_link))
    return _conjunction(entries, source, evidence, declared)


def _conjunction(entries: list[CatalogEntry], source: str, evidence: str, declared: str) -> License:
    # A card listing several licenses means all apply (weights and code, base and delta),
    # so the expression is AND and the category is the most restrictive one.
    unique = list(dict.fromkeys(e.expression for e in entries))
    worst = max(entries, key=lambda e: e.category.restrictiveness)
    obligations = tuple(dict.fromkeys(o for e in entries for o in e.obligations))
    return License(
        expression=" AND ".join(unique),
        category=worst.category,
        source=source,
        evidence=evidence,
        name=" + ".join(dict.fromkeys(e.name for e in entries)),
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
        declared=declared,
    )


def _link(link: str | None) -> str | None:
    return link.strip() if isinstance(link, str) and link.strip() else None


def _ref_safe(value: str) -> str:
    """LicenseRef ids allow letters, digits, '.' and '-' only."""
    cleaned = "".join(c if c.isalnum() or c in ".-" else "-" for c in value.strip())
    return cleaned.strip("-") or "unknown"
