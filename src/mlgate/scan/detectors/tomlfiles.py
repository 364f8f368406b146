"""TOML detector: `model_name_or_path = "org/x"` and friends in `.toml` files, with true lines.

`tomllib` keeps no positions, so this reads TOML with a token-level state machine instead:
tables (`[tool.x]`, `[[datasets]]`), dotted and quoted keys, inline tables and arrays, and
all four string forms. It never raises: a malformed file yields what could be read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mlgate.model import Kind, Reference
from mlgate.scan.base import Detector, ScanOptions, SourceFile
from mlgate.scan.configkeys import DATASET_ITEM_KEYS, DATASET_LISTS, KeyRule, env_rule, key_rule, value_target

_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<mlbasic>\"\"\"(?:[^\\]|\\.)*?\"\"\")
      | (?P<mlliteral>'''.*?''')
      | (?P<basic>"(?:[^"\\\n]|\\.)*")
      | (?P<literal>'[^'\n]*')
      | (?P<newline>\n)
      | (?P<punct>[\[\]{},=.])
      | (?P<bare>[A-Za-z0-9_+:-]+)
      | (?P<space>[ \t\r]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_STRINGS = {"basic", "literal", "mlbasic", "mlliteral"}


@dataclass
class _Frame:
    kind: str  # "array" or "inline"
    key: str  # the key the container is the value of


class TomlDetector(Detector):
    name = "toml"
    header_bytes = 0
    triggers: tuple[bytes, ...] = (b"odel", b"ataset", b"MODEL", b"DATASET", b"output_dir", b"tokenizer", b"adapter")

    def accepts(self, relpath: str) -> bool:
        return relpath.endswith(".toml")

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        return [
            Reference(target, kind, source.location(offset), via, revision, role=rule.role)
            for offset, target, kind, via, rule, revision in _references(source.text)
        ]


def _references(text: str) -> Iterator[tuple[int, str, Kind, str, KeyRule, str | None]]:
    table: list[str] = []
    stack: list[_Frame] = []
    key_parts: list[str] = []
    in_value = False
    header: list[str] | None = None
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind in {"space", "comment", "other"}:
            continue
        if kind == "newline":
            if not stack:
                key_parts, in_value, header = [], False, None
            continue
        if header is not None:  # inside a [table] header
            if kind == "punct" and token == "]":
                table = header or table
                header = None
            elif kind != "punct":
                header.append(_string(kind, token))
            continue
        if kind == "punct" and token == "[" and not stack and not in_value and not key_parts:
            header = []
            continue
        if not in_value:
            if kind == "punct" and token == "=":
                in_value = True
            elif kind == "punct" and token in "]}" and stack:
                stack.pop()
            elif kind != "punct":
                key_parts.append(_string(kind, token))
            continue
        key = key_parts[-1] if key_parts else ""
        if kind == "punct":
            if token == "[":
                stack.append(_Frame("array", key))
            elif token == "{":
                stack.append(_Frame("inline", key))
                key_parts, in_value = [], False
            elif token in "]}" and stack:
                frame = stack.pop()
                key_parts = [frame.key]
            elif token == "," and stack and stack[-1].kind == "inline":
                key_parts, in_value = [], False
            continue
        if kind not in _STRINGS:
            continue
        found = _classify(_string(kind, token), key, table, stack)
        if found is not None:
            yield (match.start(), *found)


def _classify(value: str, key: str, table: list[str], stack: list[_Frame],
              ) -> tuple[str, Kind, str, KeyRule, str | None] | None:
    containers = [f.key.lower() for f in stack]
    lowered = key.lower()
    in_array = bool(stack) and stack[-1].kind == "array"
    rule: KeyRule | None = None
    via = key
    dataset_context = any(c in DATASET_LISTS for c in containers) or (table and table[-1].lower() in DATASET_LISTS)
    if in_array and stack[-1].key.lower() in DATASET_LISTS:
        rule, via = KeyRule(Kind.DATASET), stack[-1].key
    elif dataset_context and lowered in DATASET_ITEM_KEYS:
        rule, via = KeyRule(Kind.DATASET), f"{(containers or [table[-1].lower()])[0]}[].{key}"
    elif not in_array:
        rule = (env_rule(key) if key.isupper() else None) or key_rule(key)
    if rule is None:
        return None
    hit = value_target(value, rule)
    return (hit.target, hit.kind, via, rule, hit.revision) if hit else None


def _string(kind: str | None, token: str) -> str:
    if kind == "basic":
        try:
            return str(json.loads(token))
        except ValueError:
            return token[1:-1]
    if kind == "literal":
        return token[1:-1]
    if kind in {"mlbasic", "mlliteral"}:
        return token[3:-3].lstrip("\n")
    return token


DETECTOR = TomlDetector()
