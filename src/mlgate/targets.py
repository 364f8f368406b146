"""Deciding whether a string names a model, a dataset, an API model or a local path.

Every detector funnels candidate values through `classify`, so the rules for what is and
is not a reference live in one place: a Hub id looks like `org/name` (or a legacy bare
name such as `gpt2` when a loader call makes the intent unambiguous); file paths, URLs,
MIME types, docker images and placeholders are not references.

Targets that are not Hub ids carry a scheme so they can never be mistaken for one:
`ollama:llama3.2:3b` (an Ollama library model) and `github:owner/repo` (a torch.hub repo).
"""

from __future__ import annotations

import re

from mlgate.apinames import api_model_name, cloud_model_id, is_dashscope_open_name
from mlgate.model import Kind

# Hub rules: org and name are letters, digits, '-', '_', '.'; at most 96 chars each;
# no '--' or '..'; must not start or end with '-' or '.'.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
_HUB_ID = re.compile(rf"^(?:{_PART}/)?{_PART}$")
_DATASET_PREFIX = "datasets/"
_HUB_HOSTS = ("huggingface.co/", "hf.co/")
_INFERENCE_API = "api-inference.huggingface.co/models/"  # the serverless Inference API: .../models/org/name
# First path segments that are directories a project writes, not Hub organisations
# (`outputs/llama-sft`, `checkpoints/run-3`): under a name that says model they are local paths.
DIRECTORY_WORDS = frozenset({
    "output", "outputs", "out", "checkpoint", "checkpoints", "ckpt", "ckpts", "run", "runs", "exp", "exps",
    "experiment", "experiments", "result", "results", "saved", "save", "saves", "saved_models", "log", "logs", "tmp",
    "temp", "cache", "weights", "models", "artifacts", "trained", "local", "work_dirs", "work_dir", "workdir",
    "data", "pretrained", "train", "eval",
})
# First path segments of huggingface.co URLs that are site pages, not `org/name` repositories.
_HUB_PAGES = frozenset({
    "spaces", "docs", "blog", "api", "papers", "settings", "models", "organizations", "collections", "learn",
    "tasks", "join", "login", "pricing", "buckets", "jobs", "enterprise", "new", "new-dataset", "new-space",
    "search", "posts", "chat", "inference-endpoints", "storage", "notifications", "changelog", "terms-of-service",
    "privacy", "huggingchat", "course", "welcome", "oauth", "static-proxy", "front", "avatars", "mcp",
})
_REPO_VIEWS = frozenset({"resolve", "blob", "tree", "raw", "commit", "commits", "discussions", "edit"})

_FILE_SUFFIXES = (
    ".py", ".json", ".yaml", ".yml", ".toml", ".txt", ".md", ".csv", ".tsv", ".sh", ".ipynb",
    ".bin", ".pt", ".pth", ".ckpt", ".safetensors", ".gguf", ".onnx", ".h5", ".pkl", ".zip",
    ".tar", ".gz", ".jsonl", ".parquet", ".arrow", ".png", ".jpg", ".jpeg", ".wav", ".mp3",
    ".html", ".cfg", ".ini", ".log", ".js", ".ts", ".model", ".tflite", ".xml", ".npy", ".npz",
    ".msgpack", ".mlmodel", ".engine", ".pb", ".yml", ".lock", ".svg", ".gif", ".pdf",
)
_MIME_TOPS = {"application", "text", "image", "audio", "video", "multipart", "font", "model", "message"}


def is_mime_type(value: str) -> bool:
    """`application/json`, `image/png`: a media type, not an `org/name` (a Hub id has capitals where
    a media type has none, so `Audio/...` stays possible)."""
    top, slash, _ = value.partition("/")
    return bool(slash) and top.lower() in _MIME_TOPS and not any(c.isupper() for c in value)
