"""IPython magics, translated line by line so the rest of a notebook cell parses as Python.

A cell with `!pip install x` alone inside an `if`, a `!python train.py \\` command over
several lines, or a `%pip` line must not send the notebook to the tolerant fallback. Each
magic line becomes `pass` at its own indentation (a block whose only statement was a magic
stays a block), continuation lines become blank, so every Python line keeps its number. What
the magics run is kept apart: `!cmd` lines and `%%bash` / `%%sh` cells as shell commands,
`%%writefile x.yaml` cells as a config file, `%%writefile x.py` as Python; `%env NAME=value`
is a shell assignment (a variable whose name says model is reported there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

_CELL_MAGIC = re.compile(r"^\s*%%(?P<name>\w+)(?P<args>.*)$")
_SHELL_CELLS = frozenset({"bash", "sh", "shell", "system"})
_PYTHON_CELLS = frozenset({"time", "timeit", "capture", "prun", "debug", "pypy", "python", "python3"})
_TIMING = re.compile(r"^(?P<indent>\s*)%(?:time|timeit|prun)\s")  # `%time expr`: the rest is Python
_SHELL_LINE = re.compile(r"^(?P<indent>\s*)(?:(?P<target>[\w.]+\s*=\s*)?!!?|%(?:sx|system)\s)")
_ENV_LINE = re.compile(r"^(?P<indent>\s*)%env\s+(?=[A-Za-z_]\w*=)")  # `%env MODEL_ID=org/x`: an assignment
_LINE_MAGIC = re.compile(r"^(?P<indent>\s*)(?:%%?\w|\?)")  # `%%capture` below a form line too
_HELP = re.compile(r"^(?P<indent>\s*)[\w.]+\?\??\s*$")
CONFIG_SUFFIXES = (".yaml", ".yml", ".json")


class CellKind(StrEnum):
    PYTHON = "python"  # Python (with magics translated)
    SHELL = "shell"  # a %%bash cell: all of it is shell
    CONFIG = "config"  # %%writefile x.yaml: the body is that file
    OTHER = "other"  # %%html, %%javascript, %%sql, ...: nothing to read


@dataclass
class ShellCommand:
    """One shell command a cell runs: (line index, first column) of each piece, joined by newlines."""

    pieces: list[tuple[int, int]] = field(default_factory=list)

    def text(self, lines: list[str]) -> str:
        return "\n".join(lines[index][column:] for index, column in self.pieces)


@dataclass
class CellTranslation:
    kind: CellKind
    python: list[str]  # one entry per cell line: the Python text of that line ("" when none)
    shell: list[ShellCommand]
    written_file: str = ""  # %%writefile's file name (CONFIG cells)
    body_start: int = 1  # the first line after the cell magic


def translate_cell(lines: list[str]) -> CellTranslation:
    """What each line of a code cell is: Python (same line numbers), shell commands, or a written file."""
    blank = [""] * len(lines)
    # A cell magic opens the cell; Colab's form lines (`#@title ...`) may stand before it.
    start = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), 0)
    magic = _CELL_MAGIC.match(lines[start]) if lines else None
    if magic is not None:
        name, args = magic.group("name"), magic.group("args").split()
        body = [(i, 0) for i in range(start + 1, len(lines))]
        if name in _SHELL_CELLS or (name == "script" and args[:1] in (["bash"], ["sh"])):
            return CellTranslation(CellKind.SHELL, blank, [ShellCommand(body)])
        if name in {"writefile", "file"} and args:
            written = args[-1]
            if written.lower().endswith(CONFIG_SUFFIXES):
                return CellTranslation(CellKind.CONFIG, blank, [], written, start + 1)
            if written.lower().endswith((".sh", ".bash")):
                return CellTranslation(CellKind.SHELL, blank, [ShellCommand(body)])
            if not written.lower().endswith(".py"):
                return CellTranslation(CellKind.OTHER, blank, [])
        elif name not in _PYTHON_CELLS:
            return CellTranslation(CellKind.OTHER, blank, [])
        translated = _translate_lines(lines[start + 1:])
        return CellTranslation(CellKind.PYTHON, [""] * (start + 1) + translated.python,
                               [ShellCommand([(i + start + 1, c) for i, c in s.pieces]) for s in translated.shell])
    return _translate_lines(lines)


def _translate_lines(lines: list[str]) -> CellTranslation:
    python: list[str] = []
    commands: list[ShellCommand] = []
    continuing: ShellCommand | None = None  # a `!cmd \` whose next line continues it
    continuing_magic = False  # a `%pip install a \` line: its continuation is not Python either
    for index, line in enumerate(lines):
        if continuing is not None or continuing_magic:
            python.append("")
            if continuing is not None:
                continuing.pieces.append((index, 0))
            if not line.rstrip().endswith("\\"):
                continuing, continuing_magic = None, False
            continue
        stripped = line.lstrip()
        if not stripped.startswith(("%", "!", "?")) and "!" not in line and not stripped.endswith("?"):
            python.append(line)  # the common case, decided without a regular expression
            continue
        timing = _TIMING.match(line)
        if timing:
            # `%time x = f()` is the statement `x = f()`: written as `if 1: x = f()` (the magic is
            # at least six characters wide), so it parses at the left margin and keeps its columns.
            indent = timing.group("indent")
            python.append(indent + "if 1:".ljust(timing.end() - len(indent)) + line[timing.end():])
            continue
        shell = _SHELL_LINE.match(line) or _ENV_LINE.match(line)
        if shell:
            python.append(f"{shell.group('indent')}pass")
            command = ShellCommand([(index, shell.end())])
            commands.append(command)
            continuing = command if line.rstrip().endswith("\\") else None
            continue
        other = _LINE_MAGIC.match(line) or _HELP.match(line)
        if other:
            python.append(f"{other.group('indent')}pass")
            continuing_magic = line.rstrip().endswith("\\")
            continue
        python.append(line)
    return CellTranslation(CellKind.PYTHON, python, commands)
