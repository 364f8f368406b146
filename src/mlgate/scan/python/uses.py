"""Uses of a literal that name evidence reported, reached through the name it was given.

A reader follows a name a few lines: a builder's default passed on to the class that loads it,
a test's `cls.dataset_name` set once and given to every config it builds:

    def alpaca_dataset(tokenizer, *, source="tatsu-lab/alpaca"):
        return SFTDataset(source=source, ...)             # used here

    class TestGetDataset(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.dataset_name = "trl-internal-testing/zen"
        def test_mixture(self):
            DatasetConfig(id=self.dataset_name, ...)      # used here

Each use is reported at the name, with the literal's `Found`; the Python detector gives it the
literal's place as `origin`. Only keyword arguments count (a positional one may be anything),
and not those of log, filter or assertion calls (`rules.NOT_A_USE`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace

from mlgate.scan.names import name_meaning
from mlgate.scan.python.analysis import NeedsFullSource
from mlgate.scan.python.nodes import walk
from mlgate.scan.python.rules import NOT_A_USE
from mlgate.scan.python.stubbed import StubbedMethods
from mlgate.scan.python.targets import Found

_RECEIVERS = frozenset({"self", "cls"})


def parameter_uses(body: list[ast.stmt], passed: dict[str, Found]) -> list[tuple[ast.expr, Found]]:
    """Parameters whose default names a target, passed on under their own name or one that says
    what they are (`SFTDataset(source=source)`, `load(model_name_or_path=name)`)."""
    out: list[tuple[ast.expr, Found]] = []
    for call, keyword in _keywords(body):
        value = keyword.value
        if (isinstance(value, ast.Name) and value.id in passed and keyword.arg is not None
                and (keyword.arg == value.id or name_meaning(keyword.arg) is not None)):
            out.append((value, replace(passed[value.id], via=f"{_callee(call)}({keyword.arg}=)")))
    return out


def attribute_uses(body: list[ast.stmt], attributes: dict[str, Found],
                   stubbed: StubbedMethods | None = None) -> list[tuple[ast.expr, Found]]:
    """`self.dataset_name` / `cls.dataset_name` given as a keyword argument anywhere in the class:
    the attribute's own name says what it is. `stubbed`: `body` was parsed with stubbed methods,
    these; one that may give an attribute on raises `NeedsFullSource`."""
    if stubbed is not None and any(stubbed.contains(f".{name}") for name in attributes):
        raise NeedsFullSource("a stubbed method may give a class attribute on", stubbed.methods_only)
    out: list[tuple[ast.expr, Found]] = []
    for call, keyword in _keywords(body):
        value = keyword.value
        if (isinstance(value, ast.Attribute) and value.attr in attributes and isinstance(value.value, ast.Name)
                and value.value.id in _RECEIVERS):
            out.append((value, replace(attributes[value.attr], via=f"{_callee(call)}({keyword.arg}=)")))
    return out


def _keywords(body: list[ast.stmt]) -> Iterator[tuple[ast.Call, ast.keyword]]:
    for node in (n for stmt in body for n in walk(stmt) if isinstance(n, ast.Call)):
        if _callee(node) not in NOT_A_USE:
            yield from ((node, keyword) for keyword in node.keywords if keyword.arg is not None)


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else "call"


def on_receiver(target: ast.expr) -> bool:
    """`self.x` or `cls.x`: an attribute the class's methods share."""
    return isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in _RECEIVERS
