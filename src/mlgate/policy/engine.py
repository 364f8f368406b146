"""evaluate(components, policy) -> findings. Pure: no I/O, no printing."""

from __future__ import annotations

from collections.abc import Sequence

from mlgate.model import Component, Finding, License
from mlgate.policy.conditions import CONDITIONS
from mlgate.policy.loader import Policy, Rule


def evaluate(components: Sequence[Component], policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    for component in components:
        for rule in policy.rules:
            if rule.severity is None:
                continue
            reasons = _matches(component, rule)
            if reasons is None:
                continue
            findings.append(
                Finding(
                    rule_id=rule.id,
                    severity=rule.severity,
                    message=_message(component, rule, reasons, policy),
                    component=component,
                    locations=component.locations,
                )
            )
    findings.sort(key=lambda f: (-f.severity.rank, f.component.target.lower(), f.rule_id))
    return findings


def _matches(component: Component, rule: Rule) -> list[str] | None:
    reasons = []
    for key, value in rule.when:
        reason = CONDITIONS[key](component, value)
        if reason is None:
            return None
        reasons.append(reason)
    return reasons


def describe_license(component: Component) -> str:
    license_ = component.license
    if isinstance(license_, License):
        name = f"{license_.name} ({license_.expression})" if license_.name else license_.expression
        return f"{name}, {license_.category.value}"
    return f"unresolved: {license_}"


def _message(component: Component, rule: Rule, reasons: list[str], policy: Policy) -> str:
    if rule.message:
        return rule.message.format(target=component.target, category=component.category.value)
    why = rule.description or f"matches {', '.join(reasons)}"
    return f"{component.target} is under {describe_license(component)}. {why} [policy {policy.name}, rule {rule.id}]"
