"""What the training frameworks' config and registry formats say, beyond a key's own name.

The config detectors ask `names` (through `configkeys`) what a key means; these rules add
what the frameworks' formats say that a name alone does not:

- LLaMA-Factory's `dataset_info.json`: `hf_hub_url` / `ms_hub_url` / `om_hub_url` name a
  data set on the Hugging Face Hub, ModelScope and Modelers;
- a child key that names only *how* (`path`, `source`, `name`, `id`) is read with its
  parent's name: torchtune's `tokenizer: {_component_: ..., path: ...}` is `tokenizer_path`,
  `dataset: {source: org/x}` is `dataset_source`, `model: {name: org/x}` is `model_name`;
- a list under a name that says model, adapter or data set holds ids (`models: [org/a]`,
  ms-swift's `dataset: [org/a#500, org/b]`, open-instruct's `dataset_mixer_list`);
- lm-eval's `model_args: "pretrained=org/x,peft=org/y"` string, or mapping (`model_args: {pretrained: org/x}`);
- `model_name`, and a child whose name read with its parent's is specific (`tokenizer: {name: x}`),
  take a canonical legacy id (`t5-small`, `gpt2`) though they are generic: llm-foundry's
  `tokenizer: {name: gpt2}` beside `model: {name: hf_causal_lm}` (a registry name, still not reported);
- a Hub path key (`hf_name`, `hf_path`, `repo_id`) in a block named for data (`dataset:`, `data:`,
  `train_loader:`) names a data set: llm-foundry's `train_loader: {dataset: {hf_name: org/x}}`;
- llm-foundry's OpenAI models: `model: {name: openai_chat, version: gpt-3.5-turbo}` (the `name` is a
  registry name; beside one of OpenAI's, `version` is the model the API serves);
- a block named for a model family whose `name` is a legacy canonical id of that family (audiocraft's
  `conditioners: {description: {model: t5, t5: {name: t5-base}}}`): the block's model;
- autotrain-advanced's `data: {path: samsum, train_split: train}`: beside a `train_split`, the `path`
  of a data block may be a bare Hub name; a folder or file is written as one (`data/`, `x.csv`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from mlgate.model import Kind, Role
from mlgate.scan.cmdline import MODEL_ARGS_KEYS, MODEL_ARGS_RULES
from mlgate.scan.configkeys import KeyRule, key_rule
from mlgate.scan.names import Subject, name_meaning, name_words
from mlgate.targets import DIRECTORY_WORDS, KNOWN_BARE_IDS, has_file_suffix, is_data_file, is_placeholder

# Keys whose meaning is fixed by a framework's format, whatever `names` would say.
_FRAMEWORK_KEYS: dict[str, KeyRule] = dict.fromkeys(("hf_hub_url", "ms_hub_url", "om_hub_url"), KeyRule(Kind.DATASET))
# Child keys that say only how a target is given: their parent's name says what it is.
_HOW_KEYS = frozenset({"path", "source", "name", "id", "repo", "repo_id", "name_or_path", "hf_path", "hub_id",
                       "pretrained"})


# Generic keys that still take a canonical legacy id (`model_name: t5-small`): a display name is
# rarely one of `KNOWN_BARE_IDS`, and when it is, it is that model's name.
_KNOWN_ID_NAMES = frozenset({("model", "name")})
# Names of a block about data (`data`, `train_loader`, `eval_dataloader`, `train_data`): a data word
# and split words only.
_DATA_BLOCK_WORDS = frozenset({"data", "dataset", "datasets", "loader", "dataloader"})
_SPLIT_WORDS = frozenset({"train", "eval", "val", "valid", "validation", "test"})
# A bare Hub data set name (`samsum`, `cats_vs_dogs`, `cppe-5`): one word, no slash, no space.
_BARE_NAME = re.compile(r"[A-Za-z0-9][\w.-]*")


def config_key_rule(key: str) -> KeyRule | None:
    """The rule for a config key: a framework's fixed meaning first, else what its name says."""
    rule = _FRAMEWORK_KEYS.get(key.lower()) or key_rule(key)
    if rule is not None and rule.strict and name_words(key) in _KNOWN_ID_NAMES:
        return replace(rule, known_ids=True)
    return rule


