"""Places in a raw shell word: variable expansions, and where a character of its value is written."""

from __future__ import annotations

import re

# A braced expansion stops at a nested `${`: an unclosed `${A:-${A:-...` then fails at once
# instead of scanning to the end of the text from every `${` (quadratic).
VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-=])(?P<default>(?:[^}$]|\$(?!\{))*))?\}"
                       r"|\((?P<make>[A-Za-z_][A-Za-z0-9_]*)\)|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")
_NESTED = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=](?=\$\{)")  # `${A:-` with another expansion for default
BARE_EXPANSION = re.compile(r"^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$")  # `$X`, `${X}`: split


def raw_index(raw: str, start: int) -> int:
    """Where character `start` of a word's value stands in its raw text (`"pretrained=$M"`: past the
    quote); after an expansion the two no longer line up, and `start` is kept. A quote inside the
    other kind of quotes is text (`'{"model": "x"}'`)."""
    index, seen, quote = 0, 0, ""
    while index < len(raw):
        char = raw[index]
        if char == "$" and quote != "'":
            if seen < start:
                return start
            expansion, inner = VARIABLE.match(raw, index), index  # `${MODEL:-org/x}`: at the default, the text edited
            while expansion is None and (nested := _NESTED.match(raw, inner)) is not None:
                inner = nested.end()  # `${A:-${B:-qwen-plus}}`: the innermost default
                expansion = VARIABLE.match(raw, inner)
            return expansion.start("default") if expansion is not None and expansion.group("default") else index
        if char in "'\"" and quote in ("", char):
            quote = "" if quote else char
            index += 1
            continue
        if seen == start:
            return index
        index += 2 if char == "\\" and quote != "'" else 1
        seen += 1
    return start


def uses_variable(raw: str, name: str) -> bool:
    """Whether the raw word expands variable `name` (`$m`, `${m}`, `${m:-x}`)."""
    return f"${name}" in raw or f"${{{name}" in raw
