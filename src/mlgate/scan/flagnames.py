"""Flag names the shared vocabulary (`names`) leaves open: data-set mixers and the OpenAI `engine`.

open-instruct and its forks take several data sets under one flag, each followed by its weight
(a fraction or a number of samples), over as many continued lines as needed:

    --dataset_mixer_list org/a 1.0 org/b 0.5      --mixer_list org/a 1.0 \\
                                                                 org/b 20000

and the same pairs in one shell string (`DATASET_MIXER_LIST="org/a 1.0"`). A flag whose name is
built only from mixer words (`mixer`/`mixture` with `list`, `dataset`, `train`, `eval`, ...) names
data sets; under it only unmistakable ids count (`org/name`), and a weight between two ids does
not end the list.

The OpenAI library before 1.0 called the model `engine`, and evaluation scripts kept the name
(`--openai_engine gpt-4-0314`). Under a flag named engine only a known API model name counts:
`--engine vllm`, `--inference_engine sglang` pick a backend. Azure OpenAI calls the model it serves
a deployment, and projects name the deployment after the model (`azure_deployment="gpt-4o-mini"`):
under `azure_deployment` or `deployment_name` the same rule holds (`"prod-east"` names nothing).
"""

from __future__ import annotations

import re

from mlgate.model import Kind
from mlgate.scan.configkeys import KeyRule
from mlgate.scan.names import name_words

_MIXER_HEADS = frozenset({"mixer", "mixture"})
_MIXER_WORDS = _MIXER_HEADS | frozenset({"list", "dataset", "datasets", "data", "train", "training", "eval",
                                         "evaluation", "test", "val", "validation"})
_WEIGHT = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]-?\d+)?%?$")  # 1.0, .5, 20000, 1e-3, 50%
_ENGINE_PREFIXES = frozenset({"openai", "gpt", "llm", "api", "azure", "chat", "judge", "eval", "evaluation"})
_MIXER_RULE = KeyRule(Kind.DATASET, strict=True)
ENGINE_RULE = KeyRule(Kind.API_MODEL, strict=True)  # and only a known API model name (`is_api_model`)


def is_mixer(flag: str) -> bool:
    """`--dataset_mixer_list`, `--mixer_list`, `--dataset_mixer_eval_list`: ids alternate with weights."""
    words = set(name_words(flag))
    return bool(words & _MIXER_HEADS) and len(words) > 1 and words <= _MIXER_WORDS


def mixer_rule(flag: str) -> KeyRule | None:
    return _MIXER_RULE if is_mixer(flag) else None


def is_weight(value: str) -> bool:
    """A mixer weight: a fraction, a sample count or a percentage."""
    return bool(_WEIGHT.match(value))


def weighted_ids(value: str) -> list[tuple[int, str]]:
    """`org/a 1.0 org/b 0.5` held in one string: (where each id starts, id). Empty unless the words
    alternate an id and a weight, as a mixer list does."""
    words = [(match.start(), match.group()) for match in re.finditer(r"\S+", value)]
    if len(words) < 2 or len(words) % 2 or not all(is_weight(weight) for _, weight in words[1::2]):
        return []
    return words[0::2]


def is_engine(flag: str) -> bool:
    """`--engine`, `--openai_engine`, `--gpt_engine`: the OpenAI library's old word for the model;
    `azure_deployment`, `deployment_name`: Azure OpenAI's (only a known API model name counts under them)."""
    words = name_words(flag)
    if words[-2:] == ("deployment", "name") or words[-2:] == ("deployment", "id"):
        words = words[:-1]
    return bool(words) and words[-1] in {"engine", "deployment"} and set(words[:-1]) <= _ENGINE_PREFIXES

