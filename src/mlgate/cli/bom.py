"""`mlgate bom PATH -o FILE`: write the CycloneDX 1.6 ML-BOM (validated before writing)."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.cli.app import cli, shared_options
from mlgate.cli.common import build_config, emit
from mlgate.pipeline import run


@cli.command("bom")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the BOM to FILE (default: standard output).")
@click.option("--reproducible", is_flag=True,
              help="Byte-identical output for the same input (serial from content, fixed timestamp).")
@click.option("--name", "app_name", help="Name of the application in the BOM metadata (default: the directory name).")
@shared_options
def bom_command(paths: tuple[Path, ...], output: Path | None, reproducible: bool, app_name: str | None,
                offline: bool, strict: bool, include_comments: bool) -> int:
    """Write a CycloneDX 1.6 ML-BOM of the models and datasets PATHS use."""
    from mlgate.bom.cyclonedx import render_json
    from mlgate.cli.check import enforce_strict

    config = build_config(paths, offline=offline, strict=strict, include_comments=include_comments,
                          evaluate=False)
    result = run(config)
    enforce_strict(result, config.strict)
    text = render_json(result.components, app_name or config.root.name, reproducible=reproducible)
    emit(text, output)
    if output is not None:
        click.echo(f"mlgate: wrote {output} ({len(result.components)} components)", err=True)
    return 0
