"""Keys that name targets in configs (YAML, JSON, TOML), env variables and CLI flags.

Shared by the config, TOML and shell detectors so `model_name_or_path` means the same thing
in `train.yaml`, `pyproject.toml`, `--model_name_or_path` and `MODEL_NAME_OR_PATH=`.
Specific keys accept legacy bare ids (`gpt2`); generic ones (`model`, `dataset`) accept only
values that are unmistakable (`org/name`, an API model, `./path`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlgate.model import Kind, Role
from mlgate.targets import classify, is_placeholder, normalise_target


@dataclass(frozen=True)
class KeyRule:
    kind: Kind = Kind.MODEL
    role: Role = Role.INPUT
    strict: bool = False  # generic key: only unmistakable values
    local: bool = False  # the value is a directory (output_dir)


_MODEL, _DATASET, _ADAPTER = KeyRule(), KeyRule(Kind.DATASET), KeyRule(Kind.ADAPTER)
_STRICT_MODEL, _STRICT_DATASET = KeyRule(strict=True), KeyRule(Kind.DATASET, strict=True)

KEYS: dict[str, KeyRule] = {
    **dict.fromkeys((
        "model_name_or_path", "pretrained_model_name_or_path", "base_model", "base_model_name_or_path",
        "model_id", "tokenizer_name", "tokenizer_name_or_path", "ref_model", "ref_model_name_or_path",
        "reward_model", "reward_model_name_or_path", "reward_model_path", "teacher_model",
        "teacher_model_name_or_path", "student_model", "student_model_name_or_path", "sft_model_path",
        "model_name_or_path_or_id", "hf_model", "hf_model_id", "draft_model", "speculative_model",
        "embedding_model", "embed_model", "reranker_model", "judge_model", "critic_model",
    ), _MODEL),
    **dict.fromkeys(("model", "model_name", "tokenizer", "llm", "llm_model", "chat_model"), _STRICT_MODEL),
    **dict.fromkeys(("adapter_name_or_path", "peft_model_id", "lora_model", "adapter_id", "lora_name_or_path"),
                    _ADAPTER),
    **dict.fromkeys(("dataset_name", "dataset_id", "dataset_name_or_path", "eval_dataset_name",
                     "train_dataset_name", "hf_dataset"), _DATASET),
    **dict.fromkeys(("dataset",), _STRICT_DATASET),
    "hub_model_id": KeyRule(role=Role.OUTPUT, strict=True),
    "output_dir": KeyRule(Kind.LOCAL_PATH, Role.OUTPUT, local=True),
}
# Keys whose value is a list (or mapping) of data sets: `datasets: [{path: org/x}]`,
# alignment-handbook's `dataset_mixer: {org/x: 0.5}`.
DATASET_LISTS = frozenset({"datasets", "dataset_mixer", "dataset_mixture", "test_datasets", "eval_datasets",
                           "train_datasets", "pretraining_dataset"})
# Keys naming the data set inside a list item (`name` is a subset/config there, not the data set).
DATASET_ITEM_KEYS = frozenset({"path", "dataset", "dataset_name", "dataset_id", "hf_path", "repo_id", "hub_id"})

# Env variables: `MODEL_ID=org/x`, `HF_MODEL_NAME=...`, `OPENAI_MODEL=gpt-4o`, `DATASET_NAME=...`.
_ENV_NAME = re.compile(
    r"^(?:[A-Z][A-Z0-9]*_)*(?P<what>MODEL|MODEL_ID|MODEL_NAME|MODEL_REPO|MODEL_NAME_OR_PATH|BASE_MODEL|"
    r"TOKENIZER|TOKENIZER_NAME|DATASET|DATASET_NAME|DATASET_ID|DATASET_REPO)$"
)


def key_rule(key: str) -> KeyRule | None:
    return KEYS.get(key.lower().replace("-", "_"))


def env_rule(name: str) -> KeyRule | None:
    """The rule for an environment variable name that names a target, if it does."""
    match = _ENV_NAME.match(name)
    if not match:
        return None
    kind = Kind.DATASET if match.group("what").startswith("DATASET") else Kind.MODEL
    return KeyRule(kind, strict=True)


def value_target(value: str, rule: KeyRule) -> tuple[str, Kind] | None:
    """What `value` names under `rule`, or None."""
    value = value.strip()
    if not value:
        return None
    if rule.local:
        if is_placeholder(value) or "://" in value:
            return None
        return value, Kind.LOCAL_PATH
    kind = classify(value, default=rule.kind, allow_bare=not rule.strict)
    if kind is None:
        return None
    if rule.role is Role.OUTPUT and kind not in {Kind.MODEL, Kind.DATASET, Kind.ADAPTER}:
        return None
    return normalise_target(value, kind), kind
