"""Keys that name targets in configs (YAML, JSON, TOML), env variables and CLI flags.

Shared by the config, TOML and shell detectors so `model_name_or_path` means the same thing
in `train.yaml`, `pyproject.toml`, `--model_name_or_path` and `MODEL_NAME_OR_PATH=`.
Specific keys accept legacy bare ids (`gpt2`); generic ones (`model`, `dataset`) accept only
values that are unmistakable (`org/name`, an API model, `./path`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from mlgate.model import Kind, Role
from mlgate.scan.hubpath import hub_path_revision
from mlgate.scan.names import name_meaning
from mlgate.scan.placeholders import is_fill_in
from mlgate.targets import (
    DIRECTORY_WORDS,
    KNOWN_BARE_IDS,
    bare_id_shaped,
    classify,
    is_data_file,
    is_placeholder,
    normalise_target,
)


@dataclass(frozen=True)
class KeyRule:
    kind: Kind = Kind.MODEL
    role: Role = Role.INPUT
    strict: bool = False  # generic key: only unmistakable values
    local: bool = False  # the value is a directory (output_dir)
    path: bool = False  # the name says filesystem location (`model_path`, `checkpoint_dir`)
    vectors: bool = False  # an embedding's name: a data or vectors file under it is no model (`names`)
    # A generic key that still takes a canonical legacy id (`model_name: t5-small`, `tokenizer: {name: gpt2}`):
    # only one of `KNOWN_BARE_IDS`, never any bare word (`name: hf_causal_lm` is a registry name).
    known_ids: bool = False


# Keys whose value is a list (or mapping) of data sets: `datasets: [{path: org/x}]`,
# alignment-handbook's `dataset_mixer: {org/x: 0.5}`.
DATASET_LISTS = frozenset({"datasets", "dataset_mixer", "dataset_mixture", "test_datasets", "eval_datasets",
                           "train_datasets", "pretraining_dataset", "dataset_mixer_list",
                           "dataset_mixer_eval_list", "val_dataset", "eval_dataset"})
# Keys naming the data set inside a list item (`name` is a subset/config there, not the data set).
DATASET_ITEM_KEYS = frozenset({"path", "dataset", "dataset_name", "dataset_id", "hf_path", "repo_id", "hub_id", "id",
                               "source"})  # torchtune's multi-dataset `datasets: [{source: org/x}]`


def key_rule(key: str) -> KeyRule | None:
    """The rule for a config key or CLI flag whose name says model, adapter or data set (see `names`)."""
    return _rule(key, env=False)


def env_rule(name: str) -> KeyRule | None:
    """The rule for a variable (`MODEL_ID`, `OPENAI_MODEL`, `model=`): inputs only, generic values only."""
    return _rule(name, env=True)


@functools.lru_cache(maxsize=4096)
def _rule(name: str, *, env: bool) -> KeyRule | None:
    meaning = name_meaning(name)
    if meaning is None or (env and meaning.role is Role.OUTPUT):
        return None
    return KeyRule(meaning.kind, meaning.role, strict=env or not meaning.specific, local=meaning.local,
                   path=meaning.path, vectors=meaning.vectors, known_ids=meaning.known_ids)


# Bare words that are not legacy ids even under a specific name: class names (`LlamaTokenizerFast`)
# and pipeline task names (`text-classification`).
_CLASS_NAME = re.compile(r"[A-Z][a-z0-9]+[A-Z]")
_TASKS = frozenset({
    "text-classification", "text-generation", "token-classification", "question-answering", "summarization",
    "translation", "fill-mask", "feature-extraction", "zero-shot-classification", "image-classification",
    "automatic-speech-recognition", "sentiment-analysis", "ner", "text2text-generation", "conversational",
    "image-to-text", "text-to-image", "object-detection", "image-segmentation", "sentence-similarity",
    "text-to-speech", "audio-classification", "table-question-answering", "visual-question-answering",
})


class ValueTarget(NamedTuple):
    target: str
    kind: Kind
    revision: str | None = None  # the one an `hf://` path names (`hf://datasets/org/x@v1.0/...`)


def value_target(value: str, rule: KeyRule) -> ValueTarget | None:
    """What `value` names under `rule`, or None."""
    value = value.strip()
    if not value:
        return None
    if rule.local:
        if is_placeholder(value) or is_fill_in(value) or "://" in value:
            return None
        return ValueTarget(value, Kind.LOCAL_PATH)
    if rule.kind is Kind.DATASET:
        value = _without_sample_count(value)
    bare = not rule.strict and "/" not in value and not _CLASS_NAME.search(value) and value.lower() not in _TASKS
    if bare and rule.kind is not Kind.DATASET and value not in KNOWN_BARE_IDS and not bare_id_shaped(value):
        bare = False  # `orm_model: math`, `reward_model: accuracy`: built-in names; models look like `gpt2`
    if rule.known_ids and rule.kind is not Kind.DATASET and value in KNOWN_BARE_IDS:
        bare = True
    kind = classify(value, default=rule.kind, allow_bare=bare)
    if kind in {Kind.MODEL, Kind.ADAPTER, Kind.DATASET, None} and _project_directory(value, rule):
        kind = Kind.LOCAL_PATH
    vectors = rule.vectors and is_data_file(value)  # a file of word vectors under an embedding's name
    if kind is None or (kind is Kind.LOCAL_PATH and (rule.kind is Kind.DATASET or vectors)):
        return None  # a local data file or folder is not a reference
    if rule.role is Role.OUTPUT and kind not in {Kind.MODEL, Kind.DATASET, Kind.ADAPTER}:
        return None
    return ValueTarget(normalise_target(value, kind), kind, hub_path_revision(value))


def _project_directory(value: str, rule: KeyRule) -> bool:
    """`outputs/llama-sft`, `runs/x/checkpoint-500`, and under a path name (`checkpoint_dir`) any
    relative path of three or more parts (litgpt's `checkpoints/meta-llama/Llama-3.2-1B`)."""
    if "/" not in value:
        return False  # most values: decided without splitting
    parts = value.split("/")
    shaped = (parts[0].lower() in DIRECTORY_WORDS or parts[-1].lower().startswith(("checkpoint-", "ckpt-"))
              or (rule.path and len(parts) >= 3))
    return shaped and "://" not in value and all(parts) and not is_placeholder(value)


def _without_sample_count(value: str) -> str:
    """ms-swift's `org/data#500` (take 500 samples) and `org/data:subset#500` (of one subset)
    name `org/data`."""
    head, hash_mark, count = value.rpartition("#")
    value = head if hash_mark and count.isdigit() else value
    name, colon, subset = value.rpartition(":")
    if colon and subset and "/" in name and "://" not in value and not name.startswith(("hf_hub", "hf-hub", "hf.co")):
        return name
    return value
