"""Pass 1 of the Python analysis: statements only, recording what names are bound to.

The walk records scopes, bindings, import aliases, argparse/click defaults and every
expression root with its scope; `analysis.ModuleAnalyzer` then walks, in full, only the
roots on lines that may hold a loader call. Function bodies that span none of those lines
are kept aside (`pending`) and analysed only when needed.
"""

from __future__ import annotations

import ast
import bisect
from dataclasses import dataclass

from mlgate.scan.python.nodes import parameter_defaults
from mlgate.scan.python.pending import ImportRef, could_be_local
from mlgate.scan.python.scopes import Binding, Scope
from mlgate.scan.python.stubbed import StubbedMethods
from mlgate.scan.python.values import Env, keyword_arg

_BODY_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
_HEADER_FIELDS = frozenset({"test", "subject", "exc", "cause", "msg", "value"})  # expressions: roots
_STATEMENT_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _statement_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    """The fields of a statement class the generic walk reads, in `_fields` order (as `ast.iter_fields`)."""
    fields = _STATEMENT_FIELDS.get(kind)
    if fields is None:
        wanted = _BODY_FIELDS | _HEADER_FIELDS | {"targets"}
        fields = _STATEMENT_FIELDS[kind] = tuple(f for f in kind._fields if f in wanted)
    return fields

Root = tuple[ast.expr, Scope, tuple[int, ...]]


@dataclass
class Function:
    name: str  # the name call sites use: the function's, or the class's for __init__
    scope: Scope
    positional: list[str]
    skip_first: bool  # a method: call sites do not pass self/cls


