"""The source chain, lineage and the lock file, through `mlgate.resolve.resolve`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakehub import FakeHub
from mlgate.config import ProjectSettings, RunConfig
from mlgate.errors import ConfigError
from mlgate.model import (
    BaseModelLink,
    Category,
    Component,
    Kind,
    License,
    Location,
    Reference,
    Unresolved,
    UnresolvedReason,
)
from mlgate.resolve import resolve as resolution
from mlgate.resolve.base import Lookup
from mlgate.resolve.knowledge import KnowledgeBaseSource
from mlgate.resolve.lineage import flag_derivatives
from mlgate.resolve.lock import LockFile, build_entries, render, write_lock


def resolve(references: list[Reference], config: RunConfig, notes: list[str] | None = None) -> list[Component]:
    """The components of `resolution`; its notes are added to `notes` when given."""
    outcome = resolution(references, config)
    if notes is not None:
        notes.extend(outcome.notes)
    return outcome.components


def ref(target: str, kind: Kind = Kind.MODEL, revision: str | None = None, line: int = 1) -> Reference:
    return Reference(target, kind, Location("app.py", line), "AutoModel.from_pretrained", revision)


def config(root: Path, hub: FakeHub | None = None, *, offline: bool = False, **settings: object) -> RunConfig:
    return RunConfig(paths=(root,), root=root, offline=offline, timeout=300.0,
                     hub_endpoint=hub.url if hub else None, cache_dir=root / ".cache",
                     settings=ProjectSettings(**settings))  # type: ignore[arg-type]


def by_target(components: list[Component]) -> dict[str, Component]:
    return {c.target: c for c in components}


def test_offline_knowledge_base_answers_and_hub_notes_say_so(tmp_path: Path) -> None:
    notes: list[str] = []
    found = by_target(resolve([ref("Qwen/Qwen2.5-3B-Instruct"), ref("gpt-4o", Kind.API_MODEL)],
                              config(tmp_path, offline=True), notes))
    assert found["Qwen/Qwen2.5-3B-Instruct"].category is Category.RESEARCH_ONLY
    assert found["gpt-4o"].category is Category.PROPRIETARY_API
    assert all(isinstance(c.license, License) and c.license.source == "knowledge-base" for c in found.values())
    assert notes == ["offline: 1 Hub lookup(s) not made; later sources answered where they could"]


def test_model_absent_from_the_knowledge_base_resolves_from_the_hub(tmp_path: Path, hub: FakeHub) -> None:
    [component] = resolve([ref("acme-labs/qwen-helper-7b")], config(tmp_path, hub))
    assert isinstance(component.license, License)
    assert (component.license.source, component.category) == ("hub", Category.COMMUNITY_CONDITIONAL)
    assert component.resolved_revision and component.revision is None and not component.pinned


def test_hub_before_knowledge_base_and_order_is_configurable(tmp_path: Path, hub: FakeHub) -> None:
    target = "Qwen/Qwen2.5-7B-Instruct"
    from_hub = by_target(resolve([ref(target)], config(tmp_path, hub)))
    assert [c.license.source for c in from_hub.values() if isinstance(c.license, License)] == ["hub", "hub"]
    assert from_hub["Qwen/Qwen2.5-7B"].introduced_by == (target,)  # its base, from baseModels
    order = ("override", "lock", "local", "knowledge-base", "hub")
    from_kb = by_target(resolve([ref(target)], config(tmp_path, hub, sources=order)))
    assert from_kb[target].license.source == "knowledge-base"  # type: ignore[union-attr]


def test_no_declared_license_lets_a_later_source_answer(tmp_path: Path, hub: FakeHub) -> None:
    hub.add({"id": "Qwen/Qwen2.5-3B-Instruct", "sha": "f" * 40, "cardData": {"language": ["en"]}, "tags": []})
    [component] = resolve([ref("Qwen/Qwen2.5-3B-Instruct")], config(tmp_path, hub))
    assert isinstance(component.license, License)
    assert (component.license.source, component.category) == ("knowledge-base", Category.RESEARCH_ONLY)
    assert "hub declares no license" in component.license.evidence
    [unknown] = resolve([ref("acme-labs/no-license-model")], config(tmp_path, hub))
    assert isinstance(unknown.license, License) and unknown.license.expression == "NOASSERTION"


def test_unreachable_hub_falls_back_to_the_knowledge_base(tmp_path: Path) -> None:
    notes: list[str] = []
    components = resolve([ref("Qwen/Qwen2.5-3B-Instruct"), ref("acme-labs/unknown-model")],
                         config(tmp_path), notes)  # HF_ENDPOINT points at a closed port
    found = by_target(components)
    assert isinstance(found["Qwen/Qwen2.5-3B-Instruct"].license, License)
    missing = found["acme-labs/unknown-model"].license
    assert isinstance(missing, Unresolved) and missing.reason is UnresolvedReason.NETWORK
    assert any("did not answer" in n for n in notes)


def test_lineage_brings_in_bases_and_flags_the_more_permissive_derivative(tmp_path: Path, hub: FakeHub) -> None:
    found = by_target(resolve([ref("acme-labs/mit-on-research-base")], config(tmp_path, hub)))
    assert set(found) == {"acme-labs/mit-on-research-base", "Qwen/Qwen2.5-3B-Instruct", "Qwen/Qwen2.5-3B"}
    derivative, base = found["acme-labs/mit-on-research-base"], found["Qwen/Qwen2.5-3B-Instruct"]
    assert [b.target for b in derivative.base_models] == ["Qwen/Qwen2.5-3B-Instruct"]
    assert base.introduced_by == ("acme-labs/mit-on-research-base",) and base.references == ()
    assert found["Qwen/Qwen2.5-3B"].introduced_by == ("Qwen/Qwen2.5-3B-Instruct",)
    assert derivative.category is Category.PERMISSIVE and base.category is Category.RESEARCH_ONLY
    assert dict(derivative.properties)["derivative-of-stricter-base"].startswith("Qwen/Qwen2.5-3B-Instruct")
    assert derivative.introduced_by == ()


def test_lineage_of_adapters_merges_and_datasets(tmp_path: Path, hub: FakeHub) -> None:
    found = by_target(resolve([ref("acme-labs/llama-lora", Kind.ADAPTER), ref("acme-labs/merge-7b"),
                               ref("google-bert/bert-base-uncased")], config(tmp_path, hub)))
    assert found["acme-labs/llama-lora"].base_models[0].relation == "adapter"
    assert found["meta-llama/Llama-3.1-8B-Instruct"].introduced_by == ("acme-labs/llama-lora",)
    assert {b.relation for b in found["acme-labs/merge-7b"].base_models} == {"merge"}
    assert found["mistralai/Mistral-7B-Instruct-v0.3"].introduced_by == ("acme-labs/merge-7b",)
    wiki = found["wikimedia/wikipedia"]
    assert wiki.kind is Kind.DATASET and wiki.category is Category.COPYLEFT
    assert wiki.introduced_by == ("google-bert/bert-base-uncased",)
    # the adapter (permissive) sits on a community-conditional base: flagged for the policy
    assert "derivative-of-stricter-base" in dict(found["acme-labs/llama-lora"].properties)


def test_lineage_cycles_end_and_depth_is_limited(tmp_path: Path, hub: FakeHub) -> None:
    found = by_target(resolve([ref("acme-labs/cycle-a")], config(tmp_path, hub)))
    assert set(found) == {"acme-labs/cycle-a", "acme-labs/cycle-b"}
    assert hub.count("acme-labs/cycle-a") == 1
    notes: list[str] = []
    chain = by_target(resolve([ref("acme-labs/chain-0")], config(tmp_path, hub), notes))
    assert set(chain) == {f"acme-labs/chain-{i}" for i in range(6)}  # the code's target + 5 levels
    assert notes == ["lineage deeper than 5 levels was not followed: acme-labs/chain-6"]


def test_knowledge_base_distill_is_real_lineage_offline(tmp_path: Path) -> None:
    found = by_target(resolve([ref("deepseek-ai/DeepSeek-R1-Distill-Llama-8B")], config(tmp_path, offline=True)))
    distill, base = found["deepseek-ai/DeepSeek-R1-Distill-Llama-8B"], found["meta-llama/Llama-3.1-8B"]
    # The distill itself carries the Llama 3.1 terms it inherits (its README says so), beside its MIT.
    assert isinstance(distill.license, License) and distill.license.declared == "mit"
    assert distill.license.expression == "MIT AND LicenseRef-Llama-3.1-Community-License"
    assert distill.category is Category.COMMUNITY_CONDITIONAL
    assert "built-with-llama" in {o.id for o in distill.license.obligations}
    assert "derived from a llama3.1 base" in distill.license.evidence
    assert [b.target for b in distill.base_models] == ["meta-llama/Llama-3.1-8B"]
    assert base.category is Category.COMMUNITY_CONDITIONAL and base.introduced_by == (distill.target,)
    assert "derivative-of-stricter-base" not in dict(distill.properties)  # it no longer claims more than its base


def test_knowledge_base_knows_licenses_at_old_revisions() -> None:
    old = Lookup("microsoft/phi-2", Kind.MODEL, "e22cfa2e")
    other = Lookup("microsoft/phi-2", Kind.MODEL, "0123456789abcdef0123456789abcdef01234567")
    answers = KnowledgeBaseSource().lookup([old, other])
    assert answers[old].license.category is Category.RESEARCH_ONLY
    assert isinstance(answers[other].license, License) and "not checked at revision" in answers[other].license.evidence


def test_override_accepts_expressions_and_rejects_nonsense(tmp_path: Path) -> None:
    from mlgate.config import Override

    overrides = (Override("acme/a", "Apache-2.0 OR MIT", "dual"), Override("acme/b", "LicenseRef-acme-internal"))
    found = by_target(resolve([ref("acme/a"), ref("acme/b")], config(tmp_path, offline=True, overrides=overrides)))
    assert found["acme/a"].category is Category.PERMISSIVE
    assert isinstance(found["acme/a"].license, License) and "(dual)" in found["acme/a"].license.evidence
    assert found["acme/b"].category is Category.UNKNOWN
    bad = (Override("acme/c", "Apache 2"),)
    with pytest.raises(ConfigError, match=r"overrides\.acme/c"):
        resolve([ref("acme/c")], config(tmp_path, offline=True, overrides=bad))


# -- lock file --------------------------------------------------------------------------------

def lock_components(tmp_path: Path, hub: FakeHub, targets: list[str]) -> list[Component]:
    return resolve([ref(t) for t in targets], config(tmp_path, hub, sources=(
        "override", "local", "hub", "hf-cache", "knowledge-base")))


def test_lock_file_is_stable_sorted_json_and_keeps_dates(tmp_path: Path, hub: FakeHub) -> None:
    components = lock_components(tmp_path, hub, ["Qwen/Qwen3-8B", "acme-labs/qwen-helper-7b"])
    path = tmp_path / "mlgate.lock"
    write_lock(path, components, None)
    doc = json.loads(path.read_text())
    targets = [e["target"] for e in doc["entries"]]
    assert targets == sorted(targets, key=str.lower) and doc["format"] == 1
    entry = next(e for e in doc["entries"] if e["target"] == "acme-labs/qwen-helper-7b")
    assert entry["license"]["expression"] == "LicenseRef-Qwen-License" and len(entry["revision"]) == 40
    assert entry["license"]["source"] == "hub"
    # re-locking the same facts on a later day keeps the file byte for byte
    later = render(build_entries(components, LockFile.load(path), today="2099-01-01"))
    assert later == path.read_text()


def test_lock_source_answers_offline_with_lineage(tmp_path: Path, hub: FakeHub) -> None:
    components = lock_components(tmp_path, hub, ["acme-labs/mit-on-research-base"])
    write_lock(tmp_path / "mlgate.lock", components, None)
    found = by_target(resolve([ref("acme-labs/mit-on-research-base")], config(tmp_path, offline=True)))
    derivative = found["acme-labs/mit-on-research-base"]
    assert isinstance(derivative.license, License) and derivative.license.source == "lock"
    assert "mlgate.lock: locked" in derivative.license.evidence
    assert derivative.resolved_revision and derivative.locked_expression is None
    assert found["Qwen/Qwen2.5-3B-Instruct"].category is Category.RESEARCH_ONLY  # lineage kept in the lock


def test_license_changed_upstream_since_locked(tmp_path: Path, hub: FakeHub) -> None:
    components = lock_components(tmp_path, hub, ["Qwen/Qwen3-8B", "Qwen/Qwen2.5-7B"])
    write_lock(tmp_path / "mlgate.lock", components, None)
    # upstream relicenses Qwen3-8B (as DINOv2 and Mistral Small did, the other way round)
    hub.add({"id": "Qwen/Qwen3-8B", "sha": "9" * 40, "cardData": {"license": "other", "license_name": "qwen-research"}})
    fresh = config(tmp_path, hub, cache_expiry_hours=1e-9)  # the cached answers have expired
    found = by_target(resolve([ref("Qwen/Qwen3-8B"), ref("Qwen/Qwen2.5-7B")], fresh))
    changed, same = found["Qwen/Qwen3-8B"], found["Qwen/Qwen2.5-7B"]
    assert isinstance(changed.license, License) and changed.license.source == "hub"
    assert changed.category is Category.RESEARCH_ONLY and changed.locked_expression == "Apache-2.0"
    assert isinstance(same.license, License) and same.license.source == "lock" and same.locked_expression is None


def test_knowledge_base_cannot_contradict_a_lock_taken_from_the_hub(tmp_path: Path, hub: FakeHub) -> None:
    hub.add({"id": "Qwen/Qwen2.5-3B-Instruct", "sha": "3" * 40, "cardData": {"license": "apache-2.0"}})
    write_lock(tmp_path / "mlgate.lock", lock_components(tmp_path, hub, ["Qwen/Qwen2.5-3B-Instruct"]), None)
    # Online, but the Hub is unreachable: only the knowledge base (research-only) answers now.
    [component] = resolve([ref("Qwen/Qwen2.5-3B-Instruct")], config(tmp_path, cache_expiry_hours=1e-9))
    assert isinstance(component.license, License) and component.license.source == "lock"
    assert component.license.expression == "Apache-2.0" and component.locked_expression is None


def test_offline_run_keeps_the_locked_answer(tmp_path: Path, hub: FakeHub) -> None:
    write_lock(tmp_path / "mlgate.lock", lock_components(tmp_path, hub, ["Qwen/Qwen3-8B"]), None)
    requests = hub.count()
    component = by_target(resolve([ref("Qwen/Qwen3-8B")], config(tmp_path, hub, offline=True)))["Qwen/Qwen3-8B"]
    assert isinstance(component.license, License) and component.license.source == "lock"
    assert hub.count() == requests


def test_malformed_lock_is_a_config_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "mlgate.lock").write_text('{"format": 1, "entries": [{"target": "x"}]}')
    with pytest.raises(ConfigError, match=r"mlgate.lock: entries\[0\]: malformed entry"):
        resolve([ref("Qwen/Qwen3-8B")], config(tmp_path, offline=True))
    (tmp_path / "mlgate.lock").write_text("{not json")
    with pytest.raises(ConfigError, match="not valid JSON"):
        resolve([ref("Qwen/Qwen3-8B")], config(tmp_path, offline=True))


def test_flag_derivatives_ignores_unresolved_bases() -> None:
    unknown = Component("acme/base", Kind.MODEL, Unresolved(UnresolvedReason.NOT_FOUND))
    derivative = Component("acme/ft", Kind.MODEL, License("MIT", Category.PERMISSIVE, "hub", "e"),
                           base_models=(BaseModelLink("acme/base"),))
    assert flag_derivatives([derivative, unknown]) == [derivative, unknown]


@pytest.mark.parametrize(("name", "provider_url"), [
    ("gpt-4o", "https://openai.com/policies/services-agreement"),
    ("o3-mini", "https://openai.com/policies/services-agreement"),
    ("o1", "https://openai.com/policies/services-agreement"),
    ("openai/gpt-4.1", "https://openai.com/policies/services-agreement"),
    ("claude-3-7-sonnet-latest", "https://www.anthropic.com/legal/commercial-terms"),
    ("gemini-2.0-flash", "https://ai.google.dev/gemini-api/terms"),
    ("qwen-max", "https://www.alibabacloud.com/help/en/legal/latest/alibaba-cloud-international-website-product-terms-of-service"),
    ("qwen-vl-plus", "https://www.alibabacloud.com/help/en/legal/latest/alibaba-cloud-international-website-product-terms-of-service"),
    ("command-r-plus", None),
])
def test_hosted_api_models_are_proprietary_api_with_the_providers_terms(name: str, provider_url: str | None) -> None:
    item = Lookup(name, Kind.API_MODEL)
    license_ = KnowledgeBaseSource().lookup([item])[item].license
    assert isinstance(license_, License) and license_.category is Category.PROPRIETARY_API
    assert license_.url == provider_url and "no weights" in license_.evidence
