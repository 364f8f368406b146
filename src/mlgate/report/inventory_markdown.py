"""`report --format markdown`: the component inventory as GitHub-flavoured Markdown.

Distinct from `check --format markdown` (the findings): this lists every component with its
license, obligations and uses, and draws lineage as a Mermaid graph GitHub renders.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlgate.model import Component
from mlgate.report.inventory import (
    CATEGORY_LABEL,
    KIND_LABEL,
    Inventory,
    certainty_note,
    knowledge_base_reason,
    license_label,
    obligation_texts,
    source_label,
    unverified_reason,
)


def md_cell(value: object) -> str:
    """Text safe inside a table cell: no line breaks, pipes or raw HTML."""
    text = " ".join(str(value).split())
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("`", "\\`"))


def _code(value: object) -> str:
    """A code span; text that itself holds a backtick falls back to an escaped plain cell."""
    text = " ".join(str(value).split())
    return md_cell(text) if "`" in text else "`" + text.replace("|", "\\|") + "`"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _used_at(component: Component) -> str:
    return "<br>".join(_code(ref.location) for ref in component.references) or "lineage only"


def _mermaid_label(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


class InventoryMarkdown:
    name = "markdown"

    def render(self, inv: Inventory) -> str:
        out = [f"# Model and dataset license report: {md_cell(inv.project)}", ""]
        if inv.policy is None:
            out.append("No policy applied: an inventory only.")
        else:
            verdict = (f"**Not cleared**: {len(inv.failing)} finding(s) at or above {inv.fail_on.value}"
                       if inv.failing else f"**Cleared**: no unwaived finding at or above {inv.fail_on.value}")
            out.append(f"{verdict} under policy `{md_cell(inv.policy)}`.")
        out += ["", "## Summary by license category", ""]
        out += _table(["Category", "Count", "Components"], [
            [f"{cat.value} ({CATEGORY_LABEL[cat]})", str(n),
             ", ".join(_code(c.target) for c in inv.components if c.category is cat)]
            for cat, n in inv.by_category()
        ])
        out += ["", "## Models", ""]
        out += self._components(inv.models, with_kind=True) if inv.models else ["No models were found."]
        out += ["", "## Lineage of derivatives", "", *self._lineage(inv)]
        out += ["", "## Datasets", ""]
        out += self._components(inv.datasets, with_kind=False) if inv.datasets else ["No datasets were found."]
        out += ["", "## Findings", "", *self._findings(inv)]
        if inv.waivers:
            out += ["", "## Waivers", ""]
            out += _table(["Target", "Rule", "Reason", "Approved by", "Expires", "Waives"], [
                [_code(w.target), _code(w.rule), md_cell(w.reason), md_cell(w.approved_by),
                 (w.expires.isoformat() if w.expires else "never") + (" **(expired)**" if w.expired else ""),
                 md_cell(", ".join(w.waives) or "nothing")]
                for w in inv.waivers
            ])
        out += ["", "## What could not be verified", ""]
        note = certainty_note(inv)
        if note:
            out += [md_cell(note), ""]
            out += [f"- {_code(c.target)} ({KIND_LABEL[c.kind]}): {md_cell(unverified_reason(c))}"
                    for c in inv.unverified]
            out += [f"- {_code(c.target)} ({KIND_LABEL[c.kind]}): {md_cell(knowledge_base_reason(c))}"
                    for c in inv.knowledge_base]
        else:
            out.append("Every license was established at its source.")
        out += [f"- note: {md_cell(n)}" for n in inv.notes]
        out += [f"- not read: {_code(path)}: {md_cell(reason)}" for path, reason in inv.skipped]
        return "\n".join(out) + "\n"

    @staticmethod
    def _components(components: Sequence[Component], *, with_kind: bool) -> list[str]:
        headers = ["Component", *(["Kind"] if with_kind else []), "License", "Category", "Source",
                   "Obligations", "Used at"]
        rows = [
            [_code(c.target), *([KIND_LABEL[c.kind]] if with_kind else []), md_cell(license_label(c)),
             c.category.value, md_cell(source_label(c)),
             "<br>".join(md_cell(t) for t in obligation_texts(c)) or "—", _used_at(c)]
            for c in components
        ]
        return _table(headers, rows)

    @staticmethod
    def _lineage(inv: Inventory) -> list[str]:
        if not inv.edges:
            return ["No model in this run declares a base model."]
        ids: dict[str, str] = {}
        lines = ["```mermaid", "graph LR"]
        for edge in inv.edges:
            for node in (edge.parent, edge.child):
                if node not in ids:
                    ids[node] = f"n{len(ids)}"
                    lines.append(f'  {ids[node]}["{_mermaid_label(node)}"]')
            lines.append(f'  {ids[edge.parent]} -->|"{_mermaid_label(edge.relation)}"| {ids[edge.child]}')
        lines.append("```")
        return lines

    @staticmethod
    def _findings(inv: Inventory) -> list[str]:
        if not inv.findings:
            return ["No findings." if inv.policy else "No policy was applied."]
        return _table(["Severity", "Rule", "Component", "Where", "Status"], [
            [f.severity.value, _code(f.rule_id), _code(f.component.target),
             "<br>".join(_code(loc) for loc in f.locations) or "—",
             f"waived: {md_cell(f.waived_by)}" if f.waived else "open"]
            for f in inv.findings
        ])
