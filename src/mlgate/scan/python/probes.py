"""Calls of the project's own functions and classes imported from another module.

`from .pipelines import StableDiffusionXL; StableDiffusionXL("stabilityai/sdxl-turbo")`: whether
that id is a model depends on what `StableDiffusionXL` does with its argument, which is written
in another file. The call is recorded as a probe (a `Pending` item with `probe` set): after every
file is scanned, `crossmodule` appends the same call to the defining module's text and analyses
it there, where the class or function is a local helper, and reports what it finds at the call.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Iterator, Sequence

from mlgate.model import Kind
from mlgate.scan.python.nameddefaults import module_constants
from mlgate.scan.python.nodes import LEAVES, bound_name, children
from mlgate.scan.python.pending import ImportRef, Slot, could_be_local
from mlgate.scan.python.rules import ArgRule
from mlgate.scan.python.sites import call_lines
from mlgate.targets import KNOWN_BARE_IDS, looks_like_hub_id

MAX_PROBES = 50  # per module: a test file calling a helper a thousand times is not worth more


def imported_calls(tree: ast.Module, spots: Sequence[int], text: str = "", stubbed: str = "",
                   ) -> Iterator[tuple[ast.expr, str, ImportRef, Slot, ast.Constant | None]]:
    """(argument, its Hub-shaped value, the callee's import, where the value goes, the literal when
    the argument is a module constant's name) for calls of a function or class imported from a
    module that may be the project's: `Loader("org/x")`, and `Loader(MODEL)` after `MODEL = "org/x"`.

    Only the parts of the tree that hold one of `spots` (the sorted lines with a reference-shaped
    literal) or a call of an imported name in `text` are walked: walking every node of every
    module that imports a project name cost more than the rest of the analysis. `stubbed`: the text
    of the function bodies left out of `tree` (a constant named there may be rebound there)."""
    local: dict[str, ImportRef] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and could_be_local(stmt.level, stmt.module or ""):
            for alias in stmt.names:
                if alias.name != "*":
                    local[alias.asname or alias.name] = ImportRef(stmt.level, stmt.module or "", alias.name)
    if not local or not spots:
        return
    constants = _module_constants(tree, stubbed, text)
    lines = sorted({*spots, *call_lines(text, frozenset(local))}) if constants and text else spots
    count = 0
    for node in _around(tree, lines):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in local):
            continue
        ref = local[node.func.id]
        slots: list[tuple[ast.expr, int | None, str]] = [(arg, i, "") for i, arg in enumerate(node.args)]
        slots += [(k.value, None, k.arg) for k in node.keywords if k.arg]
        for value, position, keyword in slots:
            literal = constants.get(value.id) if isinstance(value, ast.Name) else value
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str) and _probed(literal.value):
                rule = ArgRule(position, (keyword,) if keyword else (), Kind.MODEL)
                yield value, literal.value, ref, Slot(rule, ref.name, False, (), False), (
                    literal if literal is not value else None)
                count += 1
                if count >= MAX_PROBES:
                    return


def _probed(value: str) -> bool:
    """Worth following into the callee's module: a Hub id, or one of the Hub's legacy canonical ids
    (`MODEL_NAME = "bert-base-cased"` given to the project's `get_training_utilities`)."""
    return looks_like_hub_id(value) or value in KNOWN_BARE_IDS


def _module_constants(tree: ast.Module, stubbed: str, text: str = "") -> dict[str, ast.Constant]:
    """Names the module binds once, at its top level, to a Hub-shaped literal (`MODEL = "org/x"`),
    and nowhere else: not in a nested block, not as a function's parameter or local (where a call
    would read that binding instead), not in a body `stubbed` holds. `text`: what `tree` was
    parsed from (a binding is written on a line that holds the name: only those are walked)."""
    # (only Hub-shaped ones can be probed: with none, no extra line of the module is walked)
    found = {name: value for name, value in module_constants(tree.body).items()
             if isinstance(value.value, str) and _probed(value.value)}
    if not found:
        return found
    stores: dict[str, int] = {}
    for node in _around(tree, _lines_naming(text, found), frozenset()) if text else ast.walk(tree):
        name = bound_name(node)
        if name in found:
            stores[name] = stores.get(name, 0) + 1
    return {name: value for name, value in found.items()
            if stores.get(name, 0) == 1 and not (stubbed and _rebound(name).search(stubbed))}


def _rebound(name: str) -> re.Pattern[str]:
    """A stubbed body that may bind `name` again (`global NAME`, or an assignment to it): there the
    call could read another value. One that only reads it (`get(MODEL_NAME)`) changes nothing."""
    escaped = re.escape(name)
    return re.compile(rf"\bglobal\b[^\n]*\b{escaped}\b|\b{escaped}\b[ \t]*(?::[^=\n]*)?=(?!=)")


def _lines_naming(text: str, names: Iterable[str]) -> list[int]:
    """Sorted 1-based numbers of the lines of `text` on which one of `names` is written."""
    offsets: list[int] = []
    for name in names:
        position = text.find(name)
        while position >= 0:
            offsets.append(position)
            position = text.find(name, position + len(name))
    lines: list[int] = []
    line, counted = 1, 0
    for offset in sorted(offsets):  # newlines counted once, from one offset to the next
        line += text.count("\n", counted, offset)
        counted = offset
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _around(tree: ast.Module, lines: Sequence[int], skip: frozenset[type[ast.AST]] = LEAVES) -> Iterator[ast.AST]:
    """The nodes of `tree` whose lines include one of `lines` (and nodes without lines inside those),
    in source order; nothing below a node of a type in `skip` (by default: no call below a name or
    a constant)."""
    stack: list[ast.AST] = list(reversed(tree.body))  # reversed, so nodes come in source order
    while stack:
        node = stack.pop()
        first = getattr(node, "lineno", None)
        if first is not None:
            at = bisect.bisect_left(lines, first)
            if at == len(lines) or lines[at] > (getattr(node, "end_lineno", None) or first):
                continue
        yield node
        stack.extend(reversed(children(node, skip)))


def probe_call(ref: ImportRef, slot: Slot, value: str) -> str:
    """The call as the defining module would write it: `Name(None, "org/x")`, `Name(model="org/x")`."""
    quoted = repr(value)
    if slot.rule.position is not None:
        return f"{ref.name}({'None, ' * slot.rule.position}{quoted})"
    return f"{ref.name}({slot.rule.keywords[0]}={quoted})"


# `MODEL_NAME = "bert-base-cased"` at a module's top level (the value Hub-shaped or a legacy id). Found by
# its newline: `re` skips to a literal first character in C, but tries `^` (MULTILINE) at every position.
_TOP_CONSTANT = re.compile(r"""\n([A-Z][A-Z0-9_]*)[ \t]*(?::[^=\n]*)?=[ \t]*["']([^"'\n]+)["'][ \t]*(?=[#\n]|\Z)""")


def constant_use_lines(text: str) -> list[int]:
    """Sorted 1-based numbers of the lines that name a module constant holding an id, in a module
    that imports: a call of the project's helper there (`get_training_utilities(
    MODEL_NAME)`, in a function nothing else marks) is a probe, so its function must be parsed.
    (Any module with an import: where a name comes from is settled later, by `imported_calls`.)"""
    if "import" not in text:
        return []
    names = [m.group(1) for m in _TOP_CONSTANT.finditer("\n" + text) if _probed(m.group(2))]
    return _lines_naming(text, names) if names else []
