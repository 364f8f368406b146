"""Model lists: the YAML and JSON files in which a tool lists the models it knows.

aider's `model-settings.yml` is a list of entries, one per model, each named by `name:` with the
models it works with beside it (`weak_model_name: gpt-4o-mini`, `editor_model_name: ...`), and
LiteLLM's cost map (`model_prices_and_context_window.json`, aider's `model-metadata.json`) keys
each entry by the model's name. Such names are LiteLLM's: bare API names (`gpt-4o`), provider forms
(`anthropic/claude-3-7-sonnet-20250219`, `gemini/gemma-3-27b-it`,
`fireworks_ai/accounts/fireworks/models/deepseek-v3`) and Hub ids behind a router
(`openrouter/qwen/...`, `together_ai/Qwen/...`).

- a file whose name says it lists models (`model-settings.yml`, `models.yaml`, `model_list.json`,
  `model-metadata.json`; a model's own `config.json` or `model_config.yaml` does not) has its
  models under `name`, `id`, `model` and any key ending in `model`, `model_name` or `model_id`
  whatever its first words (`weak_model_name`);
- a JSON document whose entries (most of them) carry `litellm_provider` is LiteLLM's cost map, whatever the
  file's name: its keys are the models.

Only a model-shaped value counts: a recognised API model name, a LiteLLM provider form, or an
`org/name` Hub id. A bare word (`name: default`, `name: sys`), a path or a number says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlgate.model import Kind
from mlgate.scan.detectors.configtree import Tree
from mlgate.scan.found import Found
from mlgate.scan.names import name_words
from mlgate.targets import LITELLM_PREFIXES, classify, is_placeholder, normalise_target, strip_router

# Words of a file name that, beside `model`, say the file lists models (not one model's config).
_LIST_WORDS = frozenset({"settings", "list", "lists", "registry", "catalog", "catalogue", "aliases", "metadata",
                         "presets", "prices"})
# Keys an entry names its model by; and the last words of keys that name a model beside it.
_ENTRY_KEYS = frozenset({"name", "id", "model"})
_MODEL_ENDINGS = (("model",), ("model", "name"), ("model", "id"))
# LiteLLM's provider prefixes (a name under one that is no Hub id behind a router is the provider's),
# with the few LiteLLM spellings only model lists show.
_LITELLM_PROVIDERS = LITELLM_PREFIXES | {"codestral", "cohere_chat", "vertex_ai_beta", "github", "github_copilot",
                                         "volcengine", "zai"}
# OpenRouter's vendors whose models are served only (their slugs are no Hub organisation's repositories).
_OPENROUTER_HOSTED = frozenset({"openrouter", "x-ai", "anthropic", "perplexity", "cohere"})
_PROVIDER_FORM = re.compile(r"[a-z][a-z0-9_]*/[A-Za-z0-9][\w.:/-]{0,200}")
# LiteLLM's cost map: an entry carries its provider.
_COST_MAP_KEY = "litellm_provider"


def lists_models(filename: str) -> bool:
    """Whether a config file's name says it lists models: `models.yaml`, `model-settings.yml`, `model_list.json`."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = set(name_words(stem))
    return "models" in words or ("model" in words and bool(words & _LIST_WORDS))


def names_listed_model(key: str) -> bool:
    """Whether an entry's `key` names a model in a model list: `name`, `id`, `model`, `weak_model_name`."""
    lowered = key.lower()
    if lowered in _ENTRY_KEYS:
        return True
    words = name_words(key)
    return any(words[-len(ending):] == ending for ending in _MODEL_ENDINGS)


def listed_model(value: str) -> tuple[str, Kind] | None:
    """What a model-shaped value in a model list names (target, kind), or None."""
    value = value.strip()
    if not value or len(value) > 200 or " " in value or is_placeholder(value):
        return None
    if value.startswith("openrouter/") and (":" in value.rpartition("/")[2]
                                            or value.split("/")[1] in _OPENROUTER_HOSTED):
        # OpenRouter's variants (`openrouter/deepseek/deepseek-r1:free`, `...:beta`) and the models of
        # vendors that publish no weights (`openrouter/x-ai/grok-3-beta`, `openrouter/openrouter/quasar-alpha`)
        return (value, Kind.API_MODEL) if _PROVIDER_FORM.fullmatch(value) else None
    kind = classify(value)
    if kind is Kind.API_MODEL:
        return normalise_target(value, kind), kind
    provider = value.partition("/")[0]
    if _PROVIDER_FORM.fullmatch(value) and provider in _LITELLM_PROVIDERS and strip_router(value) is None:
        return value, Kind.API_MODEL  # `gemini/gemma-3-27b-it`, `fireworks_ai/accounts/fireworks/models/x`
    if kind is Kind.MODEL and "/" in value:
        return normalise_target(value, kind), kind  # a Hub id, or one behind a router
    return None


def cost_map_models(tree: Tree, document: object) -> Iterator[tuple[int, Found]]:
    """LiteLLM's cost map (`{"anthropic/claude-...": {"litellm_provider": "anthropic", ...}}`): when most
    entries name their provider, each model-shaped key of an entry is a model, reported at its first character."""
    pairs = tree.pairs(document) or []
    entries = [(key, offset, value) for key, offset, value in pairs if key is not None and tree.pairs(value)]
    providing = sum(_COST_MAP_KEY in {k for k, _, _ in tree.pairs(v) or []} for _, _, v in entries)
    if not entries or 2 * providing < len(entries):
        return  # (an entry or two without it: prices of a model LiteLLM knows the provider of)
    for key, offset, _ in entries:
        hit = listed_model(key)
        if hit is not None:
            yield offset + 1, Found(hit[0], hit[1], _COST_MAP_KEY)
