"""`mlgate check PATH... --policy P`: the gate. Exit 1 when findings reach the threshold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mlgate.bom import BOMS
from mlgate.cli.app import EXIT_FINDINGS, EXIT_OK, cli, shared_options, status
from mlgate.cli.common import DEFAULT_POLICY, build_config, policy_or_default
from mlgate.cli.outputs import format_option, plan, preflight, write
from mlgate.errors import UsageError
from mlgate.formats import Rendering
from mlgate.pipeline import run
from mlgate.policy.baseline import DEFAULT_BASELINE
from mlgate.report import FINDINGS


def gate_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that give a verdict (check, report)."""
    func = click.option("--require-verified", is_flag=True,
                        help="Exit 3 when a license is known only from mlgate's knowledge base, as --strict does "
                             "when one could not be verified: every verdict checked against its source.")(func)
    func = click.option("--no-inline-suppressions", is_flag=True,
                        help="No `# mlgate: ignore` comment takes effect (each is reported), whatever the "
                             "policy's inline_suppressions says.")(func)
    return func


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-p", "--policy", help="Preset name (commercial, internal, research, permissive-only) or policy file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Lowest severity that fails the gate [default: error].")
@format_option(FINDINGS, "Report format: text for people, json for tools, sarif for code scanning, markdown for "
                         "PR comments and job summaries, csv for spreadsheets")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to FILE instead of standard output. Repeat to write several documents from "
                   "one run, each in the format its name says: report.sarif, report.json, summary.md, "
                   "findings.csv, report.txt, and the ML-BOM as mlbom.json (.cdx.json), .xml or .spdx.json.")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Findings recorded in this file are reported as baselined and do not fail the gate.")
@click.option("--update-baseline", is_flag=True,
              help=f"Record the current findings in the baseline file (--baseline, default {DEFAULT_BASELINE} "
                   "in the project root) and report against it.")
@gate_options
@shared_options
def check_command(paths: tuple[Path, ...], policy: str | None, fail_on: str | None, fmt: str | None,
                  outputs: tuple[Path, ...], baseline: Path | None, update_baseline: bool,
                  offline: bool, strict: bool, include_comments: bool, no_inline_suppressions: bool,
                  require_verified: bool) -> int:
    """Check the models and datasets PATHS use against a license policy."""
    planned = plan(fmt, outputs, (FINDINGS, BOMS))
    preflight(planned)
    config = build_config(paths, policy=policy, offline=offline, strict=strict, fail_on=fail_on,
                          include_comments=include_comments, baseline=baseline, update_baseline=update_baseline,
                          deny_inline_suppressions=no_inline_suppressions, require_verified=require_verified)
    if policy == "":  # an unset CI variable: a mistake to name, not a default to take
        raise UsageError("--policy is empty: pass a preset (e.g. --policy commercial) or a policy file")
    if not (config.policy or config.settings.policy):
        status(f"mlgate: note: no policy configured: using the {DEFAULT_POLICY} preset "
               "(set policy in [tool.mlgate] or .mlgate.toml to choose another)")
        config = policy_or_default(config)
    result = run(config)
    for line in result.status:
        status(f"mlgate: {line}")
    for note in result.notes:
        status(f"mlgate: note: {note}")
    write(planned, result, Rendering(fail_on=config.fail_on, color=True, project=config.root.name, root=config.root,
                                     memo=config.cache_root()))
    return EXIT_FINDINGS if result.failing(config.fail_on) else EXIT_OK