_PLACEHOLDER_WORDS = {
    "your", "my", "path", "to", "org", "user", "username", "name", "model", "repo", "foo", "bar", "baz",
    "example", "xxx", "yyy", "placeholder", "organization", "owner", "model_name", "model-name", "modelname",
    "repo_id", "repo-id", "repo_name", "repo-name", "some", "your-org", "your-model", "namespace", "dataset",
    "author", "your_org", "your_model", "your-username", "your_username", "hf-user", "my-org", "my_org",
    "my-model", "my_model", "my-dataset", "my_dataset", "your-dataset", "your_dataset", "dataset-name",
    "dataset_name", "org-name", "org_name", "user-name", "user_name", "model-id", "model_id", "todo",
    "changeme", "tbd", "none", "null", "test", "dummy", "sample", "my-awesome-model", "your-name", "id",
}
_LOCAL_PREFIXES = ("./", "../", "/", "~", ".\\", "..\\")
# Packaged dataset builders of `load_dataset("json", data_files=...)`: formats, not data sets.
DATASET_BUILDERS = frozenset({
    "json", "csv", "parquet", "text", "arrow", "pandas", "sql", "generator", "imagefolder",
    "audiofolder", "videofolder", "webdataset", "xml", "spark", "folder_based_builder", "cache", "pdffolder",
})

# LiteLLM style "provider/model" for hosted providers.
_API_PROVIDERS = {
    "openai", "anthropic", "gemini", "vertex_ai", "azure", "azure_ai", "bedrock", "dashscope", "cohere",
    "mistral", "groq", "together_ai", "deepseek", "xai", "openrouter", "perplexity", "fireworks_ai",
    "google", "vertex", "moonshot",
}
# LiteLLM-style routers in front of a Hub id (`huggingface/Qwen/Qwen2.5-3B-Instruct`,
# `together_ai/meta-llama/...`, `openrouter/qwen/...`): the Hub id behind them is the target.
_HUB_ROUTERS = frozenset({
    "huggingface", "hf", "together_ai", "together", "openrouter", "fireworks_ai", "deepinfra", "hosted_vllm", "vllm",
    "openai", "nvidia_nim", "novita", "sambanova", "featherless_ai", "nscale", "anyscale", "lm_studio",
    "text-completion-openai", "huggingface_tgi", "sagemaker", "nebius", "hyperbolic", "cerebras",
    "hf-inference-providers",  # inspect_ai's Hugging Face Inference Providers
})
_OLLAMA_NAME = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*(?::[A-Za-z0-9._-]+)?$")


# LiteLLM providers that serve only their own names: `groq/llama-3.3-70b-versatile`,
# `bedrock/anthropic.claude-3-sonnet-20240229-v1:0`. Spelled as LiteLLM does (lower case), so
# the Hub's `Groq/Llama-3-Groq-8B-Tool-Use` stays a repository; providers that are also Hub
# organisations of open models (`cerebras`, `fal`, `databricks`) are not listed.
_HOSTED_ONLY_PROVIDERS = frozenset({
    "groq", "bedrock", "bedrock_converse", "vertex_ai", "azure", "azure_ai", "fal_ai", "oci", "ollama", "ollama_chat",
    "dashscope", "perplexity", "sagemaker", "watsonx",
})
# Every LiteLLM provider prefix above: hosted, serving only their own names, and routers in front of Hub ids.
LITELLM_PREFIXES = _API_PROVIDERS | _HOSTED_ONLY_PROVIDERS | _HUB_ROUTERS


def is_api_model(value: str) -> bool:
    """A hosted API model name (`gpt-4o`, `claude-3-5-sonnet-…`, `qwen-vl-max`, `openai/gpt-4o`)."""
    if replicate_name(value) is not None or cloud_model_id(value) is not None:  # (a Bedrock ARN holds a `/`)
        return True
    value = strip_api_prefix(value)
    if "/" in value:
        provider, _, rest = value.partition("/")
        if provider in _HOSTED_ONLY_PROVIDERS and rest and "/" not in rest and " " not in rest:
            return True
        if provider.lower() == "openrouter" and "/" in rest:  # openrouter/anthropic/claude-3.5-sonnet
            provider, _, rest = rest.partition("/")
            if provider == "openrouter" and rest and "/" not in rest:
                return True  # OpenRouter's own models (`openrouter/openrouter/quasar-alpha`): no Hub repository
        if provider.lower() == "openai" and rest.lower().startswith("gpt-oss"):
            return False  # openai/gpt-oss-20b is a Hub repo of open weights (Apache-2.0), not an API name
        if rest.count("/") == 1 and is_dashscope_open_name(rest.rpartition("/")[2]):
            return False  # `together_ai/qwen/qwen1.5-110b-chat`: the Hub id `qwen/qwen1.5-110b-chat` behind a router
        return provider.lower() in _API_PROVIDERS and bool(api_model_name().match(rest.rpartition("/")[2]))
    return bool(api_model_name().match(value))


