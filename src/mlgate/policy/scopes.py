"""Scopes: which policy judges which reference of a component.

Judgement is per reference location: a model used in `research/` and in `serving/` is judged
by the research policy for the first and by the top-level policy for the second, and each
finding carries only the locations its policy governs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from mlgate.gitignore import gitignore_spec
from mlgate.model import Component, Reference
from mlgate.policy.conditions import Context
from mlgate.policy_spec import Policy, Scope


@dataclass(frozen=True)
class Judgement:
    """`policy` judges `component` at `references` (empty: the component is not named in code)."""

    component: Component
    policy: Policy
    references: tuple[Reference, ...]
    scope: Scope | None = None


def judgements(component: Component, policy: Policy, context: Context) -> list[Judgement]:
    references = component.references or tuple(dict.fromkeys(_introducing_references(component, context, set())))
    if not policy.scopes or not references:
        return [Judgement(component, policy, references)]
    groups: dict[int, list[Reference]] = {}
    for ref in references:
        groups.setdefault(_scope_index(policy.scopes, ref.location.path), []).append(ref)
    out = []
    for index in sorted(groups):
        scope = policy.scopes[index] if index >= 0 else None
        out.append(Judgement(component, scope.policy if scope else policy, tuple(groups[index]), scope))
    return out


def _scope_index(scopes: tuple[Scope, ...], path: str) -> int:
    """The first scope whose paths match `path`, or -1 for the top-level policy."""
    for index, scope in enumerate(scopes):
        if _spec(scope.paths).match_file(path):
            return index
    return -1


def _introducing_references(component: Component, context: Context, seen: set[str]) -> Iterator[Reference]:
    """A base model or dataset found through lineage matters where what brought it in is used."""
    seen.add(component.target.lower())
    for target in component.introduced_by:
        if target.lower() in seen:
            continue
        for parent in context.find(target):
            if parent.references:
                yield from parent.references
            else:
                yield from _introducing_references(parent, context, seen)


@cache
def _spec(paths: tuple[str, ...]) -> Any:
    return gitignore_spec(paths)
