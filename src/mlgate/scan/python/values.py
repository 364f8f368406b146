"""What string a Python expression can hold, worked out from the source without running it.

`Env.strings(expr, scope, use)` returns every string value `expr` may have at the use site:
constants, module/class/function scopes, parameter defaults, argparse and click defaults,
dataclass fields, `os.getenv("X", "default")`, f-strings, `+`, `%` and `.format`, `join`,
subscripts of dict and list literals, and loop variables over them (`for name, repo in
MODELS.items()`). Name lookups are flow-aware enough for straight-line code and branches:
a later assignment in the same block hides an earlier one; `if/else` keeps both.

Everything is bounded (depth, number of values, total steps) so a hostile file cannot make
folding explode; when a bound is hit the answer is simply "unknown".
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from mlgate.scan.names import NameMeaning
from mlgate.scan.python.pending import ImportRef, marker
from mlgate.scan.python.scopes import Binding, Pair, Scope, Use, Val, item_of, literal_elements, reaching

MAX_VALUES = 32  # combinations built from parts (`f"{org}/{name}"` over lists): at most this many
# Values an expression may take: a table of ids looked up by key (whisperX's 36 alignment models per
# language) is read whole, or the ids past the cap would be named nowhere.
MAX_STRINGS = MAX_VALUES * 4
MAX_DEPTH = 24
MAX_STEPS = 200_000

@dataclass
class Env:
    module: Scope = field(default_factory=lambda: Scope("module", None))
    # Attribute name -> bindings: class attributes, dataclass fields, `self.x = ...`, argparse dests.
    attributes: dict[str, list[Binding]] = field(default_factory=dict)
    # Called once when an attribute is unknown: the analyser then reads the function bodies it
    # skipped (a `self.model_id = ...` in a method of a class without loader calls).
    on_attribute_miss: Callable[[str], None] | None = None
    # Called on every attribute read: the analyser checks the stubbed methods (`python.stubbed`).
    on_attribute_read: Callable[[str], None] | None = None
    # Imports whose values are read from another module after the scan: a value built from
    # one holds `pending.marker(i)` for `imports[i]` (see `mlgate.scan.python.pending`).
    imports: list[ImportRef] = field(default_factory=list)
    _import_index: dict[ImportRef, int] = field(default_factory=dict)
    _active: set[int] = field(default_factory=set)
    _steps: int = 0

    # -- binding ---------------------------------------------------------------------
    def bind(self, scope: Scope, name: str, binding: Binding) -> None:
        scope.bindings.setdefault(name, []).append(binding)
        if scope.kind == "class":
            self.attributes.setdefault(name, []).append(binding)

    def bind_attribute(self, name: str, binding: Binding) -> None:
        self.attributes.setdefault(name, []).append(binding)

    # -- lookups ---------------------------------------------------------------------
    def lookup(self, name: str, scope: Scope, use: Use) -> list[Binding]:
        current: Scope | None = scope
        while current is not None:
            if current.kind == "class" and current is not scope:
                current = current.parent
                continue
            if name in current.globals:
                current = self.module
            found = current.bindings.get(name)
            if found:
                return reaching(found, use if current is scope else None)
            current = current.parent
        return []

    # -- strings ---------------------------------------------------------------------
    def strings(self, node: ast.expr | None, scope: Scope, use: Use, depth: int = 0) -> list[str]:
        """Every string `node` may evaluate to (deduplicated, at most MAX_STRINGS)."""
        if node is None or depth > MAX_DEPTH or self._budget_spent():
            return []
        values = list(dict.fromkeys(self._strings(node, scope, use, depth)))
        return values[:MAX_STRINGS]

    def _strings(self, node: ast.expr, scope: Scope, use: Use, depth: int) -> Iterable[str]:
        if isinstance(node, ast.Constant):
            return [node.value] if isinstance(node.value, str) else []
        if isinstance(node, ast.Name):
            return self._from_bindings(self.lookup(node.id, scope, use), depth)
        if isinstance(node, ast.Attribute):
            imported = self._imported_attribute(node, scope, use)
            if imported is not None:
                return [imported]
            return self._from_bindings(self._attribute_bindings(node.attr), depth)
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node, scope, use, depth)
        if isinstance(node, ast.BinOp):
            return self._binop(node, scope, use, depth)
        if isinstance(node, ast.IfExp):
            return self.strings(node.body, scope, use, depth + 1) + self.strings(node.orelse, scope, use, depth + 1)
        if isinstance(node, ast.BoolOp):
            return [s for value in node.values for s in self.strings(value, scope, use, depth + 1)]
        if isinstance(node, ast.NamedExpr):
            return self.strings(node.value, scope, use, depth + 1)
        if isinstance(node, ast.Call):
            return self._call(node, scope, use, depth)
        if isinstance(node, ast.Subscript):
            return [s for val in self._subscript(node, scope, use, depth) for s in self.val_strings(val, depth + 1)]
        return []

    def val_strings(self, val: Val | None, depth: int) -> list[str]:
        if val is None or isinstance(val, Pair):
            return []
        expr, scope, use = val
        return self.strings(expr, scope, use, depth)

    def _attribute_bindings(self, attr: str) -> list[Binding]:
        # `args.model`, `self.model_id`, `Config.MODEL`, `settings.MODEL` (same module only).
        if self.on_attribute_read is not None:
            self.on_attribute_read(attr)
        if attr not in self.attributes and self.on_attribute_miss is not None:
            self.on_attribute_miss(attr)
        return self.attributes.get(attr) or self.module.bindings.get(attr, [])

    def _placeholder(self, ref: ImportRef) -> str:
        index = self._import_index.get(ref)
        if index is None:
            index = self._import_index[ref] = len(self.imports)
            self.imports.append(ref)
        return marker(index)

    def _imported_attribute(self, node: ast.Attribute, scope: Scope, use: Use) -> str | None:
        """`settings.MODEL` where `settings` is an imported module: a marker for `MODEL` of that module."""
        attrs: list[str] = []
        base: ast.expr = node
        while isinstance(base, ast.Attribute):
            attrs.append(base.attr)
            base = base.value
        if not isinstance(base, ast.Name):
            return None
        for binding in self.lookup(base.id, scope, use):
            ref = binding.imported
            if ref is not None:
                attrs.reverse()
                module = ".".join(part for part in (ref.module, ref.name, *attrs[:-1]) if part)
                return self._placeholder(ImportRef(ref.level, module, attrs[-1]))
        return None

    def _from_bindings(self, bindings: list[Binding], depth: int) -> list[str]:
        out: list[str] = []
        for binding in bindings:
            if binding.imported is not None:
                if binding.imported.name:
                    out.append(self._placeholder(binding.imported))
                continue
            if id(binding) in self._active:
                continue
            self._active.add(id(binding))
            try:
                for val in self.binding_values(binding, depth + 1):
                    out.extend(self.val_strings(val, depth + 1))
            finally:
                self._active.discard(id(binding))
        return out

    def binding_values(self, binding: Binding, depth: int) -> list[Val]:
        if binding.value is None:
            return []
        use = Use(binding.line, binding.path)
        vals: list[Val | None] = [(binding.value, binding.scope, use)]
        if binding.index is None:
            return [v for v in vals if v is not None]
        elements = self.elements(binding.value, binding.scope, use, depth + 1)
        picked: list[Val] = []
        for element in elements:
            item: Val | None = element
            for i in binding.index:
                item = item_of(item, i)
            if item is not None:
                picked.append(item)
        return picked

    def _fstring(self, node: ast.JoinedStr, scope: Scope, use: Use, depth: int) -> list[str]:
        parts: list[list[str]] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append([value.value])
            elif isinstance(value, ast.FormattedValue) and value.conversion in (-1, 115) and value.format_spec is None:
                parts.append(self.strings(value.value, scope, use, depth + 1))
            else:
                return []
        return _product(parts)

    def _binop(self, node: ast.BinOp, scope: Scope, use: Use, depth: int) -> list[str]:
        if isinstance(node.op, ast.Add):
            return _product([self.strings(node.left, scope, use, depth + 1),
                             self.strings(node.right, scope, use, depth + 1)])
        if isinstance(node.op, ast.Mod):
            templates = self.strings(node.left, scope, use, depth + 1)
            operands = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            args = [self.strings(o, scope, use, depth + 1) for o in operands]
            out = []
            for template in templates:
                for combo in _combinations(args):
                    try:
                        out.append(template % combo)
                    except (TypeError, ValueError, KeyError):
                        continue
            return out
        return []

    def _call(self, node: ast.Call, scope: Scope, use: Use, depth: int) -> list[str]:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        receiver = _dotted_tail(func.value) if isinstance(func, ast.Attribute) else ""
        sub = depth + 1
        if name == "getenv" or (name in {"get", "setdefault"} and receiver.endswith("environ")):
            default = keyword_arg(node, "default") or (node.args[1] if len(node.args) > 1 else None)
            # an empty default is no value (`os.environ.get("HF_USER", "")`: whatever is set, else asked for)
            return [value for value in self.strings(default, scope, use, sub) if value]
        if name in {"field", "Field", "Option", "Argument", "option", "argument"}:
            default = keyword_arg(node, "default") or (node.args[0] if node.args and name != "field" else None)
            return self.strings(default, scope, use, sub)
        if name == "str" and node.args:
            return self.strings(node.args[0], scope, use, sub)
        if name in {"strip", "rstrip", "lstrip"} and isinstance(func, ast.Attribute) and not node.args:
            return self.strings(func.value, scope, use, sub)
        if name == "format" and isinstance(func, ast.Attribute):
            return self._format(node, func.value, scope, use, sub)
        if name == "join" and isinstance(func, ast.Attribute) and node.args:
            out: list[str] = []
            for sep in self.strings(func.value, scope, use, sub):
                parts = [self.val_strings(v, sub) for v in self.elements(node.args[0], scope, use, sub)]
                out.extend(sep.join(p) for p in itertools.islice(itertools.product(*parts), MAX_VALUES))
            return out
        if name == "get" and isinstance(func, ast.Attribute) and node.args:
            values = self._lookup_key(func.value, node.args[0], scope, use, sub)
            default = node.args[1] if len(node.args) > 1 else keyword_arg(node, "default")
            return [s for v in values for s in self.val_strings(v, sub)] + self.strings(default, scope, use, sub)
        return []

    def _format(self, node: ast.Call, template: ast.expr, scope: Scope, use: Use, depth: int) -> list[str]:
        positional = [self.strings(a, scope, use, depth) for a in node.args]
        names = [k.arg for k in node.keywords if k.arg]
        named = [self.strings(k.value, scope, use, depth) for k in node.keywords if k.arg]
        out = []
        for text in self.strings(template, scope, use, depth):
            for pos in _combinations(positional):
                for kw in _combinations(named):
                    try:
                        out.append(text.format(*pos, **dict(zip(names, kw, strict=True))))
                    except (IndexError, KeyError, ValueError, AttributeError):
                        continue
        return out

    # -- containers ------------------------------------------------------------------
    def containers(self, node: ast.expr, scope: Scope, use: Use, depth: int) -> list[tuple[ast.expr, Scope, Use]]:
        """Literal dicts, lists, tuples and sets `node` may be."""
        if depth > MAX_DEPTH or self._budget_spent():
            return []
        if isinstance(node, ast.Dict | ast.List | ast.Tuple | ast.Set):
            return [(node, scope, use)]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" \
                and not node.args:
            keys: list[ast.expr | None] = [ast.Constant(k.arg) for k in node.keywords if k.arg]
            return [(ast.Dict(keys=keys, values=[k.value for k in node.keywords if k.arg]), scope, use)]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"list", "tuple"} \
                and node.args:
            return self.containers(node.args[0], scope, use, depth + 1)
        bindings: list[Binding] = []
        if isinstance(node, ast.Name):
            bindings = self.lookup(node.id, scope, use)
        elif isinstance(node, ast.Attribute):
            bindings = self._attribute_bindings(node.attr)
        elif isinstance(node, ast.Subscript):
            return [c for val in self._subscript(node, scope, use, depth)
                    if not isinstance(val, Pair) for c in self.containers(*val, depth + 1)]
        out = []
        for binding in bindings:
            if id(binding) in self._active:
                continue
            self._active.add(id(binding))
            try:
                for val in self.binding_values(binding, depth + 1):
                    if not isinstance(val, Pair):
                        out.extend(self.containers(*val, depth + 1))
            finally:
                self._active.discard(id(binding))
        return out

    def elements(self, node: ast.expr, scope: Scope, use: Use, depth: int) -> list[Val]:
        """What iterating over `node` yields."""
        if depth > MAX_DEPTH or self._budget_spent():
            return []
        if isinstance(node, ast.Call):
            return self._call_elements(node, scope, use, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.elements(node.left, scope, use, depth + 1) + self.elements(node.right, scope, use, depth + 1)
        out: list[Val] = []
        if isinstance(node, ast.Name):
            # `for m in CANDIDATES:` with `CANDIDATES` imported from the project: an element is a
            # value of that import, filled in from its module after the scan (`crossmodule`).
            for binding in self.lookup(node.id, scope, use):
                if binding.imported is not None and binding.imported.name:
                    out.append((ast.Constant(self._placeholder(binding.imported)), scope, use))
        for container, where, at in self.containers(node, scope, use, depth + 1):
            out.extend(literal_elements(container, where, at))
        return out[:MAX_STRINGS]

    def _call_elements(self, node: ast.Call, scope: Scope, use: Use, depth: int) -> list[Val]:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        sub = depth + 1
        if isinstance(func, ast.Attribute) and name in {"items", "values", "keys"}:
            entries = self._dict_entries(func.value, scope, use, sub)
            if name == "items":
                return [Pair((k, v)) for k, v in entries]
            picked = (v if name == "values" else k for k, v in entries)
            return [item for item in picked if item is not None]
        if name in {"sorted", "list", "tuple", "set", "reversed", "iter", "frozenset"} and node.args:
            return self.elements(node.args[0], scope, use, sub)
        if name == "enumerate" and node.args:
            return [Pair((None, e)) for e in self.elements(node.args[0], scope, use, sub)]
        if name == "zip" and node.args:
            columns = [self.elements(a, scope, use, sub) for a in node.args]
            return [Pair(tuple(row)) for row in zip(*columns, strict=False)]
        if name == "split" and isinstance(func, ast.Attribute):
            seps: list[str | None] = [*self.strings(node.args[0], scope, use, sub)] if node.args else [None]
            return [(ast.Constant(part.strip()), scope, use) for text in self.strings(func.value, scope, use, sub)
                    for sep in seps for part in text.split(sep) if part.strip()]
        return []

    def _dict_entries(self, node: ast.expr, scope: Scope, use: Use, depth: int) -> list[tuple[Val | None, Val | None]]:
        entries: list[tuple[Val | None, Val | None]] = []
        for container, where, at in self.containers(node, scope, use, depth):
            if isinstance(container, ast.Dict):
                for key, value in zip(container.keys, container.values, strict=True):
                    entries.append(((key, where, at) if key is not None else None, (value, where, at)))
        return entries

    def _subscript(self, node: ast.Subscript, scope: Scope, use: Use, depth: int) -> list[Val]:
        return self._lookup_key(node.value, node.slice, scope, use, depth)

    def _lookup_key(self, container_expr: ast.expr, key_expr: ast.expr, scope: Scope, use: Use,
                    depth: int) -> list[Val]:
        keys = set(self.strings(key_expr, scope, use, depth + 1))
        index = key_expr.value if isinstance(key_expr, ast.Constant) and isinstance(key_expr.value, int) else None
        out: list[Val] = []
        for container, where, at in self.containers(container_expr, scope, use, depth + 1):
            if isinstance(container, ast.Dict):
                pairs = list(zip(container.keys, container.values, strict=True))
                hits = [v for k, v in pairs if k is not None and keys
                        and set(self.strings(k, where, at, depth + 1)) & keys]
                out.extend((v, where, at) for v in (hits or ([] if keys else [v for _, v in pairs])))
            elif isinstance(container, ast.List | ast.Tuple):
                elts = container.elts
                if index is not None and not isinstance(index, bool) and -len(elts) <= index < len(elts):
                    out.append((elts[index], where, at))
                elif index is None and not isinstance(key_expr, ast.Slice):
                    out.extend((e, where, at) for e in elts if not isinstance(e, ast.Starred))
        return out

    def _budget_spent(self) -> bool:
        self._steps += 1
        return self._steps > MAX_STEPS


def _product(parts: list[list[str]]) -> list[str]:
    if any(not p for p in parts):
        return []
    return ["".join(combo) for combo in itertools.islice(itertools.product(*parts), MAX_VALUES)]


def _combinations(columns: list[list[str]]) -> Iterator[tuple[str, ...]]:
    if any(not c for c in columns):
        return iter(())
    return itertools.islice(itertools.product(*columns), MAX_VALUES)


def keyword_arg(node: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument `name` in a call, if given."""
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _dotted_tail(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted_tail(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def table_values(value: ast.expr, meaning: NameMeaning) -> ast.expr:
    """A table by alias (`model_map = {"opus": "claude-3-opus-20240229"}`) names targets by its values only
    (diffusers' `DATASET_NAME_MAPPING = {"org/x": ("image", "text")}` keys ids to columns: a lookup, no load);
    an entry that is a dict of its own is read by its keys' names (`{"hf_id": ..., "ms_id": ...}`), not here."""
    if not meaning.table or not isinstance(value, ast.Dict):
        return value
    return ast.Tuple(elts=[item for item in value.values if not isinstance(item, ast.Dict)], ctx=ast.Load())
