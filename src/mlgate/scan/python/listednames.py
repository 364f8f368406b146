"""What a collection under a name that says models lists: names one a line in a triple-quoted string, a map's values.

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

A map's keys are what is looked up, its values what they stand for (`MODEL_ALIASES = {"sonnet":
"claude-sonnet-4-6"}`, `_HF_MODEL_CHECKPOINTS_MAP = {"small": "facebook/musicgen-small"}`): under a name
that ends in `map`, `mapping` or `aliases` only the values count, though a key be spelt like an id
(`DATASET_NAME_MAPPING = {"lambdalabs/naruto-blip-captions": ("image", "text")}` looks columns up by it).
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator, Sequence

from mlgate.model import Kind, Role
from mlgate.scan.found import Found
from mlgate.scan.names import name_meaning, name_words
from mlgate.scan.python.namedvalues import target_name
from mlgate.targets import is_api_model, normalise_target

_MIN_NAMES = 2
_LOOKUP_WORDS = frozenset({"map", "mapping", "aliases"})


def mapped_values(value: ast.expr, name: str) -> ast.expr:
    """`value` as name evidence reads it: under a map's name (`model_map`), a flat dict's values alone, and
    of those not a display name (`"claude-3-opus": "Claude-3-Opus"`: vendors spell API names in lower case);
    a map of records (`DATASETS_MAPPING = {"x": {"ms_id": ..., "hf_id": ...}}`) is read for its records' own
    keys only, as under any name (`hf_id`), and a map to anything else (`("image", "text")`) for nothing."""
    if not (isinstance(value, ast.Dict) and name_words(name)[-1:] and name_words(name)[-1] in _LOOKUP_WORDS):
        return value
    strings = [item for item in value.values if isinstance(item, ast.Constant) and isinstance(item.value, str)]
    if any(not isinstance(item, ast.Constant | ast.Name) for item in value.values):  # (a name: a value elsewhere)
        return ast.List(elts=[], ctx=ast.Load())
    kept = [item for item in strings if not (is_api_model(text := str(item.value)) and text != text.lower())]
    return ast.List(elts=list(kept), ctx=ast.Load())


# Words that say the models named are set aside, not used (FastChat's `deprecated_model_name = [...]`, the
# leaderboard entries it hides).
_SET_ASIDE = frozenset({"deprecated", "hidden", "excluded", "exclude", "unsupported", "blocked", "ignored",
                        "disabled", "removed", "banned", "skip", "skipped", "blacklist", "blacklisted"})


def prefixed_api_name(name: str) -> bool:
    """Whether an API name under `name`, whose first words are the project's own (`opus_model`,
    `generate_model_path`), is a model it uses: the name has the word model in it (not a class's,
    `GptOssForCausalLM`) and none that sets the models aside (`deprecated_model_name`)."""
    words = set(name_words(name))
    return bool(words & {"model", "models"}) and not words & _SET_ASIDE


# what a line holds before a listing's opening quotes: a plural name's assignment (judged in `listed_api_names`)
_LISTING_NAME = re.compile(r"(?:models|names)[ \t]*=[ \t]*[rRuU]?$", re.IGNORECASE)


def listing_quotes(text: str) -> list[int]:
    """Offsets of the opening quotes of triple-quoted strings a plural name is assigned, the first name on
    the next line (`OPENAI_MODELS = \"\"\"`): the candidate pass's spots for `listed_api_names`. Found from
    the quotes (`str.find`; most are a docstring's, rejected at once), not by a pass over the text."""
    found: list[int] = []
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
