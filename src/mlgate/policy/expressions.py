"""SPDX-aware allow and deny lists.

A license expression is a choice: `Apache-2.0 OR MIT` may be used under either license,
`Apache-2.0 AND CC-BY-4.0` needs both. So an expression passes an allow list when some
choice uses only allowed licenses, and is caught by a deny list when every choice uses a
denied one. Matching is case-insensitive; list entries may be Hugging Face ids (`llama3.1`)
or catalog names, which are mapped to the expression mlgate writes, and globs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fnmatch import fnmatchcase
from functools import cache
from typing import Any

Leaf = Callable[[tuple[str, ...]], bool]


def satisfiable(expression: str, usable: Leaf) -> bool:
    """Whether some choice within `expression` uses only licenses `usable` accepts.

    `usable` gets the spellings one license may be matched by: (`GPL-2.0-only WITH
    Classpath-exception-2.0`, `GPL-2.0-only`) for an exception, (`MIT`,) otherwise.
    """
    tree = _parse(expression)
    if tree is None:
        return usable((expression.strip(),))
    return _walk(tree, usable)


def allowed_by(expression: str, entries: Iterable[str]) -> bool:
    patterns = _patterns(tuple(entries))
    return satisfiable(expression, lambda names: any(_matches(n, patterns) for n in names))


def denied_by(expression: str, entries: Iterable[str]) -> bool:
    patterns = _patterns(tuple(entries))
    return not satisfiable(expression, lambda names: not any(_matches(n, patterns) for n in names))


def _walk(node: Any, usable: Leaf) -> bool:
    from license_expression import AND, OR, LicenseWithExceptionSymbol

    if isinstance(node, AND):
        return all(_walk(arg, usable) for arg in node.args)
    if isinstance(node, OR):
        return any(_walk(arg, usable) for arg in node.args)
    if isinstance(node, LicenseWithExceptionSymbol):
        base = str(node.license_symbol.key)
        return usable((f"{base} WITH {node.exception_symbol.key}", base))
    return usable((str(getattr(node, "key", node)),))


@cache
def _parse(expression: str) -> Any:
    # validate=False: LicenseRef-* and catalog ids are not SPDX keys but are what we match.
    from license_expression import ExpressionError, Licensing

    try:
        return Licensing().parse(expression, validate=False)
    except (ExpressionError, AttributeError, TypeError, ValueError):
        return None  # unparseable: matched as one opaque name


@cache
def _patterns(entries: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_canonical(entry).lower() for entry in entries)


def _canonical(entry: str) -> str:
    if any(c in entry for c in "*?["):
        return entry
    from mlgate.license_catalog import catalog

    found = catalog().lookup(entry)
    return found.expression if found is not None else entry


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(fnmatchcase(lowered, pattern) for pattern in patterns)
