"""Defaults that name a module constant: `model_id: str = WAN22_MODEL_ID`, `def load(key=_DEFAULT_MODEL)`.

A reader names the default as a place of the model: it is where the field or parameter takes the
value, the line a developer edits to point one loader at another constant. Such a default is a use
of the constant (`WAN22_MODEL_ID = "org/x"`, a string the module assigns once), reported at the
name with the assignment as its origin, when the field or parameter name says model (or, under a
name that says nothing, `key`, the constant's own name does).

The name evidence pass (`evidence`) visits only statements that hold a candidate line; these
defaults hold none (the literal is elsewhere), so the definitions around them are looked at here:
a `def`'s defaults and a class body's fields, at module level and in classes, nothing deeper.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from mlgate.scan.python.namedvalues import target_name
from mlgate.scan.python.nodes import parameter_defaults

# (the default, the field or parameter name, "default" or "field", the owning function or class)
NamedDefault = tuple[ast.Name, str, str, str]


def module_constants(body: list[ast.stmt]) -> dict[str, ast.Constant]:
    """Names the module's top level binds once, in a statement of their own, to a string literal
    (`MODEL = "org/x"`, `MODEL: str = "org/x"`), and nowhere else at the top level."""
    bound: dict[str, ast.Constant | None] = {}
    for stmt in body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(
            stmt, ast.AnnAssign | ast.AugAssign) else []
        for target in targets:
            if isinstance(target, ast.Name):
                value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) and len(targets) == 1 else None
                once = target.id not in bound and isinstance(value, ast.Constant) and isinstance(value.value, str)
                bound[target.id] = value if once and isinstance(value, ast.Constant) else None
    return {name: value for name, value in bound.items() if value is not None}


def named_defaults(stmt: ast.stmt, literals: Mapping[str, ast.Constant], owner: str = "") -> Iterator[NamedDefault]:
    """Defaults and fields of `stmt` (a `def` or a class) that are a name `literals` holds."""
    if not literals:
        return
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
        yield from _parameter_defaults(stmt, literals, owner if stmt.name == "__init__" and owner else stmt.name)
    elif isinstance(stmt, ast.ClassDef):
        for item in stmt.body:
            if isinstance(item, ast.AnnAssign) and (used := _constant(item.value, literals)) is not None:
                name = target_name(item.target)
                if name:
                    yield used, name, "field", stmt.name
            elif isinstance(item, ast.Assign) and (used := _constant(item.value, literals)) is not None:
                for target in item.targets:
                    name = target_name(target)
                    if name:
                        yield used, name, "field", stmt.name
            elif isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from _parameter_defaults(item, literals, stmt.name if item.name == "__init__" else item.name)


def _parameter_defaults(function: ast.FunctionDef | ast.AsyncFunctionDef, literals: Mapping[str, ast.Constant],
                        owner: str) -> Iterator[NamedDefault]:
    for arg, default in parameter_defaults(function.args):
        if (used := _constant(default, literals)) is not None:
            yield used, arg.arg, "default", owner


def _constant(value: ast.expr | None, literals: Mapping[str, ast.Constant]) -> ast.Name | None:
    """`value` when it is a name the module assigns one string to."""
    return value if isinstance(value, ast.Name) and value.id in literals else None
