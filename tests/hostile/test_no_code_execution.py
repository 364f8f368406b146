"""Scanning a repository never runs its code: not on import, not on unpickle, not on YAML load.

Every planted file would create a file in a sentinel directory if anything imported, ran,
unpickled or fully loaded it. The scan must still read the files it can (the references in
them are reported), and the sentinel directory must stay empty.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from hostile.helpers import git_init, run_mlgate
from mlgate.scan.registry import DETECTORS


class _Exploit:
    """Unpickling this calls exec(code): what a malicious model checkpoint does."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, (self.code,))


def _payload(sentinels: Path, vector: str) -> str:
    return f"open({str(sentinels / vector)!r}, 'w').close()"


def plant_repo(root: Path, sentinels: Path) -> None:
    """A repository in which every file kind mlgate may read tries to run code."""
    root.mkdir()
    sentinels.mkdir()

    def code(vector: str) -> str:
        return _payload(sentinels, vector) + "\n"

    loader = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/{name}")\n'
    (root / "evil.py").write_text(code("import-evil.py") + loader.format(name="python-model"))
    (root / "setup.py").write_text(code("setup.py") + "from setuptools import setup\nsetup(name='x')\n")
    (root / "conftest.py").write_text(code("conftest.py"))
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text(code("package-init") + loader.format(name="pkg-model"))
    # Modules that would shadow what mlgate imports, if the scanned directory were on sys.path.
    for shadow in ("sitecustomize", "usercustomize", "yaml", "click", "json", "ast", "tomllib",
                   "pathspec", "transformers", "huggingface_hub", "mlgate"):
        (root / f"{shadow}.py").write_text(code(f"shadow-{shadow}"))
    # Checkpoints whose unpickling runs code.
    for name in ("model.pkl", "pytorch_model.bin", "model.pt", "model.ckpt", "model.joblib", "data.pickle"):
        (root / name).write_bytes(pickle.dumps(_Exploit(_payload(sentinels, f"unpickle-{name}"))))
    # YAML whose full load constructs Python objects.
    for name, tag in (("config.yaml", "!!python/object/apply:builtins.exec"),
                      ("serve.yml", "!!python/object/new:builtins.exec")):
        (root / name).write_text(
            f"model_name_or_path: org/yaml-model\nhook: {tag} [{json.dumps(_payload(sentinels, 'yaml-' + name))}]\n"
        )
    (root / "train.sh").write_text(
        f"#!/bin/sh\ntouch {sentinels / 'shell'}\npython train.py --model_name_or_path org/shell-model\n"
    )
    (root / "Makefile").write_text(f"all:\n\ttouch {sentinels / 'make'}\n")
    (root / "Dockerfile").write_text(f"FROM python:3.11\nRUN touch {sentinels / 'docker'}\n")
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                   "source": [code("notebook"), 'from transformers import pipeline\n',
                              'pipe = pipeline("text-generation", model="org/notebook-model")\n']}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    (root / "explore.ipynb").write_text(json.dumps(notebook))
    # A local model directory whose config asks for its own modelling code (trust_remote_code),
    # whose card's front matter carries Python tags, and which ships a pickled checkpoint.
    local = root / "models" / "evil"
    local.mkdir(parents=True)
    (local / "config.json").write_text(json.dumps(
        {"model_type": "evil", "auto_map": {"AutoModel": "modeling_evil.EvilModel"}, "architectures": ["EvilModel"]}))
    (local / "modeling_evil.py").write_text(code("remote-code"))
    (local / "README.md").write_text(
        f"---\nlicense: !!python/object/apply:builtins.exec [{json.dumps(_payload(sentinels, 'card-yaml'))}]\n"
        "base_model: org/base\n---\n# Evil model\n"
    )
    (local / "pytorch_model.bin").write_bytes(pickle.dumps(_Exploit(_payload(sentinels, "local-checkpoint"))))
    (root / "use_local.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("./models/evil", trust_remote_code=True)\n'
    )
    # A PEP 517 build backend that lives in the repository itself.
    (root / "backend.py").write_text(code("build-backend"))
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n'
        '[project]\nname = "evil"\nversion = "0"\n'
    )
    # A policy file that would run code if loaded with a full YAML loader.
    (root / "evil-policy.yaml").write_text(
        "version: 1\nname: evil\n"
        f"rules: !!python/object/apply:builtins.exec [{json.dumps(_payload(sentinels, 'policy'))}]\n"
    )


