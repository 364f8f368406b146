"""The built-in knowledge base: per-checkpoint licenses and hosted API model names.

Used last, offline, and always: it is what lets a check on a laptop without network still
tell Qwen2.5-3B (research-only) from Qwen2.5-7B (Apache-2.0). Entries carry lineage where the
declared license sits on a base with its own terms (DeepSeek-R1-Distill-Llama: MIT on a Llama
base), so the base becomes a component and the policy sees both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from mlgate.config import RunConfig
from mlgate.license_catalog import catalog
from mlgate.licenses import from_entry, normalise
from mlgate.model import BaseModelLink, Category, Kind, License
from mlgate.resolve.base import Answer, LicenseSource, Lookup
from mlgate.targets import is_api_model

SOURCE = "knowledge-base"


@cache
def knowledge() -> dict[str, Any]:
    data = resources.files("mlgate.resolve").joinpath("data/models.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(data)
    # Hub ids are case-insensitive for lookup; keep the canonical spelling as the value.
    loaded["models_ci"] = {k.lower(): k for k in loaded["models"]}
    loaded["api_ci"] = {k.lower(): k for k in loaded["api_models"]}
    return loaded


def model_entry(target: str) -> tuple[str, dict[str, Any]] | None:
    kb = knowledge()
    target = kb.get("legacy_ids", {}).get(target.lower(), target)
    canonical = kb["models_ci"].get(target.lower())
    return (canonical, kb["models"][canonical]) if canonical else None


def api_name(target: str) -> str:
    """The model name without a LiteLLM-style provider prefix (`openai/gpt-4o` -> `gpt-4o`)."""
    return target.split("/", 1)[1] if "/" in target and not target.startswith("pkg:") else target


def api_provider(model: str) -> tuple[str, str | None]:
    """(provider, terms url) for a hosted model name; the url is None where terms were not reviewed."""
    kb = knowledge()
    known = kb["api_ci"].get(model.lower())
    if known:
        entry = kb["api_models"][known]
        return entry["provider"], entry["terms_url"]
    for rule in kb.get("api_patterns", ()):
        if re.match(rule["pattern"], model, re.IGNORECASE):
            return rule["provider"]["provider"], rule["provider"]["terms_url"]
    return "the provider", None


def api_license(target: str, evidence: str | None = None) -> License:
    model = api_name(target)
    provider, url = api_provider(model)
    text = evidence or f"{target} is a hosted API model; no weights, governed by {provider}'s API terms"
    known = knowledge()["api_ci"].get(model.lower())
    entry = knowledge()["api_models"][known] if known else {}
    if entry.get("alias_of"):
        text += (f"; API alias of the open-weights {entry['alias_of']}, whose own license applies to the "
                 f"weights ({entry.get('note', '')})")
    return from_entry(catalog().api, source=SOURCE, evidence=text, url=url)


def entry_license(canonical: str, entry: dict[str, Any], revision: str | None = None) -> License:
    """The entry's license; at a known older revision, the license it had then."""
    at = _at_revision(entry, revision)
    if at is not None:
        evidence = f"mlgate knowledge base: {canonical}@{revision} ({at['evidence']})"
        return normalise(at["license"], at.get("license_name"), source=SOURCE, evidence=evidence)
    evidence = f"mlgate knowledge base: {canonical} (confidence {entry['confidence']}; {entry['evidence']})"
    if entry.get("base_license_note"):
        evidence += f"; {entry['base_license_note']}"
    if revision:
        evidence += f"; this is the current upstream license, not checked at revision {revision}"
    return normalise(entry["license"], entry.get("license_name"), source=SOURCE, evidence=evidence)


def _at_revision(entry: dict[str, Any], revision: str | None) -> dict[str, Any] | None:
    if not revision or len(revision) < 7:
        return None
    for sha, at in entry.get("revisions", {}).items():
        if sha.startswith(revision.lower()):
            return dict(at)
    return None


def entry_bases(entry: dict[str, Any]) -> tuple[BaseModelLink, ...]:
    return tuple(BaseModelLink(b["id"], b.get("relation", "finetune")) for b in entry.get("base_models", ()))


class KnowledgeBaseSource(LicenseSource):
    name = SOURCE

    def lookup(self, lookups: Sequence[Lookup]) -> Mapping[Lookup, Answer]:
        answers: dict[Lookup, Answer] = {}
        for item in lookups:
            if item.kind is Kind.API_MODEL or (item.kind is Kind.MODEL and is_api_model(item.target)):
                answers[item] = Answer(api_license(item.target))
                continue
            if item.kind is Kind.DATASET:
                continue  # the knowledge base holds models only; a dataset of the same name is another repo
            found = model_entry(item.target)
            if found is None:
                continue
            canonical, entry = found
            license_ = entry_license(canonical, entry, item.revision)
            if license_.category is Category.UNKNOWN:
                continue
            answers[item] = Answer(license_, canonical=canonical, base_models=entry_bases(entry))
        return answers


def source(config: RunConfig, later: LicenseSource) -> LicenseSource | None:
    return KnowledgeBaseSource()
