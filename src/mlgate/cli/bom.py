"""`mlgate bom PATH -o FILE`: write the ML-BOM (CycloneDX 1.6 JSON/XML or SPDX 3.0.1), validated first."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.bom import BOMS
from mlgate.cli.app import cli, shared_options, status
from mlgate.cli.common import build_config, source_date_epoch
from mlgate.cli.outputs import format_option, plan, preflight, write
from mlgate.formats import Rendering
from mlgate.pipeline import run


@cli.command("bom")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the BOM to FILE (default: standard output).")
@format_option(BOMS, "CycloneDX 1.6 JSON or XML, or SPDX 3.0.1 JSON-LD")
@click.option("--reproducible", is_flag=True,
              help="Byte-identical output for the same input: serial from the content, timestamp from "
                   "SOURCE_DATE_EPOCH or none.")
@click.option("--name", "app_name", help="Name of the application in the BOM metadata (default: the directory name).")
@shared_options
def bom_command(paths: tuple[Path, ...], output: Path | None, fmt: str | None, reproducible: bool,
                app_name: str | None, offline: bool, strict: bool, include_comments: bool) -> int:
    """Write the ML-BOM of the models and datasets PATHS use."""
    planned = plan(fmt, (output,) if output else (), (BOMS,), named=True)
    preflight(planned)  # say at once, before any scanning, when an optional extra is missing
    timestamp = source_date_epoch() if reproducible else None
    config = build_config(paths, output=output, offline=offline, strict=strict,
                          include_comments=include_comments,
                          evaluate=False)
    result = run(config)
    write(planned, result, Rendering(project=app_name or config.root.name, reproducible=reproducible,
                                     timestamp=timestamp, root=config.root, memo=config.cache_root()))
    if output is not None:
        status(f"mlgate: wrote {output} ({len(result.components)} components)")
    return 0
