"""`--format csv`: one row per finding and location, for spreadsheets and audit trails.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
prefixed with a quote: targets and messages come from the scanned repository. Columns added
later go at the end (`endpoint`: the self-hosted server an API model name is sent to), so a
sheet that reads columns by position keeps working.
"""

from __future__ import annotations

import csv
import io

from mlgate.model import Finding, Location, Result, Severity
from mlgate.report.serialize import finding_status, license_expression

COLUMNS = ("status", "severity", "rule", "target", "kind", "license", "category", "source", "path", "line",
           "column", "cell", "policy", "scope", "waived_by", "message", "endpoint")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvReport:
    name = "csv"

    def render(self, result: Result, fail_on: Severity) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for finding in result.findings:
            for location in finding.locations or (None,):
                writer.writerow([_safe(cell) for cell in _row(finding, location, fail_on)])
        return buffer.getvalue()


def _row(finding: Finding, location: Location | None, fail_on: Severity) -> list[str]:
    component = finding.component
    extra = dict(finding.extra)
    return [
        finding_status(finding, fail_on).value,
        finding.severity.value,
        finding.rule_id,
        component.target,
        component.kind.value,
        license_expression(component) or "",
        component.category.value,
        component.license.source or "",
        location.path if location else "",
        str(location.line) if location else "",
        str(location.column) if location and location.column else "",
        str(location.cell) if location and location.cell is not None else "",
        extra.get("policy", ""),
        extra.get("scope", ""),
        finding.waived_by or "",
        finding.message,
        component.endpoint or "",
    ]


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
