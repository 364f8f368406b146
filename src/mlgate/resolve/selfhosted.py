"""API model names sent to a self-hosted server: the weights' license, never a provider's API terms.

`OpenAI(base_url="http://127.0.0.1:8000/v1/").chat.completions.create(model="chatglm3-6b")` talks
to a server the project runs (the scanner marks such references with `endpoint`). No provider is
involved, so `api_license` (a provider's terms) is wrong for it. What applies is the license of the
weights the server runs, which the name may say:

- a Hub id (`Qwen/Qwen2.5-7B-Instruct`, vLLM's default model name), a name the knowledge base holds
  a checkpoint for (an entry, a legacy id, a family rule, an Ollama library name such as
  `llama3.1:8b`, which Ollama's OpenAI-compatible server answers to), or an API alias of open
  weights (`alias_of`): that checkpoint is looked up as a model, through the whole chain (Hub,
  cache, lock, knowledge base), and its answer is the component's, with the endpoint in the evidence;
- any other name (`chatglm3-6b`, a server's own alias, even `gpt-4o`: a proxy to OpenAI or a local
  server answering to that name, the code does not say which) is unresolved, reason
  `self-hosted-endpoint` (`self_hosted_unresolved`, the knowledge base's answer).

A self-hosted lookup is a separate lookup from the same name at a provider (`Lookup.endpoint`), and
its component carries the `self-hosted-endpoint` property, so the two are never judged as one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from mlgate.knowledge_data import knowledge, model_entry
from mlgate.model import Kind, License, Unresolved, UnresolvedReason
from mlgate.resolve.base import Answer, Lookup
from mlgate.resolve.families import infer
from mlgate.targets import is_api_model, looks_like_hub_id

Resolve = Callable[[Sequence[Lookup]], Mapping[Lookup, Answer]]


def served_checkpoint(name: str) -> str | None:
    """The checkpoint a self-hosted server answering to `name` runs, when the name says it."""
    kb = knowledge()
    known = kb["api_ci"].get(name.lower())
    if known and kb["api_models"][known].get("alias_of"):
        return str(kb["api_models"][known]["alias_of"])
    found = model_entry(name)
    if found is not None:
        return found[0]
    if "/" in name and looks_like_hub_id(name) and not is_api_model(name):
        return name
    if infer(kb, name, model_entry) is not None:
        return name
    # Ollama's OpenAI-compatible server answers to its library names (`llama3.1:8b`).
    if ":" in name and "/" not in name and infer(kb, f"ollama:{name}", model_entry) is not None:
        return f"ollama:{name}"
    return None


def _served(item: Lookup) -> Lookup | None:
    """The model lookup standing for a self-hosted API lookup, when the name names a checkpoint."""
    if item.kind is not Kind.API_MODEL or not item.endpoint:
        return None
    checkpoint = served_checkpoint(item.target)
    return Lookup(checkpoint, Kind.MODEL, item.revision) if checkpoint else None


def resolve_served(lookups: Sequence[Lookup], chain: Resolve) -> dict[Lookup, Answer]:
    """Answers for every lookup: a self-hosted API name that names a checkpoint is answered by that
    checkpoint's lookup as a model (evidence saying so), unless a license was given for the name
    itself (an override); everything else is asked as it is."""
    served = {item: model for item in lookups if (model := _served(item)) is not None}
    answers = dict(chain(list(dict.fromkeys([*lookups, *served.values()]))))
    for item, model in served.items():
        if not isinstance(answers[item].license, License):  # (the knowledge base's "not known from the name")
            answers[item] = _as_served(item, model, answers[model])
    return {item: answers[item] for item in lookups}


def _as_served(item: Lookup, model: Lookup, answer: Answer) -> Answer:
    where = f"{item.target} is served by a self-hosted endpoint ({item.endpoint}), not a provider's API"
    named = "" if model.target == item.target else f" ({model.target})"
    license_ = answer.license
    if isinstance(license_, License):
        text = f"{where}: the license of the weights{named} applies; {license_.evidence}"
        return replace(answer, license=replace(license_, evidence=text), canonical=answer.canonical or
                       (model.target if model.target != item.target else None))
    detail = f"{where}; the weights{named}: {license_.detail or license_.reason.value}"
    return replace(answer, license=replace(license_, detail=detail))


def self_hosted_unresolved(item: Lookup, source: str | None = None) -> Unresolved:
    """The knowledge base's answer for a self-hosted API name that names no checkpoint it knows."""
    detail = (f"{item.target} is served by a self-hosted endpoint ({item.endpoint}): the weights' license is "
              "not known from the name")
    if is_api_model(item.target):
        detail += (" (a hosted provider's model name: the server may be a proxy to that provider, whose terms "
                   "then apply, or a local model answering to the name)")
    return Unresolved(UnresolvedReason.SELF_HOSTED, detail, source)
