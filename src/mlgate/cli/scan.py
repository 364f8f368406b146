"""`mlgate scan PATH`: list every reference with file:line (no license lookups)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from mlgate.cli.app import cli, status
from mlgate.cli.common import build_config, emit
from mlgate.model import Reference
from mlgate.pipeline import run
from mlgate.report.serialize import reference_dict, skipped_dict


@cli.command("scan", short_help="List every model, dataset and API model referenced, with file:line.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE instead of standard output.")
@click.option("--include-comments", is_flag=True, help="Also report references in comments and docstrings.")
def scan_command(paths: tuple[Path, ...], fmt: str, output: Path | None, include_comments: bool) -> int:
    """List every model, adapter, dataset and API model PATHS reference, with file:line.

    \b
    A reference on a line carrying `# mlgate: ignore` is left out; one carrying
    `# mlgate: ignore[rule-id] reason` is listed with its suppression (the policy waives
    those rules in `mlgate check`).
    """
    config = build_config(paths, output=output, include_comments=include_comments, resolve=False, evaluate=False)
    result = run(config)
    references = [r for r in result.references if not _ignored(r)]
    if fmt == "json":
        doc = {
            "references": [_reference_json(r) for r in references],
            "skipped": [skipped_dict(s) for s in result.skipped],
            "files_scanned": result.files_scanned,
        }
        emit(json.dumps(doc, indent=2) + "\n", output)
        return 0
    lines = []
    for ref in references:
        role = "  [output]" if ref.role.value == "output" else "  [placeholder]" if ref.placeholder else ""
        waived = f"  [ignore {', '.join(ref.suppression.rules)}]" if ref.suppression else ""
        origin = f"  (defined at {ref.origin.path}:{ref.origin.line})" if ref.origin else ""
        lines.append(f"{ref.location}: {ref.kind.value:<10} {ref.target}  via {ref.via}{role}{waived}{origin}")
    emit("".join(line + "\n" for line in lines), output)
    # The summary and the skipped files are about the run, not data: standard error, as every command.
    targets = {(r.target, r.kind) for r in references}
    status(f"mlgate: {len(references)} references to {len(targets)} targets in {result.files_scanned} files"
           + (f"; {len(result.skipped)} skipped" if result.skipped else ""))
    for skipped in result.skipped:
        status(f"  skipped {skipped.path}: {skipped.reason}")
    return 0


def _ignored(ref: Reference) -> bool:
    """A bare `# mlgate: ignore` (no rule list) removes the reference from the listing."""
    return ref.suppression is not None and not ref.suppression.rules


def _reference_json(ref: Reference) -> dict[str, Any]:
    out = reference_dict(ref)
    if ref.suppression is not None:
        out["suppression"] = {"rules": list(ref.suppression.rules), "reason": ref.suppression.reason}
    return out
