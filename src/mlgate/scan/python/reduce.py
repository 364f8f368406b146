"""Parse only what can matter: function bodies without a line of interest become `pass`.

Before parsing a large module, every `def` whose body holds no loader call, target keyword
or argparse binding is stubbed out line for line (line numbers and columns of the rest are
unchanged), so `ast` builds a fraction of the tree. Methods of a class that holds a line of
interest are stubbed too, but the analysis reads every method of such a class (they share
`self.x`), so their original text is handed over (`Reduced.methods`): an analysis that would
have read something there (an attribute set, a class attribute given on, a helper called)
is redone on the full text. Blocks are found from indentation (`re` finds the headers and the
line that closes each block), with triple-quoted strings and multi-line `def` headers
accounted for; when that guess is wrong the reduced text does not parse and the caller parses
the original instead. Analyses that
need a stubbed body (a helper called from one, an attribute set in one) are redone on the
full text by the caller (`analysis.NeedsFullSource`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

from mlgate.scan.base import line_starts

MIN_CHARS = 4_000  # below this, parsing everything costs less than deciding what to skip
# Line starts are found by their newline: `re` skips to a literal first character in C, while a
# pattern starting with `^` (MULTILINE) is tried at every position of the text.
_HEADER = r"([ \t]*+)(?:(?:async[ \t]+)?def|(class))[ \t]+\w+"
_FIRST_HEADER, _HEADER_LINE = re.compile(_HEADER), re.compile("\n" + _HEADER)
_TRIPLES = ("'''", '"""')
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
    blocks = _blocks(text, lines, starts if starts is not None else line_starts(text))
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


def _string_lines(text: str, starts: list[int], count: int) -> list[bool]:
    """For each line: does it start inside a triple-quoted string (no indentation to read there)?"""
    inside = [False] * count
    quote: str | None = None
    opened_line = 0
    for offset, found in _triple_quotes(text):
        line = bisect.bisect_right(starts, offset) - 1
        if quote is None:
            if "#" in text[starts[line]:offset]:
                continue  # a triple quote in a comment
            quote, opened_line = found, line
        elif found == quote:
            inside[opened_line + 1:line + 1] = [True] * (line - opened_line)
            quote = None
    return inside


def _triple_quotes(text: str) -> list[tuple[int, str]]:
    """(offset, quote) of every `\"\"\"` and `\'\'\'` in `text`, in order, as `re` would find them
    (`str.find` per quote kind: a pattern with two alternatives is tried at every position)."""
    found: list[tuple[int, str]] = []
    for quote in _TRIPLES:
        position = text.find(quote)
        while position >= 0:
            found.append((position, quote))
            position = text.find(quote, position + 3)
    found.sort()
    return found


@functools.cache
def _closing(indent: int) -> re.Pattern[str]:
    """A code line (neither blank nor a comment) indented by at most `indent` spaces or tabs."""
    return re.compile(rf"\n[ \t]{{0,{indent}}}+(?![ \t])[^\S\n]*[^\s#]")


def _blocks(text: str, lines: list[str], starts: list[int]) -> list[tuple[int, int, int, int, bool]]:
    """(header line, first body line, last body line, indent, is a class) of every def and class.

    A block ends before the next code line indented no deeper than its header; lines inside
    triple-quoted strings and inside multi-line headers do not count. Only headers and the lines
    that close blocks are looked at in Python: the lines between are skipped by `re`.
    """
    skip = _string_lines(text, starts, len(lines))  # lines that never close a block
    headers = _headers(text, lines, starts, skip)
    interior = list(skip)  # ... and, for the last code line before a closing one, neither do these
    for index, end, _indent, _is_class in headers:
        skip[index + 1:end + 1] = [True] * (end - index)
        interior[index + 1:end] = [True] * (end - index - 1)
    return [(index, end + 1, _last_code(lines, interior, _closing_line(text, starts, skip, end, indent)), indent,
             is_class) for index, end, indent, is_class in headers]


def _headers(text: str, lines: list[str], starts: list[int], skip: list[bool]) -> list[tuple[int, int, int, bool]]:
    """(header line, last header line, indent, is a class) of every def and class outside strings."""
    headers: list[tuple[int, int, int, bool]] = []
    resume = 0  # the line after the last multi-line header
    first = _FIRST_HEADER.match(text)
    for match in itertools.chain([first] if first is not None else [], _HEADER_LINE.finditer(text)):
        index = bisect.bisect_right(starts, match.end(1)) - 1
        if index < resume or skip[index]:
            continue
        end = _header_end(lines, index)
        if end >= 0 and end + 1 < len(lines):
            headers.append((index, end, len(match.group(1)), match.group(2) is not None))
            resume = end + 1
    return headers


def _closing_line(text: str, starts: list[int], skip: list[bool], end: int, indent: int) -> int:
    """The first line after `end` (a header's last line) that closes a block indented by `indent`."""
    search = _closing(indent).search
    position = starts[end + 1] - 1  # the newline before the body
    while (found := search(text, position)) is not None:
        line = bisect.bisect_right(starts, found.start() + 1) - 1
        if not skip[line]:
            return line
        if line + 1 >= len(starts):
            break
        position = starts[line + 1] - 1
    return len(starts)


def _last_code(lines: list[str], interior: list[bool], before: int) -> int:
    """The last line before `before` that holds code outside strings and header interiors."""
    line = before - 1
    while line >= 0 and (interior[line] or lines[line].lstrip()[:1] in _NOT_CODE):
        line -= 1
    return line


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
