"""One component per repository, however the code spells it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_mlgate
from mlgate.config import ProjectSettings, RunConfig
from mlgate.model import Component, Kind, Location, Reference
from mlgate.resolve import resolve as resolution


def resolve(references: list[Reference], config: RunConfig) -> list[Component]:
    return resolution(references, config).components


def _ref(target: str, line: int) -> Reference:
    return Reference(target, Kind.MODEL, Location("app.py", line), "AutoModel.from_pretrained")


def _offline(root: Path) -> RunConfig:
    return RunConfig(paths=(root,), root=root, offline=True, settings=ProjectSettings())


def test_legacy_id_and_canonical_id_are_one_component(tmp_path: Path) -> None:
    components = resolve([_ref("gpt2", 2), _ref("openai-community/gpt2", 3)], _offline(tmp_path))
    assert [c.target for c in components] == ["openai-community/gpt2"]
    only = components[0]
    assert [r.location.line for r in only.references] == [2, 3]
    assert ("alias", "gpt2") in only.properties


def test_case_variants_are_one_component_under_the_canonical_spelling(tmp_path: Path) -> None:
    refs = [_ref("qwen/qwen2.5-3b-instruct", 4), _ref("Qwen/Qwen2.5-3B-Instruct", 9)]
    components = resolve(refs, _offline(tmp_path))
    assert [c.target for c in components] == ["Qwen/Qwen2.5-3B-Instruct"]
    assert components[0].category.value == "research-only"
    assert [r.location.line for r in components[0].references] == [4, 9]


def test_different_revisions_stay_apart(tmp_path: Path) -> None:
    refs = [
        Reference("gpt2", Kind.MODEL, Location("a.py", 1), "x", revision="main"),
        Reference("openai-community/gpt2", Kind.MODEL, Location("a.py", 2), "x"),
    ]
    assert len(resolve(refs, _offline(tmp_path))) == 2


def test_check_reports_one_finding_with_every_spelling_place(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from transformers import AutoModel\n"
        'a = AutoModel.from_pretrained("qwen/qwen2.5-3b-instruct")\n'
        'b = AutoModel.from_pretrained("Qwen/Qwen2.5-3B-Instruct")\n'
    )
    proc = run_mlgate("check", tmp_path, "--policy", "commercial", "--offline", "--format", "json")
    assert proc.returncode == 1
    findings = json.loads(proc.stdout)["findings"]
    assert [(f["target"], [loc["line"] for loc in f["locations"]]) for f in findings] == [
        ("Qwen/Qwen2.5-3B-Instruct", [2, 3])
    ]


def test_a_repository_loaded_as_model_and_as_adapter_is_one_adapter(tmp_path: Path) -> None:
    # One repository, one purl: two components would share it under two bom-refs.
    refs = [
        Reference("acme/lora", Kind.MODEL, Location("a.py", 1), "AutoModel.from_pretrained"),
        Reference("acme/lora", Kind.ADAPTER, Location("a.py", 2), "PeftModel.from_pretrained"),
    ]
    components = resolve(refs, _offline(tmp_path))
    assert [(c.target, c.kind) for c in components] == [("acme/lora", Kind.ADAPTER)]
    assert [r.location.line for r in components[0].references] == [1, 2]
