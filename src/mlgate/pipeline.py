"""pipeline.run(config) -> Result: the one library entry point the CLI, hook and Action use.

scan → resolve → (--strict) → evaluate → baseline. Rendering and writing belong to the
callers (`report/`, `bom/`); the run's options, environment included, arrive in `RunConfig`.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mlgate.config import RunConfig
from mlgate.errors import ToolFailure, UsageError
from mlgate.model import Component, Finding, Result, Role, ScanResult, Skipped
from mlgate.progress import ReportingFiles
from mlgate.scan.base import ScanOptions
from mlgate.scan.walk import walk_files

# The stages a run may not need are imported where they are used: `mlgate scan` judges nothing,
# and a rescan that nothing changed is answered without loading a detector.
if TYPE_CHECKING:
    import pathspec

    from mlgate.policy_spec import Policy

log = logging.getLogger(__name__)


def run(config: RunConfig) -> Result:
    policy = _policy(config) if config.evaluate else None
    # A CycloneDX BOM among the paths is evaluated as it stands, not scanned (bomread/detect.py).
    boms, to_scan = _split_boms(config.paths)
    scanned = scan_paths(replace(config, paths=to_scan)) if to_scan or not boms else ScanResult()
    notes: tuple[str, ...] = ()
    if config.resolve and (to_scan or not boms) and not scanned.files_scanned:
        from mlgate.coverage import named_files_excluded, nothing_read

        # A gate that read nothing must not pass: say why nothing was read and how to fix it.
        # Files named one by one that the settings exclude (a pre-commit hook passing only
        # vendored files) are the project's deliberate choice: said in a note, not refused.
        excluded = named_files_excluded(scanned, to_scan or config.paths, config.settings.file)
        if excluded is None:
            raise UsageError(nothing_read(scanned, to_scan or config.paths, config.settings.file))
        notes = (excluded,)
    components: list[Component] = []
    if config.resolve:
        components, resolved_notes = _resolve(scanned, config)
        notes = notes + resolved_notes
    if boms and config.resolve:
        from mlgate.bomread.cyclonedx import components_from_boms

        given, read = components_from_boms(boms, components)
        components, notes = components + given, notes + read
    if config.strict or config.require_verified:
        from mlgate.policy.strict import strict_failure

        failure = strict_failure(components, config.strict, config.require_verified)
        if failure is not None:
            raise ToolFailure(failure)
    findings: list[Finding] = []
    status: tuple[str, ...] = ()
    if policy is not None:
        from mlgate.policy.engine import evaluate

        findings = evaluate(components, policy)
        log.info("policy %s: %d findings", policy.name, len(findings))
        if config.baseline is not None:
            from mlgate.policy.baseline import apply_baseline

            findings, status = apply_baseline(findings, config.baseline, update=config.update_baseline)
    return Result(root=config.root, references=scanned.references, components=components, findings=findings,
                  skipped=scanned.skipped, policy=policy, files_scanned=scanned.files_scanned, notes=list(notes),
                  status=status, consulted=scanned.consulted)


def _resolve(scanned: ScanResult, config: RunConfig) -> tuple[list[Component], tuple[str, ...]]:
    from mlgate.resolve import resolve

    started = time.perf_counter()
    # Placeholders (`your-username/model`) are listed by `scan`, never resolved or judged.
    real = [r for r in scanned.references if not r.placeholder]
    targets = len({(r.target, r.kind) for r in real if r.role is Role.INPUT})
    if config.progress is not None:
        config.progress("resolve", 0, targets)
    resolution = resolve(real, config)
    if config.progress is not None:
        config.progress("resolve", targets, targets)
    log.info("resolved %d components in %.2f s", len(resolution.components), time.perf_counter() - started)
    return resolution.components, resolution.notes


def _split_boms(paths: tuple[Path, ...]) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    from mlgate.bomread.detect import SPDX_REFUSAL, bom_kind, not_a_bom

    kinds = {p: bom_kind(p) for p in paths}
    for path, kind in kinds.items():
        if kind == "spdx":
            raise UsageError(f"{path}: {SPDX_REFUSAL}")
    boms = tuple(p for p in paths if kinds[p] == "cyclonedx")
    for path in paths:
        if kinds[path] is None and (why := not_a_bom(path)) is not None:
            raise UsageError(f"{path}: not a CycloneDX BOM: {why}")
    return boms, tuple(p for p in paths if p not in boms)


def _policy(config: RunConfig) -> Policy | None:
    spec = config.policy or config.settings.policy
    if spec is None:
        return None
    from mlgate.policy.loader import load_policy

    base = config.settings.file.parent if config.settings.file and not config.policy else Path.cwd()
    policy = load_policy(spec, base, memo=config.cache_root())
    return replace(policy, inline_suppressions="deny") if config.deny_inline_suppressions else policy


def scan_paths(config: RunConfig) -> ScanResult:
    """Scan every path in the config; paths are reported relative to `config.root`."""
    root = config.root
    options = ScanOptions(include_comments=config.include_comments,
                          cache_dir=config.cache_root() / "scan",
                          workers=config.environment.scan_workers)
    files: list[str] = []
    skipped: list[Skipped] = []
    arguments: list[str] = []
    trees = False
    for path in config.paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
        rel = _relative(path, root)
        arguments.append(rel)
        if path.is_dir():
            trees = True
            inner = walk_files(path, skipped)
            files.extend(f"{rel}/{name}" if rel != "." else name for name in inner)
        else:
            files.append(rel)
    listed = sorted(dict.fromkeys(files))
    excluded_by = _exclusion(config)
    ordered = [f for f in listed if not excluded_by(f)]
    excluded = len(listed) - len(ordered)
    started = time.perf_counter()
    # A tree is rescanned again and again (CI, an editor's save hook): its last result is kept
    # whole. A few files named one by one (pre-commit) vary from run to run: the per-file cache serves them.
    snapshot = None
    if trees and options.cache_dir is not None:
        from mlgate.scan.snapshot import Snapshot

        snapshot = Snapshot.open(options.cache_dir, root, arguments, options.include_comments)
    result = snapshot.answer(ordered) if snapshot is not None else None
    if result is not None:
        if config.progress is not None:
            config.progress("scan", len(ordered), len(ordered))
        log.info("nothing changed since the last scan of these %d files: %d references", len(ordered),
                 len(result.references))
    else:
        from mlgate.scan.engine import scan

        scanning: Sequence[str] = ordered if config.progress is None else ReportingFiles(ordered, config.progress)
        result = scan(root, files=scanning, options=options,
                      listed=_project_files(config, arguments, ordered, excluded_by))
        log.info("scanned %d files in %.2f s: %d references", result.files_scanned, time.perf_counter() - started,
                 len(result.references))
        if snapshot is not None:
            snapshot.record(result)
    return replace(result, skipped=skipped + result.skipped, files_listed=len(listed), files_excluded=excluded)


def _project_files(config: RunConfig, arguments: list[str], ordered: list[str],
                   excluded_by: Callable[[str], bool]) -> Callable[[], frozenset[str]]:
    """The files an imported constant or a fixture may be read from: the scan's own listing when it
    covers the root, else the root's as a scan of it would list them (pre-commit names the staged
    files only, and the module they import is the project's all the same)."""
    if "." in arguments:
        return lambda: frozenset(ordered)
    return lambda: frozenset(f for f in walk_files(config.root, []) if not excluded_by(f))


