"""Where mlgate keeps its on-disk cache (Hub answers, validated policies, scan results)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """`$MLGATE_CACHE_DIR`, else the user cache directory (`~/.cache/mlgate` on Linux)."""
    configured = os.environ.get("MLGATE_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("mlgate", appauthor=False))
