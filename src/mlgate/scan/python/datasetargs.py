"""The arguments of `load_dataset` kept under a name: `DEFAULT_DATASET_ARGS = "uoft-cs/cifar10"`,
`dataset_args = {"path": "glue", "name": "sst2"}` (optimum's task processors, evaluation harnesses).

Such a name holds what the loader is called with: a string is its first argument, the data set; in
a dict (a literal or `dict(...)`), the `path` key is, and the other keys (`name`, `split`) are a
configuration, not data sets. A bare name there counts as it does given to `load_dataset` itself
(`"glue"`), except a loading script's (`"json"`). The candidate pass finds these literals from the
name (`dataset_argument_literals`): no pattern tells `"glue"` from a word.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from mlgate.model import Kind
from mlgate.scan.names import name_words
from mlgate.scan.python.rules import FUNCTIONS
from mlgate.scan.python.targets import Found, resolve_target

_ARGUMENT_WORDS = frozenset({"args", "kwargs", "arguments"})
_LOAD_DATASET_PATH = FUNCTIONS["load_dataset"].args[0]
# (each starts with its literal: `re` skips to it in C; a case-insensitive one would not)
_NAMES = (re.compile(r"ataset_(?:kw)?args"), re.compile(r"ATASET_(?:KW)?ARGS"))
# After the name: `= "x"`, `: str = "x"`, `": "x"`, or a dict whose `path` comes within a few keys.
_VALUE = re.compile(r"""\w*["']?[ \t]*(?::[^=\n{"']*)?[:=][ \t]*"""
                    r"""(?:(?:\{|dict\()[^{}()]{0,200}?["']?path["']?[ \t]*[:=][ \t]*)?[rRuU]?(["'])""")


def is_dataset_arguments(name: str) -> bool:
    """`dataset_args`, `DEFAULT_DATASET_ARGS`, `eval_dataset_kwargs`: what `load_dataset` is given."""
    words = name_words(name)
    return len(words) >= 2 and words[-1] in _ARGUMENT_WORDS and words[-2] in {"dataset", "datasets"}


def argument_values(value: ast.expr) -> Iterator[ast.Constant]:
    """The literals of `value` that name the data set: the string, or the dict's `path`."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        yield value
    elif isinstance(value, ast.Dict):
        for key, item in zip(value.keys, value.values, strict=True):
            if isinstance(key, ast.Constant) and key.value == "path" and isinstance(item, ast.Constant):
                yield item
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
        for keyword in value.keywords:
            if keyword.arg == "path" and isinstance(keyword.value, ast.Constant):
                yield keyword.value


def read_argument(text: str, via: str) -> Found | None:
    """What a `load_dataset` argument kept under a name names, read as `load_dataset(text)` reads it."""
    found = resolve_target(text, _LOAD_DATASET_PATH, via, None, lambda _: None, lambda _: False)
    return found if found is not None and found.kind is Kind.DATASET else None  # (not a local folder)


def dataset_argument_literals(text: str) -> list[int]:
    """Offsets of the opening quotes of the literals such a name holds (the candidate pass)."""
    found: list[int] = []
    for name in _NAMES:
        for at in name.finditer(text):
            match = _VALUE.match(text, at.end())
            if match is not None:
                found.append(match.start(1))
    return found
