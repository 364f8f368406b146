"""`mlgate check PATH... --policy P`: the gate. Exit 1 when findings reach the threshold."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mlgate.cli.app import EXIT_FINDINGS, EXIT_OK, cli, color_enabled, shared_options, status
from mlgate.cli.common import DEFAULT_POLICY, build_config, emit, policy_or_default
from mlgate.errors import ToolFailure, UsageError
from mlgate.model import Unresolved, UnresolvedReason
from mlgate.pipeline import Result, run
from mlgate.policy.baseline import DEFAULT_BASELINE, Baseline, load_baseline, write_baseline
from mlgate.report import create_report, format_names

_UNVERIFIABLE = {UnresolvedReason.NETWORK, UnresolvedReason.OFFLINE}


def enforce_strict(result: Result, strict: bool) -> None:
    """With --strict, a license that could not be verified is a tool failure (exit 3)."""
    if not strict:
        return
    missing = [c for c in result.components
               if isinstance(c.license, Unresolved) and c.license.reason in _UNVERIFIABLE]
    if missing:
        names = ", ".join(c.target for c in missing[:5]) + (" …" if len(missing) > 5 else "")
        raise ToolFailure(f"--strict: {len(missing)} license(s) could not be verified: {names}")


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-p", "--policy", help="Preset name (commercial, internal, research, permissive-only) or policy file.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Lowest severity that fails the gate [default: error].")
@click.option("--format", "fmt", type=click.Choice(format_names()), default="text", show_default=True,
              help="Report format: text for people, json for tools, sarif for code scanning, markdown for "
                   "PR comments and job summaries, csv for spreadsheets.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to FILE instead of standard output.")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Findings recorded in this file are reported as baselined and do not fail the gate.")
@click.option("--update-baseline", is_flag=True,
              help=f"Record the current findings in the baseline file (--baseline, default {DEFAULT_BASELINE} "
                   "in the project root) and report against it.")
@shared_options
def check_command(paths: tuple[Path, ...], policy: str | None, fail_on: str | None, fmt: str,
                  output: Path | None, baseline: Path | None, update_baseline: bool,
                  offline: bool, strict: bool, include_comments: bool) -> int:
    """Check the models and datasets PATHS use against a license policy."""
    config = build_config(paths, output=output, policy=policy, offline=offline, strict=strict, fail_on=fail_on,
                          include_comments=include_comments)
    if policy == "":  # an unset CI variable: a mistake to name, not a default to take
        raise UsageError("--policy is empty: pass a preset (e.g. --policy commercial) or a policy file")
    if not (config.policy or config.settings.policy):
        status(f"mlgate: note: no policy configured: using the {DEFAULT_POLICY} preset "
               "(set policy in [tool.mlgate] or .mlgate.toml to choose another)")
        config = policy_or_default(config)
    result = run(config)
    enforce_strict(result, config.strict)
    if update_baseline or baseline is not None:
        _baseline(result, baseline or config.root / DEFAULT_BASELINE, update=update_baseline)
    for note in result.notes:
        status(f"mlgate: note: {note}")
    color = output is None and color_enabled(sys.stdout)
    emit(create_report(fmt, color=color).render(result, config.fail_on), output, color=color)
    return EXIT_FINDINGS if result.failing(config.fail_on) else EXIT_OK


def _baseline(result: Result, path: Path, *, update: bool) -> None:
    """Mark what the baseline accepts; with `update`, first record everything found now."""
    if update:
        accepted = Baseline.of(result.findings)
        write_baseline(path, accepted)
        status(f"mlgate: wrote {path} ({len(accepted.entries)} accepted finding locations)")
    else:
        accepted = load_baseline(path)
    result.findings = accepted.apply(result.findings)
    stale = accepted.stale(result.findings)
    if stale:
        status(f"mlgate: {len(stale)} entries in {path} no longer occur; --update-baseline drops them")