# Replicate names its models `owner/name` on replicate.com, a namespace of its own (`meta/meta-llama-3-8b-instruct`
# is no Hub repository), and pins a version with a 64-hex id: `owner/name:<version>`. LiteLLM writes
# `replicate/owner/name[:version]`.
_REPLICATE_REF = re.compile(
    r"^(?P<name>[A-Za-z0-9][\w.-]{0,99}/[A-Za-z0-9][\w.-]{0,99})(?::(?P<version>[\w.-]{1,100}))?$")
_REPLICATE_VERSION = re.compile(r"^[0-9a-f]{64}$")
REPLICATE_PREFIX = "replicate/"


def replicate_reference(value: str) -> tuple[str, str | None] | None:
    """A model given to Replicate (`owner/name`, `owner/name:<version>`) as (`replicate/owner/name`, version).

    Only for a value the code gives to Replicate: there a plain `owner/name` is Replicate's, not the Hub's."""
    value = value.strip()
    if value.startswith(REPLICATE_PREFIX) and value.count("/") == 2:
        value = value[len(REPLICATE_PREFIX):]
    match = _REPLICATE_REF.match(value)
    if match is None or is_placeholder(match["name"]) or has_file_suffix(match["name"]) or is_mime_type(value):
        return None
    return f"{REPLICATE_PREFIX}{match['name']}", match["version"]


def replicate_name(value: str) -> str | None:
    """`replicate/owner/name` for a value that is a Replicate model by its spelling alone, else None:
    LiteLLM's `replicate/owner/name[:version]`, or `owner/name:<64-hex version>` (no Hub id has a colon)."""
    value = value.strip()
    litellm = value.startswith(REPLICATE_PREFIX) and value.count("/") == 2
    if not litellm and not _REPLICATE_VERSION.match(value.partition(":")[2]):
        return None
    found = replicate_reference(value)
    return found[0] if found is not None else None


def strip_api_prefix(value: str) -> str:
    """`models/gemini-1.5-pro` (Google's resource name) → `gemini-1.5-pro`."""
    return value[len("models/"):] if value.startswith("models/") else value


def strip_router(value: str) -> str | None:
    """The Hub id behind a router prefix (`together_ai/meta-llama/Llama-3-8b-chat-hf` -> `meta-llama/...`)."""
    router, _, rest = value.partition("/")
    if router.lower() not in _HUB_ROUTERS or rest.count("/") != 1:
        return None
    repo, colon, provider = rest.partition(":")  # `org/name:nebius`: the provider that serves it
    if colon and provider.replace("-", "").replace("_", "").isalnum():
        rest = repo
    return rest if looks_like_hub_id(rest) else None


def is_local_path(value: str) -> bool:
    return value.startswith(_LOCAL_PREFIXES) or (len(value) > 2 and value[1] == ":" and value[2] in "\\/")


# Names a test or an example makes up (`test-model`, `dummy_llm`, `fake-tokenizer`, `mock/model`): a
# stand-in word, and nothing else but words for what it stands in for. No Hub repository is named so
# (`hf-internal-testing/tiny-random-gpt2` and the Hub's other test repositories are real names).
_STAND_IN_WORDS = frozenset({"test", "dummy", "fake", "mock", "my", "your", "sample", "example", "foo", "bar", "baz",
                             "some", "regular", "placeholder", "nonexistent", "invalid"})
_STOOD_FOR_WORDS = frozenset({"model", "models", "llm", "lm", "dataset", "data", "tokenizer", "repo", "checkpoint",
                              "ckpt", "name", "id", "adapter", "lora", "embedding", "embeddings", "org", "user",
                              "engine", "provider"})
_WORD_SEPARATORS = re.compile(r"[-_.]")


# The two glued together (`fakemodel`, `dummymodel`, `testmodel2`, LiteLLM's `fakeprovider/fakemodel`).
_GLUED_MADE_UP = re.compile(rf"(?:{'|'.join(sorted(_STAND_IN_WORDS))})(?:{'|'.join(sorted(_STOOD_FOR_WORDS))})[0-9]*")


