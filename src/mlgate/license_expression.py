"""SPDX license expressions as users and cards write them (`Apache-2.0 OR MIT`, `mit AND cc-by-4.0`).

Parsing uses `license-expression` with `validate=False` (its `validate()` counts every
`LicenseRef-…` as unknown and raises AttributeError on some syntax errors); unknown keys are
checked here. The category of an expression follows its operators: `AND` means every license
applies, so the most restrictive wins; `OR` lets the licensee choose, so the least restrictive
wins. A symbol's category comes from mlgate's catalog first and from ScanCode's categories
(bundled with license-expression) only for plain permissive / copyleft licenses; anything
else is `unknown`, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from mlgate.license_catalog import catalog
from mlgate.model import Category

_SCANCODE_CATEGORIES = {
    "Permissive": Category.PERMISSIVE,
    "Public Domain": Category.PERMISSIVE,
    "Copyleft": Category.COPYLEFT,
    "Copyleft Limited": Category.WEAK_COPYLEFT,
}


@dataclass(frozen=True)
class ParsedExpression:
    expression: str  # normalised rendering, SPDX case
    category: Category
    keys: tuple[str, ...]  # license symbols in order of appearance


@cache
def _licensing() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@cache
def _scancode_categories() -> dict[str, Category]:
    from license_expression import get_license_index

    found: dict[str, Category] = {}
    for item in get_license_index():
        category = _SCANCODE_CATEGORIES.get(item.get("category") or "")
        if category is None:
            continue
        for key in (item.get("spdx_license_key"), *(item.get("other_spdx_license_keys") or ())):
            if key and not key.startswith("LicenseRef-"):
                found[key.lower()] = category
    return found


def parse_expression(text: str) -> ParsedExpression | None:
    """The parsed expression, or None when `text` is not a valid SPDX expression.

    Valid means: it parses, and every key is a known SPDX id (or in mlgate's catalog) or a
    `LicenseRef-…`.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > 1000:
        return None
    licensing = _licensing()
    try:
        parsed = licensing.parse(text, validate=False)
    except Exception:  # ExpressionError, ParseError, and AttributeError on some inputs
        return None
    if parsed is None:
        return None
    keys = tuple(licensing.license_keys(parsed))
    # The bundled SPDX list lags (OpenMDW-1.0 is newer): ids mlgate's catalog knows count as known.
    unknown = [k for k in licensing.unknown_license_keys(parsed)
               if not k.startswith("LicenseRef-") and catalog().by_expression(k) is None]
    if unknown or not keys:
        return None
    return ParsedExpression(parsed.render(), _category_of(parsed), keys)


def symbol_category(key: str) -> Category:
    """The category of one license id (SPDX id or LicenseRef) as mlgate understands it."""
    entry = catalog().by_expression(key)
    if entry is not None:
        return entry.category
    return _scancode_categories().get(key.lower(), Category.UNKNOWN)


def _category_of(node: Any) -> Category:
    operator = getattr(node, "operator", None)
    args = getattr(node, "args", ())
    if operator and args:
        categories = [_category_of(arg) for arg in args]
        pick = max if operator.strip() == "AND" else min
        return pick(categories, key=lambda c: c.restrictiveness)
    symbol = getattr(node, "license_symbol", node)  # `X WITH exception`: the license decides
    return symbol_category(str(getattr(symbol, "key", symbol)))
