"""Package URLs for ML components (purl spec `huggingface` type; see FACTS.md).

packageurl-python does not know Hugging Face ids, so they are built here: org and name keep
their case, the version is the commit sha in lower case; datasets use
`pkg:huggingface/datasets/<org>/<name>`; hosted API models `pkg:generic/<provider>/<model>`.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from mlgate.model import Component, Kind

_API_PROVIDER_PREFIXES = (
    ("gpt-", "openai"), ("o1", "openai"), ("o3", "openai"), ("o4", "openai"), ("text-embedding-", "openai"),
    ("dall-e", "openai"), ("whisper-1", "openai"), ("tts-1", "openai"), ("chatgpt-", "openai"),
    ("claude-", "anthropic"), ("gemini-", "google"), ("text-bison", "google"), ("chat-bison", "google"),
    ("qwen-", "alibaba-dashscope"), ("qwq-", "alibaba-dashscope"), ("qvq-", "alibaba-dashscope"),
    ("command", "cohere"), ("mistral-", "mistral"), ("codestral-", "mistral"), ("pixtral-", "mistral"),
    ("deepseek-", "deepseek"), ("grok-", "xai"),
)

_SHA = re.compile(r"[0-9a-fA-F]{7,64}")


def api_provider(model: str) -> str:
    if "/" in model:
        return model.split("/", 1)[0].lower()
    lowered = model.lower()
    for prefix, provider in _API_PROVIDER_PREFIXES:
        if lowered.startswith(prefix):
            return provider
    return "unknown"


def _seg(value: str) -> str:
    return quote(value, safe="._-~")


def _version(revision: str) -> str:
    # A commit sha is written in lower case; a branch or tag is kept as written.
    return revision.lower() if _SHA.fullmatch(revision) else _seg(revision)


def purl_for(component: Component) -> str | None:
    """The purl string for a component, or None for local paths (nothing to name them by)."""
    target = component.target
    version = f"@{_version(component.revision)}" if component.revision else ""
    if component.kind is Kind.API_MODEL:
        model = target.split("/", 1)[1] if "/" in target else target
        return f"pkg:generic/{_seg(api_provider(target))}/{_seg(model)}"
    if component.kind is Kind.LOCAL_PATH:
        return None
    parts = [_seg(p) for p in target.split("/")]
    if component.kind is Kind.DATASET:
        return f"pkg:huggingface/datasets/{'/'.join(parts)}{version}"
    return f"pkg:huggingface/{'/'.join(parts)}{version}"
