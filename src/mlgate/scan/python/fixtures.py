"""Calls of pytest fixtures: `def handle(launcher): launcher("huggingface/llama-7b", num_shard=2)`.

A test or fixture function's parameter is filled by pytest with the fixture of that name, defined
in the module itself or in a `conftest.py` of its directory or a parent directory (the closest
wins), else in a module those name in `pytest_plugins` (`pytest_plugins = ["tests.fixtures.models"]`,
dotted names from the root). Only files the project lists are read: a git-ignored conftest is not
the project's. A fixture that returns or yields a function hands the test that function:

    @pytest.fixture                        # integration-tests/conftest.py
    def launcher():
        def local_launcher(model_id: str, lora_adapters: list[str] | None = None): ...
        return local_launcher

so `launcher("org/x")` in a test is `local_launcher("org/x")`, and whether `org/x` is a model is
what that function's parameter name and body say. The scan records such a call (a Hub-shaped
literal, or the elements of a list literal, passed to a parameter of a test or fixture function)
as a `Pending` item with `fixture` set; after every file is scanned, `fixture_references` finds
the fixture, appends the function it gives (dedented to module level when it is nested) and the
call to the defining module's text, analyses that there, and reports what it finds at the call.
A positional argument is written as the keyword of the parameter it fills (`model_id="org/x"`),
so the parameter's name is read as the name of the argument; the element of a list argument is
written alone. Bounded: only test and fixture functions holding a spot line are walked, only
files that define a function of the fixture's name are parsed, each at most once per run.

Fixtures also compose values (`composed_urls`): `def llama_7b_url(base_url, llama_7b): return
f"{base_url}/{llama_7b}"` is a Hub URL when those fixtures return the Inference API's address and
an id, and the id is reported where its fixture returns it.
"""

from __future__ import annotations

import ast
import bisect
import itertools
import posixpath
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence

from mlgate.model import Kind, Reference
from mlgate.scan.found import Found
from mlgate.scan.hubpath import hub_path_revision
from mlgate.scan.python.analysis import NeedsFullSource
from mlgate.scan.python.modulefile import module_candidates, parse_quietly, read_module
from mlgate.scan.python.nodes import dotted_name, walk
from mlgate.scan.python.pending import ImportRef, Pending, Slot
from mlgate.scan.python.rules import ArgRule
from mlgate.targets import hub_id_from_url, is_placeholder, looks_like_hub_id

MAX_CALLS = 50  # per module
MAX_PLUGINS = 32  # plugin modules followed for one test module (a plugin may name more plugins)
_NOT_FIXTURES = frozenset({"self", "cls", "request"})  # parameters pytest fills with no fixture of ours
_Function = ast.FunctionDef | ast.AsyncFunctionDef
# The line breaks `ast` counts lines by (not `str.splitlines`'s form feed, U+2028, ...)
_LINE_BREAK = re.compile(r"\r\n?|\n")
Analyse = Callable[[str, str], list[Reference]]


def is_fixture(function: _Function) -> bool:
    """`@pytest.fixture`, `@pytest.fixture(scope=...)`, `@fixture`, `@pytest_asyncio.fixture`."""
    for decorator in function.decorator_list:
        called = decorator.func if isinstance(decorator, ast.Call) else decorator
        if dotted_name(called).rsplit(".", 1)[-1] == "fixture":
            return True
    return False


def fixture_calls(tree: ast.Module, spots: Sequence[int], text: str,
                  ) -> Iterator[tuple[ast.expr, str, ImportRef, Slot]]:
    """(literal, its value, the fixture, the argument slot) for each Hub-shaped literal passed to a
    call of a fixture parameter in a test (`test*`) or fixture function that holds a spot line."""
    if not spots or ("fixture" not in text and "def test" not in text):
        return
    count = 0
    for function, parametrized in _test_functions(tree.body, frozenset()):
        params = {a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]}
        params -= _NOT_FIXTURES
        if not params:
            continue  # most tests take only `self`: nothing to walk
        at = bisect.bisect_left(spots, function.lineno)
        if at == len(spots) or spots[at] > (function.end_lineno or function.lineno):
            continue  # no spot line in the function
        params -= parametrized | _parametrized(function.decorator_list)
        for node in walk(function):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in params):
                continue
            ref = ImportRef(0, "", node.func.id)
            slots: list[tuple[ast.expr, int | None, str]] = [(arg, i, "") for i, arg in enumerate(node.args)]
            slots += [(k.value, None, k.arg) for k in node.keywords if k.arg]
            for value, position, keyword in slots:
                for literal in _literals(value):
                    rule = ArgRule(position, (keyword,) if keyword else (), Kind.MODEL)
                    yield literal, str(literal.value), ref, Slot(rule, ref.name, False, (), False)
                    count += 1
                    if count >= MAX_CALLS:
                        return


