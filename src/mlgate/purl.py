"""Package URLs for ML components, and the way back from a purl to a target.

The forms (purl spec `huggingface` type; see docs/bom.md):

- Hub models and adapters: `pkg:huggingface/<org>/<name>@<sha>`. Org and name keep their
  case; the version is the commit sha in lower case (the purl spec says so for this type). A
  branch, tag or PR ref (`main`, `fp16`, `refs/pr/2`) is not a version: the commit a source
  resolved it to stands in its place, else the purl has no version (the ref is kept, as
  written, in the `mlgate:requested-revision` property). A legacy id without an org (`gpt2`)
  is written under its canonical id (`openai-community/gpt2`): the Hub's answer, else the
  knowledge base; one with neither has no purl, since this type requires a namespace.
- Hub datasets: `pkg:huggingface/datasets/<org>/<name>@<sha>` (the common form; the spec
  has no dataset type yet), in CycloneDX and SPDX alike.
- Ollama models: `pkg:generic/ollama/library/<model>@<tag>` for library models and
  `pkg:generic/ollama/<user>/<model>@<tag>` for user models (no purl type exists).
- Hosted API models: `pkg:generic/<provider>/<model>` (nothing is downloaded; no version).
- Local paths: no purl (there is nothing global to name them by).

packageurl-python does not know Hugging Face ids, so these are built here.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from mlgate.apinames import cloud_maker, cloud_model_id
from mlgate.model import Component, Kind

HUB_URL = "https://huggingface.co"
OLLAMA_LIBRARY = "library"

_API_PROVIDER_PREFIXES = (
    ("gpt-", "openai"), ("o1", "openai"), ("o3", "openai"), ("o4", "openai"), ("text-embedding-", "openai"),
    ("dall-e", "openai"), ("whisper-1", "openai"), ("tts-1", "openai"), ("chatgpt-", "openai"),
    ("claude-", "anthropic"), ("gemini-", "google"), ("text-bison", "google"), ("chat-bison", "google"),
    ("qwen-", "alibaba-dashscope"), ("qwq-", "alibaba-dashscope"), ("qvq-", "alibaba-dashscope"),
    ("command", "cohere"), ("mistral-", "mistral"), ("codestral-", "mistral"), ("pixtral-", "mistral"),
    ("deepseek-", "deepseek"), ("grok-", "xai"), ("voyage-", "voyageai"), ("rerank-v", "cohere"),
    ("rerank-english", "cohere"), ("rerank-multilingual", "cohere"), ("rerank-", "voyageai"), ("embed-", "cohere"),
    ("nova-", "deepgram"), ("minimax-", "minimax"), ("abab", "minimax"),
)
_OLLAMA_HOSTS = ("registry.ollama.ai/", "ollama.com/", "ollama:")
_SHA = re.compile(r"[0-9a-fA-F]{7,64}")


def api_provider(model: str) -> str:
    if "/" in model:
        return model.split("/", 1)[0].lower()
    if cloud_model_id(model) is not None:  # a cloud catalog's id (`us.anthropic.claude-...`): its maker
        return cloud_maker(model)
    lowered = model.lower()
    for prefix, provider in _API_PROVIDER_PREFIXES:
        if lowered.startswith(prefix):
            return provider
    return "unknown"


def _seg(value: str) -> str:
    return quote(value, safe="._-~")


def is_commit(revision: str) -> bool:
    """A (possibly abbreviated) commit sha, as opposed to a branch, tag or PR ref."""
    return _SHA.fullmatch(revision) is not None


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
    """The purl string for a component, or None when nothing global names it (a local path, a
    bare Hub id whose org is unknown)."""
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
    return hub_purl(hub_repo_id(component), dataset=component.kind is Kind.DATASET, commit=version_of(component))


def version_of(component: Component) -> str | None:
    """The version a BOM records: the commit a source resolved, else the commit the code pins,
    in lower case; None for a branch, tag or PR ref nobody resolved."""
    if component.resolved_revision:
        return component.resolved_revision.lower()
    if component.revision and is_commit(component.revision):
        return component.revision.lower()
    return None


def requested_ref(component: Component) -> str | None:
    """The revision the code asked for, as written, unless the version says it already (a pinned
    commit, in lower case, that no source replaced)."""
    revision = component.revision
    if not revision or (revision == version_of(component) and not component.resolved_revision):
        return None
    return revision


def hub_repo_id(component: Component) -> str:
    """The repository id a Hub component goes by: the canonical id the Hub answered with, else
    the target with a legacy id (`gpt2`) put under its org from the knowledge base."""
    props = dict(component.properties)
    return props.get("hub-canonical-id") or props.get("canonical-id") or canonical_repo_id(component.target)


def canonical_repo_id(target: str) -> str:
    if "/" in target:
        return target
    from mlgate.knowledge_data import knowledge

    legacy: dict[str, str] = knowledge().get("legacy_ids", {})
    return legacy.get(target.lower(), target)


def hub_purl(target: str, *, dataset: bool = False, commit: str | None = None) -> str | None:
    """`pkg:huggingface/[datasets/]<org>/<name>[@<commit>]` for a Hub repository id; None for
    a bare id whose org is unknown (the type requires a namespace)."""
    target = canonical_repo_id(target)
    if "/" not in target:
        return None
    path = "/".join(_seg(p) for p in target.split("/"))
    version = f"@{commit.lower()}" if commit else ""
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
