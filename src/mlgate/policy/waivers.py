"""Exceptions to the rules: waivers in the policy and inline `# mlgate: ignore[rule] reason`.

A waived finding is still reported (with who waived it and why); it just does not fail the
gate. A waiver past its `expires` date stops waiving, and the lapse is a finding of its own
(`waiver-expired`) so the build says what to renew rather than only that something failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from mlgate.model import Finding, Reference, Severity
from mlgate.policy_spec import Waiver

WAIVER_EXPIRED = "waiver-expired"
INLINE_PREFIX = "inline: "  # how `waived_by` marks a finding waived by an inline suppression


def apply_inline(finding: Finding, references: Sequence[Reference]) -> list[Finding]:
    """The finding waived where its locations are suppressed for its rule: when only some are,
    it splits into the unsuppressed part and a waived part, so every suppression is accounted for."""
    suppressed = [r for r in references if r.suppression is not None and r.suppression.covers(finding.rule_id)]
    if not suppressed:
        return [finding]
    waived = _waived_inline(replace(finding, locations=tuple(sorted({r.location for r in suppressed}))), suppressed)
    kept = tuple(sorted({r.location for r in references if r not in suppressed} - set(waived.locations)))
    return [replace(finding, locations=kept), waived] if kept else [waived]


def _waived_inline(finding: Finding, suppressed: Sequence[Reference]) -> Finding:
    by_reason: dict[str, list[str]] = {}
    for ref in suppressed:
        reason = ref.suppression.reason.strip() if ref.suppression else ""
        by_reason.setdefault(reason or "(no reason given)", []).append(str(ref.location))
    parts = [f"{reason} ({', '.join(places)})" for reason, places in by_reason.items()]
    return replace(finding, waived_by=INLINE_PREFIX + "; ".join(parts))


def apply_waivers(findings: Sequence[Finding], waivers: Sequence[Waiver], today: date) -> list[Finding]:
    """Mark findings an unexpired waiver covers; report each expired waiver that is still needed."""
    out: list[Finding] = []
    lapsed: set[tuple[Waiver, str, tuple[object, ...]]] = set()
    for finding in findings:
        if finding.waived or not waivers:
            out.append(finding)
            continue
        matching = [w for w in waivers if w.applies_to(finding.rule_id, finding.component.target)]
        active = next((w for w in matching if not w.expired(today)), None)
        if active is not None:
            out.append(replace(finding, waived_by=active.describe()))
            continue
        out.append(finding)
        for waiver in matching:
            key = (waiver, finding.component.target, tuple(finding.locations))
            if key not in lapsed:
                lapsed.add(key)
                out.append(expired_finding(finding, waiver))
    return out


def expired_finding(finding: Finding, waiver: Waiver) -> Finding:
    expires = waiver.expires.isoformat() if waiver.expires else "?"
    target = finding.component.target
    message = (
        f"The waiver for {target} (rule {waiver.rule}, approved by {waiver.approved_by}: {waiver.reason}) "
        f"expired on {expires}, so [{finding.rule_id}] applies again. Renew the waiver with a new expiry "
        f"date at {waiver.origin}, or stop using {target}."
    )
    return Finding(
        rule_id=WAIVER_EXPIRED,
        severity=Severity.ERROR,
        message=message,
        component=finding.component,
        locations=finding.locations,
        extra=(("waiver", waiver.origin), ("waived-rule", finding.rule_id), ("expired", expires)),
    )

