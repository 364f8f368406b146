"""`--format json` for check: a versioned document other tools can rely on.

The shape is described by `check-report.schema.json` beside this module (shipped with the
package); `schema_version` changes only when a field changes meaning or goes away.
"""

from __future__ import annotations

import json
from typing import Any

from mlgate import __version__
from mlgate.certainty import Certainty, summarize
from mlgate.model import Result, Severity
from mlgate.policy.rules import rule_docs
from mlgate.policy.suppressions import applied_suppressions
from mlgate.report.serialize import Status, component_dict, finding_dict, finding_status, location_dict, skipped_dict

SCHEMA_VERSION = 1


class JsonReport:
    name = "json"

    def render(self, result: Result, fail_on: Severity) -> str:
        statuses = [finding_status(f, fail_on) for f in result.findings]
        active = [f for f in result.findings if f.active]
        docs = rule_docs(result.policy, (f.rule_id for f in result.findings))
        suppressions = applied_suppressions(result.findings)
        certainty = summarize(result.components)
        doc: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "mlgate", "version": __version__},
            "policy": result.policy.name if result.policy else None,
            "fail_on": fail_on.value,
            "passed": Status.FAILING not in statuses,
            "summary": {
                "components": len(result.components),
                "files_scanned": result.files_scanned,
                "findings": len(result.findings),
                "failing": statuses.count(Status.FAILING),
                "waived": statuses.count(Status.WAIVED),
                "suppressed_inline": len(suppressions),
                "baselined": statuses.count(Status.BASELINED),
                "by_severity": {s.value: sum(1 for f in active if f.severity is s) for s in Severity},
                "licenses": {c.value: certainty.counts.get(c, 0) for c in Certainty},
            },
            "findings": [finding_dict(f, fail_on) for f in result.findings],
            "components": [component_dict(c) for c in result.components],
            "rules": [{"id": d.id, "title": d.title, "description": d.description, "help": d.help}
                      for d in docs.values()],
            # Every inline suppression that took effect, so none goes unaccounted for.
            "suppressions": [{**location_dict(s.location), "target": s.target, "rule": s.rule, "reason": s.reason}
                             for s in suppressions],
            "notes": list(result.notes),
            "skipped": [skipped_dict(s) for s in result.skipped],
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
