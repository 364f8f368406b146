"""A BOM of a repo resolved against the (fake) Hub: lineage from the resolver lands in the BOM and reads back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bom.samples import assert_valid_cyclonedx, by_key
from conftest import run_mlgate
from fakehub import FakeHub
from mlgate.bomread.cyclonedx import read_bom

APP = """from transformers import AutoModel
from peft import PeftModel
merged = AutoModel.from_pretrained("acme-labs/merge-7b")
lora = PeftModel.from_pretrained(merged, "acme-labs/llama-lora")
"""


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub() as server:
        yield server


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_hub_lineage_is_in_the_bom_and_round_trips(tmp_path: Path, hub: FakeHub, fmt: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(APP)
    out = tmp_path / f"mlbom.{fmt}"
    proc = run_mlgate("bom", repo, "--format", fmt, "--reproducible", "-o", out, env={"HF_ENDPOINT": hub.url})
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    assert_valid_cyclonedx(text, fmt)
    bom = read_bom(out)
    found = {c.target: c for c in bom.components}
    merge = found["acme-labs/merge-7b"]
    assert {(b.target, b.relation) for b in merge.base_models} == {
        ("Qwen/Qwen2.5-7B-Instruct", "merge"), ("mistralai/Mistral-7B-Instruct-v0.3", "merge")}
    assert merge.resolved_revision == "57ffc4a5e03da22c7991193dfd20cd6f5eb550ba"
    lineage = [c for c in bom.components if c.introduced_by]
    assert "Qwen/Qwen2.5-7B-Instruct" in {c.target for c in lineage}
    # What the resolver produced and what the BOM reads back are the same components.
    check = run_mlgate("check", repo, "--format", "json", "--policy", "commercial", env={"HF_ENDPOINT": hub.url})
    reported = {c["target"] for c in json.loads(check.stdout)["components"]}
    assert reported == set(found)
    if fmt == "json":
        doc = json.loads(text)
        edges = {d["ref"]: set(d.get("dependsOn", [])) for d in doc["dependencies"]}
        merge_ref = next(c["bom-ref"] for c in doc["components"] if c["name"] == "merge-7b")
        assert any(ref.startswith("model:Qwen/Qwen2.5-7B-Instruct") for ref in edges[merge_ref])
        assert merge_ref in edges["application:repo"]
        assert not any(ref.startswith("model:Qwen/Qwen2.5-7B-Instruct") for ref in edges["application:repo"])



def test_resolved_lineage_round_trips_without_loss(tmp_path: Path, hub: FakeHub,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from mlgate.bom.cyclonedx import render_json
    from mlgate.cli.common import build_config
    from mlgate.pipeline import run

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(APP)
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    resolved = run(build_config((repo,), evaluate=False)).components
    assert any(c.introduced_by for c in resolved) and any(c.base_models for c in resolved)
    out = tmp_path / "mlbom.json"
    out.write_text(render_json(resolved, "repo", reproducible=True))
    assert by_key(read_bom(out).components) == by_key(resolved)
