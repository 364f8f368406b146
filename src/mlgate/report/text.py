"""`--format text` for check: grouped by model, every reason and every file:line."""

from __future__ import annotations

from collections import defaultdict

from mlgate.model import Component, Finding, License, Severity
from mlgate.pipeline import Result

_LABEL = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


class TextReport:
    name = "text"

    def __init__(self, color: bool = False) -> None:
        self.color = color

    def _paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def render(self, result: Result, fail_on: Severity) -> str:
        by_target: dict[str, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            by_target[finding.component.target].append(finding)
        lines: list[str] = []
        for findings in by_target.values():
            lines.extend(self._component_block(findings[0].component, findings))
            lines.append("")
        lines.append(self._summary(result, fail_on))
        return "\n".join(lines) + "\n"

    def _component_block(self, component: Component, findings: list[Finding]) -> list[str]:
        worst = max(findings, key=lambda f: f.severity.rank).severity
        color = {"error": "31;1", "warning": "33;1", "info": "36"}[worst.value]
        head = f"{_LABEL[worst]:<8}{component.target}  ({component.kind.value})"
        lines = [self._paint(head, color)]
        license_ = component.license
        if isinstance(license_, License):
            name = f"{license_.name} ({license_.expression})" if license_.name else license_.expression
            lines.append(f"  license     {name}")
            lines.append(f"  category    {license_.category.value}   source: {license_.source}")
            lines.append(f"  evidence    {license_.evidence}")
            if license_.url:
                lines.append(f"  terms       {license_.url}")
        else:
            lines.append(f"  license     unresolved: {license_}")
        for finding in findings:
            waived = f"  (waived: {finding.waived_by})" if finding.waived else ""
            lines.append(f"  why         [{finding.rule_id}] {finding.severity.value}: {_why(finding)}{waived}")
        if isinstance(license_, License) and license_.obligations:
            lines.append("  obligations")
            lines.extend(f"    - {o.text}" for o in license_.obligations)
        lines.append("  used at")
        for ref in component.references:
            lines.append(f"    {ref.location}  {ref.via}")
        return lines

    def _summary(self, result: Result, fail_on: Severity) -> str:
        failing = result.failing(fail_on)
        counts = {s: sum(1 for f in result.findings if f.severity is s and not f.waived) for s in Severity}
        policy = result.policy.name if result.policy else "none"
        parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity)]
        status = "FAIL" if failing else "ok"
        return (f"mlgate: {status}: {len(result.components)} components checked against policy "
                f"{policy}: {', '.join(parts)}")


def _why(finding: Finding) -> str:
    # The message repeats the license; the block above already shows it, so keep the reason.
    message = finding.message
    if ". " in message and message.startswith(finding.component.target):
        message = message.split(". ", 1)[1]
    return message
