"""What changed between two sets of components (two BOMs, or a BOM and a fresh scan).

Components are matched by kind and target (Hub ids are case-insensitive), and by the self-hosted
endpoint of an API model name (the same name at a provider is another component). A change is an
added or removed component, or one whose license expression, category or revision moved.
With a policy, a change *fails* when it brings in a finding at or above the threshold that
the old side did not have for that component and rule: a newly added research-only model,
or a model whose license moved upstream from Apache-2.0 to a non-commercial one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mlgate.model import Component, Finding, Kind, License, Severity
from mlgate.policy_spec import Policy
from mlgate.purl import version_of

Key = tuple[Kind, str, str]  # (kind, target lowercased, self-hosted endpoint or "")


@dataclass(frozen=True)
class FieldChange:
    name: str  # license | category | revision
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    status: str  # added | removed | changed
    kind: Kind
    target: str
    old: Component | None = None
    new: Component | None = None
    fields: tuple[FieldChange, ...] = ()
    failing: tuple[Finding, ...] = ()  # findings this change brings in (with a policy)


@dataclass
class Diff:
    old_label: str
    new_label: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    policy: str | None = None
    fail_on: Severity = Severity.ERROR

    @property
    def failing(self) -> list[Change]:
        return [c for c in self.changes if c.failing]


def key_of(component: Component) -> Key:
    return component.kind, component.target.lower(), component.endpoint or ""


def license_text(component: Component) -> str:
    license_ = component.license
    return license_.expression if isinstance(license_, License) else f"unresolved ({license_.reason.value})"


def revision_shown(component: Component) -> str | None:
    """The commit when one is known, else the ref the code names (a diff shows a moved branch too)."""
    return version_of(component) or component.revision


def _revision(component: Component) -> str:
    return revision_shown(component) or "unpinned"


def _fields(old: Component, new: Component) -> tuple[FieldChange, ...]:
    pairs = (
        ("license", license_text(old), license_text(new)),
        ("category", old.category.value, new.category.value),
        ("revision", _revision(old), _revision(new)),
    )
    return tuple(FieldChange(name, a, b) for name, a, b in pairs if a != b)


def _index(components: Sequence[Component]) -> dict[Key, Component]:
    index: dict[Key, Component] = {}
    for component in components:
        index.setdefault(key_of(component), component)  # the first of several revisions speaks for the target
    return index


def compare(old: Sequence[Component], new: Sequence[Component], old_label: str, new_label: str) -> Diff:
    before, after = _index(old), _index(new)
    diff = Diff(old_label, new_label)
    for key in sorted(set(before) | set(after), key=lambda k: (k[1], k[0].value, k[2])):
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            diff.changes.append(Change("added", b.kind, b.target, new=b))
        elif b is None and a is not None:
            diff.changes.append(Change("removed", a.kind, a.target, old=a))
        elif a is not None and b is not None:
            changed = _fields(a, b)
            if changed:
                diff.changes.append(Change("changed", b.kind, b.target, old=a, new=b, fields=changed))
            else:
                diff.unchanged += 1
    return diff


def gate(diff: Diff, old: Sequence[Component], new: Sequence[Component], policy: Policy,
         fail_on: Severity) -> Diff:
    """Mark the changes that bring in failing findings under `policy`."""
    from mlgate.policy.engine import evaluate

    def failing(findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if f.fails(fail_on)]

    before = {(key_of(f.component), f.rule_id) for f in failing(evaluate(old, policy))}
    brought: dict[Key, list[Finding]] = {}
    for finding in failing(evaluate(new, policy)):
        if (key_of(finding.component), finding.rule_id) not in before:
            brought.setdefault(key_of(finding.component), []).append(finding)
    marked = []
    for change in diff.changes:
        found = tuple(brought.get(key_of(change.new), ())) if change.new is not None else ()
        marked.append(Change(change.status, change.kind, change.target, change.old, change.new, change.fields, found))
    return Diff(diff.old_label, diff.new_label, marked, diff.unchanged, policy.name, fail_on)
