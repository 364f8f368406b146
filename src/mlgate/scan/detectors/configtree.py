"""A common view of YAML and JSON nodes for the config detector, each string with its true offset.

YAML nodes come from PyYAML's safe composer, JSON ones from `jsonpos`. A scalar carries the text
to tokenise as shell and where that text starts, so that a command in `run: |` or a folded
quoted script is read at its own lines and columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from mlgate.scan.detectors.interpolation import referred_scalar
from mlgate.scan.detectors.jsonpos import JArray, JObject, JString

_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Scalar:
    value: str
    offset: int
    shell_text: str  # the text to tokenise as shell, and where it starts
    shell_base: int


class Tree:
    def pairs(self, node: object) -> list[tuple[str | None, int, object]] | None:
        raise NotImplementedError

    def items(self, node: object) -> list[object] | None:
        raise NotImplementedError

    def scalar(self, node: object) -> Scalar | None:
        raise NotImplementedError

    def referred(self, root: object, scalar: Scalar) -> tuple[Scalar, int] | None:
        """The literal an OmegaConf `${path}` value refers to, and where its `$` is (see `interpolation`)."""
        return None


class YamlTree(Tree):
    def __init__(self, text: str) -> None:
        self.text = text

    def pairs(self, node: object) -> list[tuple[str | None, int, object]] | None:
        if not isinstance(node, yaml.MappingNode):
            return None
        return [(k.value if isinstance(k, yaml.ScalarNode) and isinstance(k.value, str) else None,
                 k.start_mark.index, v) for k, v in node.value]

    def items(self, node: object) -> list[object] | None:
        return list(node.value) if isinstance(node, yaml.SequenceNode) else None

    def scalar(self, node: object) -> Scalar | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR_TAG or not isinstance(node.value, str):
            return None
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in {"|", ">"}:
            return Scalar(node.value, start, self.text[start:end], start)
        folded = _folded_shell_text(self.text[start + 1:end - 1], node.style) if node.style in {"'", '"'} else None
        if folded is not None:
            return Scalar(node.value, start, folded, start + 1)
        if node.style in {"'", '"'}:
            return Scalar(node.value, start, node.value, start + 1)
        return Scalar(node.value, start, self.text[start:end], start)

    def referred(self, root: object, scalar: Scalar) -> tuple[Scalar, int] | None:
        at = scalar.shell_base  # the `$` of a plain or quoted scalar (a block scalar's is its `|`)
        if "${" not in scalar.value or not self.text.startswith("${", at):
            return None
        node = referred_scalar(root, scalar.value)
        literal = self.scalar(node) if node is not None else None
        return (literal, at) if literal is not None else None


def _folded_shell_text(raw: str, quote: str | None) -> str | None:
    r"""A quoted YAML scalar over several lines as shell text that keeps every word at its place in the
    file: YAML folds each line break into a space (or drops it after `\` in double quotes, as the
    shell joins a continued line), so the raw text with its line breaks made spaces reads as the same
    words. None for one line, a blank line (a real line break), any other escape, or a `\` right
    after a word (`=org/\` + `name`: YAML joins the two halves into one word, spaces would split it)."""
    if "\n" not in raw or re.search(r"\n[ \t]*\n", raw):
        return None
    if quote == '"' and (raw.count("\\") != raw.count("\\\n") or re.search(r"[^ \t]\\\n", raw)):
        return None
    if quote == "'" and "''" in raw:
        return None
    return raw.replace("\\\n", "  ").replace("\n", " ")


class JsonTree(Tree):
    def __init__(self, text: str) -> None:
        self.text = text

    def pairs(self, node: object) -> list[tuple[str | None, int, object]] | None:
        if not isinstance(node, JObject):
            return None
        return [(key.value, key.offset, value) for key, value in node.items]

    def items(self, node: object) -> list[object] | None:
        return list(node.items) if isinstance(node, JArray) else None

    def scalar(self, node: object) -> Scalar | None:
        if not isinstance(node, JString):
            return None
        value = node.value
        return Scalar(value, node.offset, value, node.offset + 1)
