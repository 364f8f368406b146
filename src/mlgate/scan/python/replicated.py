"""Literals a module gives to Replicate through a name: Replicate's models where they are written.

`chat_model = "meta/meta-llama-3-8b-instruct"` then `Replicate(model=chat_model)` or
`replicate.run(chat_model)`: the literal is a model in Replicate's own namespace, no Hub id,
whatever its name says. Name evidence reports it at the literal as the flow pass reports it at
the use (`replicate/owner/name`, an API model), so the use gets its origin and the literal is
never taken for a Hub repository of the same spelling. Only modules that import Replicate
(its client or a LangChain / LlamaIndex Replicate class) are looked at.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

from mlgate.model import Kind, Role
from mlgate.scan.python.arguments import argument_of
from mlgate.scan.python.nodes import bound_name, dotted_name, statements
from mlgate.scan.python.rules import REPLICATE_CLASSES, is_replicate_call, spec_for
from mlgate.scan.python.targets import Found
from mlgate.targets import replicate_reference

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class Given:
    """Names a module gives to Replicate: for each, (first line, last line, role) of where its
    literal is what a Replicate call reads (the calling function when it binds the name itself,
    else the module's own code), and the functions that bind the name for themselves."""

    reads: dict[str, list[tuple[int, int, Role]]] = field(default_factory=dict)
    shadows: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def replicate_names(tree: ast.Module, text: str | None = None) -> Given:
    """Names whose value the module gives to a Replicate model slot (none unless it imports Replicate).
    `text`: the module's text, when the caller has it (most modules never say "replicate")."""
    given = Given()
    if (text is not None and "eplicate" not in text) or not any(map(_imports_replicate, statements(tree.body))):
        return given  # (a lazy `import replicate` inside a function counts too)
    functions: list[Function] = []
    for call, function in _calls(tree, functions):
        dotted = dotted_name(call.func)
        spec = spec_for(dotted) if is_replicate_call(dotted) else None
        for rule in spec.args if spec is not None else ():
            argument = argument_of(call, rule)
            if isinstance(argument, ast.Name):
                span = ((function.lineno, function.end_lineno or function.lineno)
                        if function is not None and _binds(function, argument.id) else _MODULE)
                given.reads.setdefault(argument.id, []).append((*span, rule.role))
    for name in given.reads:
        given.shadows[name] = [(f.lineno, f.end_lineno or f.lineno) for f in functions if _binds(f, name)]
    return given


_MODULE = (0, 0)  # the module's own code: any line outside the functions that bind the name


def replicated_role(given: Given, name: str, value: ast.expr) -> Role | None:
    """The role of the Replicate slot the literal `value`, written under `name`, is given to, or None."""
    line = value.lineno
    for first, last, role in given.reads.get(name, ()):
        if (first, last) == _MODULE:
            if not any(low <= line <= high for low, high in given.shadows.get(name, ())):
                return role
        elif first <= line <= last:
            return role
    return None


def replicate_found(text: str, via: str, role: Role = Role.INPUT) -> Found | None:
    """The Replicate model a literal given to Replicate names (`replicate/owner/name`), or None."""
    found = replicate_reference(text)
    return Found(found[0], Kind.API_MODEL, via, role, found[1]) if found is not None else None


def _calls(tree: ast.Module, functions: list[Function]) -> Iterator[tuple[ast.Call, Function | None]]:
    """Every call in `tree`, with the function whose body holds it (None: the module's own code);
    the functions met are appended to `functions`."""
    todo: list[tuple[ast.AST, Function | None]] = [(tree, None)]
    while todo:
        node, function = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                functions.append(child)
                todo.append((child, child))
                continue
            if isinstance(child, ast.Call):
                yield child, function
            todo.append((child, function))


def _binds(function: Function, name: str) -> bool:
    """Does `function` bind `name` itself (a parameter, an assignment in its body)?"""
    return any(bound_name(node) == name for node in ast.walk(function.args)) or any(
        bound_name(node) == name for stmt in function.body for node in ast.walk(stmt))


def _imports_replicate(stmt: ast.AST) -> bool:
    if isinstance(stmt, ast.Import):
        return any(alias.name.split(".")[0] == "replicate" for alias in stmt.names)
    if isinstance(stmt, ast.ImportFrom):
        return (stmt.module or "").split(".")[0] == "replicate" or any(
            alias.name in REPLICATE_CLASSES for alias in stmt.names)
    return False
