"""OmegaConf / Hydra interpolation in YAML configs: `${variables.tokenizer_name}`, `${tokenizer_name}`.

llm-foundry, Hydra and verl configs write a model once (`variables: {tokenizer_name: org/x}`) and
refer to it elsewhere (`tokenizer: {name: ${variables.tokenizer_name}}`). A value that is one such
reference, an absolute dotted path from the document's root, is read as the string it names in the
same document; when that string is itself one whole reference, it is followed once more. A path
the root does not have is looked up in a top-level `parameters:` block too: a MosaicML platform run
(`mcli/*.yaml`) hands that block to the program as its config file. Resolvers
(`${oc.env:X}`, `${env:X}`), relative paths (`${.x}`), text around a reference (`${org}/x`), paths
that name no string and anything in another file (Hydra `defaults:`, command-line overrides) stay
unresolved. Nothing is evaluated: the lookup walks the composed nodes.
"""

from __future__ import annotations

import re

import yaml

_STR_TAG = "tag:yaml.org,2002:str"
# `${a}`, `${a.b}`, `${a.0.b}` (a list index); a `:` (a resolver) or a leading `.` does not match.
_REFERENCE = re.compile(r"\$\{([A-Za-z_][\w-]*(?:\.[\w-]+)*)\}")
_HOPS = 2  # the reference, and one more in the value it names (`a: ${b}`, `b: ${c}`, `c: org/x`)


def is_reference(value: str) -> bool:
    """Is `value` one whole `${dotted.path}` (OmegaConf's interpolation of another key)?"""
    return _REFERENCE.fullmatch(value.strip()) is not None


def referred_scalar(root: object, value: str) -> yaml.ScalarNode | None:
    """The string node `value` (`${variables.model_name}`) refers to in the document `root`, or None."""
    text = value
    parameters = _lookup(root, ["parameters"])
    bases = [root] if not isinstance(parameters, yaml.MappingNode) else [root, parameters]
    for _ in range(_HOPS):
        match = _REFERENCE.fullmatch(text.strip())
        if match is None:
            return None
        path = match.group(1).split(".")
        node = next((found for found in (_lookup(base, path) for base in bases) if found is not None), None)
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR_TAG or not isinstance(node.value, str):
            return None
        if "${" not in node.value:
            return node
        text = node.value  # `${...}` again: followed if it is one whole reference
    return None


def _lookup(root: object, path: list[str]) -> object:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    found = value  # a key written twice: the last, as a loader keeps it
            node = found
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            return None
    return node
