"""IPython's expansion of Python variables in `!` lines, read without running anything.

Before a `!cmd` line (and `x = !cmd`, `%sx`, `%env`) reaches the shell, IPython formats it with
the kernel's namespace: `{expr}` is replaced by the value of the Python expression, `$name` by
the value of a name (`$$` stands for a `$`, and `$name` inside single quotes is left alone). If
any of them fails (an unknown name such as `$HOME`, a `{` that is not an expression such as
`'{"model": "x"}'` or an awk program) IPython leaves the whole line as written, for the shell.

Here the namespace is what the notebook's Python cells assign: a name takes the string literal of
its last assignment before the `!` line in notebook order (or of its only assignment); a name
bound to anything else is unknown and its field is left as written. An expression is worked out
only when it is a literal, a name, or string methods and subscripts over them
(`{model_path.split('/')[-1]}`); nothing is evaluated. `%%bash` cells are not expanded (IPython
runs their body as written), so their `$name` stays a shell variable.
"""

from __future__ import annotations

import ast
import bisect
import builtins
import keyword
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from mlgate.model import Kind
from mlgate.scan.found import Found
from mlgate.scan.python.modulefile import PARSE_ERRORS, parse_quietly
from mlgate.targets import KNOWN_BARE_IDS

Place = tuple[int, int, int]  # (cell number, line index in the cell, column): where a literal's value starts
Order = tuple[int, int]  # (cell number, line index): notebook order


@dataclass(frozen=True)
class Literal:
    value: str
    place: Place
    exact: bool  # the value is written as is (no escapes), so its characters stand at `place` onwards


_UNKNOWN = object()  # bound to something not worked out: the field is left as written
_MAX_VALUE = 4096

# IPython's `$name` (DollarFormatter): a `$` and a dotted word, taken when an even number of single
# quotes follows it in its piece of text (so not inside '...'); the parity is counted once, not per `$`.
_DOLLAR = re.compile(r"\$(\$?[\w.]+)")
_STRING_METHODS = frozenset({"split", "rsplit", "strip", "lstrip", "rstrip", "lower", "upper", "replace",
                             "removeprefix", "removesuffix"})


class PythonBindings:
    """The names a notebook's Python cells bind, each with what it was bound to, in notebook order."""

    def __init__(self) -> None:
        self._bindings: dict[str, list[tuple[Order, Literal | None]]] = {}

    def add_cell(self, cell: int, lines: Sequence[str]) -> None:
        """Record the bindings of one cell's Python text (one entry per cell line)."""
        tree = parse_quietly("\n".join(lines))
        if tree is not None:  # a cell that does not parse binds nothing known here
            self._statements(cell, lines, tree.body)

    def _statements(self, cell: int, lines: Sequence[str], body: list[ast.stmt]) -> None:
        for statement in body:
            order = (cell, statement.lineno - 1)
            if isinstance(statement, ast.Assign | ast.AnnAssign):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                literal = _literal(statement.value, cell, lines) if statement.value is not None else None
                for target in targets:
                    for name in _bound_names(target):
                        # `a = b = "x"` binds both to the literal; `a, b = ...` to something unknown
                        self._bind(name, order, literal if isinstance(target, ast.Name) else None)
            elif isinstance(statement, ast.If | ast.Try | ast.With):
                for name in _bound_names(statement) if isinstance(statement, ast.With) else ():
                    self._bind(name, order, None)  # `with open(f) as name:`
                for block in _blocks(statement):
                    self._statements(cell, lines, block)
            else:  # loops, functions, classes, imports, `x += ...`: bound to something not worked out
                for name in _bound_names(statement):
                    self._bind(name, order, None)

    def _bind(self, name: str, order: Order, literal: Literal | None) -> None:
        bisect.insort_right(self._bindings.setdefault(name, []), (order, literal), key=lambda binding: binding[0])

    def lookup(self, name: str, use: Order) -> Literal | object | None:
        """What `name` holds at `use`: a Literal, `_UNKNOWN`, or None when nothing binds it."""
        bindings = self._bindings.get(name)
        if not bindings:
            return None
        # bindings are recorded in notebook order: one bisect, not a pass per `!` line's field
        before = bisect.bisect_left(bindings, use, key=lambda binding: binding[0])
        if before:
            return bindings[before - 1][1] or _UNKNOWN
        return (bindings[0][1] or _UNKNOWN) if len(bindings) == 1 else _UNKNOWN


