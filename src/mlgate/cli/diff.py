"""`mlgate diff OLD NEW`: what changed in the ML supply chain between two BOMs (or a BOM and a scan)."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.bom.diff_render import RENDERERS
from mlgate.cli.app import EXIT_FINDINGS, EXIT_OK, cli
from mlgate.cli.common import build_config, check_output, emit, validation_memo
from mlgate.model import Component, Severity


def load_side(path: Path, offline: bool, include_comments: bool) -> list[Component]:
    """A BOM file is read as it stands; a `.json`/`.xml` that is not a BOM is an error; anything else is scanned."""
    from mlgate.bomread.cyclonedx import read_bom
    from mlgate.bomread.detect import is_bom_file

    if path.is_file() and (is_bom_file(path) or path.suffix.lower() in (".json", ".xml")):
        return list(read_bom(path).components)
    from mlgate.pipeline import run

    config = build_config((path,), offline=offline, include_comments=include_comments, evaluate=False)
    return run(config).components


@cli.command("diff", short_help="Compare two BOMs (or a BOM and a path): models, licenses, revisions.")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-p", "--policy", help="Fail (exit 1) when a change brings in a finding under this policy.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Lowest severity of a brought-in finding that fails.")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE instead of standard output.")
@click.option("--offline", is_flag=True, help="When a side is scanned, never contact the Hub.")
@click.option("--include-comments", is_flag=True, help="When a side is scanned, also report references in comments.")
def diff_command(old: Path, new: Path, policy: str | None, fail_on: str, fmt: str, output: Path | None,
                 offline: bool, include_comments: bool) -> int:
    """Added and removed models, changed licenses, categories and revisions between OLD and NEW.

    OLD and NEW are CycloneDX BOMs (JSON or XML, any tool's) or paths to scan.
    """
    from mlgate.bom.diff import compare, gate
    from mlgate.errors import UsageError

    for path in (old, new):
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
    check_output(output)
    loaded_policy = None
    if policy is not None:
        from mlgate.policy.loader import load_policy

        if not policy:
            raise UsageError("--policy is empty: give a preset name or a policy file")
        loaded_policy = load_policy(policy, Path.cwd(), memo=validation_memo())
    before = load_side(old, offline, include_comments)
    after = load_side(new, offline, include_comments)
    result = compare(before, after, str(old), str(new))
    if loaded_policy is not None:
        result = gate(result, before, after, loaded_policy, Severity(fail_on))
    emit(RENDERERS[fmt](result), output)
    return EXIT_FINDINGS if result.failing else EXIT_OK
