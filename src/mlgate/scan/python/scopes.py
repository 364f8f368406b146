"""Names and where they are bound: the scopes, bindings and use sites `values.Env` folds over.

A name's bindings are kept in source order with their line and branch path, so a lookup
can tell which assignments reach a use (`reaching`): a later assignment in the same block
hides an earlier one; `if/else` keeps both.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from mlgate.scan.python.pending import ImportRef

Path = tuple[int, ...]


class Scope:
    """A module, class, function or comprehension body: the names it binds."""

    __slots__ = ("bindings", "globals", "kind", "name", "parent")

    def __init__(self, kind: str, parent: Scope | None, name: str = "") -> None:
        self.kind = kind
        self.parent = parent
        self.name = name
        self.bindings: dict[str, list[Binding]] = {}
        self.globals: set[str] = set()


@dataclass(eq=False)
class Binding:
    """`name` takes `value` (evaluated in `scope`) at `line`; `index` selects loop elements.

    index None: the name is the value itself. index (): each element of the value (a for
    loop). index (1,): item 1 of each element (`for k, v in d.items()` binds v).
    """

    value: ast.expr | None
    scope: Scope
    line: int
    path: Path = ()
    index: tuple[int, ...] | None = None
    param: bool = False
    imported: ImportRef | None = None  # bound by an import from a module that may be the project's


@dataclass(frozen=True)
class Use:
    """Where a name is read: its line and branch path, for flow-aware lookups."""

    line: int
    path: Path = ()


@dataclass(frozen=True)
class Pair:
    """A synthetic tuple produced by iteration (`d.items()`, `enumerate`, `zip`)."""

    items: tuple[Val | None, ...]


Val = tuple[ast.expr, Scope, Use] | Pair


def is_prefix(short: Path, long: Path) -> bool:
    return len(short) <= len(long) and long[: len(short)] == short


def reaching(bindings: list[Binding], use: Use | None) -> list[Binding]:
    """Bindings whose value can reach `use` (None: read from another scope, after the fact)."""
    use_path: Path = ()
    if use is None:
        candidates = bindings
    else:
        candidates = [b for b in bindings if b.line < use.line] or bindings
        use_path = use.path
    kept: list[Binding] = []
    for binding in sorted(candidates, key=lambda b: b.line, reverse=True):
        if any(is_prefix(k.path, binding.path) for k in kept):
            continue  # always overwritten by a later binding in an enclosing block
        kept.append(binding)
        if is_prefix(binding.path, use_path):
            break  # this one always runs before the use: nothing earlier survives
    return kept


def item_of(val: Val | None, index: int) -> Val | None:
    if val is None:
        return None
    if isinstance(val, Pair):
        return val.items[index] if -len(val.items) <= index < len(val.items) else None
    expr, scope, use = val
    if isinstance(expr, ast.Tuple | ast.List) and -len(expr.elts) <= index < len(expr.elts):
        return (expr.elts[index], scope, use)
    return None


def literal_elements(container: ast.expr, scope: Scope, use: Use) -> Iterator[Val]:
    if isinstance(container, ast.Dict):
        for key in container.keys:
            if key is not None:
                yield (key, scope, use)
    elif isinstance(container, ast.List | ast.Tuple | ast.Set):
        for element in container.elts:
            if not isinstance(element, ast.Starred):
                yield (element, scope, use)
