"""`--format text` for check: grouped by model, every reason and every file:line.

Quiet when clean: with no findings the report is the one summary line.
"""

from __future__ import annotations

from collections import defaultdict

from mlgate.certainty import assurance_label, summarize
from mlgate.model import Component, Finding, License, Result, Severity
from mlgate.policy.rules import RuleDoc, rule_docs
from mlgate.policy.waivers import INLINE_PREFIX
from mlgate.report.serialize import Status, finding_status, finding_why, ordered

_COLORS = {"ERROR": "31;1", "WARNING": "33;1", "INFO": "36", "WAIVED": "2", "BASELINE": "2"}


class TextReport:
    name = "text"
    supports_color = True

    def __init__(self, color: bool = False) -> None:
        self.color = color

    def _paint(self, text: str, label: str) -> str:
        return f"\x1b[{_COLORS[label]}m{text}\x1b[0m" if self.color else text

    def render(self, result: Result, fail_on: Severity) -> str:
        by_target: dict[tuple[str, str, str, str], list[Finding]] = defaultdict(list)
        for finding in ordered(result.findings, fail_on):
            component = finding.component
            by_target[(component.target, component.kind.value, component.revision or "",
                       component.endpoint or "")].append(finding)
        docs = rule_docs(result.policy, (f.rule_id for f in result.findings))
        lines: list[str] = []
        for findings in by_target.values():
            lines.extend(self._component_block(result, findings[0].component, findings, docs))
            lines.append("")
        lines.append(summary_line(result, fail_on))
        return "\n".join(lines) + "\n"

    def _component_block(self, result: Result, component: Component, findings: list[Finding],
                         docs: dict[str, RuleDoc]) -> list[str]:
        label = _label(findings)
        served = f", self-hosted endpoint {component.endpoint}" if component.endpoint else ""
        head = f"{label:<7} {component.target}  ({component.kind.value}{served})"
        lines = [self._paint(head, label)]
        license_ = component.license
        if isinstance(license_, License):
            name = f"{license_.name} ({license_.expression})" if license_.name else license_.expression
            lines.append(f"  license     {name}")
            lines.append(f"  category    {license_.category.value}   source: {license_.source} "
                         f"({assurance_label(component)})")
            lines.append(f"  evidence    {license_.evidence}")
            if license_.url:
                lines.append(f"  terms       {license_.url}")
        else:
            lines.append(f"  license     unresolved: {license_}")
        every = set(component.locations)
        for finding in findings:
            why = finding_why(result.policy, finding, docs)
            lines.append(f"  why         [{finding.rule_id}] {finding.severity.value}: {why}")
            if finding.locations and set(finding.locations) != every:
                lines.append(f"              at {', '.join(map(str, finding.locations))}")
            if finding.waived:
                lines.append(f"              waived: {finding.waived_by}")
            elif finding.baselined:
                lines.append("              in the baseline: reported, not failing")
        if isinstance(license_, License) and license_.obligations:
            lines.append("  obligations")
            lines.extend(f"    - {o.text}" for o in license_.obligations)
        if component.references:
            lines.append("  used at")
            lines.extend(f"    {ref.location}  {ref.via}" + (f"  (self-hosted endpoint {ref.endpoint})"
                                                                if ref.endpoint else "")
                         for ref in component.references)
        elif component.introduced_by:
            lines.append(f"  brought in by {', '.join(component.introduced_by)}")
        return lines


def summary_line(result: Result, fail_on: Severity) -> str:
    """`mlgate: FAIL: 5 components checked against policy commercial: 1 error, 0 warnings, 0 infos`."""
    statuses = [finding_status(f, fail_on) for f in result.findings]
    active = [f for f in result.findings if f.active]
    counts = {s: sum(1 for f in active if f.severity is s) for s in Severity}
    policy = result.policy.name if result.policy else "none"
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity)]
    inline = sum(1 for f in result.findings if (f.waived_by or "").startswith(INLINE_PREFIX))
    if statuses.count(Status.WAIVED) - inline:
        parts.append(f"{statuses.count(Status.WAIVED) - inline} waived")
    if inline:
        parts.append(f"{inline} suppressed inline")
    if statuses.count(Status.BASELINED):
        parts.append(f"{statuses.count(Status.BASELINED)} baselined")
    verdict = "FAIL" if Status.FAILING in statuses else "ok"
    count = len(result.components)
    read = f"; {result.files_scanned} file{'' if result.files_scanned == 1 else 's'} read" \
        if result.files_scanned else ""
    certainty = f"; licenses: {summarize(result.components).text()}" if result.components else ""
    return (f"mlgate: {verdict}: {count} component{'' if count == 1 else 's'} checked against policy "
            f"{policy}: {', '.join(parts)}{read}{certainty}")


def _label(findings: list[Finding]) -> str:
    active = [f for f in findings if f.active]
    if active:
        return max(active, key=lambda f: f.severity.rank).severity.value.upper()
    return "WAIVED" if all(f.waived for f in findings) else "BASELINE"