def _test_functions(body: list[ast.stmt], parametrized: frozenset[str]) -> Iterator[tuple[_Function, frozenset[str]]]:
    """Test and fixture functions, each with the names its classes' `parametrize` marks fill."""
    for stmt in body:
        if isinstance(stmt, ast.ClassDef):
            yield from _test_functions(stmt.body, parametrized | _parametrized(stmt.decorator_list))
        elif isinstance(stmt, _Function) and (stmt.name.startswith("test") or is_fixture(stmt)):
            yield stmt, parametrized


def _parametrized(decorators: list[ast.expr]) -> frozenset[str]:
    """Argument names `@pytest.mark.parametrize("model, n", ...)` fills: values, not fixtures."""
    names: set[str] = set()
    for decorator in decorators:
        if not (isinstance(decorator, ast.Call) and dotted_name(decorator.func).rsplit(".", 1)[-1] == "parametrize"):
            continue
        given = [*decorator.args[:1], *(k.value for k in decorator.keywords if k.arg == "argnames")]
        for first in given:
            parts = first.elts if isinstance(first, ast.List | ast.Tuple) else [first]
            names.update(name.strip() for part in parts if isinstance(part, ast.Constant)
                         and isinstance(part.value, str) for name in part.value.split(","))
    return frozenset(names)


def _literals(value: ast.expr) -> Iterator[ast.Constant]:
    elements = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
    for element in elements:
        if isinstance(element, ast.Constant) and isinstance(element.value, str) and looks_like_hub_id(element.value):
            yield element


def visible_modules(importer: str) -> list[str]:
    """Where pytest looks for a fixture used in `importer`: the module, then the `conftest.py` of
    its directory and of each parent up to the scan root (closest first)."""
    out = [importer]
    directory = posixpath.dirname(importer)
    while True:
        out.append(posixpath.join(directory, "conftest.py") if directory else "conftest.py")
        if not directory:
            return list(dict.fromkeys(out))
        directory = posixpath.dirname(directory)


class FixtureDefinitions:
    """Fixture definitions found under the scan root: each module read and parsed at most once,
    and each (module, name) looked up once (thousands of calls share a few conftest files)."""

    def __init__(self, root: str, listed: frozenset[str]) -> None:
        self.root = root
        self.listed = listed  # the project's files: an unlisted (git-ignored) conftest is not read
        self.texts: dict[str, str | None] = {}
        self.trees: dict[str, ast.Module | None] = {}
        self.fixtures: dict[str, dict[str, _Function]] = {}  # module -> its top-level fixtures by name
        self.looked_up: dict[tuple[str, str], _Function | None] = {}
        self.declared: dict[str, list[str]] = {}  # module -> the plugin modules its `pytest_plugins` names

    def fixture(self, importer: str, name: str) -> tuple[str, _Function] | None:
        """(defining module, fixture function) that `name` means in `importer`."""
        visible = visible_modules(importer)
        for rel in itertools.chain(visible, self.plugins(visible)):
            if (rel, name) not in self.looked_up:
                self.looked_up[rel, name] = self._defined(rel, name)
            function = self.looked_up[rel, name]
            if function is not None:
                return rel, function
        return None

    def plugins(self, modules: list[str]) -> Iterator[str]:
        """The modules that `modules` name in `pytest_plugins`, then those these name in turn (pytest
        registers the fixtures of each for every test), each once, at most `MAX_PLUGINS`."""
        queue, seen = list(modules), set(modules)
        for rel in queue:  # (grows as it is walked: breadth first)
            for plugin in self.plugin_files(rel):
                if plugin not in seen and len(queue) < len(modules) + MAX_PLUGINS:
                    seen.add(plugin)
                    queue.append(plugin)
                    yield plugin

    def plugin_files(self, rel: str) -> list[str]:
        """The files of the project's modules that `rel` names in `pytest_plugins` (a plugin of
        another package, `pytest_asyncio`, has none)."""
        if rel not in self.declared:
            text = self.text(rel)
            tree = self.tree(rel, text) if text is not None and "pytest_plugins" in text else None
            files = []
            for name in plugin_names(tree) if tree is not None else []:
                found = next((c for c in module_candidates(rel, 0, name) if self.text(c) is not None), None)
                if found is not None:
                    files.append(found)
            self.declared[rel] = files
        return self.declared[rel]

    def _defined(self, rel: str, name: str) -> _Function | None:
        """The first top-level fixture of module `rel` named `name`."""
        text = self.text(rel)
        if text is None or f"def {name}(" not in text:  # cheap: most conftest files define others
            return None
        if rel not in self.fixtures:
            tree = self.tree(rel, text)
            found: dict[str, _Function] = {}
            for stmt in tree.body if tree is not None else ():
                if isinstance(stmt, _Function) and is_fixture(stmt):
                    found.setdefault(stmt.name, stmt)
            self.fixtures[rel] = found
        return self.fixtures[rel].get(name)

    def text(self, rel: str) -> str | None:
        if rel not in self.texts:
            module = read_module(self.root, rel) if rel in self.listed else None
            self.texts[rel] = module.text if module is not None else None
        return self.texts[rel]

    def tree(self, rel: str, text: str) -> ast.Module | None:
        if rel not in self.trees:
            self.trees[rel] = parse_quietly(text)
        return self.trees[rel]


