"""policy validate, scopes, waivers and baselines through the CLI (in-process; two tests run the installed command)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, invoke_mlgate, run_mlgate

SCOPED = FIXTURES / "repos" / "scoped"
RESEARCH_ONLY_USE = ('from transformers import AutoModelForCausalLM\n'
                     'm = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-3B-Instruct")\n')


@pytest.mark.e2e
def test_policy_validate_presets_and_files(tmp_path: Path) -> None:
    proc = run_mlgate("policy", "validate", "commercial", "internal", "research", "permissive-only",
                      SCOPED / "mlgate-policy.yaml")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 5 and all(": valid policy " in line for line in lines)
    assert "'product' (6 rules + 1 in scopes" not in proc.stdout  # counts are plain numbers
    assert lines[-1].endswith("(9 rules, 1 scope, 0 waivers)")


def test_policy_validate_remembers_a_file_that_passed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    proc = invoke_mlgate("policy", "validate", SCOPED / "mlgate-policy.yaml", env={"MLGATE_CACHE_DIR": str(cache)})
    assert proc.returncode == 0, proc.stderr
    assert [m for m in cache.rglob("*") if m.is_file() and "validated" in m.parts]  # a marker for the file


@pytest.mark.e2e
def test_policy_validate_bad_file_is_exit_2_with_file_line_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nextends: commercial\nrules:\n  - id: x\n    when: {kind: [modle]}\n"
                   "    severity: error\n")
    proc = invoke_mlgate("policy", "validate", bad)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (f"mlgate: error: {bad}:5: rules[0].when.kind[0]: got 'modle', expected one of "
                                   "model, adapter, dataset, api-model, local-path")


@pytest.mark.e2e
def test_scoped_fixture_passes_its_policy_and_fails_plain_commercial() -> None:
    scoped = run_mlgate("check", SCOPED)
    assert scoped.returncode == 0, scoped.stdout + scoped.stderr
    assert scoped.stdout.strip().splitlines() == [
        "mlgate: ok: 3 components checked against policy product: 0 errors, 0 warnings, 0 infos; 6 files read; "
        "licenses: 3 from the knowledge base (1 below high confidence)"]
    plain = run_mlgate("check", SCOPED, "--policy", "commercial")
    assert plain.returncode == 1
    assert "research/eval_small.py:5" in plain.stdout


@pytest.mark.e2e
def test_a_model_used_in_research_and_in_the_product_fails_only_for_the_product(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SCOPED, repo)
    (repo / "app" / "summarize.py").write_text(RESEARCH_ONLY_USE)
    proc = invoke_mlgate("check", repo, "--format", "json")
    assert proc.returncode == 1
    [failing] = [f for f in json.loads(proc.stdout)["findings"] if f["status"] == "failing"]
    assert failing["rule"] == "no-research-only"
    assert [loc["path"] for loc in failing["locations"]] == ["app/summarize.py"]


def _waiver_repo(tmp_path: Path, expires: str) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "eval.py").write_text(RESEARCH_ONLY_USE)
    (repo / "policy.yaml").write_text(
        "version: 1\nextends: commercial\nwaivers:\n"
        "  - target: Qwen/Qwen2.5-3B-Instruct\n    rule: no-research-only\n    reason: offline evaluation only\n"
        f"    approved_by: legal@example.com\n    expires: {expires}\n")
    return repo


@pytest.mark.e2e
def test_a_live_waiver_passes_and_shows_the_finding_as_waived(tmp_path: Path) -> None:
    repo = _waiver_repo(tmp_path, "2999-12-31")
    proc = invoke_mlgate("check", repo, "--policy", repo / "policy.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WAIVED  Qwen/Qwen2.5-3B-Instruct" in proc.stdout
    assert "waived: waiver: offline evaluation only (approved by legal@example.com, until 2999-12-31" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1].endswith(
        "0 errors, 0 warnings, 0 infos, 1 waived; 2 files read; licenses: 1 from the knowledge base")


@pytest.mark.e2e
def test_an_expired_waiver_fails_the_gate(tmp_path: Path) -> None:
    repo = _waiver_repo(tmp_path, "2020-01-31")
    proc = invoke_mlgate("check", repo, "--policy", repo / "policy.yaml")
    assert proc.returncode == 1
    assert "[waiver-expired] error:" in proc.stdout and "expired on 2020-01-31" in proc.stdout
    assert "[no-research-only] error:" in proc.stdout
    assert "2 errors" in proc.stdout


@pytest.mark.e2e
def test_baseline_adoption_fails_only_on_new_findings(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "old.py").write_text(RESEARCH_ONLY_USE)
    baseline = repo / ".mlgate-baseline.json"

    missing = invoke_mlgate("check", repo, "-p", "commercial", "--baseline", baseline)
    assert missing.returncode == 2 and "create it with --update-baseline" in missing.stderr

    written = invoke_mlgate("check", repo, "-p", "commercial", "--update-baseline")
    assert written.returncode == 0, written.stdout + written.stderr
    assert f"wrote {baseline}" in written.stderr
    assert json.loads(baseline.read_text())["findings"] == [
        {"rule": "no-research-only", "target": "Qwen/Qwen2.5-3B-Instruct", "path": "old.py"}]

    # Code moves within the file: still accepted.
    (repo / "old.py").write_text("\n\n\n" + RESEARCH_ONLY_USE)
    moved = invoke_mlgate("check", repo, "-p", "commercial", "--baseline", baseline)
    assert moved.returncode == 0, moved.stdout
    assert "BASELINE Qwen/Qwen2.5-3B-Instruct" in moved.stdout and "1 baselined" in moved.stdout

    # A new use in another file is new, and fails; SARIF marks old and new.
    (repo / "new.py").write_text(RESEARCH_ONLY_USE)
    fresh = invoke_mlgate("check", repo, "-p", "commercial", "--baseline", baseline, "--format", "sarif")
    assert fresh.returncode == 1
    states = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["baselineState"]
              for r in json.loads(fresh.stdout)["runs"][0]["results"]}
    assert states == {"old.py": "unchanged", "new.py": "new"}

    # Remove the old use: the entry is stale and said so, the new use still fails.
    (repo / "old.py").unlink()
    stale = invoke_mlgate("check", repo, "-p", "commercial", "--baseline", baseline)
    assert stale.returncode == 1 and "1 entries in" in stale.stderr and "no longer occur" in stale.stderr


@pytest.mark.e2e
def test_a_malformed_baseline_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(RESEARCH_ONLY_USE)
    baseline = tmp_path / "b.json"
    baseline.write_text('{"version": 7}')
    proc = invoke_mlgate("check", tmp_path, "-p", "commercial", "--baseline", baseline)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"mlgate: error: {baseline}: version: got 7, expected 1 (an mlgate baseline file)"


@pytest.mark.e2e
def test_the_research_notebook_is_judged_by_the_research_scope() -> None:
    scan = invoke_mlgate("scan", SCOPED, "--format", "json")
    assert scan.returncode == 0, scan.stderr
    if not any(r["path"] == "notebooks/compare.ipynb" for r in json.loads(scan.stdout)["references"]):
        pytest.skip("notebook detection (scan/notebook.py) is not in this build yet")
    plain = invoke_mlgate("check", SCOPED, "--policy", "commercial", "--format", "json")
    [finding] = [f for f in json.loads(plain.stdout)["findings"] if f["rule"] == "no-research-only"]
    assert {loc["path"] for loc in finding["locations"]} == {"research/eval_small.py", "notebooks/compare.ipynb"}
    assert invoke_mlgate("check", SCOPED).returncode == 0


@pytest.mark.e2e
def test_inline_ignore_waives_the_finding_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "eval.py").write_text(
        "from transformers import AutoModelForCausalLM\n"
        'm = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-3B-Instruct")'
        "  # mlgate: ignore[no-research-only] offline benchmark, LEG-204\n")
    proc = invoke_mlgate("check", tmp_path, "--policy", "commercial", "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [finding] = json.loads(proc.stdout)["findings"]
    assert finding["status"] == "waived"
    assert finding["waived_by"] == "inline: offline benchmark, LEG-204 (eval.py:2)"
    # Ignoring another rule changes nothing.
    (tmp_path / "eval.py").write_text(
        "from transformers import AutoModelForCausalLM\n"
        'm = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-3B-Instruct")  # mlgate: ignore[license-unknown] x\n')
    assert invoke_mlgate("check", tmp_path, "--policy", "commercial").returncode == 1
