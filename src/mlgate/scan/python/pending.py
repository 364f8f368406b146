"""References waiting on another module: a loader argument built from an imported constant.

`from .settings import MODEL; pipeline("text-generation", model=MODEL)` cannot be resolved
from one file. The Python detector records such an argument as a `Pending` item: the value
as a template in which each imported name is a marker, the imports the markers stand for,
and how the argument slot reads a value (`Slot`). After every file is scanned,
`mlgate.scan.python.crossmodule` reads the imported modules' constants and turns each pending item
into references at the argument's location. Pending items are per-file facts, so the scan
cache stores them with the file's result (`encode` / `decode`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any

from mlgate.model import Kind, Location, Role, Suppression
from mlgate.scan.python.rules import ArgRule

# A marker stands for the value of the import with that index; NUL never occurs in source text.
MARK = "\x00"
_MARKER = re.compile("\x00([0-9]+)\x00")


@dataclass(frozen=True)
class ImportRef:
    """`name` of module `module`, `level` dots up (`from ..a.b import X`: 2, "a.b", "X").

    `name` is "" when the binding is the module itself (`import a.b as s`, read as `s.X`).
    """

    level: int
    module: str
    name: str


# Top-level packages that are never the scanned project's own modules: the standard library and
# the libraries mlgate knows loaders of (their constants are not the project's configuration).
_NOT_LOCAL = frozenset({
    *sys.stdlib_module_names, "transformers", "torch", "huggingface_hub", "datasets", "peft", "diffusers", "vllm",
    "sentence_transformers", "openai", "anthropic", "langchain", "langchain_core", "langchain_community",
    "langchain_openai", "langchain_huggingface", "llama_index", "litellm", "ollama", "timm", "open_clip", "trl",
    "accelerate", "optimum", "setfit", "FlagEmbedding", "llama_cpp", "google", "dashscope", "numpy", "pandas",
    "tensorflow", "keras", "jax", "flax", "sklearn", "scipy", "requests", "pydantic", "click", "typer", "yaml",
})


def could_be_local(level: int, module: str) -> bool:
    """Whether an import may name a module of the scanned project (relative, or not a known library)."""
    return level > 0 or module.split(".", 1)[0] not in _NOT_LOCAL


def marker(index: int) -> str:
    return f"{MARK}{index}{MARK}"


def markers(template: str) -> list[int] | None:
    """Indices of the markers in `template`, or None if a marker was cut (`split`, slicing)."""
    indices = [int(m) for m in _MARKER.findall(template)]
    return indices if _MARKER.sub("", template).find(MARK) < 0 else None


def fill(template: str, values: dict[int, str]) -> str:
    return _MARKER.sub(lambda m: values[int(m.group(1))], template)


@dataclass(frozen=True)
class Slot:
    """Everything `python.targets.resolve_target` needs besides the value, taken at the call."""

    rule: ArgRule
    via: str
    repo_type_aware: bool
    keywords: tuple[tuple[str, str], ...]  # `revision=`, `repo_type=`, `source=` as written
    pretrained: bool


@dataclass(frozen=True)
class Pending:
    template: str
    imports: tuple[ImportRef, ...]  # marker i stands for imports[i]
    slot: Slot
    location: Location  # the argument, where the reference is reported
    suppression: Suppression | None = None
    # A call of the project's own function or class `imports[0]` with the literal `template`
    # (see `probes.py`), rather than a value built from imported constants.
    probe: bool = False
    origin: Location | None = None  # where the literal is written, when the argument is a name
    # A call of the pytest fixture parameter `imports[0].name` with the literal `template` (`fixtures.py`).
    fixture: bool = False
    # The self-hosted base URL the calling module sends its API calls to (`endpoints.py`), if any.
    endpoint: str | None = None


def encode(item: Pending) -> list[Any]:
    rule, slot, supp = item.slot.rule, item.slot, item.suppression
    return [item.template, [[i.level, i.module, i.name] for i in item.imports],
            [rule.position, list(rule.keywords), rule.kind.value, rule.allow_bare, rule.role.value, rule.scheme],
            slot.via, slot.repo_type_aware, [list(k) for k in slot.keywords], slot.pretrained,
            item.location.line, item.location.column, list(supp.rules) if supp else None, supp.reason if supp else None,
            item.probe, [item.origin.line, item.origin.column, item.origin.cell] if item.origin else None,
            item.location.cell, item.fixture, item.endpoint]  # (a notebook's call: its cell)


def decode(path: str, raw: list[Any]) -> Pending:
    """Raises TypeError/ValueError/IndexError on a malformed entry (the cache then misses)."""
    template, imports, rule, via, aware, keywords, pretrained, line, column, rules, reason, probe, origin, cell, \
        fixture, endpoint = raw
    position, names, kind, bare, role, scheme = rule
    arg_rule = ArgRule(None if position is None else int(position), tuple(str(n) for n in names), Kind(kind),
                       bool(bare), Role(role), str(scheme))
    slot = Slot(arg_rule, str(via), bool(aware), tuple((str(k), str(v)) for k, v in keywords), bool(pretrained))
    refs = tuple(ImportRef(int(level), str(module), str(name)) for level, module, name in imports)
    suppression = Suppression(tuple(str(r) for r in rules), str(reason or "")) if rules is not None else None
    written = Location(path, int(origin[0]), int(origin[1]), _cell(origin[2])) if origin is not None else None
    return Pending(str(template), refs, slot, Location(path, int(line), int(column), _cell(cell)), suppression,
                   bool(probe), written, bool(fixture), None if endpoint is None else str(endpoint))


def _cell(raw: Any) -> int | None:
    return None if raw is None else int(raw)
