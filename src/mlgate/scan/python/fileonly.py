"""Options whose value only ever names a file: `--judge-model gpt-4` read as
`f"data/{bench}/model_judgment/{args.judge_model}_single.jsonl"` picks a result file, no model.

Name evidence reports an option's default when the option's name says model. A reader who
follows the option through the module and sees it used only inside file paths (results, logs,
caches named after a model) names no model there: such a value is a result file's name, which
the labelling rules count as a look-alike. The option is dropped only when every read of it in
the module's text (stubbed function bodies included) is a `{...}` field of a one-line f-string
that is a path: no space, a `/`, a file ending. Output folders and paths, used in paths by
nature, are left as they are.
"""

from __future__ import annotations

import ast
import re

from mlgate.model import Kind, Role
from mlgate.scan.python.targets import Found

_OPTION = re.compile(r"default -{1,2}([A-Za-z][\w-]*)$")  # the via of an option's default
_FILE_ENDING = re.compile(r"\.[A-Za-z]{2,5}$")  # `_single.jsonl`, `.csv`, `.pkl`
_FSTRING_START = re.compile(r"""(?:^|[^\w])[rR]?[fF][rR]?(["'])""")


def file_only_options(text: str, written: list[tuple[ast.expr, Found]]) -> set[int]:
    """Ids of the `written` literals that are defaults of options read only inside file paths
    (`text`: the module's whole text)."""
    dropped: set[int] = set()
    for node, found in written:
        if found.role is not Role.INPUT or found.kind is Kind.LOCAL_PATH:
            continue  # an output folder or a path is used in paths by nature: it stays what it is
        match = _OPTION.search(found.via)
        if match is not None and _read_only_in_paths(text, match.group(1).replace("-", "_")):
            dropped.add(id(node))
    return dropped


def _read_only_in_paths(text: str, dest: str) -> bool:
    reads = [m.start() for m in re.finditer(rf"\.{re.escape(dest)}\b", text)]
    return bool(reads) and all(_in_a_path(text, at) for at in reads)


def _in_a_path(text: str, at: int) -> bool:
    """Is the read at `at` a `{...}` field of a one-line f-string that is a file path?"""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    position = at - line_start
    opening = list(_FSTRING_START.finditer(line, 0, position))
    if not opening:
        return False
    quote, start = opening[-1].group(1), opening[-1].end()
    end = line.find(quote, position)
    if end < 0 or quote in line[start:position]:
        return False  # not inside that string
    field_open, field_close = line.rfind("{", start, position), line.rfind("}", start, position)
    if field_open < 0 or field_close > field_open:
        return False  # not inside one of its fields
    body = re.sub(r"\{[^{}]*\}", "", line[start:end])
    return " " not in body and "/" in body and _FILE_ENDING.search(body) is not None
