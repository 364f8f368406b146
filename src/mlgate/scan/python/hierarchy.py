"""The classes a module defines and what they derive from: which constructor a call runs.

A wrapper class may keep a constructor parameter in an attribute that a base class's
`__init__` stores (`class ANYSCALE(LLM): def __init__(self, model, key): super().__init__(model, key)`)
or that it inherits a constructor for. Only the classes of the same module, defined at its top
level, are known.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from mlgate.scan.python.scopes import Binding, Scope
from mlgate.scan.python.statements import last_name


class Hierarchy:
    """Class name -> the names of its bases (as written), and which classes define `__init__`."""

    def __init__(self, tree: ast.Module) -> None:
        self.bases: dict[str, list[str]] = {}
        self.constructors: set[str] = set()
        for stmt in tree.body:  # (the module's own classes: a class in a function is not looked for)
            if isinstance(stmt, ast.ClassDef):
                self.bases.setdefault(stmt.name, []).extend(last_name(base) for base in stmt.bases)
                if any(isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == "__init__"
                       for s in stmt.body):
                    self.constructors.add(stmt.name)

    def ancestors(self, name: str) -> list[str]:
        """`name` and the classes of this module it derives from, nearest first."""
        found = [name]
        for current in found:  # (grows while read: a breadth-first walk)
            found.extend(base for base in self.bases.get(current, []) if base in self.bases and base not in found)
        return found

    def derives(self, name: str, base: str) -> bool:
        return base in self.ancestors(name)

    def constructor(self, name: str) -> str | None:
        """The class whose `__init__` building a `name` runs: itself or the nearest base defining one."""
        return next((c for c in self.ancestors(name) if c in self.constructors), None)

    def derived(self, base: str) -> set[str]:
        """The classes of this module that are `base` or derive from it."""
        return {name for name in self.bases if self.derives(name, base)}


def calls_super_init(node: ast.Call) -> bool:
    """`super().__init__(...)`."""
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call)
            and last_name(func.value.func) == "super")


def class_of(scope: Scope) -> Scope | None:
    """The class whose method `scope` is (a function directly in a class body), or None."""
    parent = scope.parent
    return parent if scope.kind == "function" and parent is not None and parent.kind == "class" else None


def callees(name: str, super_init: bool, scope: Scope, classes: Hierarchy | None) -> list[tuple[str, str]]:
    """(the function, or the class whose constructor, a call of `name` runs; the class it builds):
    `load(...)`, `Sub(...)` that inherits `Base.__init__`, `super().__init__(...)` (`super_init`) in
    a method of `Sub`. `classes` None: no class constructor is followed (a call runs what it names)."""
    if classes is None:
        return [(name, name)]
    owner = class_of(scope)
    if super_init:
        bases = classes.bases.get(owner.name, []) if owner is not None else []
        return [(init, owner.name) for base in bases if owner is not None and (init := classes.constructor(base))]
    inherited = classes.constructor(name) if name in classes.bases else None
    return [(name, name), *([(inherited, name)] if inherited is not None and inherited != name else [])]


def stored_parameters(arg: ast.Attribute, scope: Scope, attributes: dict[str, list[Binding]], classes: Hierarchy,
                      read_all: Callable[[str], None]) -> list[tuple[ast.Name, Scope, str | None]]:
    """`self.model` read in a method, where a method of the same class stored a parameter
    (`def __init__(self, model): self.model = model`), or the `__init__` of a class it derives
    from: (that parameter, that method's scope, the reading class when it is not the storing one).

    So `TOGETHER("org/x")` is read through `__init__` into the loader call of `query()`, and
    `ANYSCALE("org/x")` through `LLM.__init__` (`super().__init__(model)`, or inherited).
    `read_all(attr)`: reads the function bodies not read yet, where a base class's may store it."""
    owner = class_of(scope)
    if owner is None or not (isinstance(arg.value, ast.Name) and arg.value.id == "self"):
        return []
    ancestors = classes.ancestors(owner.name)
    if len(ancestors) > 1:
        read_all(arg.attr)
    stored: list[tuple[ast.Name, Scope, str | None]] = []
    bindings = attributes.get(arg.attr, [])
    for binding in bindings:
        value, method = binding.value, binding.scope
        storing = class_of(method)
        if (isinstance(value, ast.Name) and storing is not None and storing.name in ancestors
                and (storing is owner or method.name == "__init__")
                and any(b.param for b in method.bindings.get(value.id, []))
                # (not when the method sets the attribute again afterwards: `self.model = "org/fixed"`)
                and not any(other.scope is method and other.line > binding.line for other in bindings)):
            stored.append((value, method, None if storing is owner else owner.name))
    return stored
