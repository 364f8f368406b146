"""`mlgate lock [PATH...]`: resolve every target afresh and pin revision and license in mlgate.lock."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from mlgate.cli.app import cli, shared_options, status
from mlgate.cli.common import build_config
from mlgate.errors import UsageError
from mlgate.model import Unresolved
from mlgate.pipeline import run


@cli.command("lock", short_help="Pin each model's revision and license in mlgate.lock.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@shared_options
def lock_command(paths: tuple[Path, ...], offline: bool, strict: bool, include_comments: bool) -> int:
    """Write mlgate.lock: the revision and license each model and dataset PATHS use resolves to.

    Commit the file; `mlgate check` then reports a license that changed upstream since.
    The lock itself is not consulted while locking: every target is resolved again.
    """
    from mlgate.resolve.lock import LockFile, lock_path, write_lock

    config = build_config(paths, offline=offline, strict=strict, include_comments=include_comments, evaluate=False)
    sources = tuple(s for s in config.settings.sources if s != "lock")
    config = replace(config, settings=replace(config.settings, sources=sources))
    result = run(config)
    path = lock_path(config)
    previous = LockFile.load(path) if path.is_file() else None
    try:
        entries = write_lock(path, result.components, previous)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
    old = previous.entries if previous else {}
    changed = sum(1 for e in entries if e.key in old and old[e.key].expression != e.expression)
    added = sum(1 for e in entries if e.key not in old)
    unresolved = [c.target for c in result.components if isinstance(c.license, Unresolved)]
    summary = f"mlgate: wrote {path} ({len(entries)} entries: {added} new, {changed} changed)"
    if unresolved:
        shown = ", ".join(unresolved[:5]) + (" …" if len(unresolved) > 5 else "")
        summary += f"; {len(unresolved)} unresolved, not locked: {shown}"
    for note in result.notes:
        status(f"mlgate: note: {note}")
    status(summary)
    return 0
