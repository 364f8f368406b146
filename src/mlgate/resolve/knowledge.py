"""The built-in knowledge base: per-checkpoint licenses and hosted API model names.

Used last, offline, and always: it is what lets a check on a laptop without network still
tell Qwen2.5-3B (research-only) from Qwen2.5-7B (Apache-2.0). Entries carry lineage where the
declared license sits on a base with its own terms (DeepSeek-R1-Distill-Llama: MIT on a Llama
base), so the base becomes a component and the policy sees both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from mlgate.config import RunConfig
from mlgate.knowledge_data import knowledge as knowledge  # the data, at the root: purl.py reads it too
from mlgate.knowledge_data import model_entry as model_entry
from mlgate.license_catalog import catalog
from mlgate.licenses import from_entry, normalise
from mlgate.model import BaseModelLink, Category, Kind, License
from mlgate.resolve.base import Answer, LicenseSource, Lookup
from mlgate.resolve.families import infer, match_rule
from mlgate.resolve.history import describe, history_of, in_force_on, pinned_note, undated
from mlgate.resolve.selfhosted import self_hosted_unresolved
from mlgate.targets import is_api_model, replicate_name

SOURCE = "knowledge-base"


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
    replicate = replicate_name(target) is not None  # `replicate/owner/name`: Replicate's namespace, its terms
    provider, url = ("Replicate", None) if replicate else api_provider(model)
    text = evidence or f"{target} is a hosted API model; no weights, governed by {provider}'s API terms"
    known = knowledge()["api_ci"].get(model.lower())
    entry = knowledge()["api_models"][known] if known else {}
    if entry.get("alias_of"):
        text += (f"; API alias of the open-weights {entry['alias_of']}, whose own license applies to the "
                 f"weights ({entry.get('note', '')})")
    if not evidence:  # how mlgate knows it is an API name: a listed model (with confidence) or a name pattern
        text += (f" (knowledge base: listed API model, confidence {entry['confidence']})" if entry.get("confidence")
                 else " (a model in Replicate's own namespace)" if replicate
                 else " (knowledge base: API model-name pattern)")
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
    if revision and undated(revision):
        history = history_of(knowledge(), canonical)
        evidence += (f"; {pinned_note(history, revision)}" if history else
                     f"; this is the current upstream license, not checked at revision {revision}")
    return record_license(entry, evidence)


def record_license(record: Mapping[str, Any], evidence: str) -> License:
    """The license a knowledge record stands for. A record without a verified card value
    (`declared: false`) states what its evidence supports and never claims a declaration."""
    if "license" not in record:
        return License("NOASSERTION", Category.UNKNOWN, SOURCE, evidence, name="no license declared")
    found = normalise(record["license"], record.get("license_name"), source=SOURCE, evidence=evidence)
    if record.get("declared_as"):
        return replace(found, declared=record["declared_as"])  # the card says MIT; the terms it inherits apply too
    if record.get("declared", True):
        return found
    return replace(found, declared=None, evidence=f"no verified card value; {evidence}")


def change_since(target: str, day: str) -> tuple[License, License] | None:
    """(license in force on `day`, license now) when the knowledge base records a change after `day`."""
    found = model_entry(target)
    if found is None or not day:
        return None
    canonical, entry = found
    history = history_of(knowledge(), canonical)
    then = in_force_on(history, day)
    if then is None:
        return None
    was = record_license(then, f"mlgate knowledge base: {canonical} on {day[:10]}, before {then['until']} "
                               f"({then['evidence']})")
    return was, entry_license(canonical, entry)


def history_note(target: str, revision: str | None) -> tuple[str, str] | None:
    """The `license-history` property for an undated pin of a relicensed model, else None."""
    history = history_of(knowledge(), target) if undated(revision) else []
    return ("license-history", describe(history)) if history else None


def dataset_license(target: str) -> License | None:
    kb = knowledge()
    target = kb.get("legacy_datasets", {}).get(target.lower(), target)
    canonical = kb["datasets_ci"].get(target.lower())
    if canonical is None:
        return None
    entry = kb["datasets"][canonical]
    evidence = f"mlgate knowledge base: dataset {canonical} (confidence {entry['confidence']}; {entry['evidence']})"
    return record_license(entry, evidence)


def inferred_answer(target: str, revision: str | None = None) -> Answer | None:
    """An answer from a family rule, a mirror or an Ollama name (families.py), for ids without an entry."""
    found = infer(knowledge(), target, model_entry)
    if found is None:
        return None
    evidence = f"mlgate knowledge base, inferred from the name: {found.evidence}"
    history = history_of(knowledge(), target) if undated(revision) else []
    note = ("license-history", describe(history)) if history else None
    if history and revision:  # a family relicensed over time (dinov2-*): the pin may predate the change
        evidence += f"; {pinned_note(history, revision)}"
    license_ = record_license(found.record, evidence)
    license_ = replace(license_, declared=None)  # a name is never a declaration
    if license_.category is Category.UNKNOWN:
        return None
    bases = (BaseModelLink(found.upstream, "quantized"),) if found.upstream else ()
    properties = [("license-note", found.note)] if found.note else []
    if note:
        properties.append(note)
    return Answer(license_, base_models=bases, properties=tuple(properties))


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
            if item.kind is Kind.API_MODEL and item.endpoint:  # no provider: see selfhosted.py
                answers[item] = Answer(self_hosted_unresolved(item, SOURCE))
                continue
            if item.kind is Kind.API_MODEL or (item.kind is Kind.MODEL and is_api_model(item.target)):
                answers[item] = Answer(api_license(item.target))
                continue
            if item.kind is Kind.DATASET:
                dataset = dataset_license(item.target)
                if dataset is not None:
                    answers[item] = Answer(dataset)
                continue
            found = model_entry(item.target)
            if found is None:
                inferred = inferred_answer(item.target, item.revision)
                if inferred is not None:
                    answers[item] = inferred
                continue
            canonical, entry = found
            license_ = entry_license(canonical, entry, item.revision)
            if license_.category is Category.UNKNOWN and license_.expression != "NOASSERTION":
                continue  # (NOASSERTION with its evidence is an answer: what is known, and that no card declares)
            # A family rule over an exact entry is the same license (the build checks it); its note
            # (the EU multimodal clause of Llama 3.2 Vision) still applies to the entry.
            rule = match_rule(knowledge().get("families", ()), canonical)
            props = [("license-note", rule["note"])] if rule and rule.get("note") else []
            note = history_note(canonical, item.revision)
            if note:  # a pinned revision of a relicensed model: the earlier terms may be the ones that apply
                props.append(note)
            answers[item] = Answer(license_, canonical=canonical, base_models=entry_bases(entry),
                                   properties=tuple(props))
        return answers


def source(config: RunConfig, later: LicenseSource) -> LicenseSource | None:
    return KnowledgeBaseSource()