def arm_git(root: Path, sentinels: Path) -> None:
    """Repository-local git configuration that runs commands when git inspects the work tree."""
    (root / ".gitattributes").write_text("* filter=evil diff=evil\n")
    with (root / ".git" / "config").open("a") as config:
        config.write(
            "[core]\n"
            f"\tfsmonitor = touch {sentinels / 'git-fsmonitor'}; false\n"
            f"\tpager = touch {sentinels / 'git-pager'}; cat\n"
            '[filter "evil"]\n'
            f"\tclean = touch {sentinels / 'git-filter-clean'}; cat\n"
            f"\tsmudge = touch {sentinels / 'git-filter-smudge'}; cat\n"
            "\trequired = true\n"
            '[diff "evil"]\n'
            f"\ttextconv = touch {sentinels / 'git-textconv'}; cat\n"
        )
    # Dirty the tree so that git has something to look at with those helpers.
    (root / "evil.py").write_text((root / "evil.py").read_text() + "# changed\n")
    (root / "untracked.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("org/untracked")\n'
    )


def _runs(root: Path, out: Path) -> list[list[str]]:
    return [
        ["scan", "."],
        ["scan", ".", "--format", "json", "-o", str(out / "scan.json")],
        ["scan", "evil.py", "config.yaml", "model.pkl", "explore.ipynb"],
        ["check", ".", "--policy", "commercial", "--offline"],
        ["check", ".", "--policy", "commercial", "--format", "json"],
        ["bom", ".", "--offline", "-o", str(out / "bom.json")],
    ]


@pytest.mark.slow
@pytest.mark.parametrize("as_git_checkout", [False, True], ids=["plain-directory", "git-checkout"])
def test_scanning_runs_nothing_it_reads(tmp_path: Path, as_git_checkout: bool) -> None:
    root, sentinels, out = tmp_path / "repo", tmp_path / "sentinels", tmp_path / "out"
    out.mkdir()
    plant_repo(root, sentinels)
    if as_git_checkout:
        git_init(root)
        arm_git(root, sentinels)
    for args in _runs(root, out):
        proc = run_mlgate(*args, cwd=root)
        assert proc.returncode in (0, 1), (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    proc = run_mlgate("check", ".", "--policy", "./evil-policy.yaml", cwd=root)
    assert proc.returncode == 2, proc.stderr
    assert "evil-policy.yaml" in proc.stderr

    assert sorted(p.name for p in sentinels.iterdir()) == [], "scanned content ran"

    # The scan did read the planted files (the test is not passing by skipping them).
    found = {ref["target"] for ref in json.loads((out / "scan.json").read_text())["references"]}
    assert {"org/python-model", "org/pkg-model", "org/yaml-model"} <= found
    assert any("models/evil" in target for target in found)
    if any(d.accepts("explore.ipynb") for d in DETECTORS):
        assert "org/notebook-model" in found
    if any(d.accepts("train.sh") for d in DETECTORS):
        assert "org/shell-model" in found
    if as_git_checkout:
        assert "org/untracked" in found


def test_policy_with_python_tags_is_rejected_not_run(tmp_path: Path) -> None:
    root, sentinels = tmp_path / "repo", tmp_path / "sentinels"
    plant_repo(root, sentinels)
    proc = run_mlgate("check", ".", "--policy", "./evil-policy.yaml", cwd=root)
    assert proc.returncode == 2
    assert proc.stderr.startswith("mlgate: error: ./evil-policy.yaml")
    assert "Traceback" not in proc.stderr
    assert list(sentinels.iterdir()) == []
