"""Could a loader in a module without candidates take a constant of another module?

A module whose code holds no reference-shaped literal (`spots`) can still name a model through
a constant it imports from the project: `from .settings import MODEL` then
`from_pretrained(MODEL)`, or `settings.MODEL_ID`. Only those modules are worth a parse. The
answer is found with plain substring searches from the module's own imports, so a module that
imports nothing of the project costs a few `find` calls, not a regex pass over its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlgate.scan.python.pending import could_be_local

# An upper-case constant (or a module's) given as an argument or in an f-string: `(MODEL)`,
# `model=settings.MODEL_ID`, `f"{ORG}/x"`, `name=SUMMARY_MODEL):`.
CONSTANT_ARGUMENT = re.compile(r"[(,={]\s*((?:\w+\.)*)([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\s*[,)}:]")
# Import statements read from text (no parse): `from ..x import (a, b as c)` and `import x.y as z`.
FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n]*)", re.MULTILINE)
PLAIN_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n]*)", re.MULTILINE)
_ALIAS = re.compile(r"([\w.*]+)(?:[ \t]+as[ \t]+(\w+))?")
_COMMENT = re.compile(r"#[^\n]*")
_LOOP_ITEM = re.compile(r"((?:\w+\.)*)([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\s*[:)\],]")
# The last part of a dotted constant argument or loop item: `.MODEL_ID)` (a literal dot first:
# `re` jumps from dot to dot).
_DOTTED_CONSTANT = re.compile(r"\.[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\s*[,)}:\]]")
_CALLEE = re.compile(r"(\w+)\s*\($")
NEAR = 320  # characters either side of a constant argument: its call, or a `def` header and body start


def constant_from_elsewhere(text: str, site: re.Pattern[str]) -> bool:
    """Is a constant imported from the project an argument near a loader (`site`) or of a local helper?

    Near: within `NEAR` characters of a loader call or target keyword (`from_pretrained(MODEL)`,
    `def load(name=MODEL):` over its body). A helper: a function this module defines
    (`load(MODEL)`), whose parameter may reach a loader.
    """
    names = _local_imports(text)
    if names is None:  # `from .settings import *`: any constant may be the project's
        return any(_reaches(text, match, site) for match in CONSTANT_ARGUMENT.finditer(text))
    if not names:
        return False
    # A constant imported by its own name (`MODEL`): where that name is written.
    for name in filter(_is_constant, names):
        position = text.find(name)
        while position >= 0:
            match = _argument_at(text, position, name)
            if match is not None and _reaches(text, match, site):
                return True
            position = text.find(name, position + len(name))
    # One read through an imported name (`settings.MODEL_ID`): from the constant that ends the
    # dotted name back to where the name starts. One pass over the text for every name.
    for tail in _DOTTED_CONSTANT.finditer(text):
        position = tail.start()
        while position > 0 and (text[position - 1].isalnum() or text[position - 1] in "_."):
            position -= 1
        name = text[position:tail.start()].split(".", 1)[0]
        if name in names:
            match = _argument_at(text, position, name)
            if match is not None and _reaches(text, match, site):
                return True
    return False


def _local_imports(text: str) -> set[str] | None:
    """Local names bound by imports that may be the project's (None: a star import of one)."""
    names: set[str] = set()
    position = text.find("import")
    while position >= 0:
        line_start = text.rfind("\n", 0, position) + 1
        from_import = FROM_IMPORT.match(text, line_start)
        if from_import is not None and from_import.end(2) <= position:
            level, module = len(from_import.group(1)), from_import.group(2)
            if could_be_local(level, module):
                for name, local in import_aliases(from_import.group(3)):
                    if name == "*":
                        return None
                    names.add(local or name)
            position = text.find("import", from_import.end())
            continue
        plain = PLAIN_IMPORT.match(text, line_start)
        if plain is not None and plain.start(1) > position:
            for module, local in import_aliases(plain.group(1)):
                if could_be_local(0, module):
                    names.add(local or module.split(".", 1)[0])
        position = text.find("import", position + 6)
    return names


def import_aliases(names: str) -> Iterator[tuple[str, str | None]]:
    """(imported name, local name or None) of the names part of an import (`(a, b as c)  # note`)."""
    for alias in _ALIAS.finditer(_COMMENT.sub("", names).strip().strip("()")):
        yield alias.group(1), alias.group(2)


def _is_constant(name: str) -> bool:
    return CONSTANT_ARGUMENT.fullmatch(f"({name})") is not None


def _argument_at(text: str, position: int, name: str) -> re.Match[str] | None:
    """The constant argument that starts with `name` at `position`, if that is what it is."""
    if position > 0 and (text[position - 1].isalnum() or text[position - 1] in "_."):
        return None  # part of a longer name or attribute
    before = position - 1
    while before >= 0 and text[before] in " \t\n":
        before -= 1
    if before < 0:
        return None
    if text[before] not in "(,={":
        # `for name in CANDIDATES:` / `[load(m) for m in MODELS]`: the loop gives a loader its items
        if before >= 2 and text[before - 1:before + 1] == "in" and text[before - 2] in " \t":
            loop = _LOOP_ITEM.match(text, position)
            return loop if loop is not None and (loop.group(1) or loop.group(2)).split(".", 1)[0] == name else None
        return None
    match = CONSTANT_ARGUMENT.match(text, before)
    if match is None or match.start(1) != position:  # the (maybe empty) dotted part starts at the name
        return None
    return match if (match.group(1) or match.group(2)).split(".", 1)[0] == name else None


def _reaches(text: str, match: re.Match[str], site: re.Pattern[str]) -> bool:
    start, end = match.span()
    if site.search(text, max(0, start - NEAR), end + NEAR) is not None:
        return True
    callee = _CALLEE.search(text, max(0, start - 64), start + 1)
    return callee is not None and f"def {callee.group(1)}(" in text
