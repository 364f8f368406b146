"""Walking a parsed Python module for the calls that name models, with their values folded.

Two passes. The first walks statements only (cheap): it records scopes, bindings, import
aliases, argparse/click defaults and every expression root with its scope. The second
walks, in full, only the expression roots that span a *site line*: a line on which a
loader name or a target keyword appears (found by one regex over the text). Most of a
large module is therefore never visited expression by expression.

Calls to local helper functions whose parameter flows into a loader (`def load(name):
return AutoModel.from_pretrained(name)`) are followed one call level at a time, so
`load("org/x")` is reported at the call that names the model.
"""

from __future__ import annotations

import ast
import bisect
from dataclasses import dataclass, field

from mlgate.scan.pending import MARK, ImportRef, Slot, could_be_local, fill, marker, markers
from mlgate.scan.pyrules import GENERIC_KEYWORDS, SITE_CALLS, ArgRule, CallSpec, spec_for
from mlgate.scan.pytargets import Found, resolve_target
from mlgate.scan.pyvalues import Binding, Env, Scope, Use

_BODY_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
_WRAPPER_ROUNDS = 3
# Calls that bind values read elsewhere (`args.model`): functions holding them are always analysed.
BINDING_CALLS = ("add_argument(", "set_defaults(")
_PAYLOAD = "{}"  # the callee name of a dict literal read as keyword arguments

Root = tuple[ast.expr, Scope, tuple[int, ...]]


def site_lines(text: str, extra_calls: frozenset[str] = frozenset()) -> list[int]:
    """Sorted 1-based numbers of lines that may hold a loader call (plain substring searches).

    Call names are searched with their `(`; keywords bare, then checked for a following `=`
    or `":` (a dict key), which is cheaper than searching each spelling.
    """
    offsets: list[int] = []
    find = text.find
    for needle in (*SITE_CALLS, *BINDING_CALLS, *(f"{name}(" for name in extra_calls)):
        pos = find(needle)
        while pos >= 0:
            offsets.append(pos)
            pos = find(needle, pos + len(needle))
    for keyword in GENERIC_KEYWORDS:
        size = len(keyword)
        pos = find(keyword)
        while pos >= 0:
            after = text[pos + size:pos + size + 4].lstrip(" \t")
            if (after[:1] == "=" and after[1:2] != "=") or after[:2] in {'":', "':"}:
                offsets.append(pos)
            pos = find(keyword, pos + size)
    if not offsets:
        return []
    starts = _line_starts(text)
    return sorted({bisect.bisect_right(starts, off) for off in offsets})


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


@dataclass
class _Function:
    name: str  # the name call sites use: the function's, or the class's for __init__
    scope: Scope
    positional: list[str]
    skip_first: bool  # a method: call sites do not pass self/cls


@dataclass
class _Wrapper:
    function: _Function
    param: str
    rule: ArgRule
    via: str
    spec: CallSpec


@dataclass
class Analysis:
    """The references-to-be of one module: values found at argument nodes."""

    found: list[tuple[ast.expr, Found]] = field(default_factory=list)
    # Arguments built from constants of other modules: (argument, template, imports, slot).
    pending: list[tuple[ast.expr, str, tuple[ImportRef, ...], Slot]] = field(default_factory=list)


class NeedsFullSource(Exception):
    """The module was parsed with stubbed function bodies, and the analysis needs them."""