def _made_up(part: str) -> bool:
    words = _WORD_SEPARATORS.split(part)
    stand_ins = [w in _STAND_IN_WORDS or _GLUED_MADE_UP.fullmatch(w) is not None for w in words]
    return any(stand_ins) and all(
        stand_in or w in _STOOD_FOR_WORDS or w.isdigit() for w, stand_in in zip(words, stand_ins, strict=True))


def is_placeholder(value: str) -> bool:
    if any(ch in value for ch in "<>{}$*%[]| \t\n\\'\"`=,;()"):
        return True
    parts = [p.lower() for p in value.split("/")]
    return (all(p in _PLACEHOLDER_WORDS or _made_up(p) for p in parts)
            or any(p in {"xxx", "...", "xxxx", "todo", "changeme"} or p.startswith(("your-", "your_")) for p in parts)
            or parts[0].startswith(("path-to-", "path_to_")))  # `path-to-your-trained-model`


def has_file_suffix(value: str) -> bool:
    return value.lower().endswith(_FILE_SUFFIXES)


def looks_like_hub_id(value: str, *, allow_bare: bool = False) -> bool:
    """True if `value` is shaped like a Hub repo id; bare names only when `allow_bare`."""
    if not value or len(value) > 200 or is_placeholder(value):
        return False
    if value.startswith(_DATASET_PREFIX):
        value = value[len(_DATASET_PREFIX):]
    if "--" in value or ".." in value or not _HUB_ID.match(value) or has_file_suffix(value):
        return False
    if "/" not in value:
        return allow_bare and any(c.isalpha() for c in value) and not value.isdigit()
    org, name = value.split("/", 1)
    if is_mime_type(value):
        return False
    if org.lower() in {"github.com", "gitlab.com", "www", "src", "lib", "tests", "docs", "bin", "usr", "etc",
                       "tmp", "var", "home", "opt"}:
        return False
    # Versions (`1.2/3`) and ratios are not ids: both halves need a letter.
    return any(c.isalpha() for c in org) and any(c.isalpha() for c in name)


def looks_like_hub_url(text: str) -> bool:
    """A cheap first test before `hub_id_from_url`: a Hub URL, or an `hf://` path (huggingface_hub's
    file system, as pandas and datatrove read it)."""
    return "huggingface.co/" in text[:40] or text[:5].lower() == "hf://"


def hub_id_from_url(value: str) -> tuple[str, Kind] | None:
    """`https://huggingface.co/org/name/blob/main/x.safetensors` → ("org/name", model), as
    `https://api-inference.huggingface.co/models/org/name` (the model the Inference API runs) and
    `hf://org/name@rev/x.bin` (huggingface_hub's file system, as pandas and datatrove read it).

    Datasets (`huggingface.co/datasets/org/name`) come back as ("org/name", dataset). Spaces,
    docs and other pages are not references.
    """
    rest = value.strip()
    file_system = rest[:5].lower() == "hf://"  # huggingface_hub's file system: hf://datasets/org/name@rev/x
    if file_system:
        rest = _HUB_HOSTS[0] + rest[5:]
    for scheme in ("https://", "http://", ""):
        if rest.startswith(scheme):
            rest = rest[len(scheme):]
            break
    if rest.startswith("www."):
        rest = rest[4:]
    if rest.startswith(_INFERENCE_API):
        rest = "huggingface.co/" + rest[len(_INFERENCE_API):]
    if not rest.startswith(_HUB_HOSTS):
        return None
    parts = rest.split("/", 1)[1].split("?", 1)[0].split("#", 1)[0].split("/") if "/" in rest else []
    kind = Kind.MODEL
    if parts and parts[0] == "datasets":
        kind, parts = Kind.DATASET, parts[1:]
    elif parts and parts[0] in _HUB_PAGES:
        return None  # spaces, docs, blog, jobs, buckets, settings, ...: pages, not repositories
    if len(parts) >= 2 and parts[1] in _REPO_VIEWS:  # legacy id without org: /gpt2/resolve/main/x
        return (parts[0], kind) if looks_like_hub_id(parts[0], allow_bare=True) else None
    if len(parts) < 2:
        return None
    candidate = f"{parts[0]}/{parts[1].split('@', 1)[0] if file_system else parts[1]}"
    return (candidate, kind) if looks_like_hub_id(candidate) else None


