"""The built-in knowledge base as data (`resolve/data/models.json`), loaded once.

At the package root because it is domain data: the knowledge-base license source reads it,
and so does `purl.py` (legacy ids such as `gpt2` live under an org).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def knowledge() -> dict[str, Any]:
    data = resources.files("mlgate").joinpath("resolve/data/models.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(data)
    # Hub ids are case-insensitive for lookup; keep the canonical spelling as the value.
    loaded["models_ci"] = {k.lower(): k for k in loaded["models"]}
    loaded["api_ci"] = {k.lower(): k for k in loaded["api_models"]}
    loaded["datasets_ci"] = {k.lower(): k for k in loaded.get("datasets", {})}
    # Mirrors re-upload under the upstream's name: the name alone finds the upstream entry.
    names: dict[str, list[str]] = {}
    for repo in loaded["models"]:
        names.setdefault(repo.rpartition("/")[2].lower(), []).append(repo)
    loaded["upstream_by_name"] = {name: repos[0] for name, repos in names.items() if len(repos) == 1}
    return loaded


def model_entry(target: str) -> tuple[str, dict[str, Any]] | None:
    """The knowledge base's own entry for a model id (legacy ids and case variants folded), or None."""
    kb = knowledge()
    target = kb.get("legacy_ids", {}).get(target.lower(), target)
    canonical = kb["models_ci"].get(target.lower())
    return (canonical, kb["models"][canonical]) if canonical else None
