"""After the per-file scan: pending arguments resolved from the constants of the modules they import.

`from .settings import SUMMARY_MODEL` (or `from pkg.settings import ...`, `from . import
settings` + `settings.X`, `import pkg.settings as s` + `s.X`) names a module of the scanned
project. Its file is found under the scan root, whether or not it was among the files
scanned (pre-commit passes only the staged ones), but only if the project lists it (a
git-ignored or excluded module is not the project's), parsed with `ast` (never imported), and
its module-level string values are worked out with the same folding as any module
(`values`: constants, annotated assignments, f-strings, `os.getenv` defaults, ...). A
value that is itself imported (`from .defaults import MODEL` re-exported) is followed up
to `MAX_HOPS` modules further. The reference is reported where the argument is, with the
slot rules of the call that reads it.

Bounded: each module is read and parsed at most once per run, files over `MAX_MODULE_BYTES`
and symbolic links are not read, cycles end. What cannot be found is dropped silently, as
an unresolvable value in one file is.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from mlgate.model import Location, Reference
from mlgate.scan.base import SourceFile
from mlgate.scan.python.analysis import ModuleAnalyzer
from mlgate.scan.python.endpoints import marks
from mlgate.scan.python.fixtures import fixture_references
from mlgate.scan.python.modulefile import module_candidates, parse_quietly, read_module
from mlgate.scan.python.onward import probed_references
from mlgate.scan.python.pending import MARK, ImportRef, Pending, Slot, fill, markers
from mlgate.scan.python.rules import CallSpec
from mlgate.scan.python.scopes import Use
from mlgate.scan.python.targets import KeywordFlag, resolve_target
from mlgate.scan.python.values import MAX_VALUES, Env

MAX_HOPS = 2
_END = Use(1 << 30)  # read a module's names as they stand once it has run


# Analyses a module's text (with a probe call appended) and returns its references there.
Analyse = Callable[[str, str], list[Reference]]


def resolve_pending(root: Path, items: Iterable[tuple[str, Pending]], listed: frozenset[str],
                    consulted: set[str] | None = None, analyse: Analyse | None = None) -> list[Reference]:
    """References for `(importing file, pending item)` pairs whose imported values can be found in
    the modules of `listed` (the project's files). `consulted` receives every module path looked
    for, found or not, listed or not (a rescan's snapshot checks them: a module created later may
    be listed then). Probe items (`probes.py`) are analysed by `analyse` in the module that defines
    the callee."""
    modules = _Modules(root, listed)
    out: list[Reference] = []
    probes: dict[str, list[Pending]] = {}  # defining module -> the calls of its callables
    fixtures: list[tuple[str, Pending]] = []
    for importer, item in items:
        if item.fixture:
            fixtures.append((importer, item))
            continue
        if item.probe:
            module = modules.defining(importer, item.imports[0]) if analyse is not None else None
            if module is not None:
                probes.setdefault(module.rel, []).append(item)
            continue
        out.extend(_references(item, modules.filled(importer, item.template, item.imports, 0), modules.written))
    if probes and analyse is not None:
        out.extend(probed_references(((modules.parsed[rel], calls) for rel, calls in probes.items()),
                                     modules.defining, analyse))
    if fixtures and analyse is not None:
        out.extend(fixture_references(str(root), listed, fixtures, analyse, consulted))
    if consulted is not None:
        consulted.update(modules.parsed)
    return out


def _references(item: Pending, values: list[str], written: dict[str, Location]) -> Iterator[Reference]:
    """References at the argument; a value that is one literal of another module carries its place
    there as `origin` (the line a developer edits to change the model)."""
    slot = item.slot
    spec = CallSpec(slot.via, (slot.rule,), repo_type_aware=True) if slot.repo_type_aware else None
    keywords = dict(slot.keywords)
    seen: set[str] = set()
    for value in values:
        found = resolve_target(value, slot.rule, slot.via, spec, keywords.get, _flag(slot))
        if found is not None and found.target not in seen:
            seen.add(found.target)
            ref = Reference(found.target, found.kind, item.location, found.via, found.revision, found.role,
                            item.suppression, origin=written.get(value))
            yield replace(ref, endpoint=item.endpoint) if item.endpoint and marks(ref) else ref


def _flag(slot: Slot) -> KeywordFlag:
    return lambda name: name == "pretrained" and slot.pretrained


class _Module:
    """One parsed module: the string values of its module-level names."""

    def __init__(self, source: SourceFile, env: Env) -> None:
        self.rel = source.relpath
        self.source = source
        self.env = env

    def literal(self, value: str) -> Location | None:
        """Where `value` is written as a string literal in this module, if it is."""
        text = self.source.text
        for quote in ('"', "'"):
            offset = text.find(f"{quote}{value}{quote}")
            if offset >= 0:
                return self.source.location(offset)  # at the quote, as the literal's own reference
        return None

    def strings(self, name: str) -> list[str]:
        """The string values of `name`; for a collection (`MODELS = ["a", "b"]`, read by a loop in
        the importing module), its elements."""
        node = ast.Name(id=name, ctx=ast.Load())
        found = self.env.strings(node, self.env.module, _END)
        if found:
            return found
        elements = self.env.elements(node, self.env.module, _END, 0)
        return list(dict.fromkeys(s for val in elements for s in self.env.val_strings(val, 1)))


class _Modules:
    def __init__(self, root: Path, listed: frozenset[str]) -> None:
        self.root = root
        self.listed = listed
        self.parsed: dict[str, _Module | None] = {}
        self.active: set[tuple[str, str]] = set()
        self.written: dict[str, Location] = {}  # a value read from a module -> its literal there

    def filled(self, importer: str, template: str, imports: Sequence[ImportRef], hops: int) -> list[str]:
        """`template` with each marker replaced by a value of its import (at most MAX_VALUES)."""
        indices = markers(template)
        if not indices:
            return []
        order = list(dict.fromkeys(indices))
        columns = [self.value(importer, imports[i], hops) for i in order]
        return [fill(template, dict(zip(order, combo, strict=True)))
                for combo in itertools.islice(itertools.product(*columns), MAX_VALUES)]

    def defining(self, importer: str, ref: ImportRef) -> _Module | None:
        """The first module that `ref` (as imported by `importer`) may be, if one parses."""
        for candidate in module_candidates(importer, ref.level, ref.module):
            module = self.load(candidate)
            if module is not None:
                return module
        return None

    def value(self, importer: str, ref: ImportRef, hops: int) -> list[str]:
        module = self.defining(importer, ref)
        return self._values(module, ref.name, hops) if module is not None else []

    def _values(self, module: _Module, name: str, hops: int) -> list[str]:
        key = (module.rel, name)
        if key in self.active:
            return []
        self.active.add(key)
        try:
            out: list[str] = []
            for text in module.strings(name):
                if MARK not in text:
                    out.append(text)
                    if text not in self.written and (place := module.literal(text)) is not None:
                        self.written[text] = place
                elif hops < MAX_HOPS:  # a re-export: `from .defaults import MODEL`
                    out.extend(self.filled(module.rel, text, module.env.imports, hops + 1))
            return list(dict.fromkeys(out))[:MAX_VALUES]
        finally:
            self.active.discard(key)

    def load(self, rel: str) -> _Module | None:
        if rel not in self.parsed:
            self.parsed[rel] = _parse_module(self.root, rel) if rel in self.listed else None
        return self.parsed[rel]


def _parse_module(root: Path, rel: str) -> _Module | None:
    source = read_module(root, rel)
    tree = parse_quietly(source.text) if source is not None else None
    if source is None or tree is None:
        return None
    analyzer = ModuleAnalyzer(tree, source.text, lines=[])
    try:
        analyzer.run()  # statements only: no line holds a loader call, so no expression is walked
    except RecursionError:
        return None
    return _Module(source, analyzer.env)