class ModuleAnalyzer:
    def __init__(self, tree: ast.Module, text: str, lines: list[int] | None = None,
                 original: str | None = None) -> None:
        self.tree = tree
        self.text = text
        # Set when `text` is `pyreduce` output (some function bodies are `pass`): the original.
        self.original = original
        self.given_lines = lines
        self.env = Env()
        self.aliases: dict[str, str] = {}
        self.roots: list[Root] = []
        self.lines: list[int] = []
        self.pending: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, Scope, tuple[int, ...]]] = []
        self._force_methods = 0
        self.scopes: list[Scope] = [self.env.module]
        self.functions: dict[str, list[_Function]] = {}
        self.wrappers: dict[str, list[_Wrapper]] = {}
        self.result = Analysis()
        self._seen: set[tuple[int, str, str, str]] = set()
        self._deferred: set[tuple[int, str, str]] = set()

    def _scope(self, kind: str, parent: Scope, name: str = "") -> Scope:
        scope = Scope(kind, parent, name)
        self.scopes.append(scope)
        return scope

    def release(self) -> None:
        """Break the scope <-> binding cycles so memory is freed without the cyclic collector."""
        for scope in self.scopes:
            scope.bindings.clear()
        self.env.attributes.clear()
        self.scopes, self.pending, self.roots, self.functions, self.wrappers = [], [], [], {}, {}

    # -- pass 1: statements -----------------------------------------------------------
    def run(self) -> Analysis:
        self.lines = self.given_lines if self.given_lines is not None else site_lines(self.text)
        self.env.on_attribute_miss = self._attribute_miss
        self._block(self.tree.body, self.env.module, ())
        extra = frozenset(local for local, full in self.aliases.items()
                          if local != full.rsplit(".", 1)[-1] and spec_for(full) is not None and local.isidentifier())
        if extra:
            self.lines = sorted(set(self.lines) | set(site_lines(self.text, extra)))
            self._expand(self.lines)
        self._walk_roots(self.lines, None)
        if self.original is not None and any(self._stubbed(f"{name}(") for name in self.wrappers):
            raise NeedsFullSource("a helper function is called from a stubbed body")
        for _ in range(_WRAPPER_ROUNDS):
            pending = dict(self.wrappers)
            if not pending:
                break
            self.wrappers = {}
            lines = site_lines(self.text, frozenset(pending))
            self._expand(lines)
            self._walk_roots(lines, pending)
        return self.result

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

    def _stubbed(self, needle: str) -> bool:
        """Whether `needle` occurs in a function body that `pyreduce` stubbed out."""
        return self.original is not None and self.original.count(needle) != self.text.count(needle)

    def _attribute_miss(self, attr: str) -> None:
        if self._stubbed(f".{attr}"):
            raise NeedsFullSource(f"attribute {attr!r} is set in a stubbed body")
        self._expand_all()

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
        if isinstance(stmt, ast.Assign):
            self.roots.append((stmt.value, scope, path))
            for target in stmt.targets:
                self._assign(target, stmt.value, scope, path, stmt.lineno, None)
            self._argparse(stmt.value, scope)
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
        if isinstance(stmt, ast.Expr):
            self.roots.append((stmt.value, scope, path))
            self._argparse(stmt.value, scope)
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
        for name, value in ast.iter_fields(stmt):
            if name in _BODY_FIELDS and isinstance(value, list):
                branch += 1
                for item in value:
                    key = (id(stmt) << 4) + branch
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
            elif name in {"test", "subject", "exc", "cause", "msg", "value"} and isinstance(value, ast.expr):
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
        defaults: dict[str, ast.expr] = dict(zip(positional[len(positional) - len(args.defaults):],
                                                 args.defaults, strict=True))
        defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None})
        defaults.update(_click_defaults(stmt))
        every = [*positional, *(a.arg for a in args.kwonlyargs)]
        every += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
        for name in every:
            env.bind(inner, name, Binding(defaults.get(name), scope, stmt.lineno, (), param=True))
        decorators = {_last_name(d) for d in stmt.decorator_list}
        is_method = scope.kind == "class" and "staticmethod" not in decorators
        call_name = scope.name if is_method and stmt.name == "__init__" else stmt.name
        info = _Function(call_name, inner, positional, skip_first=is_method)
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
        dest = _argparse_dest(value)
        if not dest:
            return
        default, choices = _kw(value, "default"), _kw(value, "choices")
        if default is not None:
            self.env.bind_attribute(dest, Binding(default, scope, value.lineno))
        if choices is not None:
            self.env.bind_attribute(dest, Binding(choices, scope, value.lineno, index=()))

    # -- pass 2: calls on site lines --------------------------------------------------
    def _walk_roots(self, lines: list[int], wrappers: dict[str, list[_Wrapper]] | None) -> None:
        if not lines:
            return
        for expr, scope, path in self.roots:
            start = getattr(expr, "lineno", 0)
            end = getattr(expr, "end_lineno", start) or start
            i = bisect.bisect_left(lines, start)
            if i < len(lines) and lines[i] <= end:
                self._walk_expression(expr, scope, path, wrappers)

    def _walk_expression(self, root: ast.expr, scope: Scope, path: tuple[int, ...],
                         wrappers: dict[str, list[_Wrapper]] | None) -> None:
        stack: list[tuple[ast.AST, Scope]] = [(root, scope)]
        while stack:
            node, where = stack.pop()
            if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
                inner = self._scope("comprehension", where)
                for generator in node.generators:
                    stack.append((generator.iter, where if generator is node.generators[0] else inner))
                    self._assign(generator.target, generator.iter, inner, path, node.lineno, ())
                    stack.extend((cond, inner) for cond in generator.ifs)
                parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
                stack.extend((p, inner) for p in parts)
                continue
            if isinstance(node, ast.Call):
                use = Use(node.lineno, path)
                if wrappers is None:
                    self._call(node, where, use)
                else:
                    self._wrapper_call(node, where, use, wrappers)
            elif isinstance(node, ast.Dict) and wrappers is None:
                self._payload(node, where, Use(node.lineno, path))
            stack.extend((child, where) for child in ast.iter_child_nodes(node))

    def _call(self, node: ast.Call, scope: Scope, use: Use) -> None:
        dotted = self.dotted(node.func)
        spec = spec_for(dotted)
        handled: set[str] = set()
        if spec is not None:
            for rule in spec.args:
                handled.update(rule.keywords)
                arg = _argument(node, rule)
                if arg is not None:
                    self._emit(arg, rule, spec.via, spec, node, scope, use)
        last = dotted.rsplit(".", 1)[-1].removesuffix("()") or "call"
        for keyword in node.keywords:
            if keyword.arg in GENERIC_KEYWORDS and keyword.arg not in handled:
                rule = GENERIC_KEYWORDS[keyword.arg]
                via = f"dict key '{keyword.arg}'" if last == _PAYLOAD else f"{last}({keyword.arg}=)"
                self._emit(keyword.value, rule, via, None, node, scope, use)

    def _payload(self, node: ast.Dict, scope: Scope, use: Use) -> None:
        """`{"model": "gpt-4o", ...}` (an HTTP payload, a config dict) reads like keyword arguments."""
        keywords = [ast.keyword(arg=k.value, value=v) for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value in GENERIC_KEYWORDS]
        if keywords:
            call = ast.Call(func=ast.Name(id=_PAYLOAD, ctx=ast.Load()), args=[], keywords=keywords)
            self._call(ast.copy_location(call, node), scope, use)

    def _wrapper_call(self, node: ast.Call, scope: Scope, use: Use, wrappers: dict[str, list[_Wrapper]]) -> None:
        name = _last_name(node.func)
        for wrapper in wrappers.get(name, []):
            function = wrapper.function
            arg = _keyword_arg(node, wrapper.param)
            if arg is None and wrapper.param in function.positional:
                position = function.positional.index(wrapper.param) - (1 if function.skip_first else 0)
                if 0 <= position < len(node.args) and not isinstance(node.args[position], ast.Starred):
                    arg = node.args[position]
            if arg is not None:
                self._emit(arg, wrapper.rule, f"{name}() -> {wrapper.via}", wrapper.spec, node, scope, use)

    def _emit(self, arg: ast.expr, rule: ArgRule, via: str, spec: CallSpec | None, call: ast.Call, scope: Scope,
              use: Use) -> None:
        env = self.env
        context = _CallContext(env, call, scope, use)
        for value in env.strings(arg, scope, use):
            if MARK in value:
                self._defer(arg, value, rule, via, spec, context)
                continue
            found = resolve_target(value, rule, via, spec, context.keyword_string, context.keyword_flag)
            if found is None:
                continue
            key = (id(arg), found.target, found.kind.value, found.via)
            if key not in self._seen:
                self._seen.add(key)
                self.result.found.append((arg, found))
        self._note_wrapper(arg, rule, via, spec, scope)

    def _defer(self, arg: ast.expr, value: str, rule: ArgRule, via: str, spec: CallSpec | None,
               context: _CallContext) -> None:
        """A value built from another module's constant: kept as a template for `scan.crossmodule`."""
        indices = markers(value)
        if not indices:
            return
        order = list(dict.fromkeys(indices))  # renumbered from 0 in order of appearance
        template = fill(value, {old: marker(new) for new, old in enumerate(order)})
        key = (id(arg), template, via)
        if key in self._deferred:
            return
        self._deferred.add(key)
        keywords = tuple((name, text) for name in ("revision", "repo_type", "source")
                         if (text := context.keyword_string(name)) is not None)
        slot = Slot(rule, via, bool(spec and spec.repo_type_aware), keywords, context.keyword_flag("pretrained"))
        self.result.pending.append((arg, template, tuple(self.env.imports[i] for i in order), slot))

    def _note_wrapper(self, arg: ast.expr, rule: ArgRule, via: str, spec: CallSpec | None, scope: Scope) -> None:
        if not isinstance(arg, ast.Name) or scope.kind != "function":
            return
        bindings = scope.bindings.get(arg.id, [])
        if not any(b.param for b in bindings):
            return
        for function in self.functions.get(scope.name, []):
            if function.scope is scope:
                wrapper = _Wrapper(function, arg.id, rule, via, spec or CallSpec(via, (rule,)))
                self.wrappers.setdefault(function.name, []).append(wrapper)

    def dotted(self, func: ast.expr) -> str:
        """The called name with import aliases expanded (`M.x` → `transformers.AutoModel.x`)."""
        parts: list[str] = []
        node = func
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            parts.append(self.aliases.get(node.id, node.id))
        elif isinstance(node, ast.Call):
            base = _last_name(node.func)
            parts.append(f"{base}()" if base else "()")
        else:
            parts.append("?")
        return ".".join(reversed(parts))


