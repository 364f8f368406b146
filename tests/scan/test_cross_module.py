"""A loader argument read from a constant of another module of the scanned project."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_mlgate
from mlgate.model import Kind, Reference, Suppression
from mlgate.scan.base import ScanOptions, SourceFile
from mlgate.scan.engine import scan
from mlgate.scan.python.detector import PythonDetector
from mlgate.scan.python.modulefile import module_candidates
from scan.helpers import scan_tree

SETTINGS = 'SUMMARY_MODEL = "Qwen/Qwen2.5-3B-Instruct"\nORG: str = "meta-llama"\nNOT_A_MODEL = 3\n'
USER = "support_bot/summarize.py"


def _user(*lines: str) -> str:
    return "\n".join(["from transformers import AutoModel, pipeline", *lines]) + "\n"


def _used(references: list[Reference]) -> list[str]:
    return [r.target for r in references if r.location.path == USER]


def _found(root: Path, **kwargs: object) -> list[tuple[str, str, int, int, str]]:
    """References outside the constants modules (which report their own literals, by name)."""
    result = scan(root, **kwargs)  # type: ignore[arg-type]
    return [(r.target, r.location.path, r.location.line, r.location.column, r.via) for r in result.references
            if not r.location.path.endswith("settings.py")]


@pytest.mark.parametrize("imports, argument", [
    ("from .settings import SUMMARY_MODEL", "SUMMARY_MODEL"),
    ("from support_bot.settings import SUMMARY_MODEL", "SUMMARY_MODEL"),
    ("from support_bot.settings import SUMMARY_MODEL as CHOSEN", "CHOSEN"),
    ("from . import settings", "settings.SUMMARY_MODEL"),
    ("import support_bot.settings as s", "s.SUMMARY_MODEL"),
    ("import support_bot.settings", "support_bot.settings.SUMMARY_MODEL"),
])
def test_an_imported_constant_is_reported_at_the_argument(tmp_path: Path, imports: str, argument: str) -> None:
    scan_tree(tmp_path, {"support_bot/__init__.py": "", "support_bot/settings.py": SETTINGS,
                         USER: _user(imports, "", f'pipeline("text-generation", model={argument})')})
    assert _found(tmp_path) == [("Qwen/Qwen2.5-3B-Instruct", USER, 4, 35, "pipeline")]


def test_src_layout_fstrings_concatenation_and_defaults(tmp_path: Path) -> None:
    user = "src/support_bot/load.py"
    scan_tree(tmp_path, {"src/support_bot/settings.py": SETTINGS, user: _user(
        "from support_bot.settings import ORG, SUMMARY_MODEL",
        'AutoModel.from_pretrained(f"{ORG}/Llama-3.1-8B")',
        'AutoModel.from_pretrained(ORG + "/Llama-3.2-1B")',
        "def load(name=SUMMARY_MODEL):",
        "    return AutoModel.from_pretrained(name)",
        "AutoModel.from_pretrained(NOT_IMPORTED)",
    )})
    assert _found(tmp_path) == [
        ("meta-llama/Llama-3.1-8B", user, 3, 27, "AutoModel.from_pretrained"),
        ("meta-llama/Llama-3.2-1B", user, 4, 27, "AutoModel.from_pretrained"),
        ("Qwen/Qwen2.5-3B-Instruct", user, 6, 38, "AutoModel.from_pretrained"),
    ]


def test_a_re_export_is_followed_and_the_slot_rules_still_apply(tmp_path: Path) -> None:
    scan_tree(tmp_path, {
        "app/__init__.py": "",
        "app/config/__init__.py": "from .defaults import EMBEDDER, DATA, LOOP\n",
        "app/config/defaults.py": 'EMBEDDER = "BAAI/bge-small-en-v1.5"\nDATA = "acme/reviews"\n'
                                  "from . import LOOP\n",
        "app/run.py": _user("from datasets import load_dataset",
                            "from .config import EMBEDDER, DATA, LOOP",
                            "AutoModel.from_pretrained(EMBEDDER)",
                            "load_dataset(DATA)",
                            "AutoModel.from_pretrained(LOOP)"),
    })
    result = scan(tmp_path)
    # (the constants module is read too: a quoted `org/name` makes any module a candidate, and
    # `EMBEDDER` names a model where it is written; `DATA` alone says too little)
    assert [(r.location.path, r.target, r.kind, r.location.line) for r in result.references] == [
        ("app/config/defaults.py", "BAAI/bge-small-en-v1.5", Kind.MODEL, 1),
        ("app/run.py", "BAAI/bge-small-en-v1.5", Kind.MODEL, 4), ("app/run.py", "acme/reviews", Kind.DATASET, 5)]


def test_what_cannot_be_resolved_is_dropped_without_error(tmp_path: Path) -> None:
    scan_tree(tmp_path, {
        "pkg/broken.py": 'MODEL = "acme/broken"\ndef oops(:\n',
        "pkg/linked_target.py": 'MODEL = "acme/linked"\n',
        "pkg/big.py": 'MODEL = "acme/big"\n' + "#" * (2 * 1024 * 1024) + "\n",
        "pkg/a.py": "from .b import MODEL\n",
        "pkg/b.py": "from .a import MODEL\n",
        "pkg/user.py": _user("from .missing import MODEL as M1",
                             "from .broken import MODEL as M2",
                             "from .linked import MODEL as M3",
                             "from .big import MODEL as M4",
                             "from .a import MODEL as M5",
                             "from ..........above_the_root import MODEL as M6",
                             "from os import sep as M7",
                             "from .broken import oops as M8",
                             *(f"AutoModel.from_pretrained(M{i})" for i in range(1, 9))),
    })
    (tmp_path / "pkg/linked.py").symlink_to(tmp_path / "pkg/linked_target.py")
    assert [r for r in scan(tmp_path).references if r.location.path == "pkg/user.py"] == []


def test_staged_files_read_the_constants_module_from_disk(tmp_path: Path) -> None:
    scan_tree(tmp_path, {"support_bot/settings.py": SETTINGS,
                         USER: _user("from .settings import SUMMARY_MODEL", "pipeline(model=SUMMARY_MODEL)")})
    assert _found(tmp_path, files=[USER]) == [("Qwen/Qwen2.5-3B-Instruct", USER, 3, 16, "pipeline")]


def test_a_constants_module_the_project_does_not_list_is_not_followed(tmp_path: Path) -> None:
    # git-ignored (a developer's local override): not the project's, whether the tree or only the
    # importing file is scanned; a listed module beside it still is followed
    scan_tree(tmp_path, {".gitignore": "local_settings.py\n", "support_bot/settings.py": SETTINGS,
                         "support_bot/local_settings.py": 'SUMMARY_MODEL = "acme/private-llm"\n',
                         USER: _user("from .local_settings import SUMMARY_MODEL as LOCAL",
                                     "from .settings import SUMMARY_MODEL",
                                     "pipeline(model=LOCAL)", "pipeline(model=SUMMARY_MODEL)")})
    expected = [("Qwen/Qwen2.5-3B-Instruct", USER, 5, 16, "pipeline")]
    assert _found(tmp_path) == expected
    assert _found(tmp_path, files=[USER]) == expected
    # the ignored module was looked for: still a path whose state a rescan checks
    assert "support_bot/local_settings.py" in scan(tmp_path).consulted


def test_the_caller_s_listing_decides_which_modules_are_the_project_s(tmp_path: Path) -> None:
    scan_tree(tmp_path, {"support_bot/settings.py": SETTINGS,
                         USER: _user("from .settings import SUMMARY_MODEL", "pipeline(model=SUMMARY_MODEL)")})
    assert _found(tmp_path, files=[USER], listed=lambda: frozenset({USER})) == []
    assert _found(tmp_path, files=[USER], listed=lambda: frozenset({"support_bot/settings.py"})) == [
        ("Qwen/Qwen2.5-3B-Instruct", USER, 3, 16, "pipeline")]


def test_an_excluded_constants_module_is_not_followed(tmp_path: Path) -> None:
    # `[tool.mlgate] exclude` drops the module from the listing: for the tree and for a named file
    scan_tree(tmp_path, {"pyproject.toml": '[tool.mlgate]\nexclude = ["support_bot/settings.py"]\n',
                         "support_bot/settings.py": SETTINGS,
                         USER: _user("from .settings import SUMMARY_MODEL", "pipeline(model=SUMMARY_MODEL)")})
    for argument in (tmp_path, tmp_path / USER):
        proc = run_mlgate("scan", argument, "--format", "json", cwd=tmp_path)
        assert json.loads(proc.stdout)["references"] == [], argument
    (tmp_path / "pyproject.toml").write_text("[tool.mlgate]\nexclude = []\n")
    proc = run_mlgate("scan", tmp_path / USER, "--format", "json", cwd=tmp_path)
    assert [r["target"] for r in json.loads(proc.stdout)["references"]] == ["Qwen/Qwen2.5-3B-Instruct"]


def test_a_suppression_on_the_argument_line_is_kept(tmp_path: Path) -> None:
    scan_tree(tmp_path, {"support_bot/settings.py": SETTINGS, USER: _user(
        "from .settings import SUMMARY_MODEL",
        "pipeline(model=SUMMARY_MODEL)  # mlgate: ignore[no-research-only] eval only")})
    (ref,) = [r for r in scan(tmp_path).references if r.location.path == USER]
    assert ref.suppression == Suppression(("no-research-only",), "eval only")


class _CountingPython(PythonDetector):
    def __init__(self) -> None:
        self.reads: list[str] = []

    def detect(self, source: SourceFile, options: ScanOptions) -> list:  # type: ignore[type-arg]
        self.reads.append(source.relpath)
        return list(super().detect(source, options))


def test_warm_cache_still_resolves_and_sees_a_changed_constants_module(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    scan_tree(root, {"support_bot/settings.py": SETTINGS,
                     USER: _user("from .settings import SUMMARY_MODEL", "pipeline(model=SUMMARY_MODEL)")})
    old = 1_000_000_000  # older than the racy window: the cache trusts the signature
    for name in ("support_bot/settings.py", USER):
        os.utime(root / name, ns=(old, old))
    options, detector = ScanOptions(cache_dir=cache), _CountingPython()
    assert _used(scan(root, options=options, detectors=[detector]).references) == ["Qwen/Qwen2.5-3B-Instruct"]
    assert USER in detector.reads
    detector.reads.clear()
    assert _used(scan(root, options=options, detectors=[detector]).references) == ["Qwen/Qwen2.5-3B-Instruct"]
    assert detector.reads == []  # answered by the cache, pending item included
    (root / "support_bot/settings.py").write_text('SUMMARY_MODEL = "mistralai/Mistral-7B-v0.1"\n')
    assert _used(scan(root, options=options, detectors=[detector]).references) == ["mistralai/Mistral-7B-v0.1"]
    assert detector.reads == ["support_bot/settings.py"]  # the changed module itself; the user's from the cache


def test_parallel_scan_resolves_like_the_serial_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"pkg{i}/user.py": _user("from .settings import ORG", f'pipeline(model=f"{{ORG}}/m-{i}")')
             for i in range(30)}
    files.update({f"pkg{i}/settings.py": f'ORG = "org{i}"\n' for i in range(30)})
    scan_tree(tmp_path, files)
    listing = sorted(files)
    monkeypatch.setenv("MLGATE_SCAN_WORKERS", "1")
    serial = scan(tmp_path, files=listing)
    monkeypatch.setenv("MLGATE_SCAN_WORKERS", "2")
    parallel = scan(tmp_path, files=listing, options=ScanOptions(cache_dir=tmp_path / "cache"))
    assert parallel.references == serial.references
    assert {r.target for r in serial.references} == {f"org{i}/m-{i}" for i in range(30)}


def test_module_candidates() -> None:
    assert module_candidates("a/b/c.py", 1, "settings") == ["a/b/settings.py", "a/b/settings/__init__.py"]
    assert module_candidates("a/b/c.py", 2, "") == ["a/__init__.py"]
    assert module_candidates("a/c.py", 3, "x") == []
    assert module_candidates("tools/run.py", 0, "pkg.cfg") == [
        "pkg/cfg.py", "pkg/cfg/__init__.py", "src/pkg/cfg.py", "src/pkg/cfg/__init__.py",
        "tools/pkg/cfg.py", "tools/pkg/cfg/__init__.py"]


def test_scan_json_through_the_installed_command(tmp_path: Path) -> None:
    scan_tree(tmp_path, {"support_bot/__init__.py": "", "support_bot/settings.py": SETTINGS,
                         USER: _user("from .settings import SUMMARY_MODEL",
                                     'pipeline("text-generation", model=SUMMARY_MODEL)')})
    proc = run_mlgate("scan", tmp_path, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    # Both places: where the constant is written (its name says model) and where it is used.
    assert json.loads(proc.stdout)["references"] == [
        {"target": "Qwen/Qwen2.5-3B-Instruct", "kind": "model", "path": "support_bot/settings.py", "line": 1,
         "column": 17, "via": "constant SUMMARY_MODEL", "role": "input"},
        {"target": "Qwen/Qwen2.5-3B-Instruct", "kind": "model", "path": USER, "line": 3, "column": 35,
         "via": "pipeline", "role": "input",
         "origin": {"path": "support_bot/settings.py", "line": 1, "column": 17}}]


_PIPES = '''from diffusers import DiffusionPipeline


class StableDiffusionXL:
    def __init__(self, model_id, device="cuda"):
        self.pipe = DiffusionPipeline.from_pretrained(model_id)


def render(prompt, style="plain"):
    return prompt + style
'''


def test_a_project_class_from_another_module_is_followed_into_its_loader(tmp_path: Path) -> None:
    from scan.helpers import scan_tree

    result = scan_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/pipes.py": _PIPES,
        "app.py": "from pkg.pipes import StableDiffusionXL, render\n"
                  "sdxl = StableDiffusionXL(\"stabilityai/sdxl-turbo\")\n"
                  "text = render(\"acme/not-a-model\")\n",
    })
    got = [(r.location.path, r.location.line, r.target, r.kind, r.via) for r in result.references]
    assert got == [("app.py", 2, "stabilityai/sdxl-turbo", Kind.MODEL,
                    "StableDiffusionXL() -> DiffusionPipeline.from_pretrained")]


def test_a_module_constant_given_to_a_project_class_is_followed_with_its_origin(tmp_path: Path) -> None:
    # A sibling module imported script-style (`from utils import ...`), a constant bound once at
    # the top level; a name bound twice, or a constant passed to a function loading nothing, is not.
    result = scan_tree(tmp_path, {
        "examples/eva/utils.py": _PIPES,
        "examples/eva/train.py": "from utils import StableDiffusionXL, render\n"
                                 "base_id = \"stabilityai/sdxl-turbo\"\n"
                                 "other = \"acme/first\"\nother = \"acme/second\"\n"
                                 "style = \"acme/not-a-model\"\n"
                                 "pipe = StableDiffusionXL(base_id)\n"
                                 "again = StableDiffusionXL(other)\n"
                                 "text = render(\"x\", style)\n",
    })
    got = [(r.location.line, r.target, r.via, r.origin.line if r.origin else None)
           for r in result.references if r.location.path == "examples/eva/train.py"]
    assert got == [(6, "stabilityai/sdxl-turbo", "StableDiffusionXL() -> DiffusionPipeline.from_pretrained", 2)]


def test_a_constant_shadowed_by_a_parameter_is_not_taken_for_the_parameter(tmp_path: Path) -> None:
    # `build(model_name)` reads its own parameter, not the module's constant of the same name.
    result = scan_tree(tmp_path, {
        "pkg/__init__.py": "", "pkg/pipes.py": _PIPES,
        "app.py": "from pkg.pipes import StableDiffusionXL\n"
                  "model_name = \"stabilityai/sdxl-turbo\"\n"
                  "def build(model_name):\n"
                  "    return StableDiffusionXL(model_name)\n",
    })
    assert [(r.location.line, r.via) for r in result.references] == [(2, "constant model_name")]


def test_a_probe_follows_the_defining_module_on_a_rescan(tmp_path: Path) -> None:
    from scan.helpers import scan_tree

    files = {"pkg/__init__.py": "", "pkg/pipes.py": _PIPES,
             "app.py": "from .pkg.pipes import StableDiffusionXL\nStableDiffusionXL(\"org/sd-model\")\n"}
    cache = tmp_path / "cache"
    first = scan_tree(tmp_path / "tree", files, cache_dir=cache)
    assert [r.target for r in first.references] == ["org/sd-model"]
    pipes = tmp_path / "tree" / "pkg" / "pipes.py"
    pipes.write_text(_PIPES.replace("DiffusionPipeline.from_pretrained(model_id)", "None"))
    os.utime(pipes, ns=(1, 1))  # an old mtime: only the content says it changed
    again = scan_tree(tmp_path / "tree", {}, cache_dir=cache)
    assert again.references == []  # the class no longer loads what it is given


def test_a_list_imported_from_the_project_and_looped_into_a_loader(tmp_path: Path) -> None:
    from scan.helpers import scan_tree

    result = scan_tree(tmp_path, {
        "settings.py": 'CANDIDATES = ["acme/model-one", "acme/model-two"]\nLABELS = ["acme/label"]\n',
        "app.py": "from transformers import AutoModel\nfrom settings import CANDIDATES, LABELS\n\n"
                  "for name in CANDIDATES:\n    AutoModel.from_pretrained(name)\n"
                  "for label in LABELS:\n    print(label)\n",
    })
    got = [(r.location.path, r.location.line, r.target, r.origin.line if r.origin else None)
           for r in result.references]
    assert got == [("app.py", 5, "acme/model-one", 1), ("app.py", 5, "acme/model-two", 1)]


def test_import_names_are_read_without_their_comments() -> None:
    from mlgate.scan.python.imported import import_aliases

    assert list(import_aliases("(MODEL,  # the served model\n    DATA as D)  # data\n")) == [
        ("MODEL", None), ("DATA", "D")]
    assert list(import_aliases("os.path as p, sys")) == [("os.path", "p"), ("sys", None)]
