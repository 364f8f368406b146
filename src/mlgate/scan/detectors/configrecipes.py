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
- lm-eval's `model_args: "pretrained=org/x,peft=org/y"` string;
- a path under a name that says it is a directory or checkpoint is a local path even without
  `./`: litgpt's `checkpoint_dir: checkpoints/meta-llama/Llama-2-7b-hf`.
"""

from __future__ import annotations

from mlgate.model import Kind
from mlgate.scan.detectors.configkeys import KeyRule, key_rule, value_target
from mlgate.scan.names import Subject, name_meaning, name_words

# Keys whose meaning is fixed by a framework's format, whatever `names` would say.
_FRAMEWORK_KEYS: dict[str, KeyRule] = dict.fromkeys(("hf_hub_url", "ms_hub_url", "om_hub_url"), KeyRule(Kind.DATASET))
# Child keys that say only how a target is given: their parent's name says what it is.
_HOW_KEYS = frozenset({"path", "source", "name", "id", "repo", "repo_id", "name_or_path", "hf_path", "hub_id",
                       "pretrained"})
MODEL_ARGS_KEYS = frozenset({"model_args", "model-args"})
# Path segments in front of an id that only say where a downloaded copy sits (litgpt's `checkpoints/`).
_PATH_WORDS = frozenset({"dir", "dirs", "folder", "path", "paths", "file", "dirname", "location"})


def config_key_rule(key: str) -> KeyRule | None:
    """The rule for a config key: a framework's fixed meaning first, else what its name says."""
    return _FRAMEWORK_KEYS.get(key.lower()) or key_rule(key)


def child_rule(parent: str, child: str) -> KeyRule | None:
    """`tokenizer: {path: x}` -> the rule of `tokenizer_path` (generic values only); None if `child` says enough."""
    if child.lower() not in _HOW_KEYS or config_key_rule(child) is not None:
        return None
    rule = key_rule(f"{parent}_{child}")
    return KeyRule(rule.kind, rule.role, strict=True, local=rule.local) if rule is not None else None


def list_item_rule(key: str) -> KeyRule | None:
    """The rule for the scalar items of a list under `key` (`models:`, `adapters:`, ms-swift's `dataset:`)."""
    rule = config_key_rule(key)
    if rule is None or rule.local:
        return None
    return KeyRule(rule.kind, rule.role, strict=True)


def path_value_target(key: str, value: str, rule: KeyRule) -> tuple[str, Kind] | None:
    """Like `value_target`, and a relative path with two or more `/` under a directory or checkpoint name
    is a local path (`checkpoints/meta-llama/Llama-2-7b-hf`), not an unreadable id."""
    hit = value_target(value, rule)
    if hit is not None or rule.kind is Kind.DATASET or value.count("/") < 2 or "://" in value:
        return hit
    meaning = name_meaning(key)
    if meaning is None or not (meaning.subject is Subject.CHECKPOINT or _PATH_WORDS & set(name_words(key))):
        return None
    local = value_target(f"./{value}", rule)
    return (value, Kind.LOCAL_PATH) if local is not None and local[1] is Kind.LOCAL_PATH else None
