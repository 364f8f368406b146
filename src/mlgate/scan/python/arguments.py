"""The arguments of a call that fill a slot: by keyword or position, or through a dict it expands."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from mlgate.scan.python.pending import MARK
from mlgate.scan.python.rules import ArgRule
from mlgate.scan.python.scopes import Scope, Use
from mlgate.scan.python.values import Env, keyword_arg


def argument_of(node: ast.Call, rule: ArgRule) -> ast.expr | None:
    """The argument of `node` that fills the slot `rule` (by keyword, else by position), or None."""
    for name in rule.keywords:
        found = keyword_arg(node, name)
        if found is not None:
            return found
    if rule.position is not None and len(node.args) > rule.position:
        if any(isinstance(a, ast.Starred) for a in node.args[: rule.position + 1]):
            return None
        return node.args[rule.position]
    return None


def expanded_arguments(env: Env, call: ast.Call, names: tuple[str, ...], scope: Scope,
                       use: Use) -> list[tuple[ast.expr, Scope, Use]]:
    """The values the dicts `call` expands give a keyword of `names`, each where it is written (and
    the scope it is read in): `create(**params)` after `params = dict(model="chatglm3", ...)` or
    `params = {"model": "chatglm3", ...}`."""
    found: list[tuple[ast.expr, Scope, Use]] = []
    for keyword in call.keywords:
        if keyword.arg is not None:
            continue
        for container, where, at in env.containers(keyword.value, scope, use, 0):
            if isinstance(container, ast.Dict):
                found.extend((value, where, at) for key, value in zip(container.keys, container.values, strict=True)
                             if isinstance(key, ast.Constant) and key.value in names)
    return found


@dataclass
class CallContext:
    """Other arguments of the same call (`revision=`, `repo_type=`, `pretrained=True`)."""

    env: Env
    call: ast.Call
    scope: Scope
    use: Use

    def keyword_string(self, name: str) -> str | None:
        values = self.env.strings(keyword_arg(self.call, name), self.scope, self.use)
        return values[0] if len(values) == 1 and MARK not in values[0] else None

    def keyword_flag(self, name: str) -> bool:
        value = keyword_arg(self.call, name)
        return isinstance(value, ast.Constant) and value.value is True
