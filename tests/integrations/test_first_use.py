"""First use of each integration, through the installed command: no policy yet, options typed
after the command, colour, where data and notes go, and the examples in README.md."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import yaml

from conftest import DEMO, REPO, mlgate_exe, run_mlgate
from mlgate.cli.app import group_options_first

README = (REPO / "README.md").read_text(encoding="utf-8")
SLUG = "mlgate-dev/mlgate"
RED = "\x1b[31"


def _demo_copy(tmp_path: Path) -> Path:
    """The demo without settings of its own, so that no policy is configured."""
    repo = tmp_path / "demo"
    subprocess.run(["cp", "-r", str(DEMO), str(repo)], check=True)
    for name in (".mlgate.toml", "pyproject.toml"):
        (repo / name).unlink(missing_ok=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def test_check_without_a_policy_uses_commercial_and_says_so_in_one_line(tmp_path: Path) -> None:
    repo = _demo_copy(tmp_path)
    proc = run_mlgate("check", repo, "--offline")
    notes = [line for line in proc.stderr.splitlines() if "no policy configured" in line]
    assert notes == ["mlgate: note: no policy configured: using the commercial preset "
                     "(set policy in [tool.mlgate] or .mlgate.toml to choose another)"], proc.stderr
    assert proc.returncode == 1 and "no-research-only" in proc.stdout  # the demo's research-only model
    (repo / ".mlgate.toml").write_text('policy = "research"\n')
    chosen = run_mlgate("check", repo, "--offline")
    assert "no policy configured" not in chosen.stderr and chosen.returncode == 0, chosen.stderr


def test_global_options_after_the_command(tmp_path: Path) -> None:
    args = ("check", DEMO, "--policy", "commercial", "--offline")
    quiet = run_mlgate(*args, "-q")
    assert quiet.returncode == 1 and quiet.stderr == ""
    verbose = run_mlgate(*args, "-v")
    assert "mlgate: INFO: resolved" in verbose.stderr
    both = run_mlgate(*args, "-q", "-v")
    assert both.returncode == 2 and "--quiet and --verbose" in both.stderr
    debug = run_mlgate(*args, "--debug", "-o", tmp_path / "report.txt")
    assert debug.returncode == 1 and (tmp_path / "report.txt").exists()
    after_dashes = run_mlgate("scan", DEMO, "--", "-q")  # after `--`, `-q` is a path, not an option
    assert after_dashes.returncode == 2 and "-q: no such file or directory" in after_dashes.stderr


def test_group_options_are_moved_before_the_command_and_nothing_else() -> None:
    assert group_options_first(["check", ".", "-q", "--color", "never", "--", "-v"]) == \
        ["-q", "--color", "never", "check", ".", "--", "-v"]
    # `--color`'s value is not the command, and options of the command stay where they are.
    assert group_options_first(["--color", "always", "check", ".", "-vv", "--policy", "commercial"]) == \
        ["--color", "always", "-vv", "check", ".", "--policy", "commercial"]
    assert group_options_first(["--color=never", "scan", "--format", "json"]) == \
        ["--color=never", "scan", "--format", "json"]


def _colour_run(*options: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.run([mlgate_exe(), "check", str(DEMO), "--policy", "commercial", "--offline", *options],
                          env={**clean, **env}, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def test_color_option_force_color_and_no_color() -> None:
    assert RED not in _colour_run()  # not a terminal
    assert RED in _colour_run("--color", "always")
    assert RED in _colour_run("--color=always", NO_COLOR="1")  # the option wins over the environment
    assert RED in _colour_run(FORCE_COLOR="1")
    assert RED not in _colour_run(FORCE_COLOR="1", NO_COLOR="1")
    assert RED not in _colour_run("--color", "never", FORCE_COLOR="1")
    bad = run_mlgate("--color", "sometimes", "scan", DEMO)
    assert bad.returncode == 2 and "sometimes" in bad.stderr


def test_scan_writes_data_to_stdout_and_its_summary_to_stderr() -> None:
    proc = run_mlgate("scan", DEMO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout and all(not line.startswith("mlgate:") for line in proc.stdout.splitlines())
    assert re.search(r"^mlgate: \d+ references to \d+ targets in \d+ files", proc.stderr, re.MULTILINE)
    assert run_mlgate("-q", "scan", DEMO).stderr == ""


def _workflow() -> dict[str, object]:
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
                 if b.startswith("# .github/workflows/mlgate.yml"))
    loaded: dict[str, object] = yaml.safe_load(block)
    return loaded


def test_readme_workflow_uploads_sarif_with_v4_and_the_permissions_it_needs() -> None:
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    steps = workflow["jobs"]["mlgate"]["steps"]  # type: ignore[index]
    uses = [step["uses"] for step in steps if "upload-sarif" in step.get("uses", "")]
    assert uses == ["github/codeql-action/upload-sarif@v4"]


def test_one_project_slug_everywhere() -> None:
    docs = README + (REPO / "docs" / "integrations.md").read_text(encoding="utf-8")
    action_uses = set(re.findall(r"uses: ([\w.-]+/mlgate)@", docs))
    hook_repos = set(re.findall(r"repo: https://github.com/([\w.-]+/mlgate)\b", docs))
    assert action_uses == hook_repos == {SLUG}
    sarif = run_mlgate("check", DEMO, "--policy", "commercial", "--offline", "--format", "sarif")
    assert json.loads(sarif.stdout)["runs"][0]["tool"]["driver"]["informationUri"] == f"https://github.com/{SLUG}"
