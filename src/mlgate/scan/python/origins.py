"""Where a value that reached a use through a name was written: the `origin` of a reference.

The line a developer edits to change the model: for `from_pretrained(MODEL_ID)`, the
`MODEL_ID = "org/x"` the use reads (the last such assignment before it), else the last place
the same text is written before the use, else the first after it; for a value built at the use
(`f"{BASE}-v2"`), the longest constant it interpolates (or, for a value that is one interpolated
name's alone, `f"models/{self.model}"`, where that name's value was written). Searches run over the analysed text;
where a stubbed function body could hold the answer, the analysis is redone on the full text
(`NeedsFullSource`).
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from mlgate.model import Location
from mlgate.scan.base import line_starts
from mlgate.scan.python.analysis import NeedsFullSource
from mlgate.scan.python.nodes import parameter_defaults
from mlgate.scan.python.statements import last_name
from mlgate.scan.python.stubbed import StubbedMethods
from mlgate.scan.python.targets import Found, package_names
from mlgate.targets import hub_id_from_url

Locate = Callable[[int, int], Location]


class Origins:
    """Where a value that reached a use through a name was written."""

    def __init__(self, written: list[tuple[ast.expr, Found]], text: str, where: Callable[[ast.expr], Location],
                 locate: Locate, positions: Lines, methods: StubbedMethods, tree: ast.Module | None = None) -> None:
        self.by_value: dict[str, list[ast.Constant]] = {}
        for node, found in written:
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                # (a command's text around a `{field}` is no place of the value it was filled with;
                # a bare literal is the place of what it was read as: `"meta/x"` of `replicate/meta/x`)
                for value in dict.fromkeys((found.target, node.value)):
                    if value in node.value or not any(char.isspace() for char in node.value):
                        self.by_value.setdefault(value, []).append(node)
        self.text, self.where, self.locate, self.positions, self.methods = text, where, locate, positions, methods
        self.assignments: dict[tuple[str, bool], dict[str, list[int]]] = {}  # value -> quote offsets
        self.tree = tree
        # the module's functions with a name as a default, by parameter name, in order of their bodies
        self.functions: dict[str, tuple[list[tuple[int, int]], list[_Signature]]] | None = None

    def of(self, node: ast.expr, value: str) -> Location | None:
        if isinstance(node, ast.JoinedStr | ast.BinOp):
            return self._built(node, value)
        if isinstance(node, ast.Constant):
            return None  # written at the use itself
        # (a package's name for a Hub checkpoint, `whisper.load_model(size)` with `size = "small.en"`:
        # the name is written, not the Hub id reported)
        for name in (value, *package_names(value)):
            found = self._through_name(node, name)
            if found is not None:
                return found
        return None

    def _through_name(self, node: ast.expr, value: str) -> Location | None:
        # The same text may be written in several places (two functions' defaults): an assignment
        # of it to the very name the use reads, else the last place before the use a reader
        # follows, else the first after it.
        named = self._assigned(node, value) or self._through_defaults(node, value)
        if named is not None:
            return named
        literals = self.by_value.get(value)
        if literals:
            before = [literal for literal in literals if (literal.lineno, literal.col_offset) <= (node.lineno, 0)]
            return self.where(max(before, key=lambda n: (n.lineno, n.col_offset)) if before else literals[0])
        for quote in ('"', "'"):
            if self.methods.contains(f"{quote}{value}{quote}"):
                raise NeedsFullSource("the first place of a value may be in a stubbed method",
                                      self.methods.methods_only)
            offset = self._nearest(f"{quote}{value}{quote}", node.lineno)
            if offset >= 0:
                line, column = self.positions.position(offset)  # at the opening quote, as for a node
                return self.locate(line, column)
        return None

    def _assigned(self, node: ast.expr, value: str) -> Location | None:
        """For a use through a name (`MODEL`, `self.model_id`), the last `MODEL = "value"` (`self.
        model_id = "value"`, a default on its own line) written before it; None if there is none."""
        if not isinstance(node, ast.Name | ast.Attribute):
            return None
        key = (last_name(node), isinstance(node, ast.Attribute))
        assignments = self.assignments.get(key)
        if assignments is None:  # every `name = "..."` of the module, once per name
            pattern = _assigned_literal(*key)
            if self.methods.search(pattern):
                raise NeedsFullSource("the name may be assigned in a stubbed method", self.methods.methods_only)
            assignments = self.assignments[key] = _assignments(self.text, *key)
        offsets = assignments.get(value, [])
        before = bisect.bisect_left(offsets, self.positions.line_end(node.lineno))
        if not before:
            return None
        line, column = self.positions.position(offsets[before - 1])
        return self.locate(line, column)

    def _through_defaults(self, node: ast.expr, value: str) -> Location | None:
        """For a parameter read at the use whose default is a name (`def load_unet(key=_DEFAULT_MODEL):
        ... hf_hub_download(key)`), that name's assignment (`_DEFAULT_MODEL = "org/x"`), followed
        through defaults that are parameters of an enclosing function in turn; a default that is the
        literal itself is its own place. The value came from there, though the same text may be
        written after it (a key of a dict of models)."""
        for _ in range(_CHAIN):
            if not isinstance(node, ast.Name):
                return None
            default = self._default_of(node)
            if isinstance(default, ast.Constant):
                return self.where(default) if self._written_as(default, value) else None
            if default is None:
                return None
            found = self._assigned(default, value)
            if found is not None:
                return found
            node = default
        return None

    def _written_as(self, literal: ast.Constant, value: str) -> bool:
        """Whether the string `literal` is where `value` is written: the value itself, or read as it
        (a Hub URL of the id). Not merely holding its text: `"org/x-large"` is no place of `org/x`."""
        if not isinstance(literal.value, str):
            return False
        text = literal.value.strip()
        hub = hub_id_from_url(text) if "://" in text else None
        return (text.casefold() == value.casefold() or (hub is not None and hub[0].casefold() == value.casefold())
                or any(node is literal for node in self.by_value.get(value, ())))

    def _default_of(self, node: ast.Name) -> ast.expr | None:
        """The default (a name or a string) of the parameter `node` reads: of the innermost function
        whose body holds `node` and that takes a parameter of that name; None if it has no such default."""
        if self.functions is None:
            self.functions = _by_parameter(_signatures(self.tree) if self.tree is not None else [])
        starts, signatures = self.functions.get(node.id, ([], []))
        at = (node.lineno, node.col_offset)
        # the innermost one holding `node` is the first, going back from the last body that starts
        # before it, whose body also ends after it (a nested function starts after its parent)
        for index in range(bisect.bisect_right(starts, at) - 1, -1, -1):
            if at <= signatures[index].end:
                return signatures[index].params[node.id]
        return None

    def _nearest(self, needle: str, line: int) -> int:
        """Offset of the last `needle` on or before `line`, else of the first after it (-1: none).

        A literal a test compares with (`"claude-opus-4-7" not in self.name`, `name == "x"`) is no place
        the value is written: it is passed over."""
        found = self.text.find(needle)
        while found >= 0 and _compared(self.text, found, len(needle)):
            found = self.text.find(needle, found + 1)
        if found < 0:
            return found
        limit = self.positions.line_end(line)
        following = found
        while (following := self.text.find(needle, following + 1, limit)) >= 0:
            if not _compared(self.text, following, len(needle)):
                found = following
        return found

    def _built(self, node: ast.JoinedStr | ast.BinOp, value: str) -> Location | None:
        """For a value built at the use (`f"{BASE}-v2"`, `ORG + "/x"`): the literal of the longest
        string constant it interpolates, the part a developer edits; None when the longest part
        is written at the use itself (`ORG + "/Llama-3.2-3B"`)."""
        parts = list(ast.walk(node))
        at_use = max((len(n.value) for n in parts  # text of the target written at the use, not a command around it
                      if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in value), default=0)
        best: tuple[int, int] | None = None  # (length of the value, offset of its opening quote)
        for name in {n.id for n in parts if isinstance(n, ast.Name)}:
            if self.methods.search(_assigned_literal(name)):
                raise NeedsFullSource(f"{name} may be assigned first in a stubbed method", self.methods.methods_only)
            match = _assigned_literal(name).search(self.text)
            if match is not None and match.group("value") and match.group("value") in value:
                candidate = (len(match.group("value")), match.start("quote"))
                best = max(best, candidate) if best is not None else candidate
        if best is None and not at_use and isinstance(node, ast.JoinedStr):
            # `f"models/{self.model}"` read as `self.model`'s value: where that value was written
            # (unless the value is written at the use: `f"trl sft --model org/x --out {tmp}"`)
            inner = [part.value for part in node.values if isinstance(part, ast.FormattedValue)]
            written = any(isinstance(n, ast.Constant) and isinstance(n.value, str) and value in n.value for n in parts)
            if len(inner) == 1 and isinstance(inner[0], ast.Name | ast.Attribute) and not written:
                return self.of(inner[0], value)
        if best is None or best[0] <= at_use:
            return None
        line, column = self.positions.position(best[1])
        return self.locate(line, column)


_CHAIN = 4  # parameters followed, one default to the next


@dataclass(frozen=True)
class _Signature:
    """A function's parameters by name (their default when it is a name or a string, else None) and where
    its body is."""

    params: dict[str, ast.expr | None]
    body: tuple[int, int]  # (line, column) of its first statement
    end: tuple[int, int]


def _by_parameter(signatures: list[_Signature]) -> dict[str, tuple[list[tuple[int, int]], list[_Signature]]]:
    """Signatures by each parameter name they give a default, ordered by where their bodies start."""
    grouped: dict[str, list[_Signature]] = {}
    for signature in sorted(signatures, key=lambda s: s.body):
        for name in signature.params:
            grouped.setdefault(name, []).append(signature)
    return {name: ([s.body for s in group], group) for name, group in grouped.items()}


def _signatures(tree: ast.Module) -> list[_Signature]:
    """The functions (and lambdas) of `tree` that give a parameter a name, an attribute or a string as
    its default."""
    found: list[_Signature] = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        arguments = function.args
        defaults = {arg.arg: default for arg, default in parameter_defaults(arguments)
                    if isinstance(default, ast.Name | ast.Attribute)
                    or (isinstance(default, ast.Constant) and isinstance(default.value, str))}
        if not defaults:
            continue
        params: dict[str, ast.expr | None] = dict.fromkeys(
            a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg,
                            arguments.kwarg) if a is not None)
        params.update(defaults)
        first = function.body if isinstance(function.body, ast.expr) else function.body[0]
        end = (function.end_lineno or function.lineno, function.end_col_offset or 0)
        found.append(_Signature(params, (first.lineno, first.col_offset), end))
    return found


def _assignments(text: str, name: str, owned: bool) -> dict[str, list[int]]:
    """Value -> offsets of the opening quotes of every `name = "value"` line of `text` (found from
    the name's occurrences: a line-anchored pattern searched over the whole text costs more)."""
    pattern = _assigned_literal(name, owned)
    found: dict[str, list[int]] = {}
    last_line, position = -1, text.find(name)
    while position >= 0:
        line_start = text.rfind("\n", 0, position) + 1
        if line_start != last_line:
            last_line = line_start
            match = pattern.match(text, line_start)
            if match is not None:
                found.setdefault(match.group("value"), []).append(match.start("quote"))
        position = text.find(name, position + len(name))
    return found


@functools.lru_cache(maxsize=256)
def _assigned_literal(name: str, owned: bool = False) -> re.Pattern[str]:
    """`NAME = "value"` (or `NAME: str = 'value'`; `owned`: `self.NAME = ...` too) at the start of a line."""
    owner = r"(?:\w+\.)*" if owned else ""
    return re.compile(rf"""^[ \t]*{owner}{re.escape(name)}[ \t]*(?::[^=\n]*)?=[ \t]*"""
                      r"""(?P<quote>["'])(?P<value>[^"'\n]*)(?P=quote)""", re.MULTILINE)


class Lines:
    """Line arithmetic over analysed text (ast columns are UTF-8 byte offsets)."""

    def __init__(self, text: str, starts: list[int] | None = None) -> None:
        self.text = text
        self.starts = starts if starts is not None else line_starts(text)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index]

    def line_end(self, line: int) -> int:
        """Offset just past the end of 1-based `line` (its newline included)."""
        return self.starts[line] if 0 <= line < len(self.starts) else len(self.text)

    def char_column(self, line: int, byte_column: int) -> int:
        if not 1 <= line <= len(self.starts):
            return byte_column
        start = self.starts[line - 1]
        text = self.text[start:start + byte_column * 4 + 1]
        if text.isascii():
            return byte_column
        return len(text.encode("utf-8", "surrogatepass")[:byte_column].decode("utf-8", "ignore"))


# A comparison's operator beside a literal: `"x" in name`, `"x" not in name`, `name == "x"`, `"x" != name`.
_COMPARED_AFTER = re.compile(r"[ \t]*(?:(?:not[ \t]+)?in\b|[=!]=)")
_COMPARED_BEFORE = re.compile(r"(?:[=!]=|\bin)[ \t]*$")


def _compared(text: str, offset: int, length: int) -> bool:
    """Whether the literal at `offset` (`length` characters with its quotes) is an operand of a comparison."""
    return (_COMPARED_AFTER.match(text, offset + length) is not None
            or _COMPARED_BEFORE.search(text, max(0, offset - 12), offset) is not None)
