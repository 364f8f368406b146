"""The name a value is given under, read from the syntax around it (no flow): an assignment
target's name, an argparse option's name, a getter's key and default, a `pytest.param`'s value."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mlgate.scan.names import name_words
from mlgate.scan.python.nodes import dotted_name, lambda_result
from mlgate.scan.python.values import keyword_arg

GETTERS = frozenset({"getenv", "get", "pop", "setdefault"})
# Wrappers whose default is the value of the name they are attached to.
# (and prompts that fall back to a default: `Prompt.ask(..., default=)`, `click.prompt(..., default=)`)
_DEFAULT_WRAPPERS = frozenset({"field", "Field", "Option", "Argument", "ib", "attrib", "Param", "Parameter", "ask",
                               "prompt"})
_MAX_DEPTH = 4  # nested collections under one name: {"small": {"hf": "org/x"}} is depth 2


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
    """`os.getenv("MODEL", d)`, `os.environ.get("MODEL", d)`, `cfg.get("model_name", d)`, and
    `getattr(config, "model", d)` (the attribute's value when the object has none): (key, d)."""
    callee = dotted_name(call.func)
    if callee == "getattr" and len(call.args) == 3:
        key, default = call.args[1], call.args[2]
        return (key.value, default) if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
    if callee.rsplit(".", 1)[-1] not in GETTERS or len(call.args) < 2:
        return None
    key = call.args[0]
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value, call.args[1]
    return None


def string_literals(value: ast.expr, depth: int = 0) -> Iterator[ast.Constant]:
    """The string literals a value stands for: the literal, both arms of a condition, the
    elements of a collection, the default of `field(...)` / `os.environ.get(..., x)`."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, ast.Constant):
        if isinstance(value.value, str):
            yield value
    elif isinstance(value, ast.IfExp):
        yield from string_literals(value.body, depth + 1)
        yield from string_literals(value.orelse, depth + 1)
    elif isinstance(value, ast.BoolOp):
        for item in value.values:
            yield from string_literals(item, depth + 1)
    elif isinstance(value, ast.List | ast.Tuple | ast.Set):
        for item in value.elts:
            yield from string_literals(unwrap_param(item), depth + 1)
    elif isinstance(value, ast.Dict):
        for key, item in zip(value.keys, value.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and "/" in key.value:
                yield key  # {"org/name": {...}}: ids as keys of a registry
            yield from string_literals(item, depth + 1)
    elif isinstance(value, ast.Call):
        callee = dotted_name(value.func)
        last = callee.rsplit(".", 1)[-1]
        if last in _DEFAULT_WRAPPERS:
            default = keyword_arg(value, "default") or lambda_result(keyword_arg(value, "default_factory"))
            if default is None and value.args and last in {"Field", "Option", "Argument"}:
                default = value.args[0]
            if default is not None:
                yield from string_literals(default, depth + 1)
        elif (got := getter_default(value)) is not None:
            yield from string_literals(got[1], depth + 1)


def annotated_model(annotation: ast.expr | None) -> bool:
    """Whether a parameter's annotation names a type of model (`PipelineModel`, `Optional[Model]`,
    `"PreTrainedModel"`): a Hub id as its default is a model whatever the parameter's name."""
    for node in ast.walk(annotation) if annotation is not None else ():
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else (
            node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else "")
        if name_words(name)[-1:] == ("model",):
            return True
    return False
