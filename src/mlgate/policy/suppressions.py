"""Accounting for exceptions: which inline suppressions may take effect, which did, and which
policy waivers matched nothing.

`inline_suppressions` in the policy (or `--no-inline-suppressions`) decides:

- `allow`: every `# mlgate: ignore[...]` suppresses what it names;
- `require-reason` (the default): one without a reason does not suppress, and is reported
  (`suppression-without-reason`), so a bare ignore can never clear a gate unnoticed;
- `deny`: none suppresses, and each is reported (`suppression-denied`).

Every suppression that took effect is listed (file:line, rule, reason) from the waived
findings, and a waiver that matches no finding is reported as `waiver-unused` (info).
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from fnmatch import fnmatchcase

from mlgate.model import Component, Finding, Kind, Location, Reference, Severity, Unresolved, UnresolvedReason
from mlgate.policy.waivers import INLINE_PREFIX
from mlgate.policy_spec import Policy, Waiver

SUPPRESSION_WITHOUT_REASON = "suppression-without-reason"
SUPPRESSION_DENIED = "suppression-denied"
WAIVER_UNUSED = "waiver-unused"


class InlineMode(StrEnum):
    ALLOW = "allow"
    REQUIRE_REASON = "require-reason"
    DENY = "deny"


DEFAULT_MODE = InlineMode.REQUIRE_REASON


@dataclass(frozen=True)
class InlineSuppression:
    """A suppression that took effect: where, which finding's rule it waived, and why."""

    location: Location
    target: str
    rule: str
    reason: str


def admit_suppressions(component: Component, policy: Policy) -> tuple[Component, list[Finding]]:
    """`component` keeping only the suppressions `policy` lets take effect, and a finding for
    each suppression it does not (one per line)."""
    mode = InlineMode(policy.inline_suppressions)
    if mode is InlineMode.ALLOW or not any(r.suppression for r in component.references):
        return component, []
    kept: list[Reference] = []
    refused: dict[Location, Reference] = {}
    for ref in component.references:
        suppression = ref.suppression
        if suppression is None or (mode is InlineMode.REQUIRE_REASON and suppression.reason.strip()):
            kept.append(ref)
            continue
        kept.append(replace(ref, suppression=None))
        refused.setdefault(ref.location, ref)
    if not refused:
        return component, []
    admitted = replace(component, references=tuple(kept))
    return admitted, [_refused(admitted, ref, mode, policy) for ref in refused.values()]


def _refused(component: Component, ref: Reference, mode: InlineMode, policy: Policy) -> Finding:
    where = str(ref.location)
    if mode is InlineMode.DENY:
        rule_id = SUPPRESSION_DENIED
        message = (f"{where}: the inline suppression on {component.target} does not apply: "
                   f"inline suppressions are denied (policy {policy.name}, or --no-inline-suppressions). "
                   "Record the exception as a waiver in the policy instead.")
    else:
        rule_id = SUPPRESSION_WITHOUT_REASON
        message = (f"{where}: `# mlgate: ignore` on {component.target} gives no reason, so it does not suppress "
                   f"(policy {policy.name} requires one). Write `# mlgate: ignore[rule-id] why it is acceptable`.")
    return Finding(rule_id=rule_id, severity=Severity.WARNING, message=message, component=component,
                   locations=(ref.location,), extra=(("policy", policy.name),))


def applied_suppressions(findings: Sequence[Finding]) -> list[InlineSuppression]:
    """Every inline suppression that waived a finding, by location."""
    rows: dict[tuple[Location, str, str], InlineSuppression] = {}
    for finding in findings:
        if not (finding.waived_by or "").startswith(INLINE_PREFIX):
            continue
        for location in finding.locations:
            ref = next((r for r in finding.component.references if r.location == location and r.suppression), None)
            reason = ref.suppression.reason.strip() if ref is not None and ref.suppression else ""
            key = (location, finding.component.target, finding.rule_id)
            rows.setdefault(key, InlineSuppression(location, finding.component.target, finding.rule_id, reason))
    return sorted(rows.values(), key=lambda s: (s.location, s.target, s.rule))


def unused_waivers(policy: Policy, findings: Sequence[Finding], components: Sequence[Component]) -> list[Finding]:
    """An info finding for each waiver that matches no finding of this run (its rule on its
    target): stale exceptions should be removed, not pile up."""
    return [_unused(waiver, components, policy) for waiver in policy.all_waivers()
            if not any(waiver.applies_to(f.rule_id, f.component.target) for f in findings)]


def _unused(waiver: Waiver, components: Sequence[Component], policy: Policy) -> Finding:
    pattern = waiver.target.lower()
    component = next((c for c in components if fnmatchcase(c.target.lower(), pattern)), None)
    if component is None:  # nothing in this run is called that: the finding still needs a subject
        component = Component(waiver.target, Kind.MODEL,
                              Unresolved(UnresolvedReason.UNKNOWN_TARGET, "no component in this run matches it"))
    message = (f"The waiver for {waiver.target} (rule {waiver.rule}, approved by {waiver.approved_by}: "
               f"{waiver.reason}) waived nothing in this run. Remove it at {waiver.origin} if it is no longer "
               "needed, so stale exceptions do not pile up.")
    return Finding(rule_id=WAIVER_UNUSED, severity=Severity.INFO, message=message, component=component,
                   extra=(("policy", policy.name), ("waiver", waiver.origin)))
