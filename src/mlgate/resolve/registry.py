"""License sources by name. A new source is one module plus one line in `SOURCES`.

Each factory takes the run config and returns a source, or None when the source does not
apply to this run (no overrides configured, no lock file, ...). Imports stay inside the
factories so a run only loads the sources it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mlgate.config import RunConfig
from mlgate.resolve.base import LicenseSource


def lock_path(config: RunConfig) -> Path:
    """`lock-file` (default mlgate.lock) beside the settings file, else in the project root."""
    settings = config.settings
    base = settings.file.parent if settings.file is not None else config.root
    return base / settings.lock_file


def shown_path(path: Path, root: Path) -> str:
    """A path as evidence shows it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        return str(path)


def _override(config: RunConfig) -> LicenseSource | None:
    from mlgate.resolve.override import OverrideSource

    settings = config.settings
    if not settings.overrides:
        return None
    return OverrideSource(settings.overrides, shown_path(settings.file, config.root) if settings.file else "config")


def _lock(config: RunConfig) -> LicenseSource | None:
    from mlgate.resolve.lock import LockFile, LockSource

    path = lock_path(config)
    if not path.is_file():
        return None
    return LockSource(LockFile.load(path), shown_path(path, config.root))


def _local(config: RunConfig) -> LicenseSource | None:
    from mlgate.resolve.local import LocalSource

    return LocalSource(config.root)


def _hub(config: RunConfig) -> LicenseSource | None:
    from mlgate.paths import cache_dir
    from mlgate.resolve.hub import HubSettings, HubSource

    settings = HubSettings.from_environment(
        offline=config.offline, timeout=config.timeout, budget=config.settings.hub_budget,
        cache_dir=config.cache_dir or cache_dir(), ttl=config.settings.cache_expiry_hours * 3600,
        endpoint=config.hub_endpoint, clock=config.clock,
    )
    return HubSource(settings)


def _hf_cache(config: RunConfig) -> LicenseSource | None:
    from mlgate.resolve.hf_cache import HfCacheSource

    return HfCacheSource()


def _knowledge_base(config: RunConfig) -> LicenseSource | None:
    from mlgate.resolve.knowledge import KnowledgeBaseSource

    return KnowledgeBaseSource()


SOURCES: dict[str, Callable[[RunConfig], LicenseSource | None]] = {
    "override": _override,
    "lock": _lock,
    "local": _local,
    "hub": _hub,
    "hf-cache": _hf_cache,
    "knowledge-base": _knowledge_base,
}
