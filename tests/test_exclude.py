"""`exclude` in [tool.mlgate]: gitignore-style patterns, relative to the settings file (through the
installed command once, the other cases in-process)."""

from __future__ import annotations

import json
from pathlib import Path

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
