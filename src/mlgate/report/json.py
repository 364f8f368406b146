"""`--format json` for check: a versioned document other tools can rely on."""

from __future__ import annotations

import json
from typing import Any

from mlgate import __version__
from mlgate.model import Severity
from mlgate.pipeline import Result
from mlgate.report.serialize import component_dict, finding_dict, skipped_dict

SCHEMA_VERSION = 1


class JsonReport:
    name = "json"

    def render(self, result: Result, fail_on: Severity) -> str:
        doc: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "mlgate", "version": __version__},
            "policy": result.policy.name if result.policy else None,
            "fail_on": fail_on.value,
            "summary": {
                "components": len(result.components),
                "findings": len(result.findings),
                "failing": len(result.failing(fail_on)),
                "by_severity": {
                    s.value: sum(1 for f in result.findings if f.severity is s and not f.waived)
                    for s in Severity
                },
            },
            "components": [component_dict(c) for c in result.components],
            "findings": [finding_dict(f) for f in result.findings],
            "skipped": [skipped_dict(s) for s in result.skipped],
        }
        return json.dumps(doc, indent=2, sort_keys=False) + "\n"