@dataclass
class _CallContext:
    """Other arguments of the same call (`revision=`, `repo_type=`, `pretrained=True`)."""

    env: Env
    call: ast.Call
    scope: Scope
    use: Use

    def keyword_string(self, name: str) -> str | None:
        values = self.env.strings(_kw(self.call, name), self.scope, self.use)
        return values[0] if len(values) == 1 and MARK not in values[0] else None

    def keyword_flag(self, name: str) -> bool:
        value = _kw(self.call, name)
        return isinstance(value, ast.Constant) and value.value is True


def _argument(node: ast.Call, rule: ArgRule) -> ast.expr | None:
    for name in rule.keywords:
        found = _keyword_arg(node, name)
        if found is not None:
            return found
    if rule.position is not None and len(node.args) > rule.position:
        if any(isinstance(a, ast.Starred) for a in node.args[: rule.position + 1]):
            return None
        return node.args[rule.position]
    return None


def _keyword_arg(node: ast.Call, name: str) -> ast.expr | None:
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


_kw = _keyword_arg


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _argparse_dest(call: ast.Call) -> str | None:
    dest = _kw(call, "dest")
    if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
        return dest.value
    names = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    longs = [n for n in names if n.startswith("--")]
    chosen = longs[0] if longs else names[0] if names else None
    if chosen is None:
        return None
    return chosen.lstrip("-").replace("-", "_") or None


def _click_defaults(stmt: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
    """`@click.option("--model-id", default="org/x")` gives parameter `model_id` that default."""
    defaults: dict[str, ast.expr] = {}
    for decorator in stmt.decorator_list:
        if not isinstance(decorator, ast.Call) or _last_name(decorator.func) not in {"option", "argument"}:
            continue
        default = _kw(decorator, "default")
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