class StatementPass:
    """Pass 1 over a module; `ModuleAnalyzer` adds pass 2 (the calls)."""

    def __init__(self, tree: ast.Module, text: str, lines: list[int] | None = None,
                 original: str | None = None, methods: StubbedMethods | None = None,
                 bodies: StubbedMethods | None = None) -> None:
        self.tree = tree
        self.text = text
        # Set when `text` is `reduce.py` output (some function bodies are `pass`): the original,
        # the stubbed methods of classes holding a line of interest (this pass reads them all),
        # and every stubbed body (all of which it reads once an attribute is nowhere else).
        self.original = original
        self.methods = methods if methods is not None else StubbedMethods("")
        self.bodies = bodies if bodies is not None else StubbedMethods("")
        self.given_lines = lines
        self.env = Env()
        self.aliases: dict[str, str] = {}
        self.roots: list[Root] = []
        self.lines: list[int] = []
        self.pending: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, Scope, tuple[int, ...]]] = []
        self._force_methods = 0
        self.scopes: list[Scope] = [self.env.module]
        self.functions: dict[str, list[Function]] = {}

    def _scope(self, kind: str, parent: Scope, name: str = "") -> Scope:
        scope = Scope(kind, parent, name)
        self.scopes.append(scope)
        return scope

    def release(self) -> None:
        """Break the scope <-> binding cycles so memory is freed without the cyclic collector."""
        for scope in self.scopes:
            scope.bindings.clear()
        self.env.attributes.clear()
        self.scopes, self.pending, self.roots, self.functions = [], [], [], {}

    # Function bodies are analysed only when they hold a line of interest (or a class that
    # holds one owns them): most of a large module is never walked statement by statement.
    def _spans_a_line(self, stmt: ast.stmt, lines: list[int]) -> bool:
        i = bisect.bisect_left(lines, stmt.lineno)
        return i < len(lines) and lines[i] <= (stmt.end_lineno or stmt.lineno)

    def _expand(self, lines: list[int]) -> None:
        changed = True
        while changed:  # an expanded body may hold nested functions that span the lines too
            changed = False
            waiting, self.pending = self.pending, []
            for stmt, scope, path in waiting:
                if self._spans_a_line(stmt, lines):
                    self._function(stmt, scope, path, force=True)
                    changed = True
                else:
                    self.pending.append((stmt, scope, path))

    def _expand_all(self) -> None:
        while self.pending:
            waiting, self.pending = self.pending, []
            for stmt, scope, path in waiting:
                self._function(stmt, scope, path, force=True)

    def _block(self, body: list[ast.stmt], scope: Scope, path: tuple[int, ...]) -> None:
        for stmt in body:
            self._statement(stmt, scope, path)

    def _statement(self, stmt: ast.stmt, scope: Scope, path: tuple[int, ...]) -> None:
        env = self.env
        # The most common statements first: most of a module is calls and assignments.
        if isinstance(stmt, ast.Expr):
            self.roots.append((stmt.value, scope, path))
            self._argparse(stmt.value, scope)
            return
        if isinstance(stmt, ast.Assign):
            self.roots.append((stmt.value, scope, path))
            for target in stmt.targets:
                self._assign(target, stmt.value, scope, path, stmt.lineno, None)
            self._argparse(stmt.value, scope)
            return
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            for alias in stmt.names:
                if isinstance(stmt, ast.Import):
                    local, full = alias.asname or alias.name.split(".")[0], alias.name if alias.asname else \
                        alias.name.split(".")[0]
                    ref = ImportRef(0, full, "")
                else:
                    local, full = alias.asname or alias.name, f"{stmt.module or ''}.{alias.name}"
                    ref = ImportRef(stmt.level, stmt.module or "", alias.name)
                self.aliases[local] = full
                imported = ref if alias.name != "*" and could_be_local(ref.level, ref.module) else None
                env.bind(scope, local, Binding(None, scope, stmt.lineno, path, imported=imported))
            return
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            self._function(stmt, scope, path)
            return
        if isinstance(stmt, ast.ClassDef):
            for expr in [*stmt.decorator_list, *stmt.bases, *(k.value for k in stmt.keywords)]:
                self.roots.append((expr, scope, path))
            env.bind(scope, stmt.name, Binding(None, scope, stmt.lineno, path))
            inner = self._scope("class", scope, stmt.name)
            owns_a_line = self._spans_a_line(stmt, self.lines)
            self._force_methods += owns_a_line  # its methods share `self.x`: analyse them all
            self._block(stmt.body, inner, ())
            self._force_methods -= owns_a_line
            return
        if isinstance(stmt, ast.Global | ast.Nonlocal):
            if isinstance(stmt, ast.Global):
                scope.globals.update(stmt.names)
            return
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.roots.append((stmt.value, scope, path))
                self._assign(stmt.target, stmt.value, scope, path, stmt.lineno, None)
            return
        if isinstance(stmt, ast.AugAssign):
            self.roots.append((stmt.value, scope, path))
            if isinstance(stmt.target, ast.Name):
                combined = ast.BinOp(left=ast.Name(stmt.target.id, ast.Load()), op=stmt.op, right=stmt.value)
                env.bind(scope, stmt.target.id, Binding(combined, scope, stmt.lineno, path))
            return
        if isinstance(stmt, ast.For | ast.AsyncFor):
            self.roots.append((stmt.iter, scope, path))
            self._assign(stmt.target, stmt.iter, scope, path, stmt.lineno, ())
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            for item in stmt.items:
                self.roots.append((item.context_expr, scope, path))
                if item.optional_vars is not None:
                    self._assign(item.optional_vars, None, scope, path, stmt.lineno, None)
        # Everything else: header expressions are roots; bodies are walked with a branch path.
        branch = 0
        for name in _statement_fields(type(stmt)):
            value = getattr(stmt, name, None)
            if name in _BODY_FIELDS and isinstance(value, list):
                branch += 1
                key = (id(stmt) << 4) + branch
                for item in value:
                    if isinstance(item, ast.ExceptHandler):
                        if item.type is not None:
                            self.roots.append((item.type, scope, path))
                        if item.name:
                            env.bind(scope, item.name, Binding(None, scope, item.lineno, (*path, key)))
                        self._block(item.body, scope, (*path, key, id(item)))
                    elif isinstance(item, ast.match_case):
                        self._block(item.body, scope, (*path, key, id(item)))
                    elif isinstance(item, ast.stmt):
                        self._statement(item, scope, path if name == "finalbody" else (*path, key))
            elif name in _HEADER_FIELDS and isinstance(value, ast.expr):
                self.roots.append((value, scope, path))
            elif name == "targets" and isinstance(value, list):
                self.roots.extend((t, scope, path) for t in value if isinstance(t, ast.expr))

    def _function(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, path: tuple[int, ...],
                  force: bool = False) -> None:
        env = self.env
        args = stmt.args
        if not force:
            for expr in [*stmt.decorator_list, *args.defaults, *(d for d in args.kw_defaults if d is not None)]:
                self.roots.append((expr, scope, path))
            env.bind(scope, stmt.name, Binding(None, scope, stmt.lineno, path))
            if not self._force_methods and not self._spans_a_line(stmt, self.lines):
                self.pending.append((stmt, scope, path))
                return
        inner = self._scope("function", scope, stmt.name)
        positional = [a.arg for a in [*args.posonlyargs, *args.args]]
        defaults: dict[str, ast.expr] = {a.arg: d for a, d in parameter_defaults(args)}
        defaults.update(click_defaults(stmt))
        every = [*positional, *(a.arg for a in args.kwonlyargs)]
        every += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
        for name in every:
            env.bind(inner, name, Binding(defaults.get(name), scope, stmt.lineno, (), param=True))
        decorators = {last_name(d) for d in stmt.decorator_list}
        is_method = scope.kind == "class" and "staticmethod" not in decorators
        call_name = scope.name if is_method and stmt.name == "__init__" else stmt.name
        info = Function(call_name, inner, positional, skip_first=is_method)
        self.functions.setdefault(stmt.name, []).append(info)
        self._block(stmt.body, inner, ())

    def _assign(self, target: ast.expr, value: ast.expr | None, scope: Scope, path: tuple[int, ...], line: int,
                index: tuple[int, ...] | None) -> None:
        """Bind `target` to `value`; `index` () and longer mean loop elements (see `Binding`)."""
        env = self.env
        if isinstance(target, ast.Name):
            env.bind(scope, target.id, Binding(value, scope, line, path, index))
        elif isinstance(target, ast.Attribute):
            env.bind_attribute(target.attr, Binding(value, scope, line, path, index))
        elif isinstance(target, ast.Tuple | ast.List):
            literal = None
            if index is None and isinstance(value, ast.Tuple | ast.List) and len(value.elts) == len(target.elts):
                literal = value.elts
            for i, element in enumerate(target.elts):
                if isinstance(element, ast.Starred):
                    continue
                if literal is not None:
                    self._assign(element, literal[i], scope, path, line, None)
                elif index is not None:
                    self._assign(element, value, scope, path, line, (*index, i))
                else:  # `a, b = unknown()`: the names are rebound to something we cannot know
                    self._assign(element, None, scope, path, line, None)

    def _argparse(self, value: ast.expr, scope: Scope) -> None:
        """`parser.add_argument("--model", default=...)` binds the attribute `model`."""
        if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
            return
        method = value.func.attr
        if method == "set_defaults":
            for keyword in value.keywords:
                if keyword.arg:
                    self.env.bind_attribute(keyword.arg, Binding(keyword.value, scope, value.lineno))
            return
        if method != "add_argument":
            return
        dest = argparse_dest(value)
        if not dest:
            return
        default, choices = keyword_arg(value, "default"), keyword_arg(value, "choices")
        if default is not None:
            self.env.bind_attribute(dest, Binding(default, scope, value.lineno))
        if choices is not None:
            self.env.bind_attribute(dest, Binding(choices, scope, value.lineno, index=()))


def last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def argparse_dest(call: ast.Call) -> str | None:
    dest = keyword_arg(call, "dest")
    if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
        return dest.value
    names = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    longs = [n for n in names if n.startswith("--")]
    chosen = longs[0] if longs else names[0] if names else None
    if chosen is None:
        return None
    return chosen.lstrip("-").replace("-", "_") or None


def click_defaults(stmt: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
    """`@click.option("--model-id", default="org/x")` gives parameter `model_id` that default."""
    defaults: dict[str, ast.expr] = {}
    for decorator in stmt.decorator_list:
        if not isinstance(decorator, ast.Call) or last_name(decorator.func) not in {"option", "argument"}:
            continue
        default = keyword_arg(decorator, "default")
        if default is None:
            continue
        names = [a.value for a in decorator.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        plain = [n for n in names if not n.startswith("-")]
        longs = [n for n in names if n.startswith("--")]
        chosen = plain[0] if plain else (longs[0] if longs else names[0] if names else "")
        param = chosen.split("/", 1)[0].lstrip("-").replace("-", "_").lower()
        if param:
            defaults[param] = default
    return defaults
