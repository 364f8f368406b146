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

from mlgate.model import Kind, Role
from mlgate.scan.python.analysis import argument_of
from mlgate.scan.python.nodes import dotted_name
from mlgate.scan.python.rules import REPLICATE_CLASSES, is_replicate_call, spec_for
from mlgate.scan.python.targets import Found
from mlgate.targets import replicate_reference


def replicate_names(tree: ast.Module) -> frozenset[str]:
    """Names whose value the module gives to a Replicate model slot (empty unless it imports Replicate)."""
    if not any(_imports_replicate(stmt) for stmt in tree.body):
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        dotted = dotted_name(node.func)
        spec = spec_for(dotted) if is_replicate_call(dotted) else None
        for rule in spec.args if spec is not None else ():
            argument = argument_of(node, rule)
            if isinstance(argument, ast.Name):
                names.add(argument.id)
    return frozenset(names)


def replicate_found(text: str, via: str) -> Found | None:
    """The Replicate model a literal given to Replicate names (`replicate/owner/name`), or None."""
    found = replicate_reference(text)
    return Found(found[0], Kind.API_MODEL, via, Role.INPUT, found[1]) if found is not None else None


def _imports_replicate(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Import):
        return any(alias.name.split(".")[0] == "replicate" for alias in stmt.names)
    if isinstance(stmt, ast.ImportFrom):
        return (stmt.module or "").split(".")[0] == "replicate" or any(
            alias.name in REPLICATE_CLASSES for alias in stmt.names)
    return False
