"""Python detector: model, dataset and API-model references, found with `ast`, never importing.

The bytes prefilter (`triggers`) rejects most files before decoding; a regex for loader
names on the decoded text (`has_sites`) rejects most of the rest before parsing. Parsed
modules go through `analysis` (scopes, constants, defaults, f-strings, loops, helper
functions); files `ast` cannot parse (Python 2, syntax errors, absurd nesting) go through
the tolerant path in `fallback` instead of being skipped.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator

from mlgate.model import Kind, Location, Reference, Role
from mlgate.scan.base import Detector, Gathered, ScanOptions, SourceFile, line_starts, paused_gc
from mlgate.scan.python.analysis import ModuleAnalyzer, NeedsFullSource
from mlgate.scan.python.crossmodule import resolve_pending
from mlgate.scan.python.endpoints import NEEDLES as ENDPOINT_NEEDLES
from mlgate.scan.python.endpoints import module_endpoint, with_call_endpoints, with_endpoint
from mlgate.scan.python.evidence import name_evidence
from mlgate.scan.python.fallback import comment_references, tolerant_references
from mlgate.scan.python.fileonly import file_only_options
from mlgate.scan.python.fixtures import composed_urls, fixture_calls
from mlgate.scan.python.hubshape import SHAPE_VIAS, hub_shaped
from mlgate.scan.python.imported import constant_from_elsewhere
from mlgate.scan.python.listednames import listed_api_names
from mlgate.scan.python.modulefile import parse_quietly
from mlgate.scan.python.origins import Lines, Locate, Origins
from mlgate.scan.python.ownoutputs import cannot_be_a_hub_id, own_outputs
from mlgate.scan.python.pending import Pending
from mlgate.scan.python.probes import constant_use_lines, imported_calls
from mlgate.scan.python.reduce import reduce_source
from mlgate.scan.python.repair import inside, repair
from mlgate.scan.python.rules import ALIASABLE_CALLS, GENERIC_KEYWORDS, SITE_CALLS
from mlgate.scan.python.sites import site_lines
from mlgate.scan.python.spots import spot_lines
from mlgate.scan.python.stubbed import StubbedMethods
from mlgate.scan.python.targets import Found

# Stage 1 (every file): one of these is in any Python file that can name a target, either in
# the call itself or in the import that makes the loader available (`from huggingface_hub
# import snapshot_download`). Each costs one pass over the bytes, so they are few and broad,
# most common first.
# (`dspy`: `Embedder(model)` in a module with no other ML word)
_LIBRARY_NEEDLES = (b"ransformer", b"uggingface", b"uggingFace", b"llama", b"vllm", b"eplicate", b"dspy")
_WORD_NEEDLES = (b"odel", b"retrained", b"ataset", b"ipeline", b"hub.load", b"repo_id", b"adapter")
# Last (checked only where nothing else matched): a pytest fixture can hand a test the function
# that takes an id (`launcher("bigscience/bloom-560m")`, `fixtures.py`) in a file with no ML word.
# A model client's factory can be the only ML word of a module (ragas' `llm_factory("gpt-4o")`,
# `embedding_factory("text-embedding-3-small")`): looked for after everything else.
_CLIENT_NEEDLES = (b"llm", b"LLM", b"mbedding")
TRIGGERS: tuple[bytes, ...] = (*_WORD_NEEDLES[:3], *_LIBRARY_NEEDLES, *_WORD_NEEDLES[3:], *_CLIENT_NEEDLES, b"fixture")
# Stage 2 (files that passed stage 1, still bytes): an ML library import means "parse"; a mere
# word ("model" in prose) needs a loader call or target keyword next to one of its occurrences.
_WINDOW_BEFORE, _WINDOW_AFTER, _MAX_WINDOWS = 48, 64, 400


@functools.cache
def _site_pattern() -> re.Pattern[bytes]:
    # Compiled on first use (about 2 ms): most runs of `mlgate check` on a few files never need it.
    calls = [re.escape(n.encode()).replace(rb"\(", rb"\s*\(") for n in SITE_CALLS]
    keywords = b"|".join(k.encode() for k in sorted(GENERIC_KEYWORDS))
    return re.compile(b"|".join([*calls, rb"\b(?:" + keywords + rb")(?:\s*=(?!=)|[\"']\s*:)"]))


@functools.cache
def _alias_patterns() -> tuple[re.Pattern[bytes], re.Pattern[str]]:
    names = "|".join(sorted(ALIASABLE_CALLS))
    return (re.compile(rb"import[^\n]*\b(?:" + names.encode() + rb")\s+as\s+\w"),
            re.compile(r"\b(?:" + names + r")\s+as\s+(\w+)"))


COMMENT_TRIGGERS: tuple[bytes, ...] = (b"huggingface.co", b"hf.co")
_HUB_ID_LITERAL = re.compile(rb"""["'][A-Za-z0-9][\w.-]{0,95}/[\w.-]{1,96}["']""")
# Maps (line, character column) of the analysed text to a Location in the scanned file.


class PythonDetector(Detector):
    name = "python"
    triggers = TRIGGERS
    header_bytes = 0
    comment_triggers = COMMENT_TRIGGERS

    def accepts(self, relpath: str) -> bool:
        return relpath.endswith((".py", ".pyi", ".pyw"))

    def triggered_otherwise(self, data: bytes) -> bool:
        # A module without an ML word can still hand a Hub id to the project's own helper
        # (`fetch("acme/model")`, followed across modules): a quoted `org/name` wakes it too.
        return _HUB_ID_LITERAL.search(data) is not None

    def detect(self, source: SourceFile, options: ScanOptions) -> Iterable[Reference]:
        def locate(line: int, column: int) -> Location:
            return Location(source.relpath, line, column + 1)

        return python_references(source.text, locate, options, None, source.pending, source.data)

    def finish(self, gathered: Gathered) -> list[Reference]:
        """Loader arguments that read another module's constants, resolved from that module."""
        if not gathered.pending:
            return gathered.references
        resolved = resolve_pending(gathered.root, gathered.pending, gathered.listed(), gathered.consulted,
                                   analyse=_probe_references)
        # A call's literal that name evidence already reported there (`X(model_id="org/x")`) once. Where
        # both read it alike, its `via` is the followed call's (its fixture, its module: it says more
        # than the keyword's name); where they differ, the name evidence at the call stands.
        def place(reference: Reference) -> tuple[str, int, int, str]:
            return reference.location.path, reference.location.line, reference.location.column, reference.target

        followed: dict[tuple[str, int, int, str], Reference] = {}
        for reference in resolved:
            followed.setdefault(place(reference), reference)
        # (a literal read by its shape alone gives way to the flow that follows it, here or at its use)
        starts = {(r.origin.path, r.origin.line, r.origin.column, r.target) for r in resolved if r.origin}
        references = [r for r in gathered.references
                      if r.via not in SHAPE_VIAS or (place(r) not in followed and place(r) not in starts)]
        reported = {place(r) for r in references}
        kept = [_with_via_of(r, followed.get(place(r))) for r in references]
        return [*kept, *(r for r in resolved if place(r) not in reported)]


def _with_via_of(reference: Reference, followed: Reference | None) -> Reference:
    """`reference` with the `via` of `followed` (the same literal, read by following its call), when
    both say the same of it and that `via` names where the call took it (`f() -> snapshot_download`,
    `keyword x (fixture launcher)`)."""
    if followed is None or (followed.kind, followed.role, followed.revision, followed.placeholder) != (
            reference.kind, reference.role, reference.revision, reference.placeholder):
        return reference
    if " -> " not in followed.via and "(fixture " not in followed.via:
        return reference  # (it says no more: the call's own keyword, read in the other module)
    return dataclasses.replace(reference, via=followed.via)


def _probe_references(text: str, relpath: str) -> list[Reference]:
    """Every reference of module `text` (a probe call appended), placed in `relpath`."""
    # (a literal's shape is read where it is written, not again at the calls it is followed into)
    return [r for r in python_references(text, lambda line, column: Location(relpath, line, column + 1),
                                         ScanOptions(), parse=True) if r.via not in SHAPE_VIAS]


def worth_parsing(data: bytes) -> bool:
    """Stage 2 of the prefilter: could the file hold a loader call or target keyword at all?"""
    if any(needle in data for needle in _LIBRARY_NEEDLES):
        return True
    search, find = _site_pattern().search, data.find
    for needle in _WORD_NEEDLES:
        pos, windows = find(needle), 0
        while pos >= 0:
            if search(data, max(0, pos - _WINDOW_BEFORE), pos + _WINDOW_AFTER):
                return True
            windows += 1
            if windows > _MAX_WINDOWS:
                return True  # a file that says "model" this often is worth a parse
            pos = find(needle, pos + 1)
    return b" as " in data and _alias_patterns()[0].search(data) is not None


def python_references(text: str, locate: Locate, options: ScanOptions, parse: bool | None = None,
                      pending: list[Pending] | None = None, data: bytes | None = None) -> list[Reference]:
    """Every reference in Python `text`; `locate` places (line, 0-based char column).

    A module is parsed when the candidate pass finds a reference-shaped literal in its code
    (`spots`), or when a loader call could take its value from elsewhere (`parse`, the loader
    prefilter, run on `data`, the file's bytes, when the caller has them, and only for a module
    without candidates). Arguments built from another module's constants are appended to `pending`.
    """
    found: list[Reference] = []
    carriage_returns = "\r" in text
    if carriage_returns:  # read newlines as Python does: `ast` counts a bare CR as a line end
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    spots = spot_lines(text, None if carriage_returns else data)
    if not spots and parse is None:
        parse = worth_parsing(data if data is not None else text.encode("utf-8", "surrogatepass"))
    # Without a reference-shaped literal, only a loader fed by a constant (from another module:
    # `from .settings import MODEL`) can still name something: analyse those modules too.
    if spots or (parse and constant_from_elsewhere(text, _site_text_pattern())):
        starts = line_starts(text)  # built once: the site lines, the reduction and the columns share it
        with paused_gc():
            found.extend(_analyse(text, starts, locate, pending, spots))
    if options.include_comments:
        found.extend(_at_offsets(text, comment_references(text), locate))
    return found


@functools.cache
def _site_text_pattern() -> re.Pattern[str]:
    return re.compile(_site_pattern().pattern.decode())


def _analyse(text: str, starts: list[int], locate: Locate, pending: list[Pending] | None,
             spots: list[int]) -> list[Reference]:
    lines = site_lines(text, _import_aliases(text), starts)
    # (the lines naming a module constant that holds an id: a project helper called with it is a probe)
    keep = sorted({*lines, *spots, *constant_use_lines(text)}) if spots else lines
    keep_methods = False
    while (reduced := reduce_source(text, keep, starts, keep_methods)) is not None:
        tree = parse_quietly(reduced.text)
        if tree is None:
            break
        try:
            return _from_tree(tree, reduced.text, locate, lines, spots, pending, original=text,
                              methods=StubbedMethods(reduced.methods, methods_only=True),
                              bodies=StubbedMethods(reduced.bodies))
        except NeedsFullSource as needs:
            if keep_methods or not needs.methods_only:
                break
            keep_methods = True  # what was needed is in the methods of a class holding a line: keep them
    tree = parse_quietly(text)
    if tree is None:
        return _partly_broken(text, locate, lines, spots, pending)
    return _from_tree(tree, text, locate, lines, spots, pending, starts=starts)


def _partly_broken(text: str, locate: Locate, lines: list[int], spots: list[int],
                   pending: list[Pending] | None) -> list[Reference]:
    """A module that does not parse: full analysis of everything but its broken blocks, which the
    tolerant reader reads alone (all of it, when blanking blocks does not make it parse)."""
    tolerant = tolerant_references(text)
    fixed = repair(text)
    if fixed is None:
        return list(_at_offsets(text, tolerant, locate))
    found = _from_tree(fixed.tree, fixed.text, locate, lines, spots, pending)
    found.extend(_at_offsets(text, ((o, f) for o, f in tolerant if inside(fixed.blanked, o)), locate))
    return found


def _import_aliases(text: str) -> frozenset[str]:
    """Local names that imports give loaders (`from transformers import pipeline as pl` → `pl`)."""
    names: set[str] = set()
    pos = text.find(" as ")
    while pos >= 0:
        start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
        line = text[start:end if end >= 0 else len(text)]
        if "import" in line:
            names.update(m.group(1) for m in _alias_patterns()[1].finditer(line))
        pos = text.find(" as ", end if end >= 0 else len(text))
    return frozenset(names)


def _from_tree(tree: ast.Module, text: str, locate: Locate, lines: list[int], spots: list[int],
               pending: list[Pending] | None, original: str | None = None,
               starts: list[int] | None = None, methods: StubbedMethods | None = None,
               bodies: StubbedMethods | None = None) -> list[Reference]:
    analyzer = ModuleAnalyzer(tree, text, lines, original, methods, bodies)
    try:
        analysis = analyzer.run()
        methods = analyzer.methods  # every stubbed body, once the analysis needed them all
        stubbed = methods if original is not None else None
        written = name_evidence(tree, spots, stubbed, text) if spots else []
        if spots and "fixture" in text:
            written.extend(composed_urls(tree, spots, original is not None))
        if spots and ('"""' in text or "'''" in text):  # `OPENAI_MODELS = """\ngpt-4o\n..."""`
            written.extend(listed_api_names(tree, spots))
        if spots:  # its look (hubshape): only literals on spot lines can have it
            written.extend(hub_shaped(tree, spots, [*analysis.found, *written], original or text))
    except RecursionError:
        return list(_at_offsets(text, tolerant_references(text), locate))
    finally:
        analyzer.release()
    positions = Lines(text, starts)

    def where(node: ast.expr) -> Location:
        return locate(node.lineno, positions.char_column(node.lineno, node.col_offset))

    origins = Origins(written, text, where, locate, positions, methods, tree)
    references = [_reference(found, where(node), origins.of(node, found.target))
                  for node, found in own_outputs(analysis.found, written)]
    reported = {(r.location.line, r.location.column, r.target) for r in references}
    file_only = file_only_options(original if original is not None else text, written) if written else set()
    read = {r.origin for r in references} if file_only else set()  # literals a flow reads are used
    # A literal every use of which is where the run writes (`model_id = "seg-lora"` then
    # `save_pretrained(model_id)`, `PeftModel.from_pretrained(base, model_id)`) is no Hub input,
    # when it cannot be a Hub id (as in `own_outputs`): `model_id = "meta-llama/Llama-2-7b-hf"` read
    # by a loader the scan does not know, then saved under its own name, still names a model.
    # (A Hub repository the run pushes to, `hub_model_id=args.model_id`, still names a model.)
    written_only = ({r.origin for r in references if r.role is Role.OUTPUT and r.kind is Kind.LOCAL_PATH}
                    - {r.origin for r in references if r.role is Role.INPUT})
    # (a literal a flow already reports at its use, as the origin, is not reported again by its shape)
    flow_origins = {(r.origin, r.target) for r in references if r.origin is not None}
    for node, found in written:
        location = where(node)
        if found.via in SHAPE_VIAS and (location, found.target) in flow_origins:
            continue
        if (location in written_only and found.role is Role.INPUT and found.kind is not Kind.LOCAL_PATH
                and cannot_be_a_hub_id(found)):
            continue  # (a path stays where it is written: the flow's own-output reading is a guess)
        if id(node) in file_only and location not in read:
            continue  # `--judge-model gpt-4` only names result files
        if (location.line, location.column, found.target) not in reported:
            reported.add((location.line, location.column, found.target))
            references.append(_reference(found, location, origins.of(node, found.target)))
    # An API model name sent to a server the module's clients point at locally (endpoints.py). The
    # full module is parsed again only when it may configure a base URL (a reduced tree lacks those lines).
    endpoint = None
    full = original if original is not None else text
    if ((analysis.pending or any(r.kind is Kind.API_MODEL for r in references))
            and any(needle in full for needle in ENDPOINT_NEEDLES)):
        full_tree = tree if original is None else parse_quietly(original)
        endpoint = module_endpoint(full, full_tree)
        references = with_endpoint(references, endpoint)
        if full_tree is not None:
            references = with_call_endpoints(references, full_tree, where)
    # Last: an origin looked for in a stubbed method (NeedsFullSource) leaves nothing half-added.
    if pending is not None:
        pending.extend(Pending(template, imports, slot, where(node), endpoint=endpoint)
                       for node, template, imports, slot in analysis.pending)
        pending.extend(Pending(literal, (callee,), slot, where(node), probe=True,
                               origin=where(written_at) if written_at is not None else None)
                       for node, literal, callee, slot, written_at
                       in imported_calls(tree, spots, text, bodies.text if bodies is not None else ""))
        pending.extend(Pending(literal, (fixture,), slot, where(node), fixture=True)
                       for node, literal, fixture, slot in fixture_calls(tree, spots, text))
    return references


def _at_offsets(text: str, items: Iterable[tuple[int, Found]], locate: Locate) -> Iterator[Reference]:
    lines = Lines(text)
    for offset, found in items:
        line, column = lines.position(offset)
        yield _reference(found, locate(line, column))


def _reference(found: Found, location: Location, origin: Location | None = None) -> Reference:
    return Reference(target=found.target, kind=found.kind, location=location, via=found.via,
                     revision=found.revision, role=found.role, placeholder=found.placeholder,
                     origin=origin if origin != location else None)


DETECTOR = PythonDetector()
