"""Helpers the commands share: building the run config and writing output."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import click

from mlgate.cli.app import project_root
from mlgate.cli.progress import current_progress
from mlgate.config import Environment, RunConfig, find_settings_file, load_settings
from mlgate.errors import UsageError
from mlgate.model import Severity

# What `check` and `notice` judge with when neither --policy nor [tool.mlgate] names a policy:
# a pre-commit hook pasted as is gates with the strictest common preset.
DEFAULT_POLICY = "commercial"


def policy_or_default(config: RunConfig) -> RunConfig:
    """`config`, judged by DEFAULT_POLICY when no policy is configured."""
    if config.policy or config.settings.policy:
        return config
    return replace(config, policy=DEFAULT_POLICY)


def build_config(
    paths: tuple[Path, ...],
    *,
    policy: str | None = None,
    offline: bool = False,
    strict: bool = False,
    fail_on: str | None = None,
    include_comments: bool = False,
    resolve: bool = True,
    evaluate: bool = True,
    deny_inline_suppressions: bool = False,
    require_verified: bool = False,
    output: Path | None = None,
    baseline: Path | None = None,
    update_baseline: bool = False,
) -> RunConfig:
    check_output(output)
    if not paths:
        paths = (Path("."),)
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory; pass files or directories that exist")
    root = project_root(paths)
    settings = load_settings(find_settings_file(root))
    severity = Severity(fail_on) if fail_on else (settings.fail_on or Severity.ERROR)
    if update_baseline and baseline is None:
        from mlgate.policy.baseline import DEFAULT_BASELINE

        baseline = root / DEFAULT_BASELINE
    return RunConfig(
        paths=tuple(p.resolve() for p in paths),
        root=root,
        policy=policy,
        offline=offline or settings.offline,
        strict=strict,
        fail_on=severity,
        include_comments=include_comments or settings.include_comments,
        settings=settings,
        timeout=settings.timeout,
        resolve=resolve,
        evaluate=evaluate,
        deny_inline_suppressions=deny_inline_suppressions,
        require_verified=require_verified,
        baseline=baseline,
        update_baseline=update_baseline,
        environment=Environment.current(),  # the one reading of the environment for this run
        progress=current_progress(),
    )


def validation_memo() -> Path:
    """The cache directory where documents that passed validation are remembered (policies)."""
    from mlgate.paths import cache_dir

    return cache_dir(Environment.current().cache_dir)


def check_output(output: Path | None) -> None:
    """An output file in a directory that does not exist is a mistake to name before any work."""
    if output is not None and not output.parent.is_dir():
        raise UsageError(f"{output}: directory {output.parent} does not exist; create it or choose another -o path")


def emit(text: str, output: Path | None, *, color: bool | None = None) -> None:
    """Write to `output` atomically, or to standard output (`color=True`: keep the colour codes
    even when standard output is not a terminal, as --color always and FORCE_COLOR ask)."""
    if output is None:
        click.echo(text, nl=False, color=color)
        return
    from mlgate.atomic import write_atomic  # tempfile and friends: only when writing a file

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None


def source_date_epoch() -> dt.datetime | None:
    """`SOURCE_DATE_EPOCH` (reproducible-builds.org): the time a reproducible BOM or a report is stamped with."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH: expected seconds since 1970 as an integer, got {value!r}")
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


def project_of(config: RunConfig, explicit: str | None) -> str:
    """The project a report or NOTICE names: `--name`, else the project of the BOM it was built
    from when every path is a BOM, else the project directory's name."""
    if explicit:
        return explicit
    from mlgate.bomread.detect import bom_kind

    if config.paths and all(bom_kind(path) == "cyclonedx" for path in config.paths):
        from mlgate.bomread.cyclonedx import application_name

        named = application_name(config.paths[0])
        if named:
            return named
    return config.root.name
