"""Model names given to LLM, chat and embedding clients where no keyword says `model`.

Name evidence reads a callee-named first argument (`HFTokenizer("org/x")`, `evidence`). Clients of
hosted models are called otherwise: a factory takes the model among other arguments
(`adapter.create_llm(client, "gpt-4o", "openai")`), instructor's `from_provider` takes a LiteLLM-style
`provider/model`, and agno / phidata model classes take it as `id=` (`OpenAIChat(id="gpt-4o")`).
There a value counts only when it is unmistakably a model: a hosted API model name, or (for agno's
`id=`, whose class says it is a model) whatever the provider's slot takes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mlgate.model import Kind, Role
from mlgate.scan.names import is_client_callee
from mlgate.scan.python.nodes import statements
from mlgate.scan.python.rules import ArgRule
from mlgate.scan.python.targets import Found, resolve_target
from mlgate.targets import is_api_model, normalise_target

# instructor's `from_provider("google/gemini-2.0-flash")`: a LiteLLM-style `provider/model`.
PROVIDER_MODEL_CALLS = frozenset({"from_provider"})
# Modules whose classes are model clients taking the model as `id=` (agno, and phidata before it).
_MODEL_CLASS_MODULES = ("agno.models", "phi.model", "phi.models")
_MAX_POSITION = 4  # a factory's model comes among its first few arguments


def model_classes(tree: ast.Module, source: str | None) -> frozenset[str]:
    """The names the module imports from agno's or phidata's model modules (`OpenAIChat`, `Claude`)."""
    if source is not None and "agno" not in source and "phi." not in source:
        return frozenset()
    names: set[str] = set()
    for node in statements(tree.body):  # (imports are statements: no walk through every expression)
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and any(
                node.module == m or node.module.startswith(m + ".") for m in _MODEL_CLASS_MODULES):
            names.update(alias.asname or alias.name for alias in node.names)
    return frozenset(names)


def client_arguments(call: ast.Call, last: str, classes: frozenset[str]) -> Iterator[tuple[ast.Constant, Found]]:
    """The literals of `call` (a call of `last`) that name the model a client talks to."""
    if last in PROVIDER_MODEL_CALLS and call.args:
        yield from _api_models(call.args[:1], f"argument of {last}")
    elif is_client_callee(last):  # (the first argument is read with the callee's name, in `evidence`)
        yield from _api_models(call.args[1:_MAX_POSITION], f"argument of {last}")
    if last in classes:
        rule = ArgRule(None, ("id",), scheme="ollama" if "Ollama" in last else "api")
        for keyword in call.keywords:
            value = keyword.value
            if keyword.arg == "id" and isinstance(value, ast.Constant) and isinstance(value.value, str):
                found = resolve_target(value.value, rule, f"{last}(id=)", None, lambda _: None, lambda _: False)
                if found is not None:
                    yield value, found


def api_model_found(text: str, via: str) -> Found | None:
    """`text` as a hosted API model (`gpt-4o`, `google/gemini-2.0-flash`), or None for any other value."""
    value = text.strip()
    if not is_api_model(value):
        return None
    return Found(normalise_target(value, Kind.API_MODEL), Kind.API_MODEL, via, Role.INPUT)


def _api_models(args: list[ast.expr], via: str) -> Iterator[tuple[ast.Constant, Found]]:
    for arg in args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found = api_model_found(arg.value, via)
            if found is not None:
                yield arg, found
