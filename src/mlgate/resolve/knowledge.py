"""The built-in knowledge base: per-checkpoint licenses and hosted API model names.

Used last, offline, and always: it is what lets a check on a laptop without network still
tell Qwen2.5-3B (research-only) from Qwen2.5-7B (Apache-2.0).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from mlgate.model import BaseModelLink, Category, Kind, License
from mlgate.resolve.base import Answer, Lookup
from mlgate.resolve.licenses import catalog, from_entry, normalise
from mlgate.scan.targets import is_api_model


@cache
def knowledge() -> dict[str, Any]:
    data = resources.files("mlgate.resolve").joinpath("data/models.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(data)
    # Hub ids are case-insensitive for lookup; keep the canonical spelling as the value.
    loaded["models_ci"] = {k.lower(): k for k in loaded["models"]}
    return loaded


def model_entry(target: str) -> tuple[str, dict[str, Any]] | None:
    kb = knowledge()
    canonical = kb["models_ci"].get(target.lower())
    return (canonical, kb["models"][canonical]) if canonical else None


def api_license(target: str, evidence: str | None = None) -> License:
    entry = catalog().api
    kb = knowledge()["api_models"]
    model = target.split("/", 1)[1] if "/" in target and not target.startswith("pkg:") else target
    known = kb.get(model) or kb.get(model.lower())
    url = known["terms_url"] if known else None
    provider = known["provider"] if known else "the provider"
    return from_entry(
        entry,
        source="knowledge-base",
        evidence=evidence or f"{target} is a hosted API model; no weights, governed by {provider}'s API terms",
        url=url,
    )


class KnowledgeBaseSource:
    name = "knowledge-base"

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        answers: dict[Lookup, Answer] = {}
        for item in lookups:
            if item.kind is Kind.API_MODEL or (item.kind is Kind.MODEL and is_api_model(item.target)):
                answers[item] = Answer(api_license(item.target))
                continue
            found = model_entry(item.target)
            if found is None:
                continue
            canonical, entry = found
            evidence = f"mlgate knowledge base: {canonical} (confidence {entry['confidence']}; {entry['evidence']})"
            license_ = normalise(entry["license"], entry.get("license_name"), source=self.name,
                                 evidence=evidence)
            if license_.category is Category.UNKNOWN:
                continue
            if entry.get("declared"):
                license_ = License(**{**license_.__dict__, "declared": entry["declared"]})
            bases: tuple[BaseModelLink, ...] = ()
            answers[item] = Answer(license_, canonical=canonical, base_models=bases)
        return answers
