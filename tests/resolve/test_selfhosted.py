"""API model names sent to a self-hosted server: the weights' license, never a provider's API terms."""

from __future__ import annotations

from pathlib import Path

from mlgate.config import Override, ProjectSettings, RunConfig
from mlgate.model import Category, Component, Kind, License, Location, Reference, Unresolved, UnresolvedReason
from mlgate.policy.engine import evaluate
from mlgate.policy.loader import load_policy
from mlgate.resolve import resolve
from mlgate.resolve.selfhosted import served_checkpoint

LOCAL = "http://127.0.0.1:8000/v1/"


def api(target: str, endpoint: str | None = LOCAL, path: str = "client.py", line: int = 1) -> Reference:
    return Reference(target, Kind.API_MODEL, Location(path, line), "completions.create", endpoint=endpoint)


def components(tmp_path: Path, *refs: Reference) -> list[Component]:
    config = RunConfig(paths=(tmp_path,), root=tmp_path, offline=True, timeout=60.0, cache_dir=tmp_path / ".cache",
                       settings=ProjectSettings())
    return resolve(list(refs), config).components


def test_a_name_that_names_no_checkpoint_is_unresolved_with_the_endpoint(tmp_path: Path) -> None:
    [found] = components(tmp_path, api("chatglm3-6b"), api("chatglm3-6b", line=9))
    assert found.kind is Kind.API_MODEL and found.endpoint == LOCAL and len(found.references) == 2
    assert isinstance(found.license, Unresolved)
    assert found.license.reason is UnresolvedReason.SELF_HOSTED
    assert found.license.detail == ("chatglm3-6b is served by a self-hosted endpoint (http://127.0.0.1:8000/v1/): "
                                    "the weights' license is not known from the name")
    assert found.category is Category.UNKNOWN


def test_a_hosted_providers_name_at_a_local_server_is_unresolved_and_says_why(tmp_path: Path) -> None:
    [found] = components(tmp_path, api("gpt-3.5-turbo", "http://localhost:4000"))
    assert isinstance(found.license, Unresolved) and found.license.reason is UnresolvedReason.SELF_HOSTED
    assert "proxy to that provider" in found.license.detail


def test_a_name_the_knowledge_base_maps_to_a_checkpoint_gets_that_checkpoints_license(tmp_path: Path) -> None:
    found = {c.target: c for c in components(tmp_path, api("gpt2"), api("qwen2.5:7b", "http://localhost:11434/v1"),
                                             api("Qwen/Qwen2.5-3B-Instruct"))}
    gpt2 = found["gpt2"].license
    assert isinstance(gpt2, License) and gpt2.expression == "MIT" and gpt2.category is Category.PERMISSIVE
    assert gpt2.evidence.startswith("gpt2 is served by a self-hosted endpoint (http://127.0.0.1:8000/v1/), not a "
                                    "provider's API: the license of the weights (openai-community/gpt2) applies; ")
    ollama = found["qwen2.5:7b"].license
    assert isinstance(ollama, License) and ollama.category is not Category.PROPRIETARY_API
    assert "(ollama:qwen2.5:7b)" in ollama.evidence
    research = found["Qwen/Qwen2.5-3B-Instruct"]
    assert research.kind is Kind.API_MODEL and research.category is Category.RESEARCH_ONLY
    assert all(c.endpoint == (LOCAL if c.target != "qwen2.5:7b" else "http://localhost:11434/v1")
               for c in found.values() if c.references)
    # Lineage brings in the bases as models, not as anything served
    assert all(c.endpoint is None and c.kind is Kind.MODEL for c in found.values() if not c.references)


def test_served_checkpoints() -> None:
    assert served_checkpoint("qwen-vl-max-0809") == "Qwen/Qwen2-VL-72B-Instruct"  # an API alias of open weights
    assert served_checkpoint("meta-llama/Llama-3.1-8B-Instruct") == "meta-llama/Llama-3.1-8B-Instruct"
    assert served_checkpoint("llama3.1:8b") == "ollama:llama3.1:8b"
    for name in ("chatglm3-6b", "gpt-4o", "my-finetune", "openai/gpt-4o", "foo:bar"):
        assert served_checkpoint(name) is None, name


def test_the_same_name_self_hosted_and_at_a_provider_are_two_components(tmp_path: Path) -> None:
    found = components(tmp_path, api("chatglm3-6b"), api("chatglm3-6b", None, path="hosted.py"),
                       api("chatglm3-6b", "http://10.0.0.2/v1", path="other.py"))
    assert [(c.target, c.endpoint, [r.location.path for r in c.references]) for c in found] == [
        ("chatglm3-6b", None, ["hosted.py"]),
        # one self-hosted component for the name, whatever the server, with every URL
        ("chatglm3-6b", "http://10.0.0.2/v1 http://127.0.0.1:8000/v1/", ["client.py", "other.py"]),
    ]
    hosted, served = found
    assert hosted.category is Category.PROPRIETARY_API
    assert isinstance(served.license, Unresolved)


def test_the_policy_treats_a_self_hosted_unknown_as_unknown(tmp_path: Path) -> None:
    found = components(tmp_path, api("chatglm3-6b"), api("chatglm3-6b", None, path="hosted.py"))
    policy = load_policy("commercial", tmp_path)
    rules = {(f.component.endpoint, f.rule_id) for f in evaluate(found, policy)}
    assert (LOCAL, "license-unknown") in rules
    assert (None, "conditional-needs-review") in rules
    assert (LOCAL, "conditional-needs-review") not in rules


def test_a_reason_the_policy_can_name(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text("version: 1\nname: strict-served\nrules:\n"
                                    "  - id: served-unknown\n    severity: info\n"
                                    "    message: '{target} is self-hosted'\n"
                                    "    when: {unresolved: [self-hosted-endpoint]}\n")
    policy = load_policy(str(tmp_path / "p.yml"), tmp_path)
    unknown = Reference("acme/unknown-thing", Kind.MODEL, Location("a.py", 1), "from_pretrained")
    findings = evaluate(components(tmp_path, api("chatglm3-6b"), unknown), policy)
    assert [(f.rule_id, f.component.target) for f in findings] == [("served-unknown", "chatglm3-6b")]


def test_an_override_of_the_served_name_wins_and_the_lock_keeps_out(tmp_path: Path) -> None:
    from mlgate.resolve.lock import build_entries

    overrides = (Override("chatglm3-6b", "Apache-2.0", "served: our own build"),)
    config = RunConfig(paths=(tmp_path,), root=tmp_path, offline=True, timeout=60.0, cache_dir=tmp_path / ".cache",
                       settings=ProjectSettings(overrides=overrides))
    found = resolve([api("chatglm3-6b"), api("gpt2")], config).components
    served = {c.target: c for c in found}
    assert isinstance(served["chatglm3-6b"].license, License)
    assert served["chatglm3-6b"].license.source == "override"
    # Neither is locked under its name: a lock entry would answer for the same name at a provider.
    assert not [e for e in build_entries(found, None, "2026-12-07") if e.kind is Kind.API_MODEL]
