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
from mlgate.scan.python.analysis import argument_of
from mlgate.scan.python.nodes import dotted_name
from mlgate.scan.python.rules import REPLICATE_CLASSES, is_replicate_call, spec_for
from mlgate.scan.python.targets import Found
from mlgate.targets import replicate_reference


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
    if (text is not None and "eplicate" not in text) or not any(
            _imports_replicate(stmt) for stmt in _statements(tree.body)):
        return given
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    for call, function in _calls(tree.body, None, functions):
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


def _calls(body: list[ast.stmt], function: ast.FunctionDef | ast.AsyncFunctionDef | None,
           functions: list[ast.FunctionDef | ast.AsyncFunctionDef],
           ) -> Iterator[tuple[ast.Call, ast.FunctionDef | ast.AsyncFunctionDef | None]]:
    """Every call in `body`, with the function whose body holds it (None: the module's own code);
    the functions met are appended to `functions`."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            functions.append(stmt)
            yield from _calls(stmt.body, stmt, functions)
            continue
        nested = _child_blocks(stmt)
        for node in ast.walk(stmt) if not nested else _own_nodes(stmt):
            if isinstance(node, ast.Call):
                yield node, function
        for block in nested:
            yield from _calls(block, function, functions)


def _child_blocks(stmt: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [block for name in ("body", "orelse", "finalbody") if isinstance(block := getattr(stmt, name, None), list)]
    blocks += [handler.body for handler in getattr(stmt, "handlers", [])]
    blocks += [case.body for case in getattr(stmt, "cases", [])]
    return blocks


def _own_nodes(stmt: ast.stmt) -> Iterator[ast.AST]:
    """The nodes of a compound statement's header (its test, iterator, items), not of its blocks."""
    for name, value in ast.iter_fields(stmt):
        if name in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, ast.AST):
                yield from ast.walk(item)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of `body`, nested ones too (a lazy `import replicate` inside a function)."""
    for stmt in body:
        yield stmt
        for block in _child_blocks(stmt):
            yield from _statements(block)


def _binds(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """Does `function` bind `name` itself (a parameter, an assignment in its body)?"""
    arguments = function.args
    if any(arg.arg == name for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)):
        return True
    return any(isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
               for stmt in function.body for node in ast.walk(stmt))


def _imports_replicate(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Import):
        return any(alias.name.split(".")[0] == "replicate" for alias in stmt.names)
    if isinstance(stmt, ast.ImportFrom):
        return (stmt.module or "").split(".")[0] == "replicate" or any(
            alias.name in REPLICATE_CLASSES for alias in stmt.names)
    return False
