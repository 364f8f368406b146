"""From a string value in a loader argument to a target: the one place slot rules apply."""

from __future__ import annotations

import re
from collections.abc import Callable

from mlgate.model import Kind, Role
from mlgate.scan.found import Found as Found  # the python modules name it here
from mlgate.scan.hubpath import hub_path_revision
from mlgate.scan.python.rules import API_ONLY_KEYWORDS, ArgRule, CallSpec
from mlgate.targets import (
    DATASET_BUILDERS,
    classify,
    is_local_path,
    is_placeholder,
    looks_like_hub_id,
    normalise_target,
    ollama_target,
    replicate_reference,
)

# Bare names that are directories in practice, not legacy Hub ids, even in `from_pretrained`.
_BARE_DIRECTORY_WORDS = frozenset({
    "output", "outputs", "out", "result", "results", "checkpoint", "checkpoints", "ckpt", "model", "models",
    "tmp", "temp", "cache", "saved_model", "saved", "final", "best", "last", "latest", "pretrained", "weights",
    "artifacts", "export", "exported", "local", "data", "runs", "run", "save", "trained", "dist", "build",
})


# A model name as APIs spell them (`llama3-70b-8192`, `anthropic.claude-3-haiku-20240307-v1:0`).
_API_NAME = re.compile(r"[A-Za-z0-9][\w.:@/-]{0,127}")

KeywordString = Callable[[str], "str | None"]
KeywordFlag = Callable[[str], bool]


def resolve_target(value: str, rule: ArgRule, via: str, spec: CallSpec | None,
                   keyword_string: KeywordString, keyword_flag: KeywordFlag) -> Found | None:
    """The target `value` names in the slot `rule` of a call, or None if it is not one."""
    value = value.strip()
    if not value or len(value) > 300:
        return None
    revision = keyword_string("revision")
    scheme = rule.scheme
    if scheme == "local":
        if is_placeholder(value) or "://" in value:
            return None
        return Found(value, Kind.LOCAL_PATH, via, rule.role)
    if scheme == "ollama":
        found = ollama_target(value)
        return Found(found[0], found[1], via, rule.role) if found else None
    if scheme == "github":
        return _torch_hub(value, via, keyword_string)
    if scheme == "openai_clip":
        return _openai_clip(value, via, rule.role)
    if scheme in ("openai_whisper", "faster_whisper"):
        return _whisper(value, via, rule.role, OPENAI_WHISPER if scheme == "openai_whisper" else FASTER_WHISPER)
    if scheme == "replicate":  # Replicate's own `owner/name[:version]`, never a Hub id
        replicate = replicate_reference(value)
        return Found(replicate[0], Kind.API_MODEL, via, rule.role, replicate[1]) if replicate else None
    if scheme == "timm" and not value.startswith(("hf_hub:", "hf-hub:")):
        if keyword_flag("pretrained") and "." in value and looks_like_hub_id(f"timm/{value}"):
            return Found(f"timm/{value}", Kind.MODEL, via, rule.role, revision)
        return None
    if scheme == "api":
        kind = classify(value)
        if kind is None and _API_NAME.fullmatch(value) and not is_placeholder(value):
            return Found(value, Kind.API_MODEL, via, rule.role)
    if rule.allow_bare and "/" not in value and value.lower() in _BARE_DIRECTORY_WORDS:
        return None
    kind = classify(value, default=rule.kind, allow_bare=rule.allow_bare)
    if kind is None or (kind is Kind.LOCAL_PATH and rule.kind is Kind.DATASET):
        return None  # (a data set slot given a path reads local data files: data, not a reference)
    if API_ONLY_KEYWORDS.intersection(rule.keywords) and kind is not Kind.API_MODEL:
        return None
    if spec is not None and spec.repo_type_aware and kind is Kind.MODEL:
        repo_type = keyword_string("repo_type")
        if repo_type in {"dataset", "datasets"}:
            kind = Kind.DATASET
        elif repo_type in {"space", "spaces"}:
            return None
    if kind is Kind.DATASET and value.lower() in DATASET_BUILDERS:
        return None
    # (an `hf://` path names its own revision: `hf://datasets/org/x@v1.0/train.parquet`)
    return Found(normalise_target(value, kind), kind, via, rule.role, hub_path_revision(value) or revision)


