"""Where mlgate keeps its on-disk cache (Hub answers, validated policies and BOMs, scan results)."""

from __future__ import annotations

from pathlib import Path


def cache_dir(configured: Path | None) -> Path:
    """`configured` (`MLGATE_CACHE_DIR`, from `config.Environment`), else the user cache directory
    (`~/.cache/mlgate` on Linux)."""
    if configured is not None:
        return configured
    import platformdirs

    return Path(platformdirs.user_cache_dir("mlgate", appauthor=False))
