"""`mlgate diff` output: text for terminals, JSON for machines, Markdown for pull requests."""

from __future__ import annotations

import json
from typing import Any

from mlgate import __version__
from mlgate.bom.diff import Change, Diff, license_text, revision_shown
from mlgate.model import Component

DIFF_SCHEMA_VERSION = 1
_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def _summary(diff: Diff) -> str:
    counts = {s: sum(1 for c in diff.changes if c.status == s) for s in ("added", "removed", "changed")}
    text = (f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed, "
            f"{diff.unchanged} unchanged")
    if diff.policy:
        verdict = f"{len(diff.failing)} change(s) fail policy {diff.policy}" if diff.failing \
            else f"no change fails policy {diff.policy}"
        text += f"; {verdict} (at {diff.fail_on.value} or above)"
    return text


def _describe(component: Component) -> str:
    return f"{license_text(component)}, {component.category.value}"


def _lines(change: Change) -> list[str]:
    head = f"{_SIGN[change.status]} {change.kind.value:<9} {change.target}"
    component = change.new or change.old
    endpoint = component.endpoint if component is not None else None
    if endpoint:  # (the same name at a provider is another component)
        head += f" at self-hosted endpoint {endpoint}"
    if change.status == "added" and change.new is not None:
        head += f"  ({_describe(change.new)})"
    elif change.status == "removed" and change.old is not None:
        head += f"  (was {_describe(change.old)})"
    lines = [head]
    lines.extend(f"    {f.name}: {f.old} -> {f.new}" for f in change.fields)
    lines.extend(f"    FAILS [{f.rule_id}] {f.severity.value}: {f.message}" for f in change.failing)
    return lines


def render_text(diff: Diff) -> str:
    lines = [f"mlgate diff: {diff.old_label} -> {diff.new_label}"]
    for change in diff.changes:
        lines.extend(_lines(change))
    if not diff.changes:
        lines.append("no model, adapter, dataset or API model changed")
    lines.append(f"mlgate: {_summary(diff)}")
    return "\n".join(lines) + "\n"


def _component_json(component: Component | None) -> dict[str, Any] | None:
    if component is None:
        return None
    return {"license": license_text(component), "category": component.category.value,
            "revision": revision_shown(component)}


def render_json(diff: Diff) -> str:
    doc = {
        "schema_version": DIFF_SCHEMA_VERSION,
        "tool": {"name": "mlgate", "version": __version__},
        "old": diff.old_label,
        "new": diff.new_label,
        "policy": diff.policy,
        "fail_on": diff.fail_on.value if diff.policy else None,
        "passed": not diff.failing,
        "summary": {s: sum(1 for c in diff.changes if c.status == s) for s in ("added", "removed", "changed")}
        | {"unchanged": diff.unchanged, "failing": len(diff.failing)},
        "changes": [
            {
                "status": c.status,
                "kind": c.kind.value,
                "target": c.target,
                "old": _component_json(c.old),
                "new": _component_json(c.new),
                "fields": [{"name": f.name, "old": f.old, "new": f.new} for f in c.fields],
                "failing": [{"rule": f.rule_id, "severity": f.severity.value, "message": f.message}
                            for f in c.failing],
            }
            for c in diff.changes
        ],
    }
    return json.dumps(doc, indent=2) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: Diff) -> str:
    lines = [f"### ML-BOM changes: `{_cell(diff.old_label)}` → `{_cell(diff.new_label)}`", "", _summary(diff), ""]
    if diff.changes:
        lines += ["| | Kind | Target | License | Category | Revision | Policy |", "|---|---|---|---|---|---|---|"]
        for c in diff.changes:
            cells = []
            for name in ("license", "category", "revision"):
                moved = next((f for f in c.fields if f.name == name), None)
                current = _component_json(c.new or c.old) or {}
                value = f"{moved.old} → **{moved.new}**" if moved else str(current.get(name) or "")
                cells.append(_cell(value))
            policy = "; ".join(f"❌ `{f.rule_id}`" for f in c.failing) or ("✅" if diff.policy else "")
            lines.append(f"| {_SIGN[c.status]} {c.status} | {c.kind.value} | `{_cell(c.target)}` | "
                         + " | ".join(cells) + f" | {policy} |")
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
