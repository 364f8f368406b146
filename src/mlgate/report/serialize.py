"""Plain-dict views of the data types, shared by the JSON outputs."""

from __future__ import annotations

from typing import Any

from mlgate.model import Component, Finding, License, Location, Reference, Skipped


def location_dict(location: Location) -> dict[str, Any]:
    out: dict[str, Any] = {"path": location.path, "line": location.line, "column": location.column}
    if location.cell is not None:
        out["cell"] = location.cell
    return out


def reference_dict(ref: Reference) -> dict[str, Any]:
    out: dict[str, Any] = {
        "target": ref.target,
        "kind": ref.kind.value,
        **location_dict(ref.location),
        "via": ref.via,
        "role": ref.role.value,
    }
    if ref.revision:
        out["revision"] = ref.revision
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
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "severity": finding.severity.value,
        "message": finding.message,
        "target": finding.component.target,
        "kind": finding.component.kind.value,
        "category": finding.component.category.value,
        "locations": [location_dict(loc) for loc in finding.locations],
        "waived_by": finding.waived_by,
    }


def skipped_dict(skipped: Skipped) -> dict[str, Any]:
    return {"path": skipped.path, "reason": skipped.reason}