def _blocks(statement: ast.If | ast.Try | ast.With) -> list[list[ast.stmt]]:
    if isinstance(statement, ast.If):
        return [statement.body, statement.orelse]
    if isinstance(statement, ast.Try):
        return [statement.body, *(handler.body for handler in statement.handlers), statement.orelse,
                statement.finalbody]
    return [statement.body]


def _bound_names(node: ast.AST) -> list[str]:
    """Names a statement (or assignment target) binds: loop and `with` targets, names stored in a
    loop body, `x += 1`, walrus targets (a comprehension's own names too: taken as unknown, which
    only makes a lookup more careful)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [(alias.asname or alias.name).split(".")[0] for alias in node.names]
    if isinstance(node, ast.With):  # its body is read as statements of its own
        return [name for item in node.items if item.optional_vars is not None
                for name in _bound_names(item.optional_vars)]
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]


def _literal(value: ast.expr, cell: int, lines: Sequence[str]) -> Literal | None:
    """A plain string constant, with the place of its first character."""
    if not isinstance(value, ast.Constant) or not isinstance(value.value, str) or len(value.value) > _MAX_VALUE:
        return None
    line = lines[value.lineno - 1]
    column = len(line.encode()[:value.col_offset].decode(errors="replace"))  # ast counts UTF-8 bytes
    quote = line[column:column + 1]
    exact = quote in "'\"" and line[column + 1:column + 1 + len(value.value) + 1] == value.value + quote
    return Literal(value.value, (cell, value.lineno - 1, column + 1 if exact else column), exact)


@dataclass(frozen=True)
class Piece:
    """A run of the expanded text: from `start` there, standing for the text from `source` in the line."""

    start: int
    source: int
    literal: Literal | None = None  # the Python literal a field brought here
    substituted: bool = False  # a field's value: every character of it stands at `source`


@dataclass(frozen=True)
class Expansion:
    text: str
    pieces: list[Piece]

    def piece_at(self, offset: int) -> Piece:
        return next(piece for piece in reversed(self.pieces) if piece.start <= offset)

    def source_offset(self, offset: int) -> int:
        """Where character `offset` of the expanded text is written in the line."""
        piece = self.piece_at(offset)
        return piece.source if piece.substituted else piece.source + offset - piece.start


_FIELD = re.compile(r"\{([^{}]*)\}|\$([A-Za-z_]\w*)")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def field_names(commands: Iterable[str]) -> set[str]:
    """The names the `{...}` and `$name` fields of shell lines could read (a cheap over-estimate)."""
    names: set[str] = set()
    for text in commands:
        if "{" in text or "$" in text:
            for match in _FIELD.finditer(text):
                names.update(_IDENTIFIER.findall(match.group(1) or match.group(2)))
    # (`{print $1}` of an awk program: builtins and keywords are not the notebook's settings)
    return {name for name in names if not hasattr(builtins, name) and not keyword.iskeyword(name)}


Lookup = Callable[[str], "Literal | object | None"]


class _NotExpanded(Exception):
    """IPython would fail on the line and leave it as written."""


def expand(text: str, lookup: Lookup) -> Expansion | None:
    """The line as IPython hands it to the shell, or None when it stays as written."""
    if "{" not in text and "}" not in text and "$" not in text:
        return None
    builder = _Builder()
    try:
        for start, literal_text, field in _format_fields(text):
            builder.dollar_fields(literal_text, start, lookup)
            if field is not None:
                builder.field(field[1], field[0], field[2], lookup)
    except _NotExpanded:
        return None
    return Expansion("".join(builder.parts), builder.pieces) if builder.changed else None


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.length = 0
        self.changed = False

    def add(self, text: str, source: int, literal: Literal | None = None, substituted: bool = False) -> None:
        if text:
            self.pieces.append(Piece(self.length, source, literal, substituted))
            self.parts.append(text)
            self.length += len(text)

    def dollar_fields(self, text: str, base: int, lookup: Lookup) -> None:
        quotes_after = _quotes_after(text) if "'" in text else None
        position = 0
        for match in _DOLLAR.finditer(text):
            if quotes_after is not None and quotes_after[match.end()] % 2:
                continue  # inside single quotes: left to the shell as written
            self.add(text[position:match.start()], base + position)
            name = match.group(1)
            if name.startswith("$"):  # `$$name`: a literal `$name`
                self.add(name, base + match.start(1))
                self.changed = True
            else:
                self.field(name, base + match.start(), "$" + name, lookup)
            position = match.end()
        self.add(text[position:], base + position)

    def field(self, expression: str, source: int, raw: str, lookup: Lookup) -> None:
        value, literal = _evaluate(expression, lookup)
        self.changed = True
        if value is None:  # IPython fills it with something not worked out here: left as written
            self.add(raw, source)
            return
        self.add(value, source, literal, substituted=True)


def _quotes_after(text: str) -> list[int]:
    """For each offset, how many single quotes stand at or after it."""
    counts = [0] * (len(text) + 1)
    for index in range(len(text) - 1, -1, -1):
        counts[index] = counts[index + 1] + (text[index] == "'")
    return counts


def _format_fields(text: str) -> list[tuple[int, str, tuple[int, str, str] | None]]:
    """str.format's split of `text`: (offset, literal text, (field offset, expression, raw field) or None)."""
    out: list[tuple[int, str, tuple[int, str, str] | None]] = []
    literal: list[str] = []
    literal_start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char in "{}" and text[index + 1:index + 2] == char:  # `{{` and `}}`: one literal brace
            out.append((literal_start, "".join(literal), None))
            out.append((index, char, None))
            literal, literal_start, index = [], index + 2, index + 2
            continue
        if char == "}":
            raise _NotExpanded  # a single `}`: str.format fails
        if char == "{":
            end, depth = index + 1, 1
            while end < len(text) and depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            if depth:
                raise _NotExpanded
            out.append((literal_start, "".join(literal), (index, text[index + 1:end - 1], text[index:end])))
            literal, literal_start, index = [], end, end
            continue
        literal.append(char)
        index += 1
    out.append((literal_start, "".join(literal), None))
    return out


