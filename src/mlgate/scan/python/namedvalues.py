"""The name a value is given under, read from the syntax around it (no flow): an assignment
target's name, an argparse option's name, a getter's key and default, a `pytest.param`'s value."""

from __future__ import annotations

import ast

from mlgate.scan.python.nodes import dotted_name
from mlgate.scan.python.values import keyword_arg

GETTERS = frozenset({"getenv", "get", "pop", "setdefault"})


def target_name(target: ast.expr) -> str | None:
    """The name an assignment target gives its value: `MODEL`, `self.model_id`, `cfg["model"]`."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        key = target.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None


def flag_name(call: ast.Call) -> str | None:
    """The name an `add_argument` / click option call gives its value: `dest=`, else the long flag."""
    names = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    dest = keyword_arg(call, "dest")
    if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
        return dest.value
    longs = [n for n in names if n.startswith("--")]
    return longs[0] if longs else names[0] if names else None


def unwrap_param(node: ast.expr) -> ast.expr:
    """`pytest.param("org/x", marks=...)` stands for its first value."""
    if isinstance(node, ast.Call) and dotted_name(node.func).endswith("param") and node.args:
        return node.args[0] if len(node.args) == 1 else ast.Tuple(elts=list(node.args), ctx=ast.Load())
    return node


def getter_default(call: ast.Call) -> tuple[str, ast.expr] | None:
    """`os.getenv("MODEL", d)`, `os.environ.get("MODEL", d)`, `cfg.get("model_name", d)`: (key, d)."""
    if dotted_name(call.func).rsplit(".", 1)[-1] not in GETTERS or len(call.args) < 2:
        return None
    key = call.args[0]
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value, call.args[1]
    return None
