"""License sources by name. A new source is one module plus one line in `SOURCES`.

Each factory takes the run config and returns a source, or None when the source does not
apply to this run (no overrides configured, no lock file, ...).
"""

from __future__ import annotations

from collections.abc import Callable

from mlgate.config import RunConfig
from mlgate.resolve.base import LicenseSource


def _override(config: RunConfig) -> LicenseSource | None:
    from mlgate.resolve.override import OverrideSource

    settings = config.settings
    if not settings.overrides:
        return None
    return OverrideSource(settings.overrides, str(settings.file or "config"))


def _knowledge_base(config: RunConfig) -> LicenseSource | None:
    from mlgate.resolve.knowledge import KnowledgeBaseSource

    return KnowledgeBaseSource()


SOURCES: dict[str, Callable[[RunConfig], LicenseSource | None]] = {
    "override": _override,
    "knowledge-base": _knowledge_base,
}
