"""`mlgate report PATH|BOM --format html -o report.html`: the inventory for a legal reader."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.cli.app import cli, shared_options, status
from mlgate.cli.check import gate_options
from mlgate.cli.common import build_config, emit, project_of, source_date_epoch
from mlgate.errors import UsageError

_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".csv": "csv"}


@cli.command("report", short_help="Inventory for legal review: one HTML page, or Markdown or CSV.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["html", "markdown", "csv"]),
              help="Output format [default: from the -o suffix, else html].")
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
    from mlgate.cli.check import enforce_strict
    from mlgate.pipeline import run
    from mlgate.report.inventory import Inventory

    fmt = fmt or _format_of(output)
    generated = source_date_epoch()  # a bad value stops the run before any work
    config = build_config(paths, output=output, policy=policy, offline=offline, strict=strict, fail_on=fail_on,
                          include_comments=include_comments, deny_inline_suppressions=no_inline_suppressions,
                          require_verified=require_verified)
    result = run(config)
    enforce_strict(result, config.strict, config.require_verified)
    inventory = Inventory.of(result, config.fail_on, project=project_of(config, project_name))
    if fmt == "html":
        from mlgate.report.html import HtmlReport

        text = HtmlReport(generated).render(inventory)
    elif fmt == "markdown":
        from mlgate.report.inventory_markdown import InventoryMarkdown

        text = InventoryMarkdown().render(inventory)
    else:
        from mlgate.report.inventory_csv import InventoryCsv

        text = InventoryCsv().render(inventory)
    emit(text, output)
    if output is not None:
        status(f"mlgate: wrote {output} ({len(inventory.components)} components, {len(inventory.findings)} findings)")
    return 0


def _format_of(output: Path | None) -> str:
    """The format the output file's suffix names (html without a file or a suffix); any other
    suffix (`report.pdf`) stops the run before any work."""
    if output is None or not output.suffix:
        return "html"
    found = _BY_SUFFIX.get(output.suffix.lower())
    if found is None:
        raise UsageError(f"{output}: mlgate writes reports as HTML (.html), Markdown (.md) or CSV (.csv); "
                         "name the file so or pass --format")
    return found
