"""action.yml: valid metadata, safe steps, and the steps run for real against the demo repo."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest
from actionrunner import ActionRun, load_action, run_action

from conftest import DEMO, REPO, run_mlgate

ACTION = REPO / "action.yml"
_NOT_SHIPPED = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".mypy_cache",
                                      ".ruff_cache", ".pytest_cache", ".venv", ".hypothesis")


def test_action_metadata_validates_against_the_github_schema() -> None:
    exe = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(exe), "--builtin-schema", "vendor.github-actions", str(ACTION)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok" in proc.stdout


def test_action_never_splices_inputs_into_scripts() -> None:
    action = load_action(ACTION)
    assert action["runs"]["using"] == "composite"
    declared = set(action["inputs"])
    assert declared == {"path", "policy", "fail-on", "offline", "baseline", "sarif-file", "bom-file", "hf-token"}
    passed: set[str] = set()
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], step["name"]
        for value in (step.get("env") or {}).values():
            passed.update(name for name in declared if f"inputs.{name} " in f"{value} ".replace("}}", " "))
    assert passed == declared, "every input reaches the action through env"
    assert {"findings", "bom", "sarif"} <= set(action["outputs"])


@pytest.fixture(scope="module")
def action_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the action as GitHub downloads it: the repository's files, no build leftovers."""
    target = tmp_path_factory.mktemp("action") / "mlgate"
    shutil.copytree(REPO, target, ignore=_NOT_SHIPPED)
    return target


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUNNER_TEMP with the action's venv made beforehand, seeing this interpreter's installed
    packages (pip and mlgate's dependencies), so the install step only builds and installs mlgate
    itself instead of every dependency again. The step reuses an existing venv, as on a runner
    calling the action twice."""
    temp = tmp_path_factory.mktemp("runner")
    venv = temp / "mlgate-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    (site_packages,) = venv.glob("lib/python*/site-packages")
    # A bare path line, not `import site; site.addsitedir(...)`: the .pth files there are not run,
    # so this checkout's editable mlgate stays invisible and the step's own install is what runs.
    ours = dict.fromkeys(sysconfig.get_path(name) for name in ("purelib", "platlib"))
    (site_packages / "test-packages.pth").write_text("".join(f"{path}\n" for path in ours))
    return temp


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Path]:
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    yield repo


def _run(action_dir: Path, runner_temp: Path, workspace: Path, **inputs: str) -> ActionRun:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "VIRTUAL_ENV"))}
    return run_action(action_dir, {k.replace("_", "-"): v for k, v in inputs.items()}, workspace, runner_temp, env)


@pytest.mark.slow
def test_action_on_demo_annotates_summarises_and_fails(action_dir: Path, runner_temp: Path, demo: Path) -> None:
    run = _run(action_dir, runner_temp, demo, policy="commercial", offline="true",
               sarif_file="results.sarif", bom_file="mlbom.json")
    install, check = run.steps
    assert install.returncode == 0, install.stderr
    # The installed copy is the one that ran (the venv's, not this checkout's editable install).
    assert (runner_temp / "mlgate-venv" / "bin" / "mlgate").exists()
    assert list((runner_temp / "mlgate-venv").glob("lib/python*/site-packages/mlgate/__init__.py"))
    assert check.returncode == 1, check.stdout + check.stderr
    report = json.loads(Path(run.outputs["report"]).read_text())
    open_findings = [f for f in report["findings"] if f["status"] in ("failing", "reported")]
    assert len(open_findings) >= 2

    # Annotations: one per finding and place, at the file and line, escaped.
    lines = check.stdout.splitlines()
    assert ("::error file=support_bot/summarize.py,line=13,col=57,"
            "title=mlgate no-research-only%3A Qwen/Qwen2.5-3B-Instruct::") in "\n".join(lines)
    assert any(line.startswith("::warning file=configs/finetune.yaml,line=2,") for line in lines)
    for line in lines:
        if line.startswith("::"):
            assert "\n" not in line and "\r" not in line

    # The summary lists every finding; outputs are set; SARIF and BOM are written.
    for finding in report["findings"]:
        assert finding["target"] in run.summary
        assert finding["rule"] in run.summary
    assert run.summary.lstrip().startswith(("❌", "### ❌"))
    assert run.outputs["findings"] == str(len(open_findings))
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["sarif"] == "results.sarif" and run.outputs["bom"] == "mlbom.json"
    sarif = json.loads((demo / "results.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in sarif["runs"][0]["results"] for loc in result["locations"]}
    assert "support_bot/summarize.py" in uris
    assert json.loads((demo / "mlbom.json").read_text())["specVersion"] == "1.6"


@pytest.mark.slow
def test_action_passes_on_a_clean_repo_and_refuses_bad_input(action_dir: Path, runner_temp: Path,
                                                           tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        'from transformers import AutoModel\nm = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n')
    run = _run(action_dir, runner_temp, tmp_path, policy="commercial", offline="true")
    assert run.returncode == 0, run.steps[-1].stdout + run.steps[-1].stderr
    assert run.outputs["findings"] == "0" and run.outputs["exit-code"] == "0"
    assert run.outputs["sarif"] == "" and run.outputs["bom"] == ""
    assert run.summary.startswith("✅")

    # The installation is made once per action version and reused by later calls in the job.
    assert (runner_temp / "mlgate-venv" / ".mlgate-installed-from").read_text() == str(action_dir)

    bad = _run(action_dir, runner_temp, tmp_path, policy="commercial", fail_on="sometimes")
    assert bad.returncode == 2
    assert bad.steps[-1].stdout.startswith("::error title=mlgate action input::input fail-on")

    # Findings accepted in a baseline are reported but neither annotated nor failing.
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    recorded = run_mlgate("check", repo, "--policy", "commercial", "--offline", "--baseline",
                          repo / "baseline.json", "--update-baseline")
    assert recorded.returncode == 0, recorded.stderr
    accepted = _run(action_dir, runner_temp, repo, policy="commercial", offline="true", baseline="baseline.json")
    assert accepted.returncode == 0, accepted.steps[-1].stdout + accepted.steps[-1].stderr
    assert accepted.outputs["findings"] == "0"
    assert not any(line.startswith("::") for line in accepted.steps[-1].stdout.splitlines())
    assert "Qwen/Qwen2.5-3B-Instruct" in accepted.summary

    # A policy that does not exist: mlgate's own one-line error, exit 2, no summary written.
    missing = _run(action_dir, runner_temp, tmp_path, policy="no-such-preset")
    assert missing.returncode == 2
    assert "unknown policy preset" in missing.steps[-1].stderr
    assert missing.outputs["exit-code"] == "2" and missing.summary == ""