def child_rule(parent: str, child: str) -> KeyRule | None:
    """`tokenizer: {path: x}` -> the rule of `tokenizer_path` (generic values only); None if `child` says enough."""
    if config_key_rule(child) is not None:
        return None  # `peft:`, `model_name_or_path:` say it themselves
    if parent.lower() in MODEL_ARGS_KEYS:  # `model_args: {pretrained: org/x}`
        return MODEL_ARGS_RULES.get(child)
    if child.lower() not in _HOW_KEYS:
        return None
    rule = key_rule(f"{parent}_{child}")
    # (`tokenizer: {name: gpt2}` reads as the specific `tokenizer_name`: a legacy id counts)
    return replace(rule, strict=True, known_ids=not rule.strict) if rule is not None else None


def family_named(parent: str, child: str, value: str) -> bool:
    """audiocraft's `t5: {name: t5-base}`: a block named for a model family (the id's first word, `t5`,
    `bert`, `gpt2`) whose `name` is one of the Hub's legacy canonical ids of it names that model. Any
    other name there (`t5: {name: custom}`) or another child (`t5: {dim: t5-base}`) says nothing."""
    value = value.strip()
    return (child.lower() == "name" and value in KNOWN_BARE_IDS
            and (value.lower() == parent.lower() or value.lower().startswith(f"{parent.lower()}-")))


def split_data_rule(rule: KeyRule, child: str, siblings: Collection[str | None], value: str) -> KeyRule:
    """autotrain-advanced's `data: {path: samsum, train_split: train}`: the `path` of a data block
    beside a `train_split` is loaded from the Hub when it is no folder, so a bare name there is a
    data set. A local folder or file is written as one (`data/`, `./x`, `train.csv`); a bare word
    that is a usual folder name (`data`, `outputs`) stays unreported."""
    if (rule.kind is not Kind.DATASET or child.lower() != "path" or "train_split" not in siblings
            or not _BARE_NAME.fullmatch(value) or value.lower() in DIRECTORY_WORDS
            or is_data_file(value) or has_file_suffix(value)):
        return rule
    return replace(rule, strict=False)


def data_block_rule(rule: KeyRule, key: str, above: Sequence[str]) -> KeyRule:
    """A Hub path key (`hf_name`, `hf_path`, `repo_id`: a name that does not say model or data set)
    is read as a model, except in a block named for data (`dataset:`, `data:`, `train_loader:`,
    the nearest two keys above it): llm-foundry's `train_loader: {dataset: {hf_name: org/x}}`.
    A nearer key that names a model (`train_loader: {tokenizer: {repo_id: org/x}}`) keeps it one."""
    meaning = name_meaning(key)
    if rule.kind is not Kind.MODEL or meaning is None or meaning.subject is not Subject.HUB_PATH:
        return rule
    for name in above:  # innermost first
        if _names_data(name):
            return replace(rule, kind=Kind.DATASET)
        named = name_meaning(name)
        if named is not None and named.kind is not Kind.DATASET:
            return rule
    return rule


def _names_data(key: str) -> bool:
    words = set(name_words(key))
    if words & _DATA_BLOCK_WORDS and words <= _DATA_BLOCK_WORDS | _SPLIT_WORDS:
        return True
    meaning = name_meaning(key)  # `train_dataset`, `pretraining_dataset`
    return meaning is not None and meaning.subject is Subject.DATASET and meaning.role is Role.INPUT


def list_item_rule(key: str) -> KeyRule | None:
    """The rule for the scalar items of a list under `key` (`models:`, `adapters:`, ms-swift's `dataset:`)."""
    rule = config_key_rule(key)
    if rule is None or rule.local:
        return None
    return replace(rule, strict=True, local=False)


# llm-foundry's registry names of OpenAI's API models (`openai_chat`, `openai_causal_lm`): the block's
# `version` is the API model, whatever its name (`davinci` was one). A version number (`2`, `v1.2`) is none.
_OPENAI_REGISTRY_NAMES = frozenset({"openai_chat", "openai_causal_lm"})
_API_MODEL_NAME = re.compile(r"[A-Za-z][\w.:-]{0,127}")
_VERSION_NUMBER = re.compile(r"[vV]?[0-9][0-9.]*")


def registry_api_model(parent: str, registry_name: str | None, child: str, value: str) -> str | None:
    """The API model that `version: <value>` names in `<parent>: {name: <registry_name>, ...}`, or None."""
    if child.lower() != "version" or registry_name not in _OPENAI_REGISTRY_NAMES:
        return None
    meaning = name_meaning(parent)
    if meaning is None or meaning.subject is not Subject.MODEL or meaning.role is not Role.INPUT:
        return None
    value = value.strip()
    if not _API_MODEL_NAME.fullmatch(value) or _VERSION_NUMBER.fullmatch(value) or is_placeholder(value):
        return None
    return value
