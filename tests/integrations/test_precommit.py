"""The pre-commit hooks, for real: `pre-commit try-repo` on this checkout in a scratch repository.

try-repo installs the hooks from this checkout's HEAD plus its staged and modified tracked files
(untracked files are not included) into a fresh environment under PRE_COMMIT_HOME, from the
package registries, as a user's `pre-commit install` would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from mlgate.scan.registry import DETECTORS

MANIFEST = REPO / ".pre-commit-hooks.yaml"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

RESEARCH_ONLY = ('from transformers import pipeline\n'
                 'summarize = pipeline("summarization", model="Qwen/Qwen2.5-3B-Instruct")\n')
PERMISSIVE = 'from transformers import AutoModel\nchat = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'


def _hooks() -> dict[str, dict[str, object]]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text())}


def test_manifest_validates_with_pre_commit() -> None:
    proc = subprocess.run([*PRE_COMMIT, "validate-manifest", str(MANIFEST)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hooks_shape() -> None:
    hooks = _hooks()
    assert set(hooks) == {"mlgate", "mlgate-all"}
    staged, whole = hooks["mlgate"], hooks["mlgate-all"]
    assert staged["pass_filenames"] is True and staged["language"] == "python"
    assert whole["pass_filenames"] is False and whole["always_run"] is True
    assert staged["entry"] == whole["entry"] == "mlgate check"


# Names of files that can hold references, and of files that cannot.
CANDIDATES = [
    "app.py", "pkg/types.pyi", "notebooks/explore.ipynb", "configs/train.yaml", "configs/train.yml",
    "config.json", "pyproject.toml", "setup.cfg", "scripts/download.sh", "run.bash", "Dockerfile",
    "docker/Dockerfile.gpu", "Containerfile", "Makefile", "GNUmakefile", "rules.mk", "Modelfile",
    "ollama/Modelfile", "llama.Modelfile", "weights/model.gguf", "model.safetensors", "serve.dockerfile",
]
IRRELEVANT = ["README.md", "docs/logo.png", "LICENSE", "notes.txt", "src/app.js", "styles.css"]


def test_file_filter_passes_every_name_a_detector_reads() -> None:
    files = re.compile(str(_hooks()["mlgate"]["files"]))
    for name in CANDIDATES + IRRELEVANT:
        read = any(detector.accepts(name) for detector in DETECTORS)
        if read:  # the hook must not hide a file mlgate would read
            assert files.search(name), f"{name} is read by a detector but filtered out by the hook"
    for name in CANDIDATES:
        assert files.search(name), name
    for name in IRRELEVANT:
        if not any(detector.accepts(name) for detector in DETECTORS):
            assert not files.search(name), name


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=300)


def _hook_status(output: str, name: str) -> str:
    match = re.search(rf"^{re.escape(name)}\.+(\w+)", output, re.MULTILINE)
    assert match, f"no status line for {name!r} in:\n{output}"
    return match.group(1)


@pytest.mark.slow
def test_try_repo_fails_on_staged_research_only_model_and_passes_on_clean(tmp_path: Path) -> None:
    repo = tmp_path / "product"
    (repo / "src" / "support").mkdir(parents=True)
    # The repository's own settings decide the policy; the hook is given only file names.
    (repo / "pyproject.toml").write_text('[project]\nname = "product"\n\n[tool.mlgate]\npolicy = "commercial"\n'
                                         "offline = true\n")
    (repo / "src" / "support" / "summarize.py").write_text(RESEARCH_ONLY)
    (repo / "src" / "support" / "chat.py").write_text(PERMISSIVE)
    (repo / "README.md").write_text("Mentions Qwen/Qwen2.5-3B-Instruct in prose only.\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    env.pop("VIRTUAL_ENV", None)

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*PRE_COMMIT, "try-repo", str(REPO), "--verbose", "--files", *files], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=600, check=False)

    staged_bad = try_repo("src/support/summarize.py", "src/support/chat.py", "README.md")
    out = staged_bad.stdout + staged_bad.stderr
    assert staged_bad.returncode == 1, out
    assert _hook_status(out, "mlgate (ML model and dataset licenses)") == "Failed"
    assert "Qwen/Qwen2.5-3B-Instruct" in out
    assert "src/support/summarize.py:2" in out  # reported from the repository root
    assert "policy commercial" in out

    staged_clean = try_repo("src/support/chat.py", "README.md")
    out = staged_clean.stdout + staged_clean.stderr
    assert _hook_status(out, "mlgate (ML model and dataset licenses)") == "Passed", out
    # The whole-repository hook runs whatever is staged, and still finds the research-only model.
    assert _hook_status(out, "mlgate (whole repository)") == "Failed", out
    assert staged_clean.returncode == 1
    shutil.rmtree(tmp_path / "pre-commit-home", ignore_errors=True)
