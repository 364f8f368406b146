"""Python detector: finds model, dataset and API-model references with `ast`, never importing.

It tracks import aliases, module and class constants and function defaults, and folds simple
f-strings and concatenations, so `MODEL = "org/x"; AutoModel.from_pretrained(MODEL)` reports
`org/x` at the line of the call.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mlgate.model import Kind, Location, Reference
from mlgate.scan.base import ScanOptions, SourceFile
from mlgate.scan.targets import classify, normalise_target


@dataclass(frozen=True)
class CallRule:
    """Where a loader call carries its target: positional index and/or keyword names."""

    kind: Kind
    position: int | None
    keywords: tuple[str, ...]
    allow_bare: bool = True


# Keyed by the last dotted component of the called name after alias resolution.
FUNCTION_RULES: dict[str, CallRule] = {
    "pipeline": CallRule(Kind.MODEL, None, ("model",)),
    "hf_hub_download": CallRule(Kind.MODEL, 0, ("repo_id",)),
    "snapshot_download": CallRule(Kind.MODEL, 0, ("repo_id",)),
    "load_dataset": CallRule(Kind.DATASET, 0, ("path",)),
}
FROM_PRETRAINED = CallRule(Kind.MODEL, 0, ("pretrained_model_name_or_path", "model_id", "repo_id"))
PEFT_FROM_PRETRAINED = CallRule(Kind.ADAPTER, 1, ("model_id", "pretrained_model_name_or_path"))


class PythonDetector:
    name = "python"
    triggers: tuple[bytes, ...] = (
        b"from_pretrained", b"pipeline", b"hf_hub_download", b"snapshot_download", b"load_dataset",
    )
    header_bytes = 0

    def accepts(self, relpath: str) -> bool:
        return relpath.endswith((".py", ".pyi"))

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        try:
            tree = ast.parse(source.text, filename=source.relpath)
        except (SyntaxError, ValueError):
            return []
        return list(references_in_tree(tree, source.relpath))


def references_in_tree(
    tree: ast.AST, relpath: str, line_offset: int = 0, cell: int | None = None
) -> Iterator[Reference]:
    """References in a parsed module; notebooks pass a line offset and a cell number."""
    visitor = _Visitor(relpath, line_offset, cell)
    visitor.collect_names(tree)
    visitor.visit(tree)
    yield from visitor.found


class _Visitor(ast.NodeVisitor):
    def __init__(self, relpath: str, line_offset: int, cell: int | None) -> None:
        self.relpath = relpath
        self.line_offset = line_offset
        self.cell = cell
        self.aliases: dict[str, str] = {}
        self.constants: dict[str, str] = {}
        self.found: list[Reference] = []

    # -- first pass: names we can fold -------------------------------------------------
    def collect_names(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.aliases[alias.asname or alias.name.split(".")[0]] = alias.name
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module or ''}.{alias.name}"
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                self._remember(node.targets[0], node.value)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                self._remember(node.target, node.value)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args
                positional = args.posonlyargs + args.args
                for arg, default in zip(positional[len(positional) - len(args.defaults):],
                                        args.defaults, strict=True):
                    self._remember_name(arg.arg, default)
                for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
                    if kw_default is not None:
                        self._remember_name(arg.arg, kw_default)

    def _remember(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self._remember_name(target.id, value)
        elif isinstance(target, ast.Attribute):
            self._remember_name(target.attr, value)

    def _remember_name(self, name: str, value: ast.expr) -> None:
        folded = self.fold(value)
        # A name bound to two different strings is ambiguous: keep the first binding only.
        if folded is not None and name not in self.constants:
            self.constants[name] = folded

    def fold(self, node: ast.expr | None, depth: int = 0) -> str | None:
        """The string value of `node` if it can be known without running anything."""
        if node is None or depth > 20:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        if isinstance(node, ast.Attribute):
            return self.constants.get(node.attr)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.fold(node.left, depth + 1), self.fold(node.right, depth + 1)
            return left + right if left is not None and right is not None else None
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    part = self.fold(value.value, depth + 1)
                    if part is None or value.format_spec is not None:
                        return None
                    parts.append(part)
                elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                    parts.append(value.value)
            return "".join(parts)
        return None

    # -- second pass: calls --------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        dotted = self.dotted(node.func)
        if dotted is None:
            return
        last = dotted.rsplit(".", 1)[-1]
        if last == "from_pretrained":
            receiver = dotted.rsplit(".", 1)[0] if "." in dotted else ""
            is_peft = receiver.rsplit(".", 1)[-1] in {"PeftModel", "PeftModelForCausalLM"}
            self.apply(node, dotted, PEFT_FROM_PRETRAINED if is_peft else FROM_PRETRAINED)
        elif last in FUNCTION_RULES:
            rule = FUNCTION_RULES[last]
            if last in {"hf_hub_download", "snapshot_download"}:
                repo_type = self.fold(_keyword(node, "repo_type"))
                if repo_type == "dataset":
                    rule = CallRule(Kind.DATASET, rule.position, rule.keywords)
            self.apply(node, dotted, rule)

    def dotted(self, func: ast.expr) -> str | None:
        """The called name with import aliases expanded (`M.x` → `transformers.AutoModel.x`)."""
        parts: list[str] = []
        node = func
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            parts.append(self.aliases.get(node.id, node.id))
        elif isinstance(node, ast.Call):
            inner = self.dotted(node.func)
            parts.append(f"{inner}()" if inner else "()")
        else:
            parts.append("?")
        return ".".join(reversed(parts))

    def apply(self, node: ast.Call, dotted: str, rule: CallRule) -> None:
        value_node = _argument(node, rule.position, rule.keywords)
        value = self.fold(value_node)
        if value is None or value_node is None:
            return
        kind = classify(value, default=rule.kind, allow_bare=rule.allow_bare)
        if kind is None:
            return
        revision = self.fold(_keyword(node, "revision"))
        via = _short_via(dotted)
        # The argument's own position: on a multi-line call that is the line naming the model.
        line, col = value_node.lineno, value_node.col_offset
        self.found.append(
            Reference(
                target=normalise_target(value, kind),
                kind=kind,
                location=Location(self.relpath, line + self.line_offset, col + 1, self.cell),
                via=via,
                revision=revision,
            )
        )


def _argument(node: ast.Call, position: int | None, keywords: tuple[str, ...]) -> ast.expr | None:
    for name in keywords:
        found = _keyword(node, name)
        if found is not None:
            return found
    if position is not None and len(node.args) > position:
        arg = node.args[position]
        return None if isinstance(arg, ast.Starred) else arg
    return None


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _short_via(dotted: str) -> str:
    """`transformers.AutoModel.from_pretrained` → `AutoModel.from_pretrained`."""
    parts = dotted.split(".")
    return ".".join(parts[-2:]) if parts[-1] == "from_pretrained" and len(parts) >= 2 else parts[-1]


DETECTOR = PythonDetector()
