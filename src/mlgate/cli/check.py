"""`mlgate check PATH... --policy P`: the gate. Exit 1 when findings reach the threshold."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mlgate.certainty import knowledge_base_only
from mlgate.cli.app import EXIT_FINDINGS, EXIT_OK, cli, color_enabled, shared_options, status
from mlgate.cli.common import DEFAULT_POLICY, build_config, emit, policy_or_default
from mlgate.errors import ToolFailure, UsageError
from mlgate.model import Component, Result, Unresolved, UnresolvedReason
from mlgate.pipeline import run
from mlgate.policy.baseline import DEFAULT_BASELINE, Baseline, load_baseline, write_baseline
from mlgate.report import create_report, format_names

_UNVERIFIABLE = {UnresolvedReason.NETWORK, UnresolvedReason.OFFLINE}


def enforce_strict(result: Result, strict: bool, require_verified: bool = False) -> None:
    """With --strict, a license that could not be verified is a tool failure (exit 3); with
    --require-verified, so is one only the knowledge base vouches for: the verdict was not
    checked against its source, which is what --strict's exit 3 means."""
    if strict or require_verified:
        missing = [c for c in result.components
                   if isinstance(c.license, Unresolved) and c.license.reason in _UNVERIFIABLE]
        if missing:
            flag = "--strict" if strict else "--require-verified"
            raise ToolFailure(f"{flag}: {len(missing)} license(s) could not be verified: {_names(missing)}")
    if require_verified and (known := knowledge_base_only(result.components)):
        raise ToolFailure(f"--require-verified: {len(known)} license(s) come only from mlgate's knowledge base, "
                          f"not verified at the source: {_names(known)}; run online, or lock them from the Hub")


def _names(components: list[Component]) -> str:
    return ", ".join(c.target for c in components[:5]) + (" …" if len(components) > 5 else "")


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
@gate_options
@shared_options
def check_command(paths: tuple[Path, ...], policy: str | None, fail_on: str | None, fmt: str,
                  output: Path | None, baseline: Path | None, update_baseline: bool,
                  offline: bool, strict: bool, include_comments: bool, no_inline_suppressions: bool,
                  require_verified: bool) -> int:
    """Check the models and datasets PATHS use against a license policy."""
    config = build_config(paths, output=output, policy=policy, offline=offline, strict=strict, fail_on=fail_on,
                          include_comments=include_comments, deny_inline_suppressions=no_inline_suppressions,
                          require_verified=require_verified)
    if policy == "":  # an unset CI variable: a mistake to name, not a default to take
        raise UsageError("--policy is empty: pass a preset (e.g. --policy commercial) or a policy file")
    if not (config.policy or config.settings.policy):
        status(f"mlgate: note: no policy configured: using the {DEFAULT_POLICY} preset "
               "(set policy in [tool.mlgate] or .mlgate.toml to choose another)")
        config = policy_or_default(config)
    result = run(config)
    enforce_strict(result, config.strict, config.require_verified)
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
