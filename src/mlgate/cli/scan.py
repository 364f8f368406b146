"""`mlgate scan PATH`: list every reference with file:line (no license lookups)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from mlgate.cli.app import cli, run_option, status
from mlgate.cli.common import build_config
from mlgate.cli.outputs import format_option, plan, preflight, write
from mlgate.cli.replay_record import Outcome, recording
from mlgate.formats import Rendering
from mlgate.pipeline import run
from mlgate.report import REFERENCES
from mlgate.report.references import summary_lines


@cli.command("scan", short_help="List every model, dataset and API model referenced, with file:line.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option(REFERENCES, "text for people, json for tools")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE instead of standard output.")
@click.option("--include-comments", is_flag=True, help="Also report references in comments and docstrings.")
def scan_command(paths: tuple[Path, ...], fmt: str | None, output: Path | None, include_comments: bool) -> int:
    """List every model, adapter, dataset and API model PATHS reference, with file:line.

    \b
    A reference on a line carrying `# mlgate: ignore` is left out; one carrying
    `# mlgate: ignore[rule-id] reason` is listed with its suppression (the policy waives
    those rules in `mlgate check`).
    """
    planned = plan(fmt, (output,) if output else (), (REFERENCES,))
    preflight(planned)
    argv, clock = run_option("argv"), run_option("wall_clock_ns")
    # The states a replay of this run would be checked against are taken before anything is read.
    with recording(argv if isinstance(argv, list) else None, paths,
                   clock if callable(clock) else time.time_ns) as recorder:
        config = build_config(paths, include_comments=include_comments, resolve=False, evaluate=False)
        result = run(config)
        (text,) = write(planned, result, Rendering())
        # The summary and the skipped files are about the run, not data: standard error, as every
        # command (JSON carries them itself).
        lines = summary_lines(result) if planned[0].format == "text" else []
        shown = "".join(line + "\n" for line in lines if status(line))
        if recorder is not None:
            outcome = Outcome(stdout=text if output is None else "", output=output,
                              output_text=text if output is not None else "", stderr=shown)
            recorder.finish(outcome, config.root, result.consulted, config.cache_root())
    return 0