def _evaluate(expression: str, lookup: Lookup) -> tuple[str | None, Literal | None]:
    """The string an expression gives, worked out from literals only (None: not worked out).
    An expression IPython could not evaluate (not Python, or a name nothing binds) fails the line."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except PARSE_ERRORS:
        raise _NotExpanded from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and lookup(node.id) is None and not hasattr(builtins, node.id):
            raise _NotExpanded  # NameError: `$HOME`, `{PATH}` are left to the shell
    found: list[Literal] = []
    try:
        value = _value(tree.body, lookup, found)
    except RecursionError:  # a chain of a thousand subscripts parses, but is deeper than `_value` goes
        return None, None
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None, None
    return str(value), (found[0] if len(found) == 1 else None)


def _value(node: ast.expr, lookup: Lookup, found: list[Literal]) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        held = lookup(node.id)
        if isinstance(held, Literal):
            found.append(held)
            return held.value
        return _UNKNOWN
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        return -node.operand.value if isinstance(node.operand.value, int) else _UNKNOWN
    if isinstance(node, ast.Subscript):
        held, index = _value(node.value, lookup, found), _value(node.slice, lookup, found)
        if isinstance(held, str | list) and isinstance(index, int) and -len(held) <= index < len(held):
            return held[index]
        return _UNKNOWN
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _STRING_METHODS
            and not node.keywords):
        held = _value(node.func.value, lookup, found)
        arguments = [_value(argument, lookup, found) for argument in node.args]
        if isinstance(held, str) and all(isinstance(a, str | int) and not isinstance(a, bool) for a in arguments):
            if node.func.attr == "replace" and _replaced_length(held, arguments) > _MAX_VALUE:
                return _UNKNOWN  # chained `.replace('a', 'aaaa')` grows without bound: not worked out
            try:
                result: object = getattr(held, node.func.attr)(*arguments)  # str methods only: no user code
            except (TypeError, ValueError):
                return _UNKNOWN
            return result
    return _UNKNOWN


def _replaced_length(held: str, arguments: list[object]) -> int:
    """An upper bound on the length of `held.replace(*arguments)`, known before running it."""
    if len(arguments) < 2 or not isinstance(arguments[0], str) or not isinstance(arguments[1], str):
        return len(held)  # a call str.replace refuses (TypeError) returns nothing
    old, new = arguments[0], arguments[1]
    return len(held) + held.count(old) * max(len(new) - len(old), 0)


def kept_from_python(found: Found) -> bool:
    """Whether a reference read through a Python variable is kept. A notebook names a Hub model or
    data set in a variable as `org/name`; a bare word there is a run, template or display name
    (FastChat's `--model-id mistral-dolphin-sft`) unless it is a legacy Hub id (`gpt2`)."""
    bare = found.kind in {Kind.MODEL, Kind.DATASET, Kind.ADAPTER} and "/" not in found.target
    return not bare or found.target in KNOWN_BARE_IDS