def _exclusion(config: RunConfig) -> Callable[[str], bool]:
    """Whether `[tool.mlgate] exclude` (gitignore-style, relative to the settings file) drops a path
    relative to the root. The two directories are resolved once and each path is joined to them as
    text: a listing holds no path through a link (git and the walk list a link as itself, and it is
    never read). A run that names files (pre-commit) filters the whole root's listing with it: a
    resolution per file made that cost seconds on a large repository."""
    root, settings_file, patterns = config.root, config.settings.file, config.settings.exclude
    if not patterns or settings_file is None:
        return lambda rel: False
    spec = _exclude_spec(patterns)
    base, top = settings_file.parent.resolve(), root.resolve()
    if top == base:
        return lambda rel: spec.match_file(rel)
    if base in top.parents:  # (the settings file is found from the root upward)
        prefix = top.relative_to(base).as_posix() + "/"
        return lambda rel: spec.match_file(prefix + rel)
    if top in base.parents:
        inner = base.relative_to(top).as_posix() + "/"
        return lambda rel: rel.startswith(inner) and spec.match_file(rel[len(inner):])
    return lambda rel: False


@functools.cache
def _exclude_spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:  # type: ignore[type-arg]
    from mlgate.gitignore import gitignore_spec

    spec: pathspec.PathSpec = gitignore_spec(patterns)  # type: ignore[type-arg]
    return spec


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(
            f"{path}: outside the project root {root}; run mlgate from the repository that holds it"
        ) from None
