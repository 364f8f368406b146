"""Package URLs for ML components, and the way back from a purl to a target.

The forms (purl spec `huggingface` type; see docs/bom.md):

- Hub models and adapters: `pkg:huggingface/<org>/<name>@<sha>`. Org and name keep their
  case; a commit sha is written in lower case (the purl spec says so for this type).
- Hub datasets: `pkg:huggingface/datasets/<org>/<name>@<sha>` (the common form; the spec
  has no dataset type yet).
- Ollama models: `pkg:generic/ollama/library/<model>@<tag>` for library models and
  `pkg:generic/ollama/<user>/<model>@<tag>` for user models (no purl type exists).
- Hosted API models: `pkg:generic/<provider>/<model>` (nothing is downloaded; no version).
- Local paths: no purl (there is nothing global to name them by).

packageurl-python does not know Hugging Face ids, so these are built here.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from mlgate.model import Component, Kind

HUB_URL = "https://huggingface.co"
OLLAMA_LIBRARY = "library"

_API_PROVIDER_PREFIXES = (
    ("gpt-", "openai"), ("o1", "openai"), ("o3", "openai"), ("o4", "openai"), ("text-embedding-", "openai"),
    ("dall-e", "openai"), ("whisper-1", "openai"), ("tts-1", "openai"), ("chatgpt-", "openai"),
    ("claude-", "anthropic"), ("gemini-", "google"), ("text-bison", "google"), ("chat-bison", "google"),
    ("qwen-", "alibaba-dashscope"), ("qwq-", "alibaba-dashscope"), ("qvq-", "alibaba-dashscope"),
    ("command", "cohere"), ("mistral-", "mistral"), ("codestral-", "mistral"), ("pixtral-", "mistral"),
    ("deepseek-", "deepseek"), ("grok-", "xai"),
)
_OLLAMA_HOSTS = ("registry.ollama.ai/", "ollama.com/", "ollama:")
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


def is_ollama(component: Component) -> bool:
    """An Ollama model: a tag after ':' (Hub ids never hold one), an Ollama host, or named by ollama."""
    if component.kind is not Kind.MODEL:
        return False
    target = component.target
    if target.startswith(_OLLAMA_HOSTS) or (":" in target and "://" not in target):
        return True
    return any("ollama" in ref.via.lower() for ref in component.references)


def ollama_parts(target: str) -> tuple[str, str, str | None]:
    """(namespace, model, tag) of an Ollama name such as `llama3.1:8b` or `user/model:q4`."""
    for host in _OLLAMA_HOSTS:
        if target.startswith(host):
            target = target[len(host):]
    name, _, tag = target.partition(":")
    namespace, _, model = name.rpartition("/")
    return namespace or OLLAMA_LIBRARY, model, tag or None


def is_hub(component: Component) -> bool:
    """Whether the component is a Hugging Face Hub repository (so it has a Hub page)."""
    return component.kind in (Kind.MODEL, Kind.ADAPTER, Kind.DATASET) and not is_ollama(component)


def hub_url(component: Component) -> str | None:
    """The Hub page (model or dataset card) of a Hub component."""
    if not is_hub(component):
        return None
    folder = "datasets/" if component.kind is Kind.DATASET else ""
    return f"{HUB_URL}/{folder}{component.target}"


def hub_dataset_url(target: str) -> str:
    return f"{HUB_URL}/datasets/{target}"


def purl_for(component: Component) -> str | None:
    """The purl string for a component, or None for local paths (nothing to name them by)."""
    target = component.target
    if component.kind is Kind.API_MODEL:
        model = target.split("/", 1)[1] if "/" in target else target
        return f"pkg:generic/{_seg(api_provider(target))}/{_seg(model)}"
    if component.kind is Kind.LOCAL_PATH:
        return None
    if is_ollama(component):
        namespace, model, tag = ollama_parts(target)
        tag_part = f"@{_seg(tag)}" if tag else ""
        return f"pkg:generic/ollama/{'/'.join(map(_seg, namespace.split('/')))}/{_seg(model)}{tag_part}"
    return hub_purl(target, dataset=component.kind is Kind.DATASET, revision=version_of(component))


def version_of(component: Component) -> str | None:
    """The version a BOM records: the commit a source resolved, else the revision the code names."""
    return component.resolved_revision or component.revision


def hub_purl(target: str, *, dataset: bool = False, revision: str | None = None) -> str:
    """`pkg:huggingface/[datasets/]<org>/<name>[@<revision>]` for a Hub repository id."""
    path = "/".join(_seg(p) for p in target.split("/"))
    version = f"@{_version(revision)}" if revision else ""
    return f"pkg:huggingface/{'datasets/' if dataset else ''}{path}{version}"


def target_from_purl(purl: str) -> tuple[Kind, str, str | None] | None:
    """(kind, target, revision) named by a purl another tool wrote, or None if it names no ML target."""
    from packageurl import PackageURL

    try:
        parsed = PackageURL.from_string(purl)
    except ValueError:
        return None
    namespace = parsed.namespace or ""
    if parsed.type == "huggingface":
        kind = Kind.MODEL
        if namespace == "datasets" or namespace.startswith("datasets/"):
            kind, namespace = Kind.DATASET, namespace[len("datasets"):].lstrip("/")
        target = f"{namespace}/{parsed.name}" if namespace else parsed.name
        return kind, target, parsed.version
    if parsed.type == "generic" and (namespace == "ollama" or namespace.startswith("ollama/")):
        owner = namespace[len("ollama"):].lstrip("/")
        name = parsed.name if owner in ("", OLLAMA_LIBRARY) else f"{owner}/{parsed.name}"
        return Kind.MODEL, f"{name}:{parsed.version}" if parsed.version else name, None
    return None