def plugin_names(tree: ast.Module) -> list[str]:
    """The dotted module names of a module-level `pytest_plugins = [...]` (a list, a tuple or one
    string; the last assignment wins)."""
    names: list[str] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytest_plugins"
                                                for t in stmt.targets):
            value: ast.expr | None = stmt.value
        elif (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
              and stmt.target.id == "pytest_plugins"):
            value = stmt.value
        else:
            continue
        elements = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
        names = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)
                 and all(part.isidentifier() for part in e.value.split("."))]
    return names


def fixture_references(root: str, listed: frozenset[str], items: Iterable[tuple[str, Pending]], analyse: Analyse,
                       consulted: set[str] | None = None) -> list[Reference]:
    """References for `(calling file, fixture call)` pairs, found in the modules of `listed` (the
    project's files) defining the fixtures."""
    definitions = FixtureDefinitions(root, listed)
    by_module: dict[str, list[tuple[_Function, Pending]]] = {}
    for importer, item in items:
        found = definitions.fixture(importer, item.imports[0].name)
        if found is not None:
            by_module.setdefault(found[0], []).append((found[1], item))
    if consulted is not None:
        consulted.update(definitions.texts)
    out: list[Reference] = []
    for rel, calls in by_module.items():
        text, tree = definitions.texts[rel], definitions.trees.get(rel)
        if text is not None and tree is not None:
            out.extend(_probed(rel, text, tree, calls, analyse))
    return out


def _probed(rel: str, text: str, tree: ast.Module, calls: list[tuple[_Function, Pending]],
            analyse: Analyse) -> Iterator[Reference]:
    """The module's text, the functions the fixtures give (once each) and one line per call, analysed
    once: the references on a call's line that name its literal, reported at the call."""
    lines = _LINE_BREAK.split(text)
    module_functions = {s.name: s for s in tree.body if isinstance(s, _Function)}
    appended: list[str] = []
    defined: set[int] = set()
    probes: list[tuple[int, Pending]] = []  # (line of the probe, relative to the appended text)
    given: dict[int, list[tuple[_Function, str | None]]] = {}  # per fixture, found once
    for fixture, item in calls:
        if id(fixture) not in given:
            given[id(fixture)] = list(given_functions(fixture, lines, module_functions))
        for function, nested in given[id(fixture)]:
            if nested is not None and id(function) not in defined:
                defined.add(id(function))
                appended.extend(["", *_LINE_BREAK.split(nested), ""])
            probes.append((len(appended), item))
            appended.append(probe_line(function, item))
    body = text if text.endswith("\n") else text + "\n"
    first = body.count("\n") + body.count("\r") - body.count("\r\n") + 1  # as `_LINE_BREAK` splits
    found: dict[int, list[Reference]] = {}
    for ref in analyse(body + "\n".join(appended) + "\n", rel):
        found.setdefault(ref.location.line, []).append(ref)
    reported: set[tuple[int, int, str]] = set()
    for index, item in probes:
        for ref in found.get(first + index, ()):
            key = (item.location.line, item.location.column, ref.target)
            if ref.target.lower() == item.template.lower() and key not in reported:
                reported.add(key)
                via = f"{ref.via} (fixture {item.imports[0].name})"
                yield Reference(ref.target, ref.kind, item.location, via, ref.revision, ref.role,
                                item.suppression, placeholder=ref.placeholder)


