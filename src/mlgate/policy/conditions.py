"""Rule conditions: each `when:` key is one predicate over a component.

A predicate returns None when the condition does not hold, or a short phrase saying why it
holds (used in the finding's message). A new condition is one function plus one line in
`CONDITIONS` and one property in policies/policy.schema.json.
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from mlgate.model import Component, License, Unresolved

Predicate = Callable[[Component, Any], str | None]


def _category(component: Component, wanted: tuple[str, ...]) -> str | None:
    category = component.category.value
    return f"category {category}" if category in wanted else None


def _kind(component: Component, wanted: tuple[str, ...]) -> str | None:
    return f"kind {component.kind.value}" if component.kind.value in wanted else None


def _target(component: Component, patterns: tuple[str, ...]) -> str | None:
    target = component.target.lower()
    for pattern in patterns:
        if fnmatchcase(target, pattern.lower()):
            return f"target matches {pattern}"
    return None


def _unresolved(component: Component, wanted: bool) -> str | None:
    is_unresolved = isinstance(component.license, Unresolved)
    if is_unresolved != wanted:
        return None
    if isinstance(component.license, Unresolved):
        return f"license unresolved ({component.license})"
    assert isinstance(component.license, License)
    return "license resolved"


CONDITIONS: dict[str, Predicate] = {
    "category": _category,
    "kind": _kind,
    "target": _target,
    "unresolved": _unresolved,
}
