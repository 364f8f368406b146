"""Rule conditions: each `when:` key is one predicate over a component.

A predicate returns None when the condition does not hold, or a short phrase saying why it
holds (used in the finding's message). Some conditions look at other components (a fine-tune's
base model, a model's training data), so predicates get a `Context` over the whole result.
A new condition is one function plus one line in `CONDITIONS` and one property in
policies/policy.schema.json.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from mlgate.model import Category, Component, Kind, License, Unresolved
from mlgate.policy.expressions import allowed_by, denied_by


@dataclass(frozen=True)
class Context:
    """Every component of the run, found by target (case-insensitive; several revisions may share one)."""

    by_target: dict[str, tuple[Component, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, components: Sequence[Component]) -> Context:
        found: dict[str, list[Component]] = defaultdict(list)
        for component in components:
            found[component.target.lower()].append(component)
        return cls({k: tuple(v) for k, v in found.items()})

    def find(self, target: str) -> tuple[Component, ...]:
        return self.by_target.get(target.lower(), ())


Predicate = Callable[[Component, Any, Context], str | None]

# Kinds with a revision on the Hub; API models and local paths have nothing to pin.
_PINNABLE = (Kind.MODEL, Kind.ADAPTER, Kind.DATASET)


def _flag(holds: bool, wanted: bool, why: str, why_not: str) -> str | None:
    """For boolean conditions: `true` fires when `holds`, `false` when it does not."""
    if holds != wanted:
        return None
    return why if holds else why_not


def _expression(component: Component) -> str | None:
    return component.license.expression if isinstance(component.license, License) else None


def _category(component: Component, wanted: tuple[str, ...], _: Context) -> str | None:
    category = component.category.value
    return f"category {category}" if category in wanted else None


def _license_allow(component: Component, entries: tuple[str, ...], _: Context) -> str | None:
    expression = _expression(component)
    if expression is None:
        return "license unresolved, so not in the allow list"
    if allowed_by(expression, entries):
        return None
    return f"license {expression} is not in the allow list ({', '.join(entries)})"


def _license_deny(component: Component, entries: tuple[str, ...], _: Context) -> str | None:
    expression = _expression(component)
    if expression is None or not denied_by(expression, entries):
        return None
    return f"license {expression} is in the deny list ({', '.join(entries)})"


def _kind(component: Component, wanted: tuple[str, ...], _: Context) -> str | None:
    return f"kind {component.kind.value}" if component.kind.value in wanted else None


def _target(component: Component, patterns: tuple[str, ...], _: Context) -> str | None:
    target = component.target.lower()
    for pattern in patterns:
        if fnmatchcase(target, pattern.lower()):
            return f"target matches {pattern}"
    return None


def _source(component: Component, wanted: tuple[str, ...], _: Context) -> str | None:
    source = component.license.source
    return f"license from {source}" if source in wanted else None


def _unresolved(component: Component, wanted: bool | tuple[str, ...], _: Context) -> str | None:
    license_ = component.license
    if isinstance(wanted, tuple):  # a list of reasons
        if isinstance(license_, Unresolved) and license_.reason.value in wanted:
            return f"license unresolved ({license_})"
        return None
    return _flag(isinstance(license_, Unresolved), wanted, f"license unresolved ({license_})", "license resolved")


def _gated(component: Component, wanted: bool, _: Context) -> str | None:
    if component.gated is None:  # not known either way
        return None
    return _flag(component.gated, wanted, "gated on the Hub (terms accepted per user)", "not gated")


def _unpinned(component: Component, wanted: bool, _: Context) -> str | None:
    if component.kind not in _PINNABLE:
        return None
    revision = f"revision {component.revision}" if component.revision else "no revision"
    return _flag(not component.pinned, wanted, f"unpinned ({revision}; the files can change)",
                 f"pinned to {component.revision}")


def _license_changed(component: Component, wanted: bool, _: Context) -> str | None:
    locked = component.locked_expression
    now = _expression(component) or f"unresolved ({component.license})"
    changed = locked is not None and locked != now
    return _flag(changed, wanted, f"license changed since locked: was {locked}, now {now}",
                 "license unchanged since locked")


def _license_history(component: Component, wanted: bool, _: Context) -> str | None:
    """The knowledge base records an earlier license, and the revision the code pins cannot be
    dated offline (a commit sha): the earlier terms may be the ones that bind it."""
    history = dict(component.properties).get("license-history")
    return _flag(history is not None, wanted,
                 f"revision {component.revision} is not dated offline and the license changed over time "
                 f"({history}): if the revision predates a change, the earlier license applies",
                 "no earlier license can apply to the revision")


def _stricter_bases(component: Component, context: Context) -> list[Component]:
    """Base models (in this result, with a known category) more restrictive than `component`."""
    found = []
    for link in component.base_models:
        for base in context.find(link.target):
            if base.category is not Category.UNKNOWN and \
                    base.category.restrictiveness > component.category.restrictiveness:
                found.append(base)
    return found


def _derivative_more_permissive(component: Component, wanted: bool, context: Context) -> str | None:
    stricter = _stricter_bases(component, context)
    why = "; ".join(f"derives from {b.target} ({b.category.value}), whose terms still apply" for b in stricter)
    return _flag(bool(stricter), wanted, f"claims {component.category.value} but {why}",
                 "no base model is more restrictive")


def _trained_on_category(component: Component, wanted: tuple[str, ...], context: Context) -> str | None:
    from mlgate.resolve.codelinks import code_datasets

    carded = [d for target in component.datasets for d in context.find(target) if d.category.value in wanted]
    in_code = [d for target in code_datasets(component) if target not in component.datasets
               for d in context.find(target) if d.category.value in wanted and d.kind is Kind.DATASET]
    if not carded and not in_code:
        return None
    parts = [f"trained on {d.target} ({d.category.value})" for d in carded]
    parts += [f"used with {d.target} ({d.category.value}) in the same code" for d in in_code]
    return "; ".join(parts)


_INTERNAL_ORDER = {"yes": 0, "conditional": 1, "no": 2}
_OPEN = (Category.PERMISSIVE, Category.WEAK_COPYLEFT, Category.COPYLEFT)


def _internal_use(component: Component, wanted: tuple[str, ...], _: Context) -> str | None:
    """What the license says about internal use, from the catalog. With AND every part applies
    (the strictest verdict wins); with OR the licensee picks (the most lenient wins)."""
    from mlgate.license_catalog import catalog
    from mlgate.license_expression import parse_expression, symbol_category

    expression = _expression(component)
    parsed = parse_expression(expression) if expression else None
    keys = parsed.keys if parsed else ((expression,) if expression else ())
    verdicts = []
    for key in keys:
        if (known := catalog().internal_use.get(key)) is not None:
            verdicts.append((known["value"], known["why"]))
        elif symbol_category(key) in _OPEN:
            verdicts.append(("yes", f"{key} is an open license"))
    if not verdicts:
        return None
    choose = min if parsed and " OR " in f" {parsed.expression.upper()} " else max
    value, why = choose(verdicts, key=lambda v: _INTERNAL_ORDER[v[0]])
    return f"internal use {value}: {why}" if value in wanted else None


CONDITIONS: dict[str, Predicate] = {
    "category": _category,
    "license-allow": _license_allow,
    "license-deny": _license_deny,
    "kind": _kind,
    "target": _target,
    "source": _source,
    "unresolved": _unresolved,
    "gated": _gated,
    "unpinned": _unpinned,
    "license-changed": _license_changed,
    "license-history": _license_history,
    "derivative-more-permissive": _derivative_more_permissive,
    "trained-on-category": _trained_on_category,
    "internal-use": _internal_use,
}