def given_functions(fixture: _Function, lines: list[str], module_functions: dict[str, _Function],
                    ) -> Iterator[tuple[_Function, str | None]]:
    """The functions a fixture returns or yields by name, each with its source dedented to module
    level when it is defined inside the fixture (None for a module-level function, already there)."""
    nested = {s.name: s for s in _own_nodes(fixture.body) if isinstance(s, _Function)}
    names = [n.value.id for n in _own_nodes(fixture.body)
             if isinstance(n, ast.Return | ast.Yield) and isinstance(n.value, ast.Name)]
    for name in dict.fromkeys(names):
        function = nested.get(name)
        if function is None:
            if name in module_functions:  # already in the module's text
                yield module_functions[name], None
            continue
        start = min([function.lineno, *(d.lineno for d in function.decorator_list)])
        source = textwrap.dedent("\n".join(lines[start - 1:function.end_lineno or function.lineno]))
        if parse_quietly(source) is not None:
            yield function, source


def _own_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of a function's body, not descending into the functions and classes it defines."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _Function | ast.ClassDef | ast.Lambda):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def probe_line(function: _Function, item: Pending) -> str:
    """The call as the given function's own module would write it, a positional argument as the
    keyword of its parameter: `local_launcher(model_id='org/x')`."""
    rule = item.slot.rule
    positional = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    if rule.position is None:
        keyword = rule.keywords[0]
    elif rule.position < len(positional) and positional[rule.position] not in {"self", "cls"}:
        keyword = positional[rule.position]
    else:
        return f"{function.name}({'None, ' * rule.position}{item.template!r})"
    return f"{function.name}({keyword}={item.template!r})"


def composed_urls(tree: ast.Module, spots: Sequence[int], reduced: bool) -> list[tuple[ast.Constant, Found]]:
    """Ids that fixtures of the module put into a Hub URL, at the literal a fixture returns:

        @pytest.fixture
        def llama_7b(): return "meta-llama/Llama-2-7b-chat-hf"      # reported here
        @pytest.fixture
        def base_url(): return "https://api-inference.huggingface.co/models"
        @pytest.fixture
        def llama_7b_url(base_url, llama_7b): return f"{base_url}/{llama_7b}"

    A fixture's parameter is the value of the fixture of that name (here, of this module)."""
    fixtures = [s for s in tree.body if isinstance(s, _Function) and is_fixture(s)]
    literals = {f.name: value for f in fixtures if isinstance(value := _returned(f), ast.Constant)
                and isinstance(value.value, str)}
    if not spots or not literals:
        return []
    out: list[tuple[ast.Constant, Found]] = []
    for fixture in fixtures:
        parameters = {a.arg for a in fixture.args.args} & set(literals)
        if not parameters:
            continue
        if reduced and all(isinstance(s, ast.Pass) for s in fixture.body):
            raise NeedsFullSource(f"the body of fixture {fixture.name}() is stubbed")
        value = _returned(fixture)
        parts = value.values if isinstance(value, ast.JoinedStr) else []
        pieces = [_piece(part, parameters, literals) for part in parts]
        if not pieces or any(piece is None for piece in pieces):
            continue
        url = "".join(str(piece.value) for piece in pieces if piece is not None)
        hub = hub_id_from_url(url)
        for piece in pieces:
            if (hub is not None and piece is not None and piece.value == hub[0] and not is_placeholder(hub[0])
                    and piece.lineno in spots):
                out.append((piece, Found(hub[0], hub[1], f"Hub URL (fixture {fixture.name})",
                                         revision=hub_path_revision(url))))
    return out


def _returned(function: _Function) -> ast.expr | None:
    """What a function of one `return` statement returns."""
    last = function.body[-1]
    single = len(function.body) == 1 or (len(function.body) == 2 and isinstance(function.body[0], ast.Expr))
    return last.value if single and isinstance(last, ast.Return) else None


def _piece(part: ast.expr, parameters: set[str], literals: dict[str, ast.Constant]) -> ast.Constant | None:
    """A part of an f-string as a literal: its own text, or the literal a fixture parameter returns."""
    if isinstance(part, ast.Constant):
        return part
    if (isinstance(part, ast.FormattedValue) and part.format_spec is None and part.conversion == -1
            and isinstance(part.value, ast.Name) and part.value.id in parameters):
        return literals[part.value.id]
    return None
