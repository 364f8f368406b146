"""pytest's `parametrize`: each value is named by the argument it fills (`"model_id"` says model).

The values are written in the call (`parametrize("model_id", ["org/x", pytest.param("org/y")])`)
or in a list the module binds to a name (`HF_MODELS = [...]` then `parametrize("model_path",
HF_MODELS)`: lmdeploy's tests). A list under a name that says nothing is read with the argument
name the `parametrize` that takes it gives.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mlgate.scan.python.namedvalues import unwrap_param
from mlgate.scan.python.nodes import dotted_name, statements
from mlgate.scan.python.values import keyword_arg


def parametrize_pairs(node: ast.Call) -> Iterator[tuple[ast.expr, str]]:
    """(value, argument name) for each value a `parametrize(...)` call writes out."""
    names, values = _arguments(node)
    if names and isinstance(values, ast.List | ast.Tuple):
        yield from listed_pairs(names, values)


def listed_pairs(names: list[str], values: ast.expr) -> Iterator[tuple[ast.expr, str]]:
    """(value, argument name) for the elements of `values` (a list or tuple) given to `names`."""
    if not isinstance(values, ast.List | ast.Tuple):
        return
    for element in values.elts:
        element = unwrap_param(element)
        if len(names) == 1:
            yield element, names[0]
        elif isinstance(element, ast.Tuple | ast.List):
            yield from ((item, name) for name, item in zip(names, element.elts, strict=False))


def parametrized_names(tree: ast.Module) -> dict[str, list[str]]:
    """Names whose value a `parametrize` takes (`parametrize("model_path", HF_MODELS)`), with the
    argument names it gives them (decorators only: where pytest reads them)."""
    found: dict[str, list[str]] = {}
    for node in statements(tree.body):  # (decorators sit on statements: no expression is visited)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and dotted_name(decorator.func).endswith("parametrize"):
                names, values = _arguments(decorator)
                if names and isinstance(values, ast.Name):
                    found.setdefault(values.id, names)
    return found


def _arguments(node: ast.Call) -> tuple[list[str], ast.expr | None]:
    """(argument names, values) of a `parametrize` call; no names when they are not a literal."""
    if not node.args:
        return [], None
    names_node = node.args[0]
    values = node.args[1] if len(node.args) > 1 else keyword_arg(node, "argvalues")
    if not isinstance(names_node, ast.Constant) or not isinstance(names_node.value, str) or values is None:
        return [], None
    return [name.strip() for name in names_node.value.split(",")], values
