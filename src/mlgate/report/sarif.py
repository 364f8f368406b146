"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One result per reference location (so each line that names a model gets its own alert);
rules carry a title, a description and help; `partialFingerprints.primaryLocationLineHash` is
computed from what the reference is (rule, target, file, loader) and never from its line number,
so alerts survive code moving around. Waived findings become SARIF suppressions and baselined
ones `baselineState: unchanged`, so viewers show them as such instead of as new alerts.

URIs are relative to the repository root (the git top level), whatever directory was scanned,
under `uriBaseId: %SRCROOT%`, which `originalUriBaseIds` sets to that root: GitHub places an
alert at `services/api/summarize.py` only if the URI says so.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from mlgate import INFORMATION_URI, __version__
from mlgate.model import Finding, Location, Result, Severity
from mlgate.policy.baseline import NEW_MARK
from mlgate.policy.rules import RuleDoc, rule_docs
from mlgate.policy.waivers import INLINE_PREFIX
from mlgate.report.serialize import license_expression
from mlgate.scan.repository import RepositoryPlace, repository_place

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class SarifReport:
    name = "sarif"

    def render(self, result: Result, fail_on: Severity) -> str:
        docs = rule_docs(result.policy, (f.rule_id for f in result.findings))
        index = {rule_id: position for position, rule_id in enumerate(docs)}
        levels = _default_levels(result)
        with_baseline = any(f.baselined or NEW_MARK in dict(f.extra) for f in result.findings)
        place = repository_place(result.root)
        anchor = _policy_artifact(result)
        occurrences: Counter[str] = Counter()
        results = []
        unlocated = []
        for finding in result.findings:
            # GitHub rejects a whole upload if one result has no location: a finding not tied
            # to a line (a component read from a BOM) is anchored at the policy file, else left
            # out of the results and listed as a notification instead.
            locations = finding.locations or ((Location(anchor, 1),) if anchor else ())
            if not locations:
                unlocated.append(finding)
            for location in locations:
                results.append(_result(finding, location, place, index, with_baseline, occurrences))
        policy = result.policy.name if result.policy else "none"
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "mlgate",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(doc, levels.get(rule_id, Severity.ERROR)) for rule_id, doc in docs.items()],
            }},
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": [_notification(f) for f in unlocated],
            }],
            "automationDetails": {"id": f"mlgate/{policy}/"},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": place.top.as_uri() + "/",
                                                 "description": {"text": "The repository root."}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"policy": policy, "failOn": fail_on.value},
        }
        doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _default_levels(result: Result) -> dict[str, Severity]:
    levels: dict[str, Severity] = {}
    if result.policy is not None:
        for rule in result.policy.all_rules():
            if rule.severity is not None:
                levels.setdefault(rule.id, rule.severity)
    return levels


def _rule(doc: RuleDoc, severity: Severity) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": "".join(part.capitalize() for part in doc.id.split("-")),
        "shortDescription": {"text": doc.title},
        "fullDescription": {"text": doc.description},
        "help": {"text": doc.help, "markdown": f"**{doc.title}**\n\n{doc.description}\n\n**What to do:** {doc.help}"},
        "defaultConfiguration": {"level": _LEVEL[severity]},
        "properties": {"tags": ["license", "compliance", "ml-supply-chain"], "precision": "high"},
    }


def _result(finding: Finding, location: Location, place: RepositoryPlace, index: dict[str, int],
            with_baseline: bool, occurrences: Counter[str]) -> dict[str, Any]:
    component = finding.component
    out: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index[finding.rule_id],
        "level": _LEVEL[finding.severity],
        "message": {"text": _message(finding, location)},
    }
    properties: dict[str, Any] = {
        "target": component.target,
        "kind": component.kind.value,
        "category": component.category.value,
        "license": license_expression(component),
    }
    properties.update({k: v for k, v in finding.extra if k in ("policy", "scope")})
    if component.endpoint:  # a name sent to a server the project runs: no provider's terms (resolve/selfhosted.py)
        properties["endpoint"] = component.endpoint
    path = place.path(location.path)
    out["locations"] = [_location(path, location)]
    used = next((r for r in component.references if r.location == location), None)
    via = used.via if used is not None else ""
    if used is not None and used.origin is not None:  # where the value is written: the line to edit
        out["relatedLocations"] = [{"id": 1, **_location(place.path(used.origin.path), used.origin),
                                    "message": {"text": "defined here"}}]
    stem = _hash(finding.rule_id, component.target, path, via)
    occurrences[stem] += 1
    out["partialFingerprints"] = {"primaryLocationLineHash": f"{stem}:{occurrences[stem]}"}
    if location.cell is not None:
        properties["cell"] = location.cell
    if finding.waived:
        inline = (finding.waived_by or "").startswith(INLINE_PREFIX)
        ref = next((r for r in component.references if r.location == location and r.suppression), None)
        # An inline suppression's justification is the reason written on its own line.
        justification = ref.suppression.reason if inline and ref and ref.suppression else finding.waived_by
        out["suppressions"] = [{"kind": "inSource" if inline else "external", "status": "accepted",
                                "justification": justification}]
    if with_baseline:
        out["baselineState"] = "unchanged" if finding.baselined else "new"
    out["properties"] = properties
    return out


def _notification(finding: Finding) -> dict[str, Any]:
    return {"level": _LEVEL[finding.severity], "descriptor": {"id": finding.rule_id},
            "message": {"text": f"[{finding.rule_id}] {finding.message} (no source location)"}}


def _message(finding: Finding, location: Location) -> str:
    text = finding.message
    if location.cell is not None:
        text += f" (notebook cell {location.cell})"
    return text


def _location(path: str, location: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(location.line, 1)}
    if location.column >= 1:
        region["startColumn"] = location.column
    return {"physicalLocation": {
        "artifactLocation": {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"},
        "region": region,
    }}


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def _policy_artifact(result: Result) -> str | None:
    """The policy file relative to the project root, when it is a file inside it."""
    if result.policy is None or result.policy.path is None:
        return None
    try:
        return PurePosixPath(result.policy.path.relative_to(result.root.resolve())).as_posix()
    except ValueError:
        return None
