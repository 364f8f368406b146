"""Collections whose every use is a membership test: names to compare a model against, not references.

    reasoning_models = {"o1", "o1-preview", "o3-mini"}
    if model in reasoning_models: ...                     # what a model given elsewhere may be called

says how the code treats a model it is given, not which model it loads. (An `org/name` id in one
stays: it names one repository whatever the test, `if name in PRESHARDED: snapshot_download(name)`.)
A collection that is also
iterated, indexed, called on or passed on (`for m in SUPPORTED_MODELS: load(m)`) lists what the code
uses, and its names stay references. Uses are found by name anywhere in the module (a local and a
module constant of the same name count together), so a second use of any other kind keeps them.
"""

from __future__ import annotations

import ast

from mlgate.scan.python.analysis import NeedsFullSource
from mlgate.scan.python.targets import Found

_PREFIX_TESTS = frozenset({"startswith", "endswith"})  # `name.startswith(tuple(PREFIXES))`
_CONVERSIONS = frozenset({"set", "frozenset", "tuple", "list"})


class Membership:
    """Which names of a module are read only as the right side of `in` / `not in` (or a prefix test)."""

    def __init__(self, tree: ast.Module, stubbed: bool) -> None:
        self.tree = tree
        self.stubbed = stubbed  # `tree` has stubbed function bodies (`reduce.py`): a use there would not be seen
        self._only: dict[str, bool] | None = None

    def drop_tested(self, found: list[tuple[ast.expr, Found]], before: int, name: str, value: ast.expr) -> None:
        """Drop the names `value`, assigned to `name`, gave (`found` from `before` on) when it is a collection
        whose every use is a membership test; but not an `org/name` id, which names one repository
        whatever the code tests it for (`if name in PRESHARDED: snapshot_download(name)`)."""
        if any("/" not in f.target for _, f in found[before:]) and self.only_tested(name, value):
            found[before:] = [(node, f) for node, f in found[before:] if "/" in f.target]

    def only_tested(self, name: str, value: ast.expr) -> bool:
        """Whether `value`, assigned to `name`, is a collection of literals whose every use is a membership test."""
        if not _collection(value):
            return False
        if self._only is None:
            self._only = _membership_only(self.tree)
        if self._only.get(name, False) and self.stubbed:
            raise NeedsFullSource(f"the uses of {name} may be in stubbed bodies")
        return self._only.get(name, False)


def _collection(value: ast.expr) -> bool:
    """A set, list or tuple written out, or one converted (`frozenset({...})`, `tuple([...])`)."""
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _CONVERSIONS
            and len(value.args) == 1 and not value.keywords):
        value = value.args[0]
    return isinstance(value, ast.Set | ast.List | ast.Tuple)


def _membership_only(tree: ast.Module) -> dict[str, bool]:
    """Name -> whether all its reads (as `x` or `<obj>.x`) are membership tests; names read nowhere are absent."""
    tested: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            tested.update(id(right) for op, right in zip(node.ops, node.comparators, strict=True)
                          if isinstance(op, ast.In | ast.NotIn))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _PREFIX_TESTS
              and len(node.args) == 1):
            argument = node.args[0]
            if isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name) and argument.func.id == "tuple":
                argument = argument.args[0] if len(argument.args) == 1 else argument
            tested.add(id(argument))
    only: dict[str, bool] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Load):
            name = node.id if isinstance(node, ast.Name) else node.attr
            only[name] = only.get(name, True) and id(node) in tested
    return only
