"""`mlgate report PATH|BOM --format html -o report.html`: the inventory for a legal reader."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.cli.app import cli, shared_options, status
from mlgate.cli.check import gate_options
from mlgate.cli.common import build_config, project_of, source_date_epoch
from mlgate.cli.outputs import format_option, plan, preflight, write
from mlgate.formats import Rendering
from mlgate.report import INVENTORY


@cli.command("report", short_help="Inventory for legal review: one HTML page, or Markdown or CSV.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option(INVENTORY, "Output format")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Severity the verdict counts as blocking [default: error].")
@click.option("-p", "--policy", help="Judge with this preset or policy file (default: [tool.mlgate] policy, if any).")
@click.option("--name", "project_name",
              help="Project name shown in the report (default: the BOM's project, else the directory name).")
@gate_options
@shared_options
def report_command(paths: tuple[Path, ...], fmt: str | None, output: Path | None, fail_on: str | None,
                   policy: str | None, project_name: str | None, offline: bool, strict: bool,
                   include_comments: bool, no_inline_suppressions: bool, require_verified: bool) -> int:
    """Write an inventory of every model and dataset PATHS use: licenses, categories,
    obligations, where each is used, lineage, findings and waivers.

    HTML is one self-contained file (no scripts, no external assets) for a legal reader;
    Markdown and CSV carry the same inventory. The exit code is 0 whatever the findings:
    use `mlgate check` as the gate.
    """
    from mlgate.pipeline import run

    planned = plan(fmt, (output,) if output else (), (INVENTORY,), named=True)
    preflight(planned)
    generated = source_date_epoch()  # a bad value stops the run before any work
    config = build_config(paths, policy=policy, offline=offline, strict=strict, fail_on=fail_on,
                          include_comments=include_comments, deny_inline_suppressions=no_inline_suppressions,
                          require_verified=require_verified)
    result = run(config)
    write(planned, result, Rendering(fail_on=config.fail_on, project=project_of(config, project_name),
                                     timestamp=generated, memo=config.cache_root()))
    if output is not None:
        status(f"mlgate: wrote {output} ({len(result.components)} components, {len(result.findings)} findings)")
    return 0
