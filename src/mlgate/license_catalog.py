"""The license catalog: what mlgate knows about each license, by Hub id, name or SPDX id.

The catalog is data (`resolve/data/licenses.json`, built by scripts/build_data.py from the
checked reference).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from mlgate.model import Category, Obligation


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
        # Structured terms of the non-standard licenses, by expression (what `explain` prints).
        self.terms: dict[str, dict[str, str]] = raw.get("terms", {})
        # What each license says about internal use (yes / no / conditional, and why), by expression.
        self.internal_use: dict[str, dict[str, str]] = raw.get("internal_use", {})
        self._by_expression: dict[str, CatalogEntry] = {}
        self._by_title: dict[str, CatalogEntry] = {}
        for entry in (*self.license_names.values(), *self.hub_ids.values()):
            self._by_expression.setdefault(entry.expression.lower(), entry)
            self._by_title.setdefault(entry.name.lower(), entry)

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

    def by_title(self, title: str) -> CatalogEntry | None:
        """A license's full name (`Apache License 2.0`, `CreativeML Open RAIL++-M`), as weight files write it."""
        return self._by_title.get(" ".join(title.split()).lower())

    def lookup(self, value: str) -> CatalogEntry | None:
        """Any spelling a user might write: Hub id, license_name or SPDX id."""
        return self.by_hub_id(value) or self.by_name(value) or self.by_expression(value)


@cache
def catalog() -> Catalog:
    data = resources.files("mlgate").joinpath("resolve/data/licenses.json").read_text("utf-8")
    return Catalog(json.loads(data))
