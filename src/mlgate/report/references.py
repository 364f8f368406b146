"""`mlgate scan` output: every reference with file:line, as text for people or JSON for tools.

A reference on a line carrying a bare `# mlgate: ignore` is left out; one carrying
`# mlgate: ignore[rule-id] reason` is listed with its suppression.
"""

from __future__ import annotations

from typing import Any

from mlgate.model import Reference, Result
from mlgate.report.jsontext import dumps
from mlgate.report.serialize import reference_dict, skipped_dict


def render_text(result: Result) -> str:
    references = listed(result)
    lines = []
    for ref in references:
        role = "  [output]" if ref.role.value == "output" else "  [placeholder]" if ref.placeholder else ""
        waived = f"  [ignore {', '.join(ref.suppression.rules)}]" if ref.suppression else ""
        origin = f"  (defined at {ref.origin.path}:{ref.origin.line})" if ref.origin else ""
        served = f"  [self-hosted endpoint {ref.endpoint}]" if ref.endpoint else ""
        lines.append(f"{ref.location}: {ref.kind.value:<10} {ref.target}  via {ref.via}{role}{waived}{origin}{served}")
    return "".join(line + "\n" for line in lines)


def summary_lines(result: Result) -> list[str]:
    """What the run read and skipped: notes for standard error, not data."""
    references = listed(result)
    targets = {(r.target, r.kind) for r in references}
    return [f"mlgate: {len(references)} references to {len(targets)} targets in {result.files_scanned} files"
            + (f"; {len(result.skipped)} skipped" if result.skipped else ""),
            *(f"  skipped {s.path}: {s.reason}" for s in result.skipped)]


def render_json(result: Result) -> str:
    doc = {
        "references": [_reference_json(r) for r in listed(result)],
        "skipped": [skipped_dict(s) for s in result.skipped],
        "files_scanned": result.files_scanned,
    }
    return dumps(doc) + "\n"


def listed(result: Result) -> list[Reference]:
    """The references a listing shows: all but those under a bare `# mlgate: ignore`."""
    return [r for r in result.references if not (r.suppression is not None and not r.suppression.rules)]


def _reference_json(ref: Reference) -> dict[str, Any]:
    out = reference_dict(ref)
    if ref.suppression is not None:
        out["suppression"] = {"rules": list(ref.suppression.rules), "reason": ref.suppression.reason}
    return out
