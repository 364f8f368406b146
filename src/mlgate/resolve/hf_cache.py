"""The local Hugging Face cache: cards of models and datasets this machine has downloaded.

Layout: `$HF_HUB_CACHE/models--<org>--<name>/{refs/<branch>, snapshots/<sha>/README.md}`
(`datasets--…` for datasets). The cache directory comes from the run's environment
(`config.Environment`: `HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`),
without importing huggingface_hub. A pinned revision is read from its own snapshot; otherwise the snapshot the
branch ref points at. The card answers as License.source `hf-cache`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from mlgate.config import Environment, RunConfig
from mlgate.model import Kind, License
from mlgate.resolve.base import Answer, LicenseSource, Lookup
from mlgate.resolve.card import facts_from_metadata, find_card, read_front_matter
from mlgate.resolve.license_text import find_license_file, license_from_file
from mlgate.targets import looks_like_hub_id

SOURCE = "hf-cache"
_SHA = re.compile(r"^[0-9a-f]{40}$")


def snapshot_dir(cache: Path, kind: Kind, repo_id: str, revision: str | None) -> tuple[Path, str] | None:
    """(snapshot directory, sha) for a repo in the cache, or None when it is not there."""
    folder = cache / f"{'datasets' if kind is Kind.DATASET else 'models'}--{repo_id.replace('/', '--')}"
    snapshots = folder / "snapshots"
    if not snapshots.is_dir():
        return None
    if revision and _SHA.match(revision.lower()):
        candidate = snapshots / revision.lower()
        return (candidate, revision.lower()) if candidate.is_dir() else None
    ref = folder / "refs" / (revision or "main")
    try:
        sha = ref.read_text(encoding="utf-8").strip() if ref.is_file() else ""
    except OSError:
        sha = ""
    if sha and (snapshots / sha).is_dir():
        return snapshots / sha, sha
    if revision:
        return None  # a named revision the cache does not have: say nothing rather than guess
    try:
        newest = max(snapshots.iterdir(), key=lambda p: p.stat().st_mtime, default=None)
    except OSError:
        return None
    return (newest, newest.name) if newest is not None and newest.is_dir() else None


class HfCacheSource(LicenseSource):
    name = SOURCE

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = cache or Environment.current().hf_hub_cache or Path.home() / ".cache" / "huggingface" / "hub"

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        answers: dict[Lookup, Answer] = {}
        if not self.cache.is_dir():
            return answers
        for item in lookups:
            if item.kind not in (Kind.MODEL, Kind.ADAPTER, Kind.DATASET):
                continue
            if not looks_like_hub_id(item.target, allow_bare=True):
                continue
            found = snapshot_dir(self.cache, item.kind, item.target, item.revision)
            if found is None:
                continue
            answer = self._answer(item, *found)
            if answer is not None:
                answers[item] = answer
        return answers

    def _answer(self, item: Lookup, snapshot: Path, sha: str) -> Answer | None:
        card = find_card(snapshot)
        facts = facts_from_metadata(read_front_matter(card)) if card else facts_from_metadata(None)
        shown = f"HF cache {snapshot.parent.parent.name}@{sha[:12]}"
        license_: License | None = None
        if card is not None and facts.declares_license:
            license_ = facts.to_license(source=SOURCE, evidence=f"{shown} {card.name} front matter: {facts.describe()}")
        if license_ is None or license_.category.value == "unknown":
            license_file = find_license_file(snapshot)
            from_file = license_from_file(license_file, source=SOURCE, shown=f"{shown} {license_file.name}") \
                if license_file else None
            license_ = from_file or license_
        if license_ is None:
            return None
        return Answer(license_, revision=sha, base_models=facts.base_models, datasets=facts.datasets)


def source(config: RunConfig, later: LicenseSource) -> LicenseSource | None:
    return HfCacheSource(config.environment.hf_hub_cache)
