"""Deciding whether a string names a model, a dataset, an API model or a local path.

Every detector funnels candidate values through `classify`, so the rules for what is and
is not a reference live in one place: a Hub id looks like `org/name` (or a legacy bare
name such as `gpt2` when a loader call makes the intent unambiguous); file paths, URLs,
MIME types, docker images and placeholders are not references.
"""

from __future__ import annotations

import re

from mlgate.model import Kind

# Hub rules: org and name are letters, digits, '-', '_', '.'; at most 96 chars each;
# no '--' or '..'; must not start or end with '-' or '.'.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
_HUB_ID = re.compile(rf"^(?:{_PART}/)?{_PART}$")
_DATASET_PREFIX = "datasets/"

_FILE_SUFFIXES = (
    ".py", ".json", ".yaml", ".yml", ".toml", ".txt", ".md", ".csv", ".tsv", ".sh", ".ipynb",
    ".bin", ".pt", ".pth", ".ckpt", ".safetensors", ".gguf", ".onnx", ".h5", ".pkl", ".zip",
    ".tar", ".gz", ".jsonl", ".parquet", ".arrow", ".png", ".jpg", ".jpeg", ".wav", ".mp3",
    ".html", ".cfg", ".ini", ".log", ".js", ".ts", ".model", ".tflite", ".xml",
)
_MIME_TOPS = {"application", "text", "image", "audio", "video", "multipart", "font", "model"}
_PLACEHOLDER_WORDS = {
    "your", "my", "path", "to", "org", "user", "username", "name", "model", "repo", "foo", "bar",
    "example", "xxx", "placeholder", "organization", "owner", "model_name", "model-name",
    "repo_id", "repo-id", "some", "your-org", "your-model", "namespace", "dataset", "author",
}
_LOCAL_PREFIXES = ("./", "../", "/", "~", ".\\", "..\\")

_API_MODEL = re.compile(
    r"""^(?:
        gpt-[0-9][\w.-]*|gpt-oss[\w.-]*|chatgpt-[\w.-]+|o[1345](?:-[\w.-]+)?|
        text-embedding-[\w.-]+|text-davinci-[\w.-]+|davinci-[\w.-]+|dall-e-[\w.-]+|whisper-1|tts-1[\w.-]*|
        claude-[\w.-]+|
        gemini-[\w.-]+|text-bison[\w@.-]*|chat-bison[\w@.-]*|
        qwen-(?:max|plus|turbo|long|vl-max|vl-plus|audio-turbo|coder-plus|coder-turbo|math-plus|math-turbo|mt-plus|mt-turbo)[\w.-]*|
        qwq-plus[\w.-]*|qvq-max[\w.-]*|
        command-r[\w.-]*|command-a[\w.-]*|command-light[\w.-]*|command|
        mistral-(?:large|medium|small|tiny)-latest|codestral-latest|pixtral-large-latest|
        deepseek-chat|deepseek-reasoner|grok-[\w.-]+
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
# LiteLLM style "provider/model" for hosted providers.
_API_PROVIDERS = {
    "openai", "anthropic", "gemini", "vertex_ai", "azure", "bedrock", "dashscope", "cohere",
    "mistral", "groq", "together_ai", "deepseek", "xai", "openrouter",
}


def is_api_model(value: str) -> bool:
    """A hosted API model name (`gpt-4o`, `claude-3-5-sonnet-…`, `qwen-vl-max`, `openai/gpt-4o`)."""
    if "/" in value:
        provider, _, rest = value.partition("/")
        return provider.lower() in _API_PROVIDERS and bool(_API_MODEL.match(rest))
    return bool(_API_MODEL.match(value))


def is_local_path(value: str) -> bool:
    return value.startswith(_LOCAL_PREFIXES) or (len(value) > 2 and value[1] == ":" and value[2] in "\\/")


def is_placeholder(value: str) -> bool:
    if any(ch in value for ch in "<>{}$*%[]| \t\n\\'\"`"):
        return True
    parts = [p.lower() for p in value.split("/")]
    return all(p in _PLACEHOLDER_WORDS for p in parts) or any(p in {"xxx", "..."} for p in parts)


def looks_like_hub_id(value: str, *, allow_bare: bool = False) -> bool:
    """True if `value` is shaped like a Hub repo id; bare names only when `allow_bare`."""
    if not value or len(value) > 200 or is_placeholder(value):
        return False
    if value.startswith(_DATASET_PREFIX):
        value = value[len(_DATASET_PREFIX):]
    if "--" in value or ".." in value or not _HUB_ID.match(value):
        return False
    if "/" not in value:
        return allow_bare and any(c.isalpha() for c in value) and not value.isdigit()
    org, name = value.split("/", 1)
    if org.lower() in _MIME_TOPS and not any(c.isupper() for c in value):
        return False
    lowered = name.lower()
    if lowered.endswith(_FILE_SUFFIXES):
        return False
    if org.lower() in {"http:", "https:", "github.com", "www", "src", "lib", "tests", "docs"}:
        return False
    # Versions (`1.2/3`) and ratios are not ids: both halves need a letter.
    return any(c.isalpha() for c in org) and any(c.isalpha() for c in name)


def classify(value: str, *, default: Kind = Kind.MODEL, allow_bare: bool = False) -> Kind | None:
    """What `value` names in a model-loading context, or None if it is not a reference."""
    value = value.strip()
    if not value or len(value) > 300 or "\n" in value:
        return None
    if value.startswith(("http://", "https://", "s3://", "gs://", "hf://")):
        return None
    if default is not Kind.DATASET and is_api_model(value):
        return Kind.API_MODEL
    if is_local_path(value):
        return None if is_placeholder(value) else Kind.LOCAL_PATH
    if looks_like_hub_id(value, allow_bare=allow_bare):
        return default
    return None


def normalise_target(value: str, kind: Kind) -> str:
    """Canonical spelling used as a component key (strip `datasets/` and `hf_hub:` prefixes)."""
    value = value.strip()
    for prefix in ("hf_hub:", "hf-hub:", "hf://", "huggingface/"):
        if value.startswith(prefix) and looks_like_hub_id(value[len(prefix):], allow_bare=False):
            value = value[len(prefix):]
    if kind is Kind.DATASET and value.startswith(_DATASET_PREFIX):
        value = value[len(_DATASET_PREFIX):]
    return value
