"""Calls of pytest fixture parameters, read through the function the fixture gives the test."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from mlgate.model import Kind, Location, Reference
from mlgate.scan.python.fixtures import FixtureDefinitions, plugin_names, visible_modules
from mlgate.scan.python.pending import ImportRef, Pending, Slot, decode, encode
from mlgate.scan.python.rules import ArgRule
from scan.helpers import scan_tree

LAUNCHER = '''import subprocess
import pytest


@pytest.fixture(scope="session")
def launcher(error_log):
    def local_launcher(model_id: str, num_shard: int = 1, lora_adapters: list[str] | None = None):
        args = ["server-launcher", "--model-id", model_id]
        return subprocess.Popen(args)

    def docker_launcher(model_id: str, lora_adapters: list[str] | None = None):
        return run_container(model_id)

    if DOCKER:
        return docker_launcher
    return local_launcher
'''
# A fixture of the same name whose function only names a log file after its argument.
RECORDER = '''import pytest


@pytest.fixture
def launcher(tmp_path):
    def record(name: str):
        (tmp_path / f"{name}.txt").write_text("")

    return record
'''
# No ML word anywhere: the prefilter lets it through because it defines a fixture. (An id whose look
# alone says model, `bigscience/bloom-560m`, is reported whatever the fixture does, `hubshape`: these
# tests use one only the fixture can make a reference of.)
TEST = '''import pytest


@pytest.fixture(scope="module")
def handle(launcher):
    with launcher("acme/served-checkpoint", num_shard=1, lora_adapters=["predibase/dbpedia"]) as h:
        yield h
'''


def _followed(refs: list[Reference]) -> list[Reference]:
    """What only following the fixture finds: the launcher's model (given positionally, under no name)
    and anything read through a fixture. (`lora_adapters=["predibase/dbpedia"]` is reported at the call
    whatever the fixture: its keyword says adapter.)"""
    return [r for r in refs if "(fixture" in r.via or r.target == "acme/served-checkpoint"]


def _found(refs: list[Reference]) -> list[tuple[str, str, int, str, str]]:
    return [(r.location.path, r.target, r.location.line, r.kind.value, r.via) for r in refs]


def test_a_fixture_call_is_read_through_the_function_a_parent_conftest_gives(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, {"tests/conftest.py": LAUNCHER, "tests/models/test_bloom.py": TEST})
    assert _found(result.references) == [
        ("tests/models/test_bloom.py", "acme/served-checkpoint", 6, "model", "keyword model_id (fixture launcher)"),
        ("tests/models/test_bloom.py", "predibase/dbpedia", 6, "adapter",
         "keyword lora_adapters (fixture launcher)"),
    ]
    assert result.references[0].location.column == 19  # at the literal, in the test module


def test_the_closest_definition_of_the_fixture_wins(tmp_path: Path) -> None:
    # tests/models/conftest.py overrides tests/conftest.py for the modules under tests/models/
    overridden = scan_tree(tmp_path / "a", {"tests/conftest.py": LAUNCHER, "tests/models/conftest.py": RECORDER,
                                            "tests/models/test_bloom.py": TEST})
    # (a keyword's own name still says what it takes, whatever function receives it)
    assert [r.target for r in overridden.references] == ["predibase/dbpedia"]
    # and a fixture the test module defines itself overrides every conftest.py
    own = scan_tree(tmp_path / "b", {"tests/conftest.py": LAUNCHER,
                                     "tests/test_bloom.py": RECORDER + "\n\n" + TEST})
    assert [r.target for r in own.references] == ["predibase/dbpedia"]


def test_a_conftest_out_of_the_module_s_tree_is_not_visible(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, {"integration/conftest.py": LAUNCHER, "unit/test_bloom.py": TEST})
    assert _followed(result.references) == []


def test_a_conftest_the_project_does_not_list_is_not_read(tmp_path: Path) -> None:
    # a git-ignored conftest.py (a developer's own) is not the project's: its fixture is not followed,
    # and the listed one above it is then the closest
    files: dict[str, str | bytes] = {".gitignore": "tests/models/conftest.py\n", "tests/conftest.py": LAUNCHER,
                                     "tests/models/conftest.py": RECORDER, "tests/models/test_bloom.py": TEST}
    result = scan_tree(tmp_path, files)
    assert [r.target for r in result.references] == ["acme/served-checkpoint", "predibase/dbpedia"]
    assert "tests/models/conftest.py" in result.consulted
    (tmp_path / ".gitignore").write_text("tests/conftest.py\ntests/models/conftest.py\n")
    assert _followed(scan_tree(tmp_path, {}).references) == []
    definitions = FixtureDefinitions(str(tmp_path), frozenset({"tests/models/test_bloom.py"}))
    assert definitions.fixture("tests/models/test_bloom.py", "launcher") is None


def test_a_fixture_of_a_module_named_in_pytest_plugins_is_read_there(tmp_path: Path) -> None:
    # `pytest_plugins = ["tests.fixtures.models"]` in a conftest: pytest loads that module's fixtures
    files: dict[str, str | bytes] = {"tests/conftest.py": 'pytest_plugins = ["tests.fixtures.models"]\n',
                                     "tests/fixtures/models.py": LAUNCHER, "tests/models/test_bloom.py": TEST}
    assert _found(scan_tree(tmp_path / "a", files).references) == [
        ("tests/models/test_bloom.py", "acme/served-checkpoint", 6, "model", "keyword model_id (fixture launcher)"),
        ("tests/models/test_bloom.py", "predibase/dbpedia", 6, "adapter",
         "keyword lora_adapters (fixture launcher)"),
    ]
    # one string in the test module itself, a package's `__init__.py`, a plugin another plugin names
    files = {"tests/test_bloom.py": 'pytest_plugins = "plugins.first"\n' + TEST,
             "plugins/first.py": "pytest_plugins = ('plugins.served',)\n", "plugins/served/__init__.py": LAUNCHER}
    assert [r.target for r in scan_tree(tmp_path / "b", files).references] == [
        "acme/served-checkpoint", "predibase/dbpedia"]


def test_the_module_and_its_conftest_chain_come_before_the_plugins(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"tests/conftest.py": 'pytest_plugins = ["tests.helpers"]\n' + RECORDER,
                                     "tests/helpers.py": LAUNCHER, "tests/test_bloom.py": TEST}
    assert [r.target for r in scan_tree(tmp_path, files).references] == ["predibase/dbpedia"]


def test_a_plugin_not_named_unlisted_or_of_another_package_is_not_read(tmp_path: Path) -> None:
    plugins = 'pytest_plugins = ["pytest_asyncio", "tests.ignored", "tests.missing", "not a.module"]\n'
    files: dict[str, str | bytes] = {".gitignore": "ignored.py\n", "tests/conftest.py": plugins,
                                     "tests/ignored.py": LAUNCHER, "tests/unnamed.py": LAUNCHER,
                                     "tests/test_bloom.py": TEST}
    result = scan_tree(tmp_path, files)
    assert _followed(result.references) == []
    assert {"tests/ignored.py", "tests/missing.py"} <= set(result.consulted)
    # a name bound inside a function is no module-level declaration
    inside = "def configure():\n    pytest_plugins = ['tests.unnamed']\n"
    (tmp_path / "tests/conftest.py").write_text(inside)
    assert _followed(scan_tree(tmp_path, {}).references) == []


def test_plugin_names() -> None:
    def names(source: str) -> list[str]:
        return plugin_names(ast.parse(source))

    assert names("pytest_plugins = ['a.b', \"c\"]") == ["a.b", "c"]
    assert names("pytest_plugins: tuple[str, ...] = ('a',)\npytest_plugins = 'b.c'") == ["b.c"]
    assert names("pytest_plugins = [NAME, 'x-y', '', 'ok']\nplugins = ['no']") == ["ok"]
    assert names("pytest_plugins: list[str]") == []


def test_only_parameters_of_tests_and_fixtures_are_fixtures(tmp_path: Path) -> None:
    helper = TEST.replace('@pytest.fixture(scope="module")\n', "")  # a plain function: pytest fills nothing
    assert _followed(scan_tree(tmp_path / "a", {"conftest.py": LAUNCHER, "test_x.py": helper}).references) == []
    # (a test module with neither a fixture nor an ML word is not read at all: the prefilter)
    test = 'import pytest\n\n\ndef test_serves_model(launcher):\n    launcher("bigscience/mt0-base")\n'
    result = scan_tree(tmp_path / "b", {"conftest.py": LAUNCHER, "test_x.py": test})
    assert [(r.target, r.location.line) for r in result.references] == [("bigscience/mt0-base", 5)]


def test_a_module_level_function_the_fixture_returns_is_followed_into_its_loader(tmp_path: Path) -> None:
    conftest = ("import pytest\nfrom transformers import AutoModel\n\n\ndef _load(checkpoint):\n"
                "    return AutoModel.from_pretrained(checkpoint)\n\n\n@pytest.fixture\ndef warm():\n"
                "    return _load\n")
    test = "def test_warm(warm):\n    warm(\"acme/flow-llm\")\n"
    result = scan_tree(tmp_path, {"conftest.py": conftest, "test_warm.py": test + "# fixture\n"})
    assert [(r.target, r.location.path, r.via) for r in result.references] == [
        ("acme/flow-llm", "test_warm.py", "_load() -> AutoModel.from_pretrained (fixture warm)")]


def test_a_changed_conftest_changes_the_rescan(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    files: dict[str, str | bytes] = {"tests/conftest.py": LAUNCHER, "tests/test_bloom.py": TEST}
    assert len(scan_tree(tmp_path / "tree", files, cache_dir=cache).references) == 2
    conftest = tmp_path / "tree" / "tests" / "conftest.py"
    conftest.write_text(RECORDER)
    os.utime(conftest, ns=(1, 1))  # an old mtime: only the content says it changed
    assert [r.target for r in scan_tree(tmp_path / "tree", {}, cache_dir=cache).references] == ["predibase/dbpedia"]


def test_where_pytest_looks_for_a_fixture() -> None:
    assert visible_modules("tests/models/test_x.py") == [
        "tests/models/test_x.py", "tests/models/conftest.py", "tests/conftest.py", "conftest.py"]
    assert visible_modules("conftest.py") == ["conftest.py"]


def test_a_fixture_call_survives_the_cache() -> None:
    slot = Slot(ArgRule(0, (), Kind.MODEL), "launcher", False, (), False)
    item = Pending("org/x", (ImportRef(0, "", "launcher"),), slot, Location("t.py", 3, 5), fixture=True)
    assert decode("t.py", encode(item)) == item


CLIENT_FIXTURES = '''import pytest


@pytest.fixture
def llama_7b():
    return "meta-llama/Llama-2-7b-chat-hf"


@pytest.fixture
def fake_model():
    return "fake/model"


@pytest.fixture
def run_name():
    return "acme/nightly-run"


@pytest.fixture
def base_url():
    return "https://api-inference.huggingface.co/models"


@pytest.fixture
def llama_7b_url(base_url, llama_7b):
    return f"{base_url}/{llama_7b}"


@pytest.fixture
def fake_url(base_url, fake_model):
    return f"{base_url}/{fake_model}"


@pytest.fixture
def log_file(run_name):
    return f"logs/{run_name}.txt"
'''


def test_an_id_a_fixture_puts_into_a_hub_url_is_reported_where_the_fixture_returns_it(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, {"tests/conftest.py": CLIENT_FIXTURES})
    # not the made-up id (a placeholder) nor the one composed into a file name
    assert _found(result.references) == [
        ("tests/conftest.py", "meta-llama/Llama-2-7b-chat-hf", 6, "model", "Hub URL (fixture llama_7b_url)")]


def test_a_composing_fixture_whose_body_the_reduction_stubbed_is_read_in_full(tmp_path: Path) -> None:
    # A long module is parsed with the bodies that hold no literal stubbed: `llama_7b_url`'s among them.
    padding = "".join(f"\n\ndef helper_{i}(value):\n    return value * {i} + len(str(value))\n" for i in range(80))
    result = scan_tree(tmp_path, {"tests/conftest.py": CLIENT_FIXTURES + padding})
    assert [r.target for r in result.references] == ["meta-llama/Llama-2-7b-chat-hf"]


def test_the_inference_api_url_names_the_model_it_runs() -> None:
    from mlgate.targets import hub_id_from_url

    assert hub_id_from_url("https://api-inference.huggingface.co/models/google/flan-t5-xxl") == (
        "google/flan-t5-xxl", Kind.MODEL)
    assert hub_id_from_url("https://api-inference.huggingface.co/models") is None
    assert hub_id_from_url("https://api-inference.huggingface.co/status/org/x") is None


def test_a_parametrized_argument_is_no_fixture(tmp_path: Path) -> None:
    # `loader` is filled by `parametrize` (here, on the function, by keyword, and on the class),
    # not by the conftest fixture of that name: its calls are not read through the fixture
    conftest = ("import pytest\nfrom transformers import AutoModel\n\n\n@pytest.fixture\ndef loader():\n"
                "    def load(model_id: str):\n        return AutoModel.from_pretrained(model_id)\n"
                "    return load\n")
    test = ('import pytest\n\n\n@pytest.mark.parametrize("n, loader", [(1, print)])\n'
            'def test_param(n, loader):\n    loader("acme/vision-a")\n\n\n'
            '@pytest.mark.parametrize(argnames=["loader"], argvalues=[print])\n'
            'def test_keyword(loader):\n    loader("acme/vision-b")\n\n\n'
            '@pytest.mark.parametrize("loader", [print])\nclass TestMarked:\n'
            '    def test_m(self, loader):\n        loader("acme/vision-c")\n\n\n'
            'def test_fixture(loader):\n    loader("bigscience/bloom-1b7")\n')
    result = scan_tree(tmp_path, {"conftest.py": conftest, "test_x.py": test})
    assert [(r.target, r.location.line) for r in result.references] == [("bigscience/bloom-1b7", 21)]


def test_a_conftest_with_odd_line_breaks_is_read_at_the_lines_ast_counts(tmp_path: Path) -> None:
    # a form feed and U+2028 are no line breaks to `ast` (`str.splitlines` splits there); a
    # conftest written with CR line endings is read as `ast` reads it too
    conftest = ("import pytest\nfrom transformers import AutoModel\n# page \x0c break\nX = 'a\u2028b'\n\n\n"
                "@pytest.fixture\ndef loader():\n    def load(model_id: str):\n        y = 'c\u2028d'\n"
                "        return AutoModel.from_pretrained(model_id)\n    return load\n")
    test = 'import pytest\n\n\ndef test_model(loader):\n    loader("bigscience/bloom-1b7")\n'
    for name, text in (("lf", conftest), ("cr", conftest.replace("\n", "\r"))):
        result = scan_tree(tmp_path / name, {"tests/conftest.py": text, "tests/test_x.py": test})
        assert [(r.target, r.location.line, r.via) for r in result.references] == [
            ("bigscience/bloom-1b7", 5, "load() -> AutoModel.from_pretrained (fixture loader)")], name


def test_each_module_and_fixture_name_is_looked_up_once(tmp_path: Path) -> None:
    # thousands of calls in hundreds of test modules share one conftest: it is read, parsed and
    # searched for each fixture name once, not once per call
    files: dict[str, str | bytes] = {"tests/conftest.py": LAUNCHER}
    for n in range(3):
        files[f"tests/models/test_{n}.py"] = TEST.replace("served-checkpoint", f"served-{n}")
    result = scan_tree(tmp_path, files)
    assert sorted({r.target for r in result.references}) == [
        "acme/served-0", "acme/served-1", "acme/served-2", "predibase/dbpedia"]
    definitions = FixtureDefinitions(str(tmp_path), frozenset(files))
    found = [definitions.fixture(f"tests/models/test_{n}.py", "launcher") for n in range(3)]
    assert [rel for rel, _ in filter(None, found)] == ["tests/conftest.py"] * 3
    assert len({id(function) for _, function in filter(None, found)}) == 1
    assert sorted(definitions.looked_up) == sorted(
        [*((f"tests/models/test_{n}.py", "launcher") for n in range(3)),
         ("tests/models/conftest.py", "launcher"), ("tests/conftest.py", "launcher")])
    assert list(definitions.fixtures) == ["tests/conftest.py"]
