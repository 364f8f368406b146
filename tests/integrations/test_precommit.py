"""The pre-commit hooks, for real: a scratch repository whose `.pre-commit-config.yaml` names this
checkout, as the README's snippet names the published repository.

pre-commit clones the named revision and installs the hooks into a fresh environment under
PRE_COMMIT_HOME, from the package registries, as a user's first commit would. The revision is
this checkout's HEAD plus its staged and modified tracked files (untracked files are not
included), committed in a clone the way `pre-commit try-repo` takes them; unlike try-repo, which
installs into a new store on every call, the environment is made once and used by both commits.
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


def _snapshot_of_this_checkout(dest: Path, env: dict[str, str]) -> str:
    """Commit HEAD plus the staged and modified tracked files in a clone at `dest` (what try-repo
    installs from); returns the revision."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, check=True, capture_output=True, text=True,
                          timeout=300).stdout.strip()
    _git(dest.parent, "clone", "-q", str(REPO), str(dest))
    _git(dest, "checkout", "-q", head, "-b", "snapshot")
    # git in this checkout writes its working tree into the clone's index and objects.
    into_clone = {**env, "GIT_INDEX_FILE": str(dest / ".git" / "index"),
                  "GIT_OBJECT_DIRECTORY": str(dest / ".git" / "objects")}
    added = [name for name in subprocess.run(["git", "diff", "--cached", "--name-only", "--diff-filter=A", "-z"],
                                             cwd=REPO, check=True, capture_output=True, text=True,
                                             timeout=300).stdout.split("\0") if name]
    if added:  # files new in this checkout's index: `add -u` below takes only the clone's tracked files
        subprocess.run(["git", "add", "--", *added], cwd=REPO, env=into_clone, check=True, capture_output=True,
                       timeout=300)
    subprocess.run(["git", "add", "-u"], cwd=REPO, env=into_clone, check=True, capture_output=True, timeout=300)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "--no-verify", "-m", "snapshot"], cwd=dest, env=env,
                   check=True, capture_output=True, timeout=300)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=dest, check=True, capture_output=True, text=True,
                          timeout=300).stdout.strip()


@pytest.mark.slow
def test_hooks_fail_on_staged_research_only_model_and_pass_on_clean(tmp_path: Path) -> None:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    env.pop("VIRTUAL_ENV", None)
    hooks_repo = tmp_path / "mlgate"
    rev = _snapshot_of_this_checkout(hooks_repo, env)

    repo = tmp_path / "product"
    (repo / "src" / "support").mkdir(parents=True)
    # The repository's own settings decide the policy; the hook is given only file names.
    (repo / "pyproject.toml").write_text('[project]\nname = "product"\n\n[tool.mlgate]\npolicy = "commercial"\n'
                                         "offline = true\n")
    (repo / "src" / "support" / "summarize.py").write_text(RESEARCH_ONLY)
    (repo / "src" / "support" / "chat.py").write_text(PERMISSIVE)
    (repo / "README.md").write_text("Mentions Qwen/Qwen2.5-3B-Instruct in prose only.\n")
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [
        {"repo": str(hooks_repo), "rev": rev, "hooks": [{"id": "mlgate"}, {"id": "mlgate-all"}]}]}))
    _git(repo, "init", "-q")
    _git(repo, "add", ".")

    def run_hooks(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*PRE_COMMIT, "run", "--verbose", "--files", *files], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=600, check=False)

    staged_bad = run_hooks("src/support/summarize.py", "src/support/chat.py", "README.md")
    out = staged_bad.stdout + staged_bad.stderr
    assert staged_bad.returncode == 1, out
    assert _hook_status(out, "mlgate (ML model and dataset licenses)") == "Failed"
    assert "Qwen/Qwen2.5-3B-Instruct" in out
    assert "src/support/summarize.py:2" in out  # reported from the repository root
    assert "policy commercial" in out

    staged_clean = run_hooks("src/support/chat.py", "README.md")
    out = staged_clean.stdout + staged_clean.stderr
    assert _hook_status(out, "mlgate (ML model and dataset licenses)") == "Passed", out
    # The whole-repository hook runs whatever is staged, and still finds the research-only model.
    assert _hook_status(out, "mlgate (whole repository)") == "Failed", out
    assert staged_clean.returncode == 1
    # Both runs used the one environment pre-commit made from this checkout.
    made = [path for path in (tmp_path / "pre-commit-home").glob("repo*/py_env-*") if path.is_dir()]
    assert len(made) == 1, made
    shutil.rmtree(tmp_path / "pre-commit-home", ignore_errors=True)
