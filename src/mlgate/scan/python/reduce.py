"""Parse only what can matter: function bodies without a line of interest become `pass`.

Before parsing a large module, every `def` whose body holds no loader call, target keyword
or argparse binding is stubbed out line for line (line numbers and columns of the rest are
unchanged), so `ast` builds a fraction of the tree. Methods of a class that holds a line of
interest are stubbed too, but the analysis reads every method of such a class (they share
`self.x`), so their original text is handed over (`Reduced.methods`): an analysis that would
have read something there (an attribute set, a class attribute given on, a helper called)
is redone on the full text. Blocks are found from indentation in one pass, with
triple-quoted strings and multi-line `def` headers accounted for; when that guess is wrong
the reduced text does not parse and the caller parses the original instead. Analyses that
need a stubbed body (a helper called from one, an attribute set in one) are redone on the
full text by the caller (`analysis.NeedsFullSource`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from mlgate.scan.base import line_starts

MIN_CHARS = 4_000  # below this, parsing everything costs less than deciding what to skip
_HEADER = re.compile(r"([ \t]*)(?:(?:async[ \t]+)?def|(class))[ \t]+\w+")
_TRIPLE = re.compile(r"'''|\"\"\"")
_HEADER_WORDS = ("def", "async", "class")
_NOT_CODE = ("", "#")
_STRINGS = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")


@dataclass(frozen=True)
class Reduced:
    text: str  # the module with uninteresting function bodies replaced by `pass`
    # The original lines of the stubbed method bodies of classes holding a line of interest
    # (joined by newlines): what the analysis must check before trusting `text` alone.
    methods: str
    bodies: str  # the original lines of every stubbed body, the methods' too (joined by newlines)


def reduce_source(text: str, keep: list[int], starts: list[int] | None = None,
                  keep_methods: bool = False) -> Reduced | None:
    """`text` with uninteresting function bodies replaced; None if nothing was stubbed.

    `keep` holds the 1-based numbers of the lines that must survive, sorted; `starts` the
    offsets at which the lines of `text` begin, when the caller has them. `keep_methods`: every
    method of a class holding a line of interest is kept (for an analysis that needed them).
    """
    if len(text) < MIN_CHARS:
        return None
    lines = text.split("\n")
    code = _code_lines(text, lines, starts if starts is not None else line_starts(text))
    blocks = _blocks(lines, code)
    out = lines
    changed = False
    stubbed_until = -1
    owning_until = -1  # the end of the last class holding a line of interest
    methods: list[str] = []
    bodies: list[str] = []
    for header, body_start, body_end, indent, is_class in blocks:
        if header <= stubbed_until:
            continue  # nested in a body already stubbed
        holds = _holds(keep, body_start, body_end)
        if is_class:
            if holds:
                owning_until = max(owning_until, body_end)
            continue
        # a kept line in a multi-line header (`def f(model="org/x"):`) keeps the body too: the
        # default's uses are read there, and stubbing it would cost a full parse later
        if holds or _holds(keep, header, body_start - 1) or body_start > body_end or (
                keep_methods and header <= owning_until):
            continue
        if not changed:
            out = list(lines)
            changed = True
        if header <= owning_until:
            methods.extend(lines[body_start:body_end + 1])
        bodies.extend(lines[body_start:body_end + 1])
        out[body_start] = " " * (indent + 4) + "pass"
        out[body_start + 1:body_end + 1] = [""] * (body_end - body_start)
        stubbed_until = body_end
    return Reduced("\n".join(out), "\n".join(methods), "\n".join(bodies)) if changed else None


def _holds(keep: list[int], start: int, end: int) -> bool:
    first = bisect.bisect_left(keep, start + 1)  # `keep` is 1-based, indexes here 0-based
    return first < len(keep) and keep[first] <= end + 1


def _code_lines(text: str, lines: list[str], starts: list[int]) -> list[bool]:
    """For each line: does it hold code that indentation can be read from?

    Blank and comment-only lines do not, nor lines that start inside a triple-quoted string.
    """
    code = [stripped[:1] not in _NOT_CODE for stripped in map(str.lstrip, lines)]
    quote: str | None = None
    opened_line = 0
    for match in _TRIPLE.finditer(text):
        line = bisect.bisect_right(starts, match.start()) - 1
        if quote is None:
            if "#" in text[starts[line]:match.start()]:
                continue  # a triple quote in a comment
            quote, opened_line = match.group(), line
        elif match.group() == quote:
            for inside in range(opened_line + 1, line + 1):
                code[inside] = False
            quote = None
    return code


def _blocks(lines: list[str], code: list[bool]) -> list[tuple[int, int, int, int, bool]]:
    """(header line, first body line, last body line, indent, is a class) of every def and class."""
    found: list[tuple[int, int, int, int, bool]] = []
    open_blocks: list[tuple[int, int, int, bool]] = []  # indent, header line, body start, is a class
    last_code = -1
    resume = 0  # the line after a multi-line header
    for index in itertools.compress(range(len(lines)), code):  # code lines only
        if index < resume:
            continue
        line = lines[index]
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        while open_blocks and indent <= open_blocks[-1][0]:
            block_indent, header, body_start, is_class = open_blocks.pop()
            found.append((header, body_start, last_code, block_indent, is_class))
        match = _HEADER.match(line) if stripped.startswith(_HEADER_WORDS) else None
        if match is not None:
            end = _header_end(lines, index)
            if end >= 0 and end + 1 < len(lines):
                open_blocks.append((indent, index, end + 1, match.group(2) is not None))
                last_code = resume = end
                resume += 1
                continue
        last_code = index
    while open_blocks:
        block_indent, header, body_start, is_class = open_blocks.pop()
        found.append((header, body_start, last_code, block_indent, is_class))
    found.sort()
    return found


def _header_end(lines: list[str], start: int) -> int:
    """The line on which the header starting at `start` ends with its colon, or -1."""
    depth = 0
    for index in range(start, min(len(lines), start + 50)):
        code = lines[index]
        if "'" in code or '"' in code or "#" in code:  # most header lines hold neither
            code = _STRINGS.sub('""', code).split("#", 1)[0]
        depth += code.count("(") + code.count("[") + code.count("{")
        depth -= code.count(")") + code.count("]") + code.count("}")
        if depth <= 0:
            stripped = code.rstrip()
            if stripped.endswith(":"):
                return index
            if stripped.endswith("\\"):
                continue
            return -1  # `def f(): return x` on one line, or something unexpected
    return -1
