"""Command lines written in Python: strings, f-strings and argument lists read as commands.

Tests, launchers and notebooks build the commands they run in Python:

    cmd = "deepspeed train.py --model_name_or_path facebook/opt-1.3b"
    subprocess.run(["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct", "--port", "8000"])
    testargs = f"tune download {model} --ignore-patterns *.safetensors".split()

Each is read by the shell side's command reader (`detectors.cmdline`), so a flag means the
same in `train.sh` and in `launch.py`. A name inside an f-string or a list stands for the
literal it was last assigned in the module (`literals`); any other expression is a value the
program computes, which names nothing here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from mlgate.scan.cmdline import Word, command_line_references, read_words
from mlgate.scan.found import Found

# Programs whose positional argument is an id (`tune download org/x`, `vllm serve org/x`), as a
# regular-expression alternation: the candidate pass and `--include-comments` use it too.
PROGRAMS = "huggingface-cli|hf|vllm|tune|litgpt|ollama|lmdeploy|sglang"
# A string worth reading as a command: a flag, or one of those programs first.
_COMMAND = re.compile(rf"(?:^|\s)--?\w|^\s*(?:{PROGRAMS})\s+\w")
_UNKNOWN = "$VALUE"  # a computed part: `found_for` never reads a value holding `$`


def command_evidence(node: ast.expr, literals: Mapping[str, ast.Constant],
                     source: str | None = None) -> list[tuple[ast.expr, Found]]:
    """References in `node` when it is a command string, f-string or argument list (fill-in
    placeholders left out, as everywhere in Python code). `source`: the module's text, which
    places a reference in a string whose lines were joined by `\\` continuations."""
    return [(at, found) for at, found in _commands(node, literals, source) if not found.placeholder]


def _commands(node: ast.expr, literals: Mapping[str, ast.Constant], source: str | None) -> list[tuple[ast.expr, Found]]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if not _COMMAND.search(node.value):
            return []
        return [(_inside(node, node.value, offset, source), found)
                for offset, found in command_line_references(node.value)]
    if isinstance(node, ast.JoinedStr):
        text = "".join(_part(value, literals) for value in node.values)
        if not _COMMAND.search(text):
            return []
        return [(_inside(node, text, offset), found) for offset, found in command_line_references(text)]
    if isinstance(node, ast.List | ast.Tuple) and node.elts and _is_argv(node.elts):
        words = [Word(_part(element, literals)) for element in node.elts]
        return [(_word_node(node.elts[hit.index], hit.start), hit.found) for hit in read_words(words)]
    return []


def _is_argv(elements: list[ast.expr]) -> bool:
    """`["python", "serve.py", "--model", x]`: a list of words with a flag or a known program first."""
    strings = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if len(strings) < len(elements) / 2:
        return False
    return any(s.startswith("-") for s in strings) or bool(_COMMAND.match(" ".join(strings[:2])))


def _part(node: ast.expr, literals: Mapping[str, ast.Constant]) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.FormattedValue):
        node = node.value
    if isinstance(node, ast.Name) and node.id in literals:
        value = literals[node.id].value
        return value if isinstance(value, str) else _UNKNOWN
    return _UNKNOWN


def _word_node(element: ast.expr, start: int) -> ast.expr:
    if isinstance(element, ast.Constant) and isinstance(element.value, str):
        return _inside(element, element.value, start)
    return element


def _inside(node: ast.expr, text: str, offset: int, source: str | None = None) -> ast.expr:
    """A node standing at character `offset` of the string `node` writes as `text`: its own line in
    a triple-quoted command (`\"\"\"...\n--model org/x\n\"\"\"`), its own column in a plain one-line
    literal; the literal itself when the two cannot be lined up (escapes, a prefix)."""
    newlines = text.count("\n", 0, offset)
    if newlines:
        line_start = text.rfind("\n", 0, offset) + 1
        line = node.lineno + newlines
        if source is not None and (node.end_lineno or node.lineno) - node.lineno > text.count("\n"):
            line = _source_line(source, node.lineno, newlines)  # `\\`-joined lines: count the source's
        return _placed(node, line, len(text[line_start:offset].encode()))
    end = node.end_col_offset
    plain = (isinstance(node, ast.Constant) and end is not None and node.end_lineno == node.lineno
             and end - node.col_offset == len(text.encode()) + 2)
    return _placed(node, node.lineno, node.col_offset + 1 + len(text[:offset].encode())) if plain and offset else node


def _source_line(source: str, first: int, newlines: int) -> int:
    """The source line of a string opening on line `first` on which its value's line `newlines`
    (0-based) starts, where lines ending in a `\\` continue in the source but not in the value."""
    line, start = first, 0
    for _ in range(first - 1):
        start = source.index("\n", start) + 1
    while newlines > 0:
        end = source.find("\n", start)
        if end < 0:
            break
        stripped = source[start:end].rstrip("\r")
        trailing = len(stripped) - len(stripped.rstrip("\\"))
        if trailing % 2 == 0:
            newlines -= 1  # a newline the value keeps
        line, start = line + 1, end + 1
    return line


def _placed(node: ast.expr, line: int, column: int) -> ast.expr:
    located = ast.Constant(value="")
    located.lineno = located.end_lineno = line
    located.col_offset = located.end_col_offset = column
    return located
