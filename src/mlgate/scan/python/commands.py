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
import functools
import re
from collections.abc import Mapping

from mlgate.scan.base import line_starts
from mlgate.scan.cmdline import MODEL_ARGS_KEYS, Word, command_line_references, model_args_references, read_words
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


def model_args_evidence(keyword: ast.keyword) -> list[tuple[ast.expr, Found]]:
    """lm-eval's `model_args="pretrained=org/x,peft=org/y"` keyword: the `--model_args` value of
    its command line, each id at its own column."""
    value = keyword.value
    if keyword.arg not in MODEL_ARGS_KEYS or not isinstance(value, ast.Constant) or not isinstance(value.value, str):
        return []
    return [(_inside(value, value.value, offset), found)
            for offset, found in model_args_references(value.value, keyword.arg) if not found.placeholder]


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
        if source is not None and (node.end_lineno or node.lineno) - node.lineno > text.count("\n"):
            # `\\`-joined lines: the source's own line and column
            return _placed(node, *_source_place(source, node.lineno, newlines, offset - line_start))
        return _placed(node, node.lineno + newlines, len(text[line_start:offset].encode()))
    end = node.end_col_offset
    plain = (isinstance(node, ast.Constant) and end is not None and node.end_lineno == node.lineno
             and end - node.col_offset == len(text.encode()) + 2)
    return _placed(node, node.lineno, node.col_offset + 1 + len(text[:offset].encode())) if plain and offset else node


def _source_place(source: str, first: int, newlines: int, chars: int) -> tuple[int, int]:
    """(line, byte column) in `source` of character `chars` of line `newlines` (0-based) of the
    value of a string opening on line `first`, where a line ending in a `\\` continues in the
    source but not in the value (the value joins it to the next, without the backslash)."""
    starts = _line_starts(source)
    if not 1 <= first <= len(starts):
        return first + newlines, chars
    line = first
    while newlines > 0 and line < len(starts):
        if not _continued(source, starts, line):
            newlines -= 1  # a newline the value keeps
        line += 1
    while line < len(starts) and _continued(source, starts, line):
        text = _line_text(source, starts, line)
        if chars < len(text) - 1:
            break
        chars -= len(text) - 1  # the line's text up to its backslash is in the value
        line += 1
    return line, len(_line_text(source, starts, line)[:chars].encode())


def _line_text(source: str, starts: list[int], line: int) -> str:
    end = starts[line] - 1 if line < len(starts) else len(source)
    return source[starts[line - 1]:end].rstrip("\r")


def _continued(source: str, starts: list[int], line: int) -> bool:
    """Does 1-based `line` end in an odd run of backslashes (a continuation)?"""
    text = _line_text(source, starts, line)
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


@functools.lru_cache(maxsize=2)
def _line_starts(source: str) -> list[int]:
    """Where each line of `source` starts (one module's at a time: its hash is cached by `str`)."""
    return line_starts(source)


def _placed(node: ast.expr, line: int, column: int) -> ast.expr:
    located = ast.Constant(value="")
    located.lineno = located.end_lineno = line
    located.col_offset = located.end_col_offset = column
    return located
