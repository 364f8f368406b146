"""Helpers the commands share: building the run config and writing output."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.atomic import write_atomic
from mlgate.cli.app import project_root
from mlgate.cli.progress import current_progress
from mlgate.config import Environment, RunConfig, find_settings_file, load_settings
from mlgate.errors import UsageError
from mlgate.model import Severity
from mlgate.policy.baseline import DEFAULT_BASELINE


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
    baseline: Path | None = None,
    update_baseline: bool = False,
) -> RunConfig:
    if not paths:
        paths = (Path("."),)
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory; pass files or directories that exist")
    root = project_root(paths)
    settings = load_settings(find_settings_file(root))
    severity = Severity(fail_on) if fail_on else (settings.fail_on or Severity.ERROR)
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
        baseline=baseline or (root / DEFAULT_BASELINE if update_baseline else None),
        update_baseline=update_baseline,
        environment=Environment.current(),  # the one reading of the environment for this run
        progress=current_progress(),
    )


def emit(text: str, output: Path | None) -> None:
    """Write to `output` atomically, or to standard output."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None
