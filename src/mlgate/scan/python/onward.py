"""Probes (`probes.py`) analysed in the callee's module, and followed on from module to module.

`StableDiffusionXL("stabilityai/sdxl-turbo")` in `txt2image.py` is analysed in the module that
defines the class, with the call appended (`crossmodule` finds that module). There the class may
not load the value itself but give it to `load_unet(model, float16)`, a function that module
imports from a third one, where `hf_hub_download(key, ...)` reads it. So a probe that finds
nothing in its module goes on: a second analysis of the same text (`_Onward`) records each
argument of a call of a name imported from a project module that the probe's value reaches
(directly, or through the module's own functions and constructors, as a loader's argument is
followed), and the value is probed again in the module defining that callee, at that slot. What a
loader there makes of it is reported at the original call, with the same rules as a first probe
(the value itself, as analysed there), its `via` the chain of calls.

Bounded: `MAX_DEPTH` modules per call (the callee's own and two more), so an import cycle ends;
each (module, callee, slot, value) is analysed once per run (reached again later, its outcome is
reused; reached during the step that analyses it, it is analysed again at the next step); at most
`MAX_PROBES` calls are appended to a module per step after the first. A probe its module resolves
goes no further: what that module reports is what the call loads.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from mlgate.model import Kind, Reference, Role
from mlgate.scan.base import SourceFile, line_starts
from mlgate.scan.python.analysis import ModuleAnalyzer, NeedsFullSource
from mlgate.scan.python.modulefile import parse_quietly
from mlgate.scan.python.pending import MARK, ImportRef, Pending, Slot, could_be_local
from mlgate.scan.python.probes import MAX_PROBES, probe_call
from mlgate.scan.python.rules import ArgRule, CallSpec
from mlgate.scan.python.scopes import Scope, Use
from mlgate.scan.python.sites import call_lines

MAX_DEPTH = 3


class Defined(Protocol):
    """A parsed module of the project (`crossmodule._Module`)."""

    @property
    def rel(self) -> str: ...

    @property
    def source(self) -> SourceFile: ...


# The module an import of a module (by its path) names, if it is one of the project's.
Find = Callable[[str, ImportRef], Defined | None]
# Analyses a module's text (with probe calls appended) and returns its references there.
Analyse = Callable[[str, str], list[Reference]]


@dataclass(frozen=True)
class _Probe:
    """A call to append to the module defining `name`: `name(value)`, the value at `rule`'s slot."""

    name: str
    rule: ArgRule
    value: str

    def call(self) -> str:
        return probe_call(ImportRef(0, "", self.name), Slot(self.rule, self.name, False, (), False), self.value)


@dataclass(frozen=True)
class _Chain:
    """How a probe was reached from the call it reports at."""

    item: int  # the index of the original call (`Pending`)
    lead: str  # the calls before this module's: "StableDiffusionXL() -> "


@dataclass(frozen=True)
class Passed:
    """The value `value` of the appended line `line` reaches argument `rule` of `callee`, imported,
    through the calls `lead` ("StableDiffusionXL() -> ", "" when given to it directly)."""

    line: int
    value: str
    callee: ImportRef
    rule: ArgRule
    lead: str


@dataclass(frozen=True)
class _Outcome:
    """What a probe finds in its module: references at its line, or where the value goes on to
    (the module defining the callee, the probe there, the calls in between)."""

    refs: list[Reference]
    onward: list[tuple[Defined, _Probe, str]]


_Step = dict[str, tuple[Defined, dict[_Probe, list[_Chain]]]]  # module -> its probes, and what reached each


def probed_references(start: Iterable[tuple[Defined | None, list[Pending]]], find: Find,
                      analyse: Analyse) -> Iterator[Reference]:
    """References for probe items, each group analysed in the module (`start`) defining its callee."""
    items: list[Pending] = []
    step: _Step = {}
    for module, calls in start:
        if module is None:
            continue
        probes = step.setdefault(module.rel, (module, {}))[1]
        for item in calls:
            probe = _Probe(item.imports[0].name, item.slot.rule, item.template)  # (`imported_calls` sets nothing else)
            probes.setdefault(probe, []).append(_Chain(len(items), ""))
            items.append(item)
    return _Chains(items, find, analyse).run(step)


