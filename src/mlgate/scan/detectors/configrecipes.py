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
- lm-eval's `model_args: "pretrained=org/x,peft=org/y"` string, or mapping (`model_args: {pretrained: org/x}`).
"""

from __future__ import annotations

from dataclasses import replace

from mlgate.model import Kind
from mlgate.scan.cmdline import MODEL_ARGS_KEYS, MODEL_ARGS_RULES
from mlgate.scan.configkeys import KeyRule, key_rule

# Keys whose meaning is fixed by a framework's format, whatever `names` would say.
_FRAMEWORK_KEYS: dict[str, KeyRule] = dict.fromkeys(("hf_hub_url", "ms_hub_url", "om_hub_url"), KeyRule(Kind.DATASET))
# Child keys that say only how a target is given: their parent's name says what it is.
_HOW_KEYS = frozenset({"path", "source", "name", "id", "repo", "repo_id", "name_or_path", "hf_path", "hub_id",
                       "pretrained"})


def config_key_rule(key: str) -> KeyRule | None:
    """The rule for a config key: a framework's fixed meaning first, else what its name says."""
    return _FRAMEWORK_KEYS.get(key.lower()) or key_rule(key)


def child_rule(parent: str, child: str) -> KeyRule | None:
    """`tokenizer: {path: x}` -> the rule of `tokenizer_path` (generic values only); None if `child` says enough."""
    if config_key_rule(child) is not None:
        return None  # `peft:`, `model_name_or_path:` say it themselves
    if parent.lower() in MODEL_ARGS_KEYS:  # `model_args: {pretrained: org/x}`
        return MODEL_ARGS_RULES.get(child)
    if child.lower() not in _HOW_KEYS:
        return None
    rule = key_rule(f"{parent}_{child}")
    return replace(rule, strict=True) if rule is not None else None


def list_item_rule(key: str) -> KeyRule | None:
    """The rule for the scalar items of a list under `key` (`models:`, `adapters:`, ms-swift's `dataset:`)."""
    rule = config_key_rule(key)
    if rule is None or rule.local:
        return None
    return replace(rule, strict=True, local=False)
