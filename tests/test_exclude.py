"""`exclude` in [tool.mlgate]: gitignore-style patterns, relative to the settings file (through the
installed command once, the other cases in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke_mlgate, run_mlgate


def _repo(tmp_path: Path, exclude: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f'[tool.mlgate]\npolicy = "commercial"\nexclude = {exclude}\n')
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "serve.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'
    )
    (tmp_path / "third_party" / "vendored").mkdir(parents=True)
    (tmp_path / "third_party" / "vendored" / "demo.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("Qwen/Qwen2.5-3B-Instruct")\n'
    )
    return tmp_path


def test_excluded_paths_are_not_scanned_or_judged(tmp_path: Path) -> None:
    repo = _repo(tmp_path, '["third_party/"]')
    refs = json.loads(run_mlgate("scan", repo, "--format", "json").stdout)["references"]
    assert [r["path"] for r in refs] == ["app/serve.py"]
    assert run_mlgate("check", repo, "--offline").returncode == 0


def test_without_exclude_the_vendored_file_fails_the_gate(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "[]")
    proc = invoke_mlgate("check", repo, "--offline")
    assert proc.returncode == 1
    assert "third_party/vendored/demo.py:2" in proc.stdout


def test_patterns_are_relative_to_the_settings_file_when_a_subdirectory_is_checked(tmp_path: Path) -> None:
    repo = _repo(tmp_path, '["third_party/vendored/*.py"]')
    refs = json.loads(invoke_mlgate("scan", repo / "third_party", "--format", "json").stdout)["references"]
    assert refs == []


def _named_file_tree(tmp_path: Path, filler: int) -> Path:
    """A file that reads another module's constant, and `filler` more files under the root."""
    tmp_path.mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.mlgate]\nexclude = ["build/"]\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "settings.py").write_text('MODEL = "Qwen/Qwen2.5-7B-Instruct"\n')
    (tmp_path / "pkg" / "serve.py").write_text(
        "from transformers import AutoModel\nfrom .settings import MODEL\nAutoModel.from_pretrained(MODEL)\n")
    (tmp_path / "docs").mkdir()
    for index in range(filler):
        (tmp_path / "docs" / f"page{index}.txt").write_text("")
    return tmp_path


def test_a_named_files_listing_is_not_resolved_file_by_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pre-commit names the staged files; the constants module is looked up in the root's listing, which
    # the exclude patterns filter: that must not cost a path resolution per file of the repository
    resolved: list[Path] = []
    original = Path.resolve

    def counting(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return original(self, strict)

    monkeypatch.setattr(Path, "resolve", counting)
    counts = []
    for filler in (0, 200):
        repo = _named_file_tree(tmp_path / f"repo{filler}", filler)
        resolved.clear()
        proc = invoke_mlgate("scan", repo / "pkg" / "serve.py", "--format", "json", cwd=repo,
                             env={"MLGATE_CACHE_DIR": str(tmp_path / f"cache{filler}")})
        assert [r["target"] for r in json.loads(proc.stdout)["references"]] == ["Qwen/Qwen2.5-7B-Instruct"]
        counts.append(len(resolved))
    assert counts[0] == counts[1]


def test_patterns_of_a_settings_file_above_the_root_are_relative_to_it(tmp_path: Path) -> None:
    # outside a checkout the root is the working directory, and the settings file is found from it
    # upward: here in its parent
    (tmp_path / "pyproject.toml").write_text('[tool.mlgate]\nexclude = ["repo/vendored/"]\n')
    repo = tmp_path / "repo"
    load = 'from transformers import AutoModel\nAutoModel.from_pretrained("{}")\n'
    (repo / "vendored").mkdir(parents=True)
    (repo / "vendored" / "demo.py").write_text(load.format("Qwen/Qwen2.5-3B-Instruct"))
    (repo / "app").mkdir()
    (repo / "app" / "vendored.py").write_text(load.format("Qwen/Qwen2.5-7B-Instruct"))
    for argument in (repo, repo / "app" / "vendored.py", repo / "vendored" / "demo.py"):
        proc = invoke_mlgate("scan", argument, "--format", "json", cwd=repo,
                             env={"MLGATE_CACHE_DIR": str(tmp_path / "cache")})
        assert [r["path"] for r in json.loads(proc.stdout)["references"]] == (
            [] if argument.name == "demo.py" else ["app/vendored.py"]), argument