class _Chains:
    def __init__(self, items: list[Pending], find: Find, analyse: Analyse) -> None:
        self.items = items
        self.find = find
        self.analyse = analyse
        self.outcomes: dict[tuple[str, _Probe], _Outcome] = {}  # each probe analysed once, however reached
        self.reported: set[tuple[int, str, Kind, Role]] = set()
        self.following: _Step = {}

    def run(self, step: _Step) -> Iterator[Reference]:
        for depth in range(MAX_DEPTH):
            self.following = {}
            for rel, (module, probes) in step.items():
                for probe, outcome in self._analysed(module, probes, depth + 1 < MAX_DEPTH):
                    self.outcomes[(rel, probe)] = outcome
                    yield from self._arrived(outcome, probes[probe], depth)
            step = self.following
            if not step:
                break

    def _arrived(self, outcome: _Outcome, chains: list[_Chain], depth: int) -> Iterator[Reference]:
        """The references of `outcome` at the calls of `chains`; what it passes on, followed."""
        for chain, ref in ((c, r) for c in chains for r in outcome.refs):
            key = (chain.item, ref.target, ref.kind, ref.role)
            if depth and key in self.reported:
                continue  # (two callees load the same id: reported once)
            self.reported.add(key)
            item = self.items[chain.item]
            yield Reference(ref.target, ref.kind, item.location, chain.lead + ref.via, ref.revision, ref.role,
                            item.suppression, placeholder=ref.placeholder, origin=item.origin)
        if outcome.refs or depth + 1 >= MAX_DEPTH:
            return  # what a module loads itself is what the call loads
        for module, probe, lead in outcome.onward:
            onward = [_Chain(c.item, c.lead + lead) for c in chains]
            known = self.outcomes.get((module.rel, probe))
            if known is not None:  # probed already (reached another way, or an import cycle): its outcome
                yield from self._arrived(known, onward, depth + 1)
                continue
            probes = self.following.setdefault(module.rel, (module, {}))[1]
            if probe in probes or len(probes) < MAX_PROBES:
                probes.setdefault(probe, []).extend(onward)

    def _analysed(self, module: Defined, probes: dict[_Probe, list[_Chain]],
                  go_on: bool) -> list[tuple[_Probe, _Outcome]]:
        """Each probe's outcome, from one analysis of the module with every probe appended (a line
        each), and, for those it resolves nowhere (when `go_on`), one of where the values go."""
        text = module.source.text
        text = text if text.endswith("\n") else text + "\n"
        first = text.count("\n") + 1
        order = list(probes)
        text += "".join(f"{p.call()}\n" for p in order)
        found: dict[int, list[Reference]] = {}
        for ref in self.analyse(text, module.rel):
            found.setdefault(ref.location.line, []).append(ref)
        refs = [[r for r in found.get(first + i, ()) if r.target.lower() == p.value.lower()]
                for i, p in enumerate(order)]
        onward: list[list[tuple[Defined, _Probe, str]]] = [[] for _ in order]
        unresolved = [first + i for i, found_here in enumerate(refs) if not found_here]
        for passed in passed_on(text, unresolved) if unresolved and go_on else []:
            index = passed.line - first
            callee = self.find(module.rel, passed.callee)
            if callee is not None and passed.value == order[index].value:
                onward[index].append((callee, _Probe(passed.callee.name, passed.rule, passed.value), passed.lead))
        return [(p, _Outcome(refs[i], onward[i])) for i, p in enumerate(order)]


def passed_on(text: str, lines: list[int]) -> list[Passed]:
    """Where the values of `lines` (sorted) are given to functions or classes imported from modules
    that may be the project's: each argument slot such a call fills, for `probed_references`."""
    tree = parse_quietly(text)
    if tree is None:
        return []
    names = frozenset(alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                      and could_be_local(node.level, node.module or "") for alias in node.names if alias.name != "*")
    if not names:
        return []
    analyzer = _Onward(tree, text, sorted({*lines, *call_lines(text, names, line_starts(text))}))
    try:
        analyzer.run()
    except (RecursionError, NeedsFullSource):
        return []
    finally:
        analyzer.release()
    wanted = set(lines)
    return [p for p in analyzer.passed if p.line in wanted]


class _Onward(ModuleAnalyzer):
    """The analysis, where a call of an imported project name stands for a loader: its arguments
    are followed back through the module's own helpers (`_note_wrapper`), as a loader's are, and
    what reaches them is recorded in `passed` rather than resolved. Loaders themselves are not
    looked at (the references are the other analysis's)."""

    def __init__(self, tree: ast.Module, text: str, lines: list[int]) -> None:
        super().__init__(tree, text, lines)
        self.passed: list[Passed] = []
        # id(rule) -> (rule, callee, its call): the rule is kept so that its id stays its own; the
        # module's helpers pass the same rule object on (`_Wrapper`), so the id tells a passed value.
        self._callees: dict[int, tuple[ArgRule, ImportRef, str]] = {}
        self._recorded: set[tuple[int, str, int]] = set()

    def _call(self, node: ast.Call, scope: Scope, use: Use) -> None:
        if not isinstance(node.func, ast.Name):
            return
        name = node.func.id
        bindings = self.env.lookup(name, scope, use)
        refs = {b.imported for b in bindings}
        callee = refs.pop() if len(refs) == 1 else None
        if callee is None or not callee.name:
            return  # not (only) a name imported from a project module
        slots: list[tuple[ast.expr, ArgRule]] = []
        for position, arg in enumerate(node.args):
            if isinstance(arg, ast.Starred):
                break  # (the positions after it are unknown)
            slots.append((arg, ArgRule(position, (), Kind.MODEL)))
        slots += [(k.value, ArgRule(None, (k.arg,), Kind.MODEL)) for k in node.keywords if k.arg]
        via = f"{name}()"
        for arg, rule in slots:
            self._callees[id(rule)] = (rule, callee, via)
            self._emit(arg, rule, via, CallSpec(via, (rule,)), node, scope, use)

    def _emit(self, arg: ast.expr, rule: ArgRule, via: str, spec: CallSpec | None, call: ast.Call, scope: Scope,
              use: Use, expanded: bool = False) -> None:
        entry = self._callees.get(id(rule))
        if entry is None:
            return
        _, callee, own = entry
        for value in self.env.strings(arg, scope, use):
            key = (id(arg), value, id(rule))
            if MARK not in value and key not in self._recorded:
                self._recorded.add(key)
                self.passed.append(Passed(arg.lineno, value, callee, rule, via.removesuffix(own)))
        self._note_wrapper(arg, rule, via, spec, scope)
