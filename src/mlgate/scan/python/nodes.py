"""Walking `ast` trees for calls, dict literals and string literals without visiting what cannot hold one.

`ast.iter_child_nodes` and `ast.walk` yield every `Load()` context, operator and name and read
every field of a node through a generator; the analyses only look for calls, dicts, containers
and constants. These walks read only the fields that can hold nodes and leave out the nodes
that hold nothing the analyses look for, in the same order as `ast` gives the rest.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator

# Contexts and operators: nodes with no node below them that any analysis reads.
_MARKERS = frozenset(cls for base in (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
                     for cls in base.__subclasses__())
# What a walk for literals passes over: a name has only its context below it.
NOT_LITERALS = frozenset({ast.Name, *_MARKERS})
# Nodes under which no call or dict literal can sit.
LEAVES = frozenset({ast.Constant, *NOT_LITERALS})

# Fields that hold names, numbers or strings, never nodes (and `names`, whose import aliases
# hold no expression).
_SCALAR_FIELDS = frozenset({"id", "attr", "arg", "name", "names", "module", "level", "value_str", "conversion",
                            "kind", "type_comment", "is_async", "lineno", "col_offset"})
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def child_fields(cls: type[ast.AST]) -> tuple[str, ...]:
    """The fields of a node class that can hold nodes, in `_fields` order (as `iter_child_nodes` reads them)."""
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = _CHILD_FIELDS[cls] = tuple(f for f in cls._fields if f not in _SCALAR_FIELDS)
    return fields


def children(node: ast.AST, skip: frozenset[type[ast.AST]]) -> list[ast.AST]:
    """The child nodes of `node` not of a type in `skip`, in `ast.iter_child_nodes` order."""
    found: list[ast.AST] = []
    for name in child_fields(type(node)):
        child = getattr(node, name, None)
        if child.__class__ is list:  # `ast` fills list fields with plain lists
            found += [item for item in child if type(item) not in skip and isinstance(item, ast.AST)]
        elif isinstance(child, ast.AST) and type(child) not in skip:
            found.append(child)
    return found


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """`ast.walk(node)` (breadth first) without names, contexts and operators."""
    todo = deque([node])
    while todo:
        node = todo.popleft()
        todo.extend(children(node, NOT_LITERALS))
        yield node


_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every statement of `body` and of the blocks nested in it (functions, classes, `if`, `try`,
    `match` ...), and their `except` handlers and `case`s, without visiting any expression."""
    todo: list[ast.AST] = list(reversed(body))
    while todo:
        node = todo.pop()
        yield node
        for name in _BLOCK_FIELDS:
            block = getattr(node, name, None)
            if block:
                todo.extend(reversed(block))


def imports_module(tree: ast.Module, module: str, source: str | None = None) -> bool:
    """Does any statement of `tree`, nested ones too (`try: from ollama import Client`), import `module`?
    `source`, the text `tree` was parsed from, answers first when it does not name the module."""
    if source is not None and module not in source:
        return False
    return any((isinstance(node, ast.Import) and any(alias.name.split(".")[0] == module for alias in node.names))
               or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == module)
               for node in statements(tree.body))


def bound_name(node: ast.AST) -> str | None:
    """The name `node` binds, if it binds one: an assigned (or deleted) name, a parameter."""
    if isinstance(node, ast.Name):
        return None if isinstance(node.ctx, ast.Load) else node.id
    return node.arg if isinstance(node, ast.arg) else None


def dotted_name(node: ast.expr) -> str:
    """`a.b.c` for a called name as written (no import aliases expanded; `f().x` is `x`)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def lambda_result(node: ast.expr | None) -> ast.expr | None:
    """What a `lambda` without parameters returns (`field(default_factory=lambda: ["org/x", "1.0"])`)."""
    return node.body if isinstance(node, ast.Lambda) and not node.args.args else None


def parameter_defaults(arguments: ast.arguments) -> list[tuple[ast.arg, ast.expr]]:
    """(parameter, its default) of every parameter a function gives one, positional then keyword-only."""
    positional = [*arguments.posonlyargs, *arguments.args]
    return [*zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults, strict=True),
            *((arg, default) for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
              if default is not None)]
