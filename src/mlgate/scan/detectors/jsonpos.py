"""A small JSON reader that keeps the offset of every string, for true line numbers.

`json` knows no positions. This reader tokenises with one regex, decodes strings with the
standard library's C scanner, and builds nodes iteratively (no recursion: nesting depth
cannot crash it). It accepts exactly JSON plus duplicate keys, which it keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]

MAX_TOKENS = 2_000_000

_TOKEN = re.compile(
    r'[ \t\n\r]*(?:("(?:[^"\\\x00-\x1f]|\\.)*")|([{}\[\]:,])|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?'
    r"|true|false|null))"
)


class JsonError(ValueError):
    pass


@dataclass
class JString:
    raw: str
    offset: int  # of the opening quote

    @property
    def value(self) -> str:
        return str(scanstring(self.raw, 1, True)[0])


@dataclass
class JScalar:
    raw: str
    offset: int


@dataclass
class JObject:
    offset: int
    items: list[tuple[JString, JNode]] = field(default_factory=list)

    def get(self, key: str) -> JNode | None:
        for name, value in self.items:
            if name.value == key:
                return value
        return None


@dataclass
class JArray:
    offset: int
    items: list[JNode] = field(default_factory=list)


JNode = JString | JScalar | JObject | JArray


def parse(text: str) -> JNode:
    """Parse `text`; raise JsonError (a ValueError) on anything that is not JSON."""
    # One frame per open container: [container, state, pending key]. States: 0 just opened,
    # 1 object key read (expect ':'), 2 expect a value, 3 value read (expect ',' or close).
    frames: list[list[object]] = []
    root: JNode | None = None
    position, tokens = 0, 0
    match = _TOKEN.match
    while True:
        found = match(text, position)
        if found is None:
            if text[position:].strip():
                raise JsonError(f"unexpected character at offset {position}")
            break
        tokens += 1
        if tokens > MAX_TOKENS:
            raise JsonError("too many tokens")
        position = found.end()
        string, punct, scalar = found.groups()
        start = found.start(found.lastindex or 0)
        frame = frames[-1] if frames else None
        if punct in {":", ","}:
            if frame is None:
                raise JsonError(f"unexpected {punct!r} at offset {start}")
            wanted = 1 if punct == ":" else 3
            if frame[1] != wanted:
                raise JsonError(f"unexpected {punct!r} at offset {start}")
            frame[1] = 2 if punct == ":" or isinstance(frame[0], JArray) else 4  # 4: expect a key
            continue
        if punct in {"}", "]"}:
            if frame is None or (punct == "}") != isinstance(frame[0], JObject) or frame[1] not in {0, 3}:
                raise JsonError(f"unexpected {punct!r} at offset {start}")
            frames.pop()
            continue
        node: JNode
        if string is not None:
            node = JString(string, start)
        elif scalar is not None:
            node = JScalar(scalar, start)
        else:
            node = JObject(start) if punct == "{" else JArray(start)
        if frame is None:
            if root is not None:
                raise JsonError(f"extra data at offset {start}")
            root = node
        elif isinstance(frame[0], JObject) and frame[1] in {0, 4}:
            if not isinstance(node, JString):
                raise JsonError(f"object key is not a string at offset {start}")
            frame[1], frame[2] = 1, node
            continue
        elif frame[1] in {0, 2}:
            container = frame[0]
            if isinstance(container, JObject):
                key = frame[2]
                assert isinstance(key, JString)
                container.items.append((key, node))
            elif isinstance(container, JArray):
                container.items.append(node)
            frame[1] = 3
        else:
            raise JsonError(f"unexpected value at offset {start}")
        if isinstance(node, JObject | JArray):
            frames.append([node, 0, None])
    if frames or root is None:
        raise JsonError("unexpected end of document")
    return root


_LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*", re.MULTILINE)
_TRAILING_COMMA = re.compile(r",(?=[ \t\r\n]*[}\]])")


def without_jsonc(text: str) -> str:
    """`text` with JSONC's whole-line `//` comments and trailing commas blanked, every other character
    at its offset (aider's `model-metadata.json`, VS Code's settings): for a second try after `parse`
    rejects a file. A comma inside a string before a brace would be blanked too: only a retry reads this."""
    text = _LINE_COMMENT.sub(lambda found: " " * len(found.group()), text)
    return _TRAILING_COMMA.sub(" ", text)