def ollama_target(value: str) -> tuple[str, Kind] | None:
    """An Ollama model name as a target: `llama3.2:3b` → `ollama:llama3.2:3b`.

    `hf.co/org/name:Q4_K_M` pulls straight from the Hub, so it is the Hub id `org/name`.
    """
    value = value.strip()
    if value.startswith(_HUB_HOSTS):
        repo = value.split("/", 1)[1].split(":", 1)[0]
        return (repo, Kind.MODEL) if looks_like_hub_id(repo) else None
    if is_local_path(value) or has_file_suffix(value.split(":", 1)[0]):
        return (value, Kind.LOCAL_PATH) if not is_placeholder(value) else None
    if is_placeholder(value.split(":", 1)[0]) or not _OLLAMA_NAME.match(value):
        return None
    if not any(c.isalpha() for c in value.split(":", 1)[0]):
        return None
    return f"ollama:{value}", Kind.MODEL


def classify(value: str, *, default: Kind = Kind.MODEL, allow_bare: bool = False) -> Kind | None:
    """What `value` names in a model-loading context, or None if it is not a reference."""
    value = value.strip()
    if not value or len(value) > 300 or "\n" in value:
        return None
    if "://" in value:
        hub = hub_id_from_url(value)
        return (Kind.DATASET if hub[1] is Kind.DATASET else default) if hub else None
    if value.startswith(("hf_hub:", "hf-hub:")):
        return default if looks_like_hub_id(value.split(":", 1)[1]) else None
    if default is not Kind.DATASET and is_api_model(value):
        return Kind.API_MODEL
    if is_local_path(value):
        posix = value.replace("\\", "/")  # Windows paths are paths, not placeholders
        return None if is_placeholder(posix) or posix in {"/", "./", "~", "../"} else Kind.LOCAL_PATH
    if looks_like_hub_id(value, allow_bare=allow_bare) or strip_router(value) is not None:
        return default
    if default is Kind.DATASET and without_split(value) != value:
        return Kind.DATASET
    return None


# The names of data set splits: a data set named with its split (`hiyouga/geometry3k@train`, as
# EasyR1 and verl's `train_files` take it), and names such as `train_files`.
SPLIT_NAMES = frozenset({"train", "test", "validation", "valid", "val", "dev", "eval"})
_SPLIT_SUFFIX = re.compile(rf"@(?:{'|'.join(sorted(SPLIT_NAMES))})(?:\[[^\]]*\])?$")


def without_split(value: str) -> str:
    """`org/name@train` -> `org/name` when that is a Hub id; anything else as it is."""
    bare = _SPLIT_SUFFIX.sub("", value)
    return bare if bare != value and "/" in bare and looks_like_hub_id(bare) else value


def normalise_target(value: str, kind: Kind) -> str:
    """Canonical spelling used as a component key (strip `datasets/`, `hf_hub:`, URL and API prefixes)."""
    value = value.strip()
    if "://" in value:
        hub = hub_id_from_url(value)
        if hub:
            return hub[0]
    for prefix in ("hf_hub:", "hf-hub:"):
        if value.startswith(prefix) and looks_like_hub_id(value[len(prefix):], allow_bare=False):
            value = value[len(prefix):]
    if kind is not Kind.API_MODEL:
        value = strip_router(value) or value
    if kind is Kind.API_MODEL:
        return replicate_name(value) or cloud_model_id(value) or strip_api_prefix(value)  # an ARN: the model id
    if kind is Kind.DATASET and value.startswith(_DATASET_PREFIX):
        value = value[len(_DATASET_PREFIX):]
    return without_split(value) if kind is Kind.DATASET else value


