"""Hosted-API model names listed one a line in a triple-quoted string under a name that says models.

aider keeps its tables of OpenAI's and Anthropic's models so, and splits them later:

    OPENAI_MODELS = \"\"\"
    gpt-4o
    gpt-4o-mini
    \"\"\"
    OPENAI_MODELS = [ln.strip() for ln in OPENAI_MODELS.splitlines() if ln.strip()]

A reader sees a list of models, one a line; no flow shows it (the split comes after). Each line is
reported at its own line only when the name says models, in the plural (`OPENAI_MODELS`, `model_names`),
and every line that is not blank is a hosted API model name (`gpt-4o`, `claude-3-opus-20240229`): such
names say what they are wherever they stand, where a Hub id, a path or a word in a block of text could
be a prompt, a template or a usage note. One name alone is no list; a docstring is never an assignment.
Only assignments of a module or a class body are read (tables live there).
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator, Sequence

from mlgate.model import Kind, Role
from mlgate.scan.found import Found
from mlgate.scan.names import name_meaning
from mlgate.scan.python.namedvalues import target_name
from mlgate.targets import is_api_model, normalise_target

_MIN_NAMES = 2
# what a line holds before a listing's opening quotes: a plural name's assignment (judged in `listed_api_names`)
_LISTING_NAME = re.compile(r"(?:models|names)[ \t]*=[ \t]*[rRuU]?$", re.IGNORECASE)


def listing_quotes(text: str) -> list[int]:
    """Offsets of the opening quotes of triple-quoted strings a plural name is assigned, the first name on
    the next line (`OPENAI_MODELS = \"\"\"`): the candidate pass's spots for `listed_api_names`. Found from
    the quotes (`str.find`; most are a docstring's, rejected at once), not by a pass over the text."""
    found: list[int] = []
    if '= """' not in text and "= '''" not in text:
        return found  # most modules: no triple-quoted string is assigned (`X = """`, spaced as most code is)
    for quotes in ('"""', "'''"):
        pos = text.find(quotes)
        while pos >= 0:
            after = pos + 3
            if text.startswith("\\\n", after):
                after += 1
            if text.startswith(("\n", "\r\n"), after) and pos and text[pos - 1] in "= \trRuU":
                start = text.rfind("\n", 0, pos) + 1
                if _LISTING_NAME.search(text, max(start, pos - 100), pos):
                    found.append(pos)
            pos = text.find(quotes, pos + 3)
    return found


def listed_api_names(tree: ast.Module, lines: Sequence[int]) -> list[tuple[ast.expr, Found]]:
    """The names listed one a line in a triple-quoted string under a plural model name, each placed
    at its own line (a node standing there); `lines`: the spot lines (statements spanning none are
    not read)."""
    found: list[tuple[ast.expr, Found]] = []
    for stmt in _bodies(tree):
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None and _spans(stmt, lines):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                name = target_name(target)
                meaning = name_meaning(name) if name else None
                if meaning is not None and meaning.plural and meaning.kind is Kind.MODEL and meaning.role is Role.INPUT:
                    found.extend(_listed(stmt.value, f"constant {name}"))
    return found


def _spans(stmt: ast.stmt, lines: Sequence[int]) -> bool:
    index = bisect.bisect_left(lines, stmt.lineno)
    return index < len(lines) and lines[index] <= (stmt.end_lineno or stmt.lineno)


def _bodies(tree: ast.Module) -> Iterator[ast.stmt]:
    for stmt in tree.body:
        yield stmt
        if isinstance(stmt, ast.ClassDef):
            yield from stmt.body


def _listed(value: ast.expr, via: str) -> list[tuple[ast.expr, Found]]:
    if not isinstance(value, ast.Constant) or not isinstance(value.value, str) or "\n" not in value.value:
        return []
    text = value.value
    if value.end_lineno is None or value.end_lineno - value.lineno != text.count("\n"):
        return []  # (a line joined by `\\`: the value's lines are not the source's)
    items: list[tuple[ast.expr, Found]] = []
    for index, line in enumerate(text.split("\n")):
        name = line.strip()
        if not name:
            continue
        if index == 0 or not is_api_model(name):
            return []  # one line that is no API name: a block of text, not a list of models
        column = len(line) - len(line.lstrip())
        items.append((_placed(value.lineno + index, column), Found(normalise_target(name, Kind.API_MODEL),
                                                                    Kind.API_MODEL, via, Role.INPUT)))
    return items if len(items) >= _MIN_NAMES else []


def _placed(line: int, column: int) -> ast.expr:
    located = ast.Constant(value="")
    located.lineno = located.end_lineno = line
    located.col_offset = located.end_col_offset = column
    return located
