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

from mlgate.scan.base import line_starts
from mlgate.scan.python.arguments import CallContext, argument_of, expanded_arguments
from mlgate.scan.python.hierarchy import Hierarchy, callees, calls_super_init, stored_parameters
from mlgate.scan.python.nodes import LEAVES, children
from mlgate.scan.python.pending import MARK, ImportRef, Slot, fill, marker, markers
from mlgate.scan.python.rules import GENERIC_KEYWORDS, NOT_A_USE, ArgRule, CallSpec, method_of_an_object, spec_for
from mlgate.scan.python.scopes import Scope, Use
from mlgate.scan.python.sites import call_lines, site_lines
from mlgate.scan.python.statements import Function, StatementPass, last_name
from mlgate.scan.python.stubbed import StubbedMethods
from mlgate.scan.python.targets import Found, resolve_target
from mlgate.scan.python.values import keyword_arg

_WRAPPER_ROUNDS = 3
# A function run elsewhere is still called with its own parameters: Modal's `f.remote(x)`,
# `f.local(x)`, `f.spawn(x)` and Ray's `f.remote(x)` call `f(x)`.
_REMOTE_CALLS = ("remote", "local", "spawn")
_PAYLOAD = "{}"  # the callee name of a dict literal read as keyword arguments


def _helper_calls(names: frozenset[str]) -> frozenset[str]:
    """What calling each helper of `names` looks like, before its `(`: `load`, `load.remote`, ..."""
    return frozenset({*names, *(f"{name}.{how}" for name in names for how in _REMOTE_CALLS)})


@dataclass
class _Wrapper:
    function: Function
    param: str
    rule: ArgRule
    via: str
    spec: CallSpec
    built: str | None = None  # only when building this class (or one derived from it): it reads the value
    expanded: bool = False  # the parameter reaches the call as a value of a dict it expands (`**params`)


@dataclass
class Analysis:
    """The references-to-be of one module: values found at argument nodes."""

    found: list[tuple[ast.expr, Found]] = field(default_factory=list)
    # Arguments built from constants of other modules: (argument, template, imports, slot).
    pending: list[tuple[ast.expr, str, tuple[ImportRef, ...], Slot]] = field(default_factory=list)


_PARTIALS = frozenset({"partial", "functools.partial"})


class NeedsFullSource(Exception):
    """The module was parsed with stubbed function bodies, and the analysis needs them.

    `methods_only`: only the stubbed methods of classes holding a line of interest are needed,
    so the module can be parsed again with those methods kept rather than in full.
    """

    def __init__(self, reason: str, methods_only: bool = False) -> None:
        super().__init__(reason)
        self.methods_only = methods_only


