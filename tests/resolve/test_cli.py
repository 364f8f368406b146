"""The CLI on resolution: Hub resolution, offline, stalls, `lock`, `explain`. End to end through the
installed command where the Hub is involved; offline `explain` and errors in-process;
a lock written twice in two processes (hash seeds differ) must not change."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DEMO, invoke_mlgate, run_mlgate
from fakehub import FakeHub

APP = 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("{target}")\n'


def repo(tmp_path: Path, *targets: str, settings: str = "") -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text("".join(APP.format(target=t) for t in targets))
    (root / ".mlgate.toml").write_text('policy = "commercial"\n' + settings)
    return root


def components(proc_stdout: str) -> dict[str, dict[str, object]]:
    return {c["target"]: c for c in json.loads(proc_stdout)["components"]}


def test_check_resolves_a_model_unknown_to_the_knowledge_base_from_the_hub(tmp_path: Path, hub: FakeHub) -> None:
    root = repo(tmp_path, "acme-labs/qwen-helper-7b")
    proc = run_mlgate("check", root, "--format", "json", env={"HF_ENDPOINT": hub.url})
    assert proc.returncode == 0, proc.stderr  # community-conditional: a warning under commercial
    found = components(proc.stdout)["acme-labs/qwen-helper-7b"]["license"]
    assert found["source"] == "hub" and found["category"] == "community-conditional"  # type: ignore[index]
    assert found["expression"] == "LicenseRef-Qwen-License"  # type: ignore[index]
    assert hub.count("acme-labs/qwen-helper-7b") == 1


def test_offline_flag_and_hf_hub_offline_make_no_request(tmp_path: Path, hub: FakeHub) -> None:
    root = repo(tmp_path, "acme-labs/qwen-helper-7b", "Qwen/Qwen2.5-3B-Instruct")
    flag = run_mlgate("check", root, "--offline", "--format", "json", env={"HF_ENDPOINT": hub.url})
    env = run_mlgate("check", root, "--format", "json", env={"HF_ENDPOINT": hub.url, "HF_HUB_OFFLINE": "1"})
    assert hub.count() == 0
    for proc in (flag, env):
        found = components(proc.stdout)
        assert found["acme-labs/qwen-helper-7b"]["license"]["reason"] == "offline"  # type: ignore[index]
        assert found["Qwen/Qwen2.5-3B-Instruct"]["license"]["source"] == "knowledge-base"  # type: ignore[index]
    strict = run_mlgate("check", root, "--offline", "--strict", env={"HF_ENDPOINT": hub.url})
    assert strict.returncode == 3 and "could not be verified" in strict.stderr


def test_a_stalled_hub_never_hangs_a_run(tmp_path: Path, hub: FakeHub) -> None:
    hub.stalled = True  # requests are held until the test ends: the run must give up on its own
    targets = [f"acme-labs/stalled-{i}" for i in range(12)]
    root = repo(tmp_path, *targets, settings="timeout = 1\nhub-budget = 4\n")
    proc = run_mlgate("check", root, "--format", "json", env={"HF_ENDPOINT": hub.url}, timeout=300)
    found = components(proc.stdout)
    assert {c["license"]["reason"] for c in found.values()} == {"network-failure"}  # type: ignore[index]
    assert proc.returncode == 1  # unknown licenses fail the commercial policy; nothing hung


def test_lock_then_check_reports_a_license_changed_upstream(tmp_path: Path, hub: FakeHub) -> None:
    root = repo(tmp_path, "Qwen/Qwen2.5-7B", settings="cache-expiry-hours = 0.0000001\n")
    env = {"HF_ENDPOINT": hub.url}
    locked = run_mlgate("lock", root, env=env)
    assert locked.returncode == 0, locked.stderr
    assert "wrote" in locked.stderr and "mlgate.lock" in locked.stderr
    lock = json.loads((root / "mlgate.lock").read_text())
    entry = next(e for e in lock["entries"] if e["target"] == "Qwen/Qwen2.5-7B")
    assert entry["license"]["expression"] == "Apache-2.0" and entry["revision"]
    assert run_mlgate("check", root, env=env).returncode == 0
    hub.add({"id": "Qwen/Qwen2.5-7B", "sha": "7" * 40, "cardData": {"license": "cc-by-nc-4.0"}})
    proc = run_mlgate("check", root, "--format", "json", env=env)
    assert proc.returncode == 1
    rules = {(f["rule"], f["target"]) for f in json.loads(proc.stdout)["findings"]}
    assert ("license-changed", "Qwen/Qwen2.5-7B") in rules and ("no-research-only", "Qwen/Qwen2.5-7B") in rules
    text = run_mlgate("check", root, env=env).stdout
    assert "license changed since locked: was Apache-2.0, now CC-BY-NC-4.0" in text


def test_lock_on_the_demo_offline_is_deterministic(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    assert run_mlgate("lock", root, "--offline").returncode == 0
    first = (root / "mlgate.lock").read_text()
    assert run_mlgate("lock", root, "--offline").returncode == 0
    assert (root / "mlgate.lock").read_text() == first
    doc = json.loads(first)
    sources = {e["target"]: e["license"]["source"] for e in doc["entries"]}
    assert sources["acme-support/support-conversations"] == "override"
    assert sources["Qwen/Qwen2.5-3B-Instruct"] == "knowledge-base"


def test_malformed_lock_is_exit_2_with_one_line(tmp_path: Path) -> None:
    root = repo(tmp_path, "Qwen/Qwen3-8B")
    (root / "mlgate.lock").write_text("{broken")
    proc = invoke_mlgate("check", root, "--offline")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("mlgate: error: ") and "mlgate.lock: not valid JSON" in proc.stderr


def test_explain_a_license_prints_its_obligations_and_link(tmp_path: Path) -> None:
    proc = invoke_mlgate("explain", "llama3.1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Llama 3.1 Community License Agreement (LicenseRef-Llama-3.1-Community-License)" in out
    assert "community-conditional" in out and "Built with Llama" in out
    assert "https://huggingface.co/meta-llama/Meta-Llama-3.1-70B-Instruct/blob/main/LICENSE" in out
    assert "700M monthly active users" in out


def test_explain_a_model_offline_shows_source_evidence_and_lineage(tmp_path: Path) -> None:
    proc = invoke_mlgate("explain", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "--offline", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "source      knowledge-base" in proc.stdout
    assert "base (finetune) meta-llama/Llama-3.1-8B: community-conditional" in proc.stdout
    doc = json.loads(invoke_mlgate("explain", "qwen-vl-max-0809", "--format", "json", cwd=tmp_path).stdout)
    assert doc["component"]["license"]["category"] == "proprietary-api"
    assert "Qwen2-VL-72B" in doc["component"]["license"]["evidence"]


def test_explain_shows_source_and_confidence_of_inferred_facts(tmp_path: Path) -> None:
    proc = invoke_mlgate("explain", "ollama:llama3.2-vision:11b", "--offline", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Ollama library model llama3.2-vision:11b" in proc.stdout and "confidence high" in proc.stdout
    assert "base (quantized) meta-llama/Llama-3.2-11B-Vision-Instruct" in proc.stdout
    assert "EU-domiciled" in proc.stdout
    doc = json.loads(invoke_mlgate("explain", "unsloth/Qwen2.5-3B-Instruct-bnb-4bit", "--offline", "--format", "json",
                                cwd=tmp_path).stdout)
    license_ = doc["component"]["license"]
    assert license_["category"] == "research-only" and "re-upload of Qwen/Qwen2.5-3B-Instruct" in license_["evidence"]
    assert "confidence" in license_["evidence"]


def test_explain_shows_a_data_set_fact_with_its_card_and_confidence(tmp_path: Path) -> None:
    # `datasets/` takes namespaced and legacy bare ids alike (samsum is Samsung/samsum on the Hub)
    for subject in ("datasets/samsum", "datasets/Samsung/samsum"):
        proc = invoke_mlgate("explain", subject, "--offline", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "(dataset)" in proc.stdout and "non-commercial" in proc.stdout
        assert "confidence high" in proc.stdout and "906f526" in proc.stdout


def test_explain_a_model_from_the_hub(tmp_path: Path, hub: FakeHub) -> None:
    proc = run_mlgate("explain", "acme-labs/qwen-research-helper", cwd=tmp_path, env={"HF_ENDPOINT": hub.url})
    assert proc.returncode == 0, proc.stderr
    assert "source      hub" in proc.stdout and "research-only" in proc.stdout
    assert "base (finetune) Qwen/Qwen2.5-3B-Instruct: research-only" in proc.stdout
    assert "terms of LicenseRef-Qwen-Research-License" in proc.stdout


def test_explain_rejects_what_it_cannot_name(tmp_path: Path) -> None:
    proc = invoke_mlgate("explain", "not a thing", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("mlgate: error:")