# Sentence-Transformers' own models, which the library loads by their bare name from its organisation
# (`SentenceTransformer("all-MiniLM-L6-v2")` is `sentence-transformers/all-MiniLM-L6-v2`): as canonical
# as the Hub's legacy ids, so a reader names them under any model name (`{"model": "all-MiniLM-L6-v2"}`).
SENTENCE_TRANSFORMERS_MODELS = frozenset({
    "all-mpnet-base-v2", "all-mpnet-base-v1", "all-MiniLM-L6-v2", "all-MiniLM-L6-v1", "all-MiniLM-L12-v2",
    "all-MiniLM-L12-v1", "all-distilroberta-v1", "all-roberta-large-v1",
    "multi-qa-mpnet-base-dot-v1", "multi-qa-mpnet-base-cos-v1", "multi-qa-distilbert-cos-v1",
    "multi-qa-distilbert-dot-v1", "multi-qa-MiniLM-L6-cos-v1", "multi-qa-MiniLM-L6-dot-v1",
    "paraphrase-multilingual-mpnet-base-v2", "paraphrase-multilingual-MiniLM-L12-v2", "paraphrase-albert-small-v2",
    "paraphrase-MiniLM-L3-v2", "paraphrase-MiniLM-L6-v2", "paraphrase-MiniLM-L12-v2", "paraphrase-mpnet-base-v2",
    "paraphrase-distilroberta-base-v2", "paraphrase-distilroberta-base-v1", "paraphrase-TinyBERT-L6-v2",
    "paraphrase-xlm-r-multilingual-v1", "distiluse-base-multilingual-cased-v1", "distiluse-base-multilingual-cased-v2",
    "msmarco-distilbert-base-v4", "msmarco-distilbert-base-tas-b", "msmarco-MiniLM-L6-cos-v5",
    "msmarco-MiniLM-L12-cos-v5", "msmarco-distilbert-cos-v5", "msmarco-bert-base-dot-v5",
    "nli-mpnet-base-v2", "stsb-mpnet-base-v2", "stsb-roberta-large", "quora-distilbert-multilingual", "LaBSE",
    "clip-ViT-B-32", "clip-ViT-B-16", "clip-ViT-L-14", "clip-ViT-B-32-multilingual-v1",
})
# The Hub's legacy canonical ids (no organisation), which a reader names under any model name.
KNOWN_BARE_IDS = frozenset({
    "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "distilgpt2", "openai-gpt", "bert-base-uncased", "bert-base-cased",
    "bert-large-uncased", "bert-large-cased", "bert-base-multilingual-cased", "bert-base-multilingual-uncased",
    "bert-base-chinese", "distilbert-base-uncased", "distilbert-base-cased", "roberta-base", "roberta-large",
    "distilroberta-base", "xlm-roberta-base", "xlm-roberta-large", "t5-small", "t5-base", "t5-large", "t5-3b", "t5-11b",
    *(f"albert-{size}-v{version}" for size in ("base", "large", "xlarge", "xxlarge") for version in (1, 2)),
    "xlnet-base-cased", "xlnet-large-cased", "camembert-base", "ctrl", "bart-base", "bart-large",
    *SENTENCE_TRANSFORMERS_MODELS,
})


# The families those ids belong to: `bert-large-cased-whole-word-masking`,
# `xlm-roberta-large-finetuned-conll03-english` are canonical too.
_LEGACY_FAMILIES = ("bert-", "distilbert-", "roberta-", "distilroberta-", "xlm-", "xlnet-", "albert-", "t5-",
                    "gpt2", "distilgpt2", "openai-gpt", "ctrl", "camembert-", "bart-")


def is_legacy_canonical(value: str) -> bool:
    """Could `value` be one of the Hub's canonical ids without an organisation?"""
    return value in KNOWN_BARE_IDS or value.lower().startswith(_LEGACY_FAMILIES)


# Files that hold data, text or vectors, never a model's weights: a path to one is no model path
# (`--embedding_path data/glove/glove.840B.300d.txt`, `--model_path ./ckpt/vocab.txt`).
_DATA_FILE_ENDINGS = (".txt", ".vec", ".kv", ".npy", ".npz", ".pkl", ".pickle", ".csv", ".tsv", ".json", ".jsonl",
                      ".parquet", ".arrow", ".md", ".yaml", ".yml")


def is_data_file(value: str) -> bool:
    """Does a path name a data, text or vector file (by its ending)?"""
    return value.lower().rstrip("/").endswith(_DATA_FILE_ENDINGS)


def bare_id_shaped(value: str) -> bool:
    """Legacy bare ids look like `gpt2`, `bert-base-uncased`, `t5-small`: a letter first, a hyphen
    or a digit, no underscore (`q_proj`, `all_linear` and other settings are not ids, nor a model
    size such as `1.3b` or `350m`)."""
    return value[:1].isalpha() and "_" not in value and any(c == "-" or c.isdigit() for c in value)