class ModuleAnalyzer(StatementPass):
    def __init__(self, tree: ast.Module, text: str, lines: list[int] | None = None,
                 original: str | None = None, methods: StubbedMethods | None = None,
                 bodies: StubbedMethods | None = None) -> None:
        super().__init__(tree, text, lines, original, methods, bodies)
        self.wrappers: dict[str, list[_Wrapper]] = {}
        self.result = Analysis()
        self._seen: set[tuple[int, str, str, str]] = set()
        self._deferred: set[tuple[int, str, str]] = set()
        self._quiet: set[int] = set()  # dict literals passed to log/filter calls
        # A dict's `"model"` read by its key and by the call it is expanded into: kept as the call's.
        self._generic: set[int] = set()  # ids of the Found of generic keywords (any call's `model=`)
        self._expanded_at: set[tuple[int, str]] = set()  # (id of the value, target) read through `**`
        self._defined: frozenset[str] | None = None  # names of the module's own functions
        self._line_starts: list[int] | None = None
        self._loader_aliases: frozenset[str] = frozenset()
        self._hierarchy: Hierarchy | None = None

    def release(self) -> None:
        super().release()
        self.wrappers = {}
        self.env.on_attribute_miss = self.env.on_attribute_read = None  # bound methods: they kept the tree alive

    def run(self) -> Analysis:
        self.lines = self.given_lines if self.given_lines is not None else site_lines(self.text)
        self.env.on_attribute_miss = self._attribute_miss
        if self.original is not None:
            self.env.on_attribute_read = self._attribute_read
        self._block(self.tree.body, self.env.module, ())
        extra = self._loader_aliases = frozenset(
            local for local, full in self.aliases.items()
            if local != full.rsplit(".", 1)[-1] and spec_for(full) is not None and local.isidentifier())
        self._check_stubbed()
        if extra:  # the loader aliases add their call lines to the site lines already known
            self.lines = sorted(set(self.lines) | set(call_lines(self.text, extra, self._starts())))
            self._expand(self.lines)
        self._walk_roots(self.lines, None)
        called = [f"{name}(" for name in _helper_calls(self._called_names(self.wrappers)) if self._stubbed(f"{name}(")]
        if called:
            in_methods = self.methods.methods_only and not any(map(self._stubbed_outside_methods, called))
            raise NeedsFullSource("a helper function is called from a stubbed body", in_methods)
        for _ in range(_WRAPPER_ROUNDS):
            pending = dict(self.wrappers)
            if not pending:
                break
            self.wrappers = {}
            # Only lines that call a helper matter now: the other site lines were walked (and
            # their bodies expanded) already, and a helper call is walked where its name is.
            lines = call_lines(self.text, _helper_calls(self._called_names(pending)), self._starts())
            self._expand(lines)
            self._walk_roots(lines, pending)
        if self._expanded_at:
            self.result.found = [(node, found) for node, found in self.result.found
                                 if id(found) not in self._generic or (id(node), found.target) not in self._expanded_at]
        return self.result

    def _called_names(self, wrappers: dict[str, list[_Wrapper]]) -> frozenset[str]:
        """The names calls of `wrappers` are written with: theirs, and for a class's constructor the
        classes that derive from it (`Sub(...)` runs an inherited `__init__`) and `super().__init__`."""
        names = set(wrappers)
        for name in [n for n, found in wrappers.items() if any(w.function.scope.name == "__init__" for w in found)]:
            derived = self._classes().derived(name) - {name}
            names |= derived | ({"super().__init__"} if derived else set())
        return frozenset(names)

    def _classes(self) -> Hierarchy:
        if self._hierarchy is None:
            self._hierarchy = Hierarchy(self.tree)
        return self._hierarchy

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        return self._line_starts

    def _stubbed(self, needle: str) -> bool:
        """Whether `needle` occurs in a function body that `reduce.py` stubbed out."""
        return self.bodies.contains(needle)

    def _stubbed_outside_methods(self, needle: str) -> bool:
        """Whether `needle` occurs in a stubbed body other than a method of a class holding a line."""
        return self.bodies.count(needle) > self.methods.count(needle)

    def _attribute_read(self, attr: str) -> None:
        if self.methods.sets_attribute(attr):
            raise NeedsFullSource(f"attribute {attr!r} may be set in a stubbed method", self.methods.methods_only)

    def _check_stubbed(self) -> None:
        """Raise NeedsFullSource if the stubbed text in view (`self.methods`) could change the analysis."""
        methods = self.methods
        if not methods:
            return
        if methods.binds_elsewhere():
            raise NeedsFullSource("a stubbed body binds a name outside itself", methods.methods_only)
        if methods.imports_read(self.aliases, self.text):
            raise NeedsFullSource("a stubbed body imports a name the analysis reads", methods.methods_only)
        if any(methods.contains(f"{name}(") for name in self._loader_aliases):
            raise NeedsFullSource("a loader alias is called from a stubbed body", methods.methods_only)

    def _attribute_miss(self, attr: str) -> None:
        # Where an attribute is set nowhere else, the full analysis reads every function body
        # (`_expand_all`): from here on every stubbed body is in view, not only the methods.
        # (The methods in view were checked for `attr` by `_attribute_read`, just before.)
        if self.methods is not self.bodies and self._stubbed_outside_methods(f".{attr}"):
            self.methods = self.bodies
            self._check_stubbed()
            if self.methods.sets_attribute(attr):
                raise NeedsFullSource(f"attribute {attr!r} may be set in a stubbed body")
        self._expand_all()

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
            elif isinstance(node, ast.Dict) and wrappers is None and id(node) not in self._quiet:
                self._payload(node, where, Use(node.lineno, path))
            stack.extend((child, where) for child in children(node, LEAVES))

    def _call(self, node: ast.Call, scope: Scope, use: Use) -> None:
        dotted = self.dotted(node.func)
        if dotted in _PARTIALS and node.args and not isinstance(node.args[0], ast.Starred):
            # `partial(AutoModel.from_pretrained, MODEL_ID)`: the loader, called with what it is given
            bound = ast.copy_location(ast.Call(func=node.args[0], args=node.args[1:], keywords=node.keywords), node)
            if spec_for(self.dotted(bound.func)) is not None:
                node, dotted = bound, self.dotted(bound.func)
        spec = spec_for(dotted)
        if spec is not None and method_of_an_object(dotted, self._receiver_imported(node.func)):
            spec = None  # `backend.load_dataset("name")`: a project's own method, not the Hub's loader
        handled: set[str] = set()
        if spec is not None:
            for rule in spec.args:
                handled.update(rule.keywords)
                arg = argument_of(node, rule)
                if arg is not None:
                    self._emit(arg, rule, spec.via, spec, node, scope, use)
                elif rule.keywords:
                    for value, where, at in expanded_arguments(self.env, node, rule.keywords, scope, use):
                        self._emit(value, rule, spec.via, spec, node, where, at, expanded=True)
        last = dotted.rsplit(".", 1)[-1].removesuffix("()") or "call"
        if dotted == "dict" and spec is None:
            self._lazy_call(node, scope, use)
        if last in NOT_A_USE:  # a log, filter or test call: its keywords and dicts say nothing is loaded
            arguments = [*node.args, *(k.value for k in node.keywords)]
            self._quiet.update(id(a) for a in arguments if isinstance(a, ast.Dict))
            return
        if spec is None and isinstance(node.func, ast.Name) and node.func.id in self._module_functions():
            return  # a function of this module: its body says what its parameters are (helpers, below)
        for keyword in node.keywords:
            if keyword.arg in GENERIC_KEYWORDS and keyword.arg not in handled:
                rule = GENERIC_KEYWORDS[keyword.arg]
                via = f"dict key '{keyword.arg}'" if last == _PAYLOAD else f"{last}({keyword.arg}=)"
                self._emit(keyword.value, rule, via, None, node, scope, use)

    def _receiver_imported(self, func: ast.expr) -> bool:
        """Whether the called name starts with an imported name (`ds.load_dataset`, not `self.x`)."""
        while isinstance(func, ast.Attribute):
            func = func.value
        return isinstance(func, ast.Name) and func.id in self.aliases

    def _module_functions(self) -> frozenset[str]:
        if self._defined is None:
            self._defined = frozenset(stmt.name for stmt in self.tree.body
                                      if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef))
        return self._defined

    def _lazy_call(self, node: ast.Call, scope: Scope, use: Use) -> None:
        """`dict(type=load_dataset, path=...)`: an mmengine/xtuner config is the call it describes."""
        kind = next((k.value for k in node.keywords if k.arg == "type"), None)
        if kind is None or spec_for(self.dotted(kind)) is None:
            return
        rest = [k for k in node.keywords if k.arg != "type"]
        self._call(ast.copy_location(ast.Call(func=kind, args=[], keywords=rest), node), scope, use)

    def _payload(self, node: ast.Dict, scope: Scope, use: Use) -> None:
        """`{"model": "gpt-4o", ...}` (an HTTP payload, a config dict) reads like keyword arguments."""
        keywords = [ast.keyword(arg=k.value, value=v) for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and isinstance(k.value, str) and k.value in GENERIC_KEYWORDS]
        if keywords:
            call = ast.Call(func=ast.Name(id=_PAYLOAD, ctx=ast.Load()), args=[], keywords=keywords)
            self._call(ast.copy_location(call, node), scope, use)

    def _wrapper_call(self, node: ast.Call, scope: Scope, use: Use, wrappers: dict[str, list[_Wrapper]]) -> None:
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr in _REMOTE_CALLS and func.attr not in wrappers
                and last_name(func.value) in wrappers):
            func = func.value  # `download.remote(name)` calls `download(name)` (unless `spawn` is the helper)
        called = last_name(func)
        for name, built in callees(called, calls_super_init(node), scope, self._classes()):
            for wrapper in wrappers.get(name, []):
                if name != called and _generic(wrapper.rule):
                    continue  # a class's constructor run from another class's: only for a loader's own slot
                if wrapper.built is None or self._classes().derives(built, wrapper.built):
                    self._wrapper_argument(node, scope, use, called if built == called else name, wrapper)

    def _wrapper_argument(self, node: ast.Call, scope: Scope, use: Use, name: str, wrapper: _Wrapper) -> None:
        function = wrapper.function
        arg = keyword_arg(node, wrapper.param)
        if arg is None and wrapper.param in function.positional:
            position = function.positional.index(wrapper.param) - (1 if function.skip_first else 0)
            if 0 <= position < len(node.args) and not isinstance(node.args[position], ast.Starred):
                arg = node.args[position]
        if arg is not None:
            self._emit(arg, wrapper.rule, f"{name}() -> {wrapper.via}", wrapper.spec, node, scope, use,
                       wrapper.expanded)

    def _emit(self, arg: ast.expr, rule: ArgRule, via: str, spec: CallSpec | None, call: ast.Call, scope: Scope,
              use: Use, expanded: bool = False) -> None:
        """`expanded`: `arg` reaches the call as a value of a dict it expands (`create(**params)`)."""
        env = self.env
        context = CallContext(env, call, scope, use)
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
                if expanded:
                    self._expanded_at.add((id(arg), found.target))
                elif _generic(rule):
                    self._generic.add(id(found))
        self._note_wrapper(arg, rule, via, spec, scope, expanded=expanded)

    def _defer(self, arg: ast.expr, value: str, rule: ArgRule, via: str, spec: CallSpec | None,
               context: CallContext) -> None:
        """A value built from another module's constant: kept as a template for `crossmodule`."""
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

    def _note_wrapper(self, arg: ast.expr, rule: ArgRule, via: str, spec: CallSpec | None, scope: Scope,
                      built: str | None = None, expanded: bool = False) -> None:
        if isinstance(arg, ast.Attribute):  # (a loader's own slot: a keyword any call may have says too little)
            if spec is not None and not _generic(rule):
                for param, method, reader in stored_parameters(arg, scope, self.env.attributes, self._classes(),
                                                               self._attribute_miss):
                    self._note_wrapper(param, rule, via, spec, method, reader, expanded)
            return
        if not isinstance(arg, ast.Name) or scope.kind != "function":
            return
        bindings = scope.bindings.get(arg.id, [])
        if not any(b.param for b in bindings):
            return
        for function in self.functions.get(scope.name, []):
            if function.scope is scope:
                wrapper = _Wrapper(function, arg.id, rule, via, spec or CallSpec(via, (rule,)), built, expanded)
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
            base = last_name(node.func)
            parts.append(f"{base}()" if base else "()")
        else:
            parts.append("?")
        return ".".join(reversed(parts))


def _generic(rule: ArgRule) -> bool:
    """A keyword any call may have (`model=`), not a loader's own slot: too little to follow a class by."""
    return any(rule is generic for generic in GENERIC_KEYWORDS.values())
