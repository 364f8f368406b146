"""Run a composite action's steps locally, the way the GitHub runner does.

Each `run:` step is written to a file and run with its `shell` (bash as GitHub runs it:
`bash --noprofile --norc -eo pipefail FILE`), with its `env:` after substituting
`${{ inputs.* }}` (the only expressions we allow there), and with GITHUB_OUTPUT, GITHUB_PATH,
GITHUB_ENV, GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH, GITHUB_WORKSPACE and RUNNER_TEMP set.
Lines a step appends to GITHUB_PATH are prepended to PATH for the following steps, as on GitHub.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_INPUT_EXPR = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")
_ANY_EXPR = re.compile(r"\$\{\{")
_SHELLS = {"bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail"], "sh": ["sh", "-e"], "python": ["python"]}


@dataclass
class StepRun:
    name: str
    returncode: int
    stdout: str
    stderr: str


@dataclass
class ActionRun:
    steps: list[StepRun] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # the action's outputs, resolved
    step_outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    summary: str = ""

    @property
    def returncode(self) -> int:
        return self.steps[-1].returncode if self.steps else 0

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)


def load_action(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def parse_command_file(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT / GITHUB_ENV syntax: `name=value` lines and `name<<DELIM` heredocs."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            values[name] = "\n".join(lines[i + 1:end])
            i = end + 1
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        i += 1
    return values


def substitute_inputs(value: str, inputs: dict[str, str]) -> str:
    leftover = _INPUT_EXPR.sub("", value)
    assert not _ANY_EXPR.search(leftover), f"unsupported expression in env: {value!r}"
    return _INPUT_EXPR.sub(lambda m: inputs[m.group(1)], value)


def run_action(action_dir: Path, with_: dict[str, str], workspace: Path, runner_temp: Path,
               base_env: dict[str, str]) -> ActionRun:
    action = load_action(action_dir / "action.yml")
    declared = action.get("inputs", {})
    unknown = set(with_) - set(declared)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    inputs = {name: str(with_.get(name, spec.get("default", ""))) for name, spec in declared.items()}

    files = {name: runner_temp / f"{name.lower()}.txt" for name in
             ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV", "GITHUB_STEP_SUMMARY")}
    for path in files.values():
        path.write_text("")
    env = {**base_env, **{k: str(v) for k, v in files.items()}, "GITHUB_ACTION_PATH": str(action_dir),
           "GITHUB_WORKSPACE": str(workspace), "RUNNER_TEMP": str(runner_temp), "GITHUB_ACTIONS": "true",
           "CI": "true"}
    result = ActionRun()
    for index, step in enumerate(action["runs"]["steps"]):
        assert step.get("shell") in _SHELLS, f"step {index} needs a supported shell"
        assert not _ANY_EXPR.search(step["run"]), "expressions must not be spliced into scripts"
        files["GITHUB_OUTPUT"].write_text("")
        script = runner_temp / f"step{index}.sh"
        script.write_text(step["run"])
        step_env = {**env, **{k: substitute_inputs(str(v), inputs) for k, v in (step.get("env") or {}).items()}}
        extra_path = [p for p in files["GITHUB_PATH"].read_text().splitlines() if p]
        step_env["PATH"] = os.pathsep.join([*reversed(extra_path), env["PATH"]])
        step_env.update(parse_command_file(files["GITHUB_ENV"].read_text()))
        proc = subprocess.run([*_SHELLS[step["shell"]], str(script)], cwd=workspace, env=step_env,
                              capture_output=True, text=True, timeout=300, check=False)
        result.steps.append(StepRun(step.get("name", f"step {index}"), proc.returncode, proc.stdout, proc.stderr))
        if "id" in step:
            result.step_outputs[step["id"]] = parse_command_file(files["GITHUB_OUTPUT"].read_text())
        if proc.returncode != 0:
            break
    for name, spec in action.get("outputs", {}).items():
        match = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}", spec["value"])
        assert match, f"output {name}: unsupported value {spec['value']!r}"
        result.outputs[name] = result.step_outputs.get(match.group(1), {}).get(match.group(2), "")
    result.summary = files["GITHUB_STEP_SUMMARY"].read_text()
    return result
