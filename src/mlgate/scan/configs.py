"""Config detector: YAML and JSON training/serving configs (`model_name_or_path: org/x`).

YAML is read with PyYAML's safe composer, which builds nodes with line marks but constructs
no objects (custom tags stay inert, aliases are not expanded). JSON is read with a
line-aware scan of `"key": "value"` pairs so every reference keeps its true line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import yaml

from mlgate.model import Kind, Location, Reference, Role
from mlgate.scan.base import ScanOptions, SourceFile
from mlgate.scan.targets import classify, normalise_target

# key -> (kind, role)
CONFIG_KEYS: dict[str, tuple[Kind, Role]] = {
    "model_name_or_path": (Kind.MODEL, Role.INPUT),
    "pretrained_model_name_or_path": (Kind.MODEL, Role.INPUT),
    "base_model": (Kind.MODEL, Role.INPUT),
}

_MAX_NODES = 200_000  # a composed document larger than this is not a config


class ConfigDetector:
    name = "config"
    header_bytes = 0

    triggers: tuple[bytes, ...] = tuple(key.encode() for key in CONFIG_KEYS)

    def accepts(self, relpath: str) -> bool:
        return relpath.endswith((".yaml", ".yml", ".json")) and not relpath.endswith(".ipynb")

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        if source.suffix == ".json":
            return list(_json_references(source))
        return list(_yaml_references(source))


def _reference(source: SourceFile, key: str, value: str, line: int, column: int) -> Reference | None:
    kind, role = CONFIG_KEYS[key]
    found = classify(value, default=kind, allow_bare=True)
    if found is None:
        return None
    return Reference(
        target=normalise_target(value, found),
        kind=found,
        location=Location(source.relpath, line, column),
        via=key,
        role=role,
    )


_JSON_PAIR = re.compile(r'"(?P<key>[A-Za-z_][\w.-]*)"\s*:\s*(?P<value>"(?:[^"\\\n]|\\.)*")')


def _json_references(source: SourceFile) -> Iterator[Reference]:
    text = source.text
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for match in _JSON_PAIR.finditer(text):
        key = match.group("key")
        if key not in CONFIG_KEYS:
            continue
        try:
            value = json.loads(match.group("value"))
        except ValueError:
            continue
        offset = match.start("value")
        line = _line_of(line_starts, offset)
        ref = _reference(source, key, value, line, offset - line_starts[line - 1] + 1)
        if ref:
            yield ref


def _line_of(line_starts: list[int], offset: int) -> int:
    lo, hi = 0, len(line_starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo + 1


def _yaml_references(source: SourceFile) -> Iterator[Reference]:
    try:
        documents = list(yaml.compose_all(source.text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return
    seen: set[int] = set()
    budget = [_MAX_NODES]
    for document in documents:
        if document is not None:
            yield from _walk_yaml(source, document, seen, budget)


def _walk_yaml(
    source: SourceFile, node: yaml.Node, seen: set[int], budget: list[int]
) -> Iterator[Reference]:
    # Iterative walk with a visited set: aliases point at shared nodes, so a "billion laughs"
    # document costs its size in nodes, not its expansion.
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        budget[0] -= 1
        if budget[0] < 0:
            return
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if (
                    key in CONFIG_KEYS
                    and isinstance(value_node, yaml.ScalarNode)
                    and value_node.tag == "tag:yaml.org,2002:str"
                ):
                    mark = value_node.start_mark
                    ref = _reference(source, key, value_node.value, mark.line + 1, mark.column + 1)
                    if ref:
                        yield ref
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


DETECTOR = ConfigDetector()
