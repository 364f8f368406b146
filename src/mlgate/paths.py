"""Where mlgate keeps its on-disk cache (Hub answers, validated policies and BOMs, scan results)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def cache_dir(configured: Path | None) -> Path:
    """`configured` (`MLGATE_CACHE_DIR`, from `config.Environment`), else the user cache directory
    (`~/.cache/mlgate` on Linux)."""
    if configured is not None:
        return configured
    import platformdirs

    return Path(platformdirs.user_cache_dir("mlgate", appauthor=False))


def validated_marker(memo: Path, namespace: str, key: str) -> Path:
    """The marker file under the cache directory `memo` that records that the document `key`
    identifies passed validation.

    Validating takes time (jsonschema, the XSD) and the same document comes back run after run;
    a marker per passing document lets the next run skip it. Callers put in `key` everything
    validity depends on (mlgate's version, the schema, the document). `memo` comes from the
    run's configuration (`RunConfig.cache_root()`), never from the environment directly.
    """
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return memo / namespace / digest


def remember_valid(marker: Path) -> None:
    """Record a pass. A failure is never recorded, and an unwritable cache only costs time."""
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass
