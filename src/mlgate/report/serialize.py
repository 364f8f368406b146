"""Plain-dict views of the data types, shared by the JSON outputs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from mlgate.model import Component, Finding, License, Location, Reference, Severity, Skipped

if TYPE_CHECKING:  # a reference listing (`mlgate scan`) needs neither the rules nor the certainty grades
    from mlgate.policy.rules import RuleDoc
    from mlgate.policy_spec import Policy


def location_dict(location: Location) -> dict[str, Any]:
    out: dict[str, Any] = {"path": location.path, "line": location.line, "column": location.column}
    if location.cell is not None:
        out["cell"] = location.cell
    return out


def reference_dict(ref: Reference) -> dict[str, Any]:
    # Built in one go, with `str()` of the enums (their values): a scan listing makes one per
    # reference, tens of thousands in a large tree, and `.value` is a Python-level property.
    location = ref.location
    out: dict[str, Any] = {"target": ref.target, "kind": str(ref.kind), "path": location.path,
                           "line": location.line, "column": location.column}
    if location.cell is not None:
        out["cell"] = location.cell
    out["via"] = ref.via
    out["role"] = str(ref.role)
    if ref.revision:
        out["revision"] = ref.revision
    if ref.placeholder:
        out["placeholder"] = True
    if ref.origin is not None:
        out["origin"] = location_dict(ref.origin)
    if ref.endpoint is not None:
        out["endpoint"] = ref.endpoint
    return out


def license_dict(component: Component) -> dict[str, Any]:
    license_ = component.license
    if isinstance(license_, License):
        return {
            "resolved": True,
            "expression": license_.expression,
            "name": license_.name,
            "category": license_.category.value,
            "source": license_.source,
            "evidence": license_.evidence,
            "url": license_.url,
            "declared": license_.declared,
            "commercial_use": license_.commercial_use,
            "obligations": [{"id": o.id, "text": o.text} for o in license_.obligations],
        }
    return {
        "resolved": False,
        "category": license_.category.value,
        "reason": license_.reason.value,
        "detail": license_.detail,
        "source": license_.source,
    }


def component_dict(component: Component) -> dict[str, Any]:
    return {
        "target": component.target,
        "kind": component.kind.value,
        "revision": component.revision,
        "license": license_dict(component),
        "base_models": [{"target": b.target, "relation": b.relation} for b in component.base_models],
        "datasets": list(component.datasets),
        "gated": component.gated,
        "references": [reference_dict(r) for r in component.references],
        # Added in schema_version 1 as optional fields: older readers ignore them.
        "resolved_revision": component.resolved_revision,
        "introduced_by": list(component.introduced_by),
        "locked_expression": component.locked_expression,
        "certainty": _certainty(component),
    }


def _certainty(component: Component) -> dict[str, Any]:
    from mlgate.certainty import assurance

    found = assurance(component)
    return {"level": found.certainty.value, "confidence": found.confidence}


class Status(StrEnum):
    """Where a finding stands against the gate. Stable strings: they appear in JSON and CSV."""

    FAILING = "failing"  # counts toward exit 1
    REPORTED = "reported"  # below --fail-on
    WAIVED = "waived"
    BASELINED = "baselined"


def finding_status(finding: Finding, fail_on: Severity) -> Status:
    if finding.waived:
        return Status.WAIVED
    if finding.baselined:
        return Status.BASELINED
    return Status.FAILING if finding.severity.rank >= fail_on.rank else Status.REPORTED


_STATUS_ORDER = {Status.FAILING: 0, Status.REPORTED: 1, Status.BASELINED: 2, Status.WAIVED: 3}


def ordered(findings: Iterable[Finding], fail_on: Severity) -> list[Finding]:
    """Reading order for people: what fails first, then what is reported, then what is accepted."""
    return sorted(findings, key=lambda f: (_STATUS_ORDER[finding_status(f, fail_on)], -f.severity.rank,
                                           f.component.target.lower(), f.rule_id))


def finding_why(policy: Policy | None, finding: Finding, docs: Mapping[str, RuleDoc]) -> str:
    """The finding's reason without repeating the license: the rule's title and what matched.

    A rule with its own `message` template keeps its wording, as do mlgate's own findings.
    """
    from mlgate.policy.rules import find_rule

    extra = dict(finding.extra)
    rule = find_rule(policy, extra.get("policy", ""), finding.rule_id)
    if (rule is not None and rule.message) or "reason" not in extra:
        return finding.message
    doc = docs.get(finding.rule_id)
    title = doc.title if doc else finding.rule_id
    scope = f" (scope {extra['scope']}, policy {extra['policy']})" if "scope" in extra else ""
    return f"{title}: {extra['reason']}{scope}"


def license_expression(component: Component) -> str | None:
    return component.license.expression if isinstance(component.license, License) else None


def finding_dict(finding: Finding, fail_on: Severity = Severity.ERROR) -> dict[str, Any]:
    extra = dict(finding.extra)
    known = ("policy", "scope", "reason")
    return {
        "rule": finding.rule_id,
        "severity": finding.severity.value,
        "status": finding_status(finding, fail_on).value,
        "message": finding.message,
        "reason": extra.get("reason"),
        "target": finding.component.target,
        "kind": finding.component.kind.value,
        "license": license_expression(finding.component),
        "category": finding.component.category.value,
        "locations": [location_dict(loc) for loc in finding.locations],
        "waived_by": finding.waived_by,
        "baselined": finding.baselined,
        "policy": extra.get("policy"),
        "scope": extra.get("scope"),
        "details": {k: v for k, v in extra.items() if k not in known},
    }


def skipped_dict(skipped: Skipped) -> dict[str, Any]:
    return {"path": skipped.path, "reason": skipped.reason}
