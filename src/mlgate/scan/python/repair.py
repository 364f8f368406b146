"""A module with one broken statement is still read as code everywhere else.

A notebook whose cell 31 lacks a comma, a script with one Python 2 `print` line or a template
placeholder: `ast.parse` refuses the whole text, and before this every name, default and flow of
that module was read only by the tolerant pattern reader. Here the top-level block around the
line the parser names is blanked (its lines kept, empty, so every position stays where it was)
and the parse is tried again, a few times at most. What was blanked is read by the tolerant
reader alone; the rest keeps full analysis.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

from mlgate.scan.base import line_starts

MAX_REPAIRS = 4  # broken blocks blanked before giving up on the module


@dataclass(frozen=True)
class Repaired:
    tree: ast.Module
    text: str  # the module with the broken blocks blanked (same lines, same line count)
    blanked: tuple[tuple[int, int], ...]  # character ranges of the original text left out


def repair(text: str) -> Repaired | None:
    """The module parsed with its broken top-level blocks blanked, or None if that does not help."""
    lines = text.split("\n")
    blanked: list[tuple[int, int]] = []  # 0-based line ranges, end exclusive
    for _ in range(MAX_REPAIRS):
        current = "\n".join(lines)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(current)
        except SyntaxError as error:
            if not error.lineno:
                return None
            start, end = _block(lines, min(error.lineno, len(lines)) - 1)
            if all(not line for line in lines[start:end]):
                return None  # the error is outside anything we can blank
            lines[start:end] = [""] * (end - start)
            if not any(lines):
                return None  # nothing left to analyse
            blanked.append((start, end))
            continue
        except (ValueError, RecursionError, MemoryError, OverflowError):
            return None
        return Repaired(tree, current, _char_ranges(text, blanked)) if blanked else None
    return None


def _block(lines: list[str], index: int) -> tuple[int, int]:
    """The top-level block holding line `index`: from the top-level line that opens it (with the
    decorators and comments right above it) to the line before the next top-level statement."""
    start = index
    while start > 0 and not _top_level(lines[start]):
        start -= 1
    while start > 0 and lines[start - 1].startswith(("@", "#")):
        start -= 1
    end = index + 1
    while end < len(lines) and not _top_level(lines[end]):
        end += 1
    return start, end


def _top_level(line: str) -> bool:
    """A line that starts a statement at the left margin (not blank, not a closing bracket)."""
    return bool(line) and not line[0].isspace() and line[0] not in ")]}#"


def _char_ranges(text: str, blanked: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    starts = [*line_starts(text), len(text) + 1]  # a block may end at the last line
    return tuple((starts[a], starts[min(b, len(starts) - 1)]) for a, b in sorted(blanked))


def inside(ranges: tuple[tuple[int, int], ...], offset: int) -> bool:
    return any(a <= offset < b for a, b in ranges)