# OpenAI's CLIP package (`import clip; clip.load("ViT-L/14")`) downloads OpenAI's own checkpoints,
# MIT-licensed in the openai/CLIP repository. The ViT ones are the checkpoints OpenAI put on the Hub
# too: named by their Hub id, they resolve there (and are one component with a project's
# `CLIPModel.from_pretrained("openai/clip-vit-large-patch14")`). The ResNet ones are on no Hub: named
# by the repository that publishes them, as torch.hub's are.
OPENAI_CLIP: dict[str, str] = {
    "ViT-B/32": "openai/clip-vit-base-patch32", "ViT-B/16": "openai/clip-vit-base-patch16",
    "ViT-L/14": "openai/clip-vit-large-patch14", "ViT-L/14@336px": "openai/clip-vit-large-patch14-336",
    **dict.fromkeys(("RN50", "RN101", "RN50x4", "RN50x16", "RN50x64"), "github:openai/CLIP"),
}


def _openai_clip(value: str, via: str, role: Role) -> Found | None:
    """`clip.load(name)`: a name the package knows, or a checkpoint file it loads instead."""
    if value in OPENAI_CLIP:
        return Found(OPENAI_CLIP[value], Kind.MODEL, via, role)
    if is_local_path(value) and not is_placeholder(value):
        return Found(value, Kind.LOCAL_PATH, via, role)
    return None


# Whisper by size name. openai-whisper (`whisper.load_model("small.en")`) downloads OpenAI's own
# checkpoints, which OpenAI put on the Hub too as `openai/whisper-<name>` (there `whisper-large` is
# the first large checkpoint, and the package's `large` and `turbo` now mean large-v3 and
# large-v3-turbo): named by their Hub id, their license resolves, as `clip.load`'s do.
_WHISPER_SIZES = ("tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en")
OPENAI_WHISPER: dict[str, str] = {
    **{name: f"openai/whisper-{name}" for name in _WHISPER_SIZES},
    "large-v1": "openai/whisper-large", "large-v2": "openai/whisper-large-v2",
    "large-v3": "openai/whisper-large-v3", "large": "openai/whisper-large-v3",
    "large-v3-turbo": "openai/whisper-large-v3-turbo", "turbo": "openai/whisper-large-v3-turbo",
}
# faster-whisper (`WhisperModel("large-v3")`, and whisperX's `load_model`, which uses it) downloads
# CTranslate2 conversions from the Hub: its own table of size names (faster_whisper/utils.py `_MODELS`).
FASTER_WHISPER: dict[str, str] = {
    **{name: f"Systran/faster-whisper-{name}" for name in (*_WHISPER_SIZES, "large-v1", "large-v2", "large-v3")},
    "large": "Systran/faster-whisper-large-v3",
    **{f"distil-{name}": f"Systran/faster-distil-whisper-{name}" for name in (
        "large-v2", "medium.en", "small.en", "large-v3")},
    "distil-large-v3.5": "distil-whisper/distil-large-v3.5-ct2",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
    "turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}


def package_names(target: str) -> tuple[str, ...]:
    """The names a package's loader takes for the Hub checkpoint `target` (`small.en`, `ViT-L/14`)."""
    return tuple(name for table in (OPENAI_CLIP, OPENAI_WHISPER, FASTER_WHISPER)
                 for name, hub_id in table.items() if hub_id == target)


def _whisper(value: str, via: str, role: Role, names: dict[str, str]) -> Found | None:
    """A Whisper size name the package knows, a checkpoint path, or (faster-whisper) a Hub id."""
    if value in names:
        return Found(names[value], Kind.MODEL, via, role)
    if is_placeholder(value):
        return None
    if is_local_path(value):
        return Found(value, Kind.LOCAL_PATH, via, role)
    if names is FASTER_WHISPER and "/" in value and looks_like_hub_id(value):
        return Found(normalise_target(value, Kind.MODEL), Kind.MODEL, via, role)
    return None


def _torch_hub(value: str, via: str, keyword_string: KeywordString) -> Found | None:
    if keyword_string("source") == "local" or is_local_path(value):
        return None if is_placeholder(value) else Found(value, Kind.LOCAL_PATH, via)
    repo, _, ref = value.partition(":")
    if "/" not in repo or not looks_like_hub_id(repo):
        return None
    return Found(f"github:{repo}", Kind.MODEL, via, Role.INPUT, ref or None)
