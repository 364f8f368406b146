"""`mlgate bom PATH -o FILE`: write the ML-BOM (CycloneDX 1.6 JSON/XML or SPDX 3.0.1), validated first."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.cli.app import cli, shared_options, status
from mlgate.cli.common import build_config, emit, source_date_epoch
from mlgate.errors import UsageError
from mlgate.pipeline import run

FORMATS = ("json", "xml", "spdx")


def output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output file's name implies (`.xml`, `.spdx.json`),
    else json for a name without a suffix; a suffix mlgate does not write stops the run at once."""
    if fmt:
        return fmt
    name = output.name.lower() if output else ""
    if name.endswith((".spdx.json", ".spdx3.json", ".jsonld")):
        return "spdx"
    if name.endswith(".xml"):
        return "xml"
    if output is not None and output.suffix and not name.endswith(".json"):
        raise UsageError(f"{output}: mlgate writes CycloneDX JSON (.json), CycloneDX XML (.xml) or SPDX 3.0.1 "
                         "JSON-LD (.spdx.json, .jsonld); name the file so or pass --format")
    return "json"


@cli.command("bom")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the BOM to FILE (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="CycloneDX 1.6 JSON or XML, or SPDX 3.0.1 JSON-LD [default: from the -o name, else json].")
@click.option("--reproducible", is_flag=True,
              help="Byte-identical output for the same input: serial from the content, timestamp from "
                   "SOURCE_DATE_EPOCH or none.")
@click.option("--name", "app_name", help="Name of the application in the BOM metadata (default: the directory name).")
@shared_options
def bom_command(paths: tuple[Path, ...], output: Path | None, fmt: str | None, reproducible: bool,
                app_name: str | None, offline: bool, strict: bool, include_comments: bool) -> int:
    """Write the ML-BOM of the models and datasets PATHS use."""
    from mlgate.cli.check import enforce_strict

    chosen = output_format(fmt, output)
    if chosen == "spdx":
        from mlgate.bom.spdx import spdx_model

        spdx_model()  # say at once, before any scanning, when the optional extra is missing
    timestamp = source_date_epoch() if reproducible else None
    config = build_config(paths, output=output, offline=offline, strict=strict,
                          include_comments=include_comments,
                          evaluate=False)
    result = run(config)
    enforce_strict(result, config.strict)
    name = app_name or config.root.name
    if chosen == "spdx":
        from mlgate.bom.spdx import render_spdx as render
    elif chosen == "xml":
        from mlgate.bom.cyclonedx import render_xml as render
    else:
        from mlgate.bom.cyclonedx import render_json as render
    from mlgate.scan.repository import project_version

    text = render(result.components, name, reproducible=reproducible, timestamp=timestamp,
                  app_version=project_version(config.root))
    emit(text, output)
    if output is not None:
        status(f"mlgate: wrote {output} ({len(result.components)} components)")
    return 0
