"""evaluate(components, policy) -> findings. Pure: no I/O, no printing.

Each component is judged per reference location by the policy governing that location
(scopes), rule by rule; inline suppressions (those the policy admits, see suppressions.py) and
the policy's waivers then mark what is waived, and waivers that waived nothing are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mlgate.model import Component, Finding, License
from mlgate.policy.checks import message_fields
from mlgate.policy.conditions import CONDITIONS, Context
from mlgate.policy.rules import describe
from mlgate.policy.scopes import Judgement, judgements
from mlgate.policy.suppressions import admit_suppressions, unused_waivers
from mlgate.policy.waivers import apply_inline, apply_waivers
from mlgate.policy_spec import Policy, Rule


def evaluate(components: Sequence[Component], policy: Policy, today: date | None = None) -> list[Finding]:
    """Findings for `components` under `policy`; `today` decides which waivers have expired."""
    context = Context.of(components)
    day = today or date.today()
    findings: list[Finding] = []
    for component in components:
        component, refused = admit_suppressions(component, policy)
        findings.extend(refused)
        for judgement in judgements(component, policy, context):
            own = [part for f in _judge(judgement, context) for part in apply_inline(f, judgement.references)]
            waivers = judgement.policy.waivers + (policy.waivers if judgement.policy is not policy else ())
            findings.extend(apply_waivers(own, waivers, day))
    findings.extend(unused_waivers(policy, findings, components))
    findings.sort(key=lambda f: (-f.severity.rank, f.component.target.lower(), f.rule_id, f.locations))
    return findings


def _judge(judgement: Judgement, context: Context) -> list[Finding]:
    component, policy = judgement.component, judgement.policy
    locations = tuple(sorted({r.location for r in judgement.references}))
    extra: tuple[tuple[str, str], ...] = (("policy", policy.name),)
    if judgement.scope is not None:
        extra += (("scope", judgement.scope.label),)
    out = []
    for rule in policy.rules:
        if rule.severity is None:
            continue
        reasons = _matches(component, rule, context)
        if reasons is None:
            continue
        out.append(Finding(
            rule_id=rule.id,
            severity=rule.severity,
            message=_message(component, rule, reasons, policy),
            component=component,
            locations=locations,
            extra=(*extra, ("reason", "; ".join(reasons))),
        ))
    return out


def _matches(component: Component, rule: Rule, context: Context) -> list[str] | None:
    reasons = []
    for key, value in rule.when:
        reason = CONDITIONS[key](component, value, context)
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
        return rule.message.format(**message_fields(component.target, component.category.value,
                                                    describe_license(component), rule.id, policy.name))
    why = describe(rule).description.rstrip(".")
    return (f"{component.target} is under {describe_license(component)}. {why}: {'; '.join(reasons)}. "
            f"[policy {policy.name}, rule {rule.id}]")
