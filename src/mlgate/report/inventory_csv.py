"""`report --format csv`: one row per component, for a spreadsheet or a procurement system.

Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) are
prefixed with a quote: scanned repositories and model cards are untrusted input. New columns go
at the end (`endpoint`: the self-hosted server an API model name is sent to).
"""

from __future__ import annotations

import csv
import io

from mlgate.model import License, Unresolved
from mlgate.report.inventory import Inventory, obligation_texts

COLUMNS = (
    "target", "kind", "revision", "pinned", "license", "license_name", "category", "commercial_use", "source",
    "evidence", "license_url", "obligations", "used_at", "base_models", "datasets", "findings", "waived",
    "unresolved_reason", "endpoint",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


class InventoryCsv:
    name = "csv"

    def render(self, inv: Inventory) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for c in inv.components:
            license_ = c.license
            findings = inv.findings_for(c)
            row = {
                "target": c.target,
                "kind": c.kind.value,
                "revision": c.revision or "",
                "pinned": "yes" if c.pinned else "no",
                "license": license_.expression if isinstance(license_, License) else "",
                "license_name": (license_.name or "") if isinstance(license_, License) else "",
                "category": c.category.value,
                "commercial_use": (license_.commercial_use or "") if isinstance(license_, License) else "",
                "source": license_.source or "",
                "evidence": license_.evidence if isinstance(license_, License) else license_.detail,
                "license_url": (license_.url or "") if isinstance(license_, License) else "",
                "obligations": "; ".join(obligation_texts(c)),
                "used_at": "; ".join(str(ref.location) for ref in c.references),
                "base_models": "; ".join(f"{b.target} ({b.relation})" for b in c.base_models),
                "datasets": "; ".join(c.datasets),
                "findings": "; ".join(f"{f.rule_id}:{f.severity.value}" for f in findings if not f.waived),
                "waived": "; ".join(f.rule_id for f in findings if f.waived),
                "unresolved_reason": license_.reason.value if isinstance(license_, Unresolved) else "",
                "endpoint": c.endpoint or "",
            }
            writer.writerow([safe_cell(row[col]) for col in COLUMNS])
        return buffer.getvalue()
