"""`--format markdown`: for pull-request comments and CI job summaries.

A verdict line, a table of findings with file:line, then one collapsible block per model with
its license, why, what to do, obligations and every place it is used. Quiet when clean: one
line. Everything taken from scanned code is escaped (a target is text from the repository, and
a comment must not turn it into markup). Long reports are cut to stay under the size limits
of PR comments (65,536 characters) and job summaries.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from urllib.parse import quote

from mlgate.model import Component, Finding, License, Result, Severity
from mlgate.policy.rules import RuleDoc, rule_docs
from mlgate.policy_spec import Policy
from mlgate.report.serialize import Status, finding_status, finding_why, ordered
from mlgate.report.text import summary_line

MAX_CHARS = 60_000
_ICON = {Status.FAILING: "❌", Status.REPORTED: "⚠️", Status.WAIVED: "💤", Status.BASELINED: "📌"}


# Markdown and GitHub markup in scanned prose (links, images, emphasis, @mentions, table cells)
# become character references, which render as the characters themselves.
_MARKUP = {c: f"&#{ord(c)};" for c in "|[]*_`~\\@!#"}


def text(value: object) -> str:
    """Escape prose for Markdown inline content and table cells: nothing in it becomes markup."""
    escaped = html.escape(" ".join(str(value).split()), quote=False)
    return "".join(_MARKUP.get(c, c) for c in escaped)


def code(value: object, *, in_table: bool = False) -> str:
    """An identifier (target, path, rule) as a code span: shown verbatim, nothing inside is markup.

    The fence is longer than any run of backticks inside; in a table a '|' must still be escaped
    (GitHub splits cells before it parses code spans, and shows `\\|` as '|').
    """
    content = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", content)), default=0) + 1)
    if in_table:
        content = content.replace("|", "\\|")
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def html_code(value: object) -> str:
    """An identifier inside raw HTML (a <summary>), where Markdown is not parsed."""
    return f"<code>{html.escape(' '.join(str(value).split()))}</code>"


class MarkdownReport:
    name = "markdown"

    def __init__(self, max_chars: int = MAX_CHARS) -> None:
        self.max_chars = max_chars

    def render(self, result: Result, fail_on: Severity) -> str:
        policy = result.policy.name if result.policy else "none"
        if not result.findings:
            count = len(result.components)
            return (f"✅ **mlgate**: no license findings in {count} component{'' if count == 1 else 's'} "
                    f"(policy {code(policy)}).\n")
        findings = ordered(result.findings, fail_on)
        statuses = [finding_status(f, fail_on) for f in findings]
        failing = statuses.count(Status.FAILING)
        verdict = (f"❌ **mlgate**: {failing} finding{'s fail' if failing != 1 else ' fails'} the license gate"
                   if failing else "✅ **mlgate**: the license gate passes")
        head = [f"### {verdict}", "", text(summary_line(result, fail_on).removeprefix("mlgate: ")) +
                f" (fail on {fail_on.value})", ""]
        table = ["| | Severity | Model | License | Rule | Where |", "|---|---|---|---|---|---|"]
        for finding, status in zip(findings, statuses, strict=True):
            table.append(_row(finding, status))
        docs = rule_docs(result.policy, (f.rule_id for f in result.findings))
        details = [_details(group, docs, fail_on, result.policy) for group in _by_component(findings)]
        return self._fit(head, table, details)

    def _fit(self, head: list[str], table: list[str], details: list[str]) -> str:
        """Everything if it fits; else as many table rows and detail blocks as do, with a note."""
        out = "\n".join(head + table) + "\n"
        if len(out) > self.max_chars:
            kept = head + table[:2]
            for row in table[2:]:
                if len("\n".join(kept)) + len(row) > self.max_chars - 200:
                    break
                kept.append(row)
            left = len(table) - len(kept[len(head):])
            return "\n".join(kept) + f"\n\n_… {left} more findings not shown: see the full report (--format json)._\n"
        for shown, block in enumerate(details):
            if len(out) + len(block) + 1 > self.max_chars - 200:
                out += f"\n_… details of {len(details) - shown} more models not shown (--format json)._\n"
                break
            out += "\n" + block
        return out


def _row(finding: Finding, status: Status) -> str:
    component = finding.component
    where = "<br>".join(code(loc, in_table=True) for loc in finding.locations[:5]) or "—"
    if len(finding.locations) > 5:
        where += f"<br>… {len(finding.locations) - 5} more"
    label = finding.severity.value + ("" if status in (Status.FAILING, Status.REPORTED) else f" ({status.value})")
    return (f"| {_ICON[status]} | {label} | {code(component.target, in_table=True)} | {text(_license(component))} "
            f"| {code(finding.rule_id, in_table=True)} | {where} |")


def _license(component: Component) -> str:
    license_ = component.license
    if isinstance(license_, License):
        return f"{license_.expression} · {license_.category.value}"
    return f"unresolved ({license_.reason.value})"


def _by_component(findings: list[Finding]) -> list[list[Finding]]:
    groups: dict[tuple[str, str, str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        c = finding.component
        groups[(c.target, c.kind.value, c.revision or "", c.endpoint or "")].append(finding)
    return list(groups.values())


def _details(findings: list[Finding], docs: dict[str, RuleDoc], fail_on: Severity, policy: Policy | None) -> str:
    component = findings[0].component
    license_ = component.license
    summary = f"{html_code(component.target)} — {html.escape(_license(component))}"
    lines = [f"<details><summary>{summary}</summary>", ""]
    if component.endpoint:  # no provider: the name goes to a server the project runs (resolve/selfhosted.py)
        lines.append(f"- **Self-hosted endpoint:** {code(component.endpoint)}: no provider's API terms apply")
    if isinstance(license_, License):
        name = f"{license_.name} ({license_.expression})" if license_.name else license_.expression
        url = license_.url or ""
        link = f" — [terms]({quote(url, safe=':/?=&%#.-_~')})" if url.startswith("https://") else ""
        lines.append(f"- **License:** {text(name)}{link}; source: {text(license_.source)}")
        lines.append(f"- **Evidence:** {text(license_.evidence)}")
    else:
        lines.append(f"- **License:** unresolved: {text(license_)}")
    for finding in findings:
        doc = docs.get(finding.rule_id)
        status = finding_status(finding, fail_on)
        lines.append(f"- {_ICON[status]} {finding.severity.value} {code(finding.rule_id)}: "
                     f"{text(finding_why(policy, finding, docs))}")
        if finding.locations and set(finding.locations) != set(component.locations):
            lines.append("  - at " + ", ".join(code(loc) for loc in finding.locations))
        if finding.waived:
            lines.append(f"  - waived: {text(finding.waived_by)}")
        elif finding.baselined:
            lines.append("  - in the baseline: reported, not failing")
        if doc and status is Status.FAILING:
            lines.append(f"  - **What to do:** {text(doc.help)}")
    if isinstance(license_, License) and license_.obligations:
        lines.append("- **Obligations:**")
        lines.extend(f"  - {text(o.text)}" for o in license_.obligations)
    if component.references:
        lines.append("- **Used at:** " + ", ".join(f"{code(r.location)} ({code(r.via)})" for r in component.references))
    lines.extend(["", "</details>", ""])
    return "\n".join(lines)
