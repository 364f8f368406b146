"""The examples in docs/integrations.md are valid and match the action and hooks they use."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from conftest import REPO

DOC = REPO / "docs" / "integrations.md"


def yaml_block(first_line: str) -> str:
    """The fenced YAML block of the doc whose first line is `first_line`."""
    for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL):
        if block.startswith(first_line):
            return str(block)
    raise AssertionError(f"no yaml block starting with {first_line!r} in {DOC}")


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def test_workflow_example_is_a_valid_workflow_using_real_inputs_and_outputs(tmp_path: Path) -> None:
    workflow = tmp_path / "mlgate.yml"
    workflow.write_text(yaml_block("# .github/workflows/mlgate.yml"))
    proc = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    action: dict[str, Any] = yaml.safe_load((REPO / "action.yml").read_text())
    steps = yaml.safe_load(workflow.read_text())["jobs"]["mlgate"]["steps"]
    ours = next(step for step in steps if step.get("id") == "mlgate")
    assert ours["uses"].split("@")[0].endswith("/mlgate")
    assert set(ours["with"]) <= set(action["inputs"])
    used_outputs = set(re.findall(r"steps\.mlgate\.outputs\.([\w-]+)", workflow.read_text()))
    assert used_outputs and used_outputs <= set(action["outputs"])


def test_pre_commit_example_is_a_valid_config_naming_real_hooks(tmp_path: Path) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(yaml_block("# .pre-commit-config.yaml"))
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(config)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    named = {hook["id"] for repo in yaml.safe_load(config.read_text())["repos"] for hook in repo["hooks"]}
    assert named <= hooks
