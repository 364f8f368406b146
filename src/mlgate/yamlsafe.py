"""YAML from untrusted text: libyaml's speed without its stack overflow.

libyaml's C composer (PyYAML's `CSafeLoader`) recurses once per nesting level with no limit:
a few hundred kilobytes of `[[[[`, `{{{{` or `- - - -` overflow the C stack and kill the
interpreter with SIGSEGV, which no `except` can catch. Text that could nest that deep goes
to PyYAML's pure-Python loader instead, which stops with RecursionError (callers catch it
like a parse error). Ordinary files never come near the threshold and keep the C loader.
"""

from __future__ import annotations

import re

import yaml

# libyaml survives about 20,000 levels; the pure-Python loader gives up near 1,000 anyway.
MAX_C_DEPTH = 1000
_BRACKETS = re.compile(r"[\[\]{}]")
# Block indicators that each open a level on the same line: `- - - - x`, `? ? ? x`.
_SAME_LINE_NESTING = re.compile(r"(?:[-?][ \t]+){64}")
_C_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def safe_loader(text: str) -> type[yaml.SafeLoader]:
    """The fastest safe loader class that cannot crash the process on `text`."""
    if _C_LOADER is None or could_nest_deeply(text):
        return yaml.SafeLoader
    return _C_LOADER


def could_nest_deeply(text: str) -> bool:
    """Whether `text` may nest more than MAX_C_DEPTH levels (brackets inside strings count too:
    an overestimate only costs speed)."""
    if _SAME_LINE_NESTING.search(text):
        return True
    if text.count("[") + text.count("{") <= MAX_C_DEPTH:
        return False
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_C_DEPTH:
                return True
        elif depth:
            depth -= 1
    return False
