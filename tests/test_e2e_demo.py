"""End to end through the installed `mlgate` command, as a user runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import DEMO, run_mlgate


def test_demo_check_fails_on_research_only_model_with_evidence() -> None:
    proc = run_mlgate("check", DEMO, "--policy", "commercial")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    # The failing model, its license, category, why, and where it is used.
    block = out.split("ERROR   Qwen/Qwen2.5-3B-Instruct", 1)[1].split("\n\n", 1)[0]
    assert "LicenseRef-Qwen-Research-License" in block
    assert "research-only" in block
    assert "[no-research-only]" in block
    assert "support_bot/summarize.py:13" in block
    # The permissive sibling passes; the Llama model is a warning, not an error.
    assert "Qwen/Qwen2.5-7B-Instruct" not in out
    assert "WARNING meta-llama/Llama-3.1-8B-Instruct" in out
    assert "configs/finetune.yaml:2" in out
    assert out.strip().splitlines()[-1].startswith("mlgate: FAIL:")
    assert "1 error, 1 warning" in out


def test_demo_policy_from_project_settings(tmp_path: Path) -> None:
    # .mlgate.toml in the demo sets policy = "commercial", so --policy may be left out.
    proc = run_mlgate("check", DEMO)
    assert proc.returncode == 1, proc.stderr
    assert "Qwen/Qwen2.5-3B-Instruct" in proc.stdout


def test_permissive_repo_passes(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from transformers import AutoModel\n"
        'model = AutoModel.from_pretrained("Qwen/Qwen2.5-7B-Instruct")\n'
        'enc = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")\n'
    )
    proc = run_mlgate("check", tmp_path, "--policy", "commercial")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "mlgate: ok: 2 components" in proc.stdout


def test_fail_on_warning_turns_conditional_license_into_failure(tmp_path: Path) -> None:
    (tmp_path / "train.yaml").write_text("model_name_or_path: meta-llama/Llama-3.1-8B-Instruct\n")
    assert run_mlgate("check", tmp_path, "--policy", "commercial").returncode == 0
    proc = run_mlgate("check", tmp_path, "--policy", "commercial", "--fail-on", "warning")
    assert proc.returncode == 1
    assert "train.yaml:1" in proc.stdout


def test_check_json_output_is_machine_readable() -> None:
    proc = run_mlgate("check", DEMO, "--policy", "commercial", "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["schema_version"] == 1
    failing = [f for f in doc["findings"] if f["severity"] == "error"]
    assert [f["target"] for f in failing] == ["Qwen/Qwen2.5-3B-Instruct"]
    # Where the model is used, and where its name is written (the line a developer edits).
    assert failing[0]["locations"] == [{"path": "support_bot/settings.py", "line": 4, "column": 17},
                                       {"path": "support_bot/summarize.py", "line": 5, "column": 17},
                                       {"path": "support_bot/summarize.py", "line": 13, "column": 57}]
    categories = {c["target"]: c["license"]["category"] for c in doc["components"]}
    assert categories["Qwen/Qwen2.5-7B-Instruct"] == "permissive"
    assert categories["acme-support/support-conversations"] == "permissive"
    sources = {c["target"]: c["license"]["source"] for c in doc["components"]}
    assert sources["acme-support/support-conversations"] == "override"
    assert sources["Qwen/Qwen2.5-3B-Instruct"] == "knowledge-base"


def test_bom_is_valid_cyclonedx_and_carries_evidence(tmp_path: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    out = tmp_path / "mlbom.json"
    proc = run_mlgate("bom", DEMO, "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    assert bom["specVersion"] == "1.6"
    by_purl = {c.get("purl"): c for c in bom["components"]}
    qwen3b = by_purl["pkg:huggingface/Qwen/Qwen2.5-3B-Instruct"]
    assert qwen3b["type"] == "machine-learning-model"
    assert qwen3b["licenses"][0]["expression"] == "LicenseRef-Qwen-Research-License"
    props = {(p["name"], p["value"]) for p in qwen3b["properties"]}
    assert ("mlgate:category", "research-only") in props
    occurrences = [(o["location"], o["line"]) for o in qwen3b["evidence"]["occurrences"]]
    assert ("support_bot/summarize.py", 13) in occurrences  # the use
    assert ("support_bot/summarize.py", 5) in occurrences  # where the name is written
    dataset = by_purl["pkg:huggingface/datasets/acme-support/support-conversations"]
    assert dataset["type"] == "data"


def test_reproducible_bom_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run_mlgate("bom", DEMO, "-o", first, "--reproducible").returncode == 0
    assert run_mlgate("bom", DEMO, "-o", second, "--reproducible").returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_scan_json_interface(tmp_path: Path) -> None:
    proc = run_mlgate("scan", DEMO, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    refs = json.loads(proc.stdout)["references"]
    for ref in refs:
        assert set(ref) >= {"target", "kind", "path", "line", "column", "via", "role"}
    found = {(r["target"], r["path"], r["line"]) for r in refs}
    assert ("Qwen/Qwen2.5-3B-Instruct", "support_bot/summarize.py", 13) in found
    assert ("meta-llama/Llama-3.1-8B-Instruct", "configs/finetune.yaml", 2) in found
    assert ("acme-support/support-conversations", "scripts/prepare_data.py", 12) in found


def test_usage_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    cases = [
        ("check", tmp_path / "missing", "--policy", "commercial"),
        ("check", DEMO, "--policy", "no-such-preset"),
        ("check", DEMO, "--policy", tmp_path / "absent.yaml"),
        ("check", DEMO, "--format", "pdf"),
    ]
    for args in cases:
        proc = run_mlgate(*args)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("mlgate: error:"), proc.stderr


def test_bad_policy_names_file_line_and_field(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\nrules:\n  - id: no-nc\n    when: {category: [non-comercial]}\n    severity: error\n"
    )
    proc = run_mlgate("check", DEMO, "--policy", policy)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert str(policy) + ":4:" in line
    assert "rules[0].when.category[0]" in line
    assert "non-comercial" in line and "non-commercial" in line


def test_output_file_is_written_not_printed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo)
    report = tmp_path / "report.txt"
    proc = run_mlgate("check", repo, "--policy", "commercial", "-o", report)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Qwen/Qwen2.5-3B-Instruct" in report.read_text()
