"""The Hub source with the real huggingface_hub client against the local fake Hub."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fakeclock import FakeClock
from fakehub import FakeHub, Reply, iter_fixture_ids
from mlgate.model import Category, Kind, License, Unresolved, UnresolvedReason
from mlgate.resolve.base import Lookup
from mlgate.resolve.hub import HubSettings

from .conftest import HubFactory, model

# Expected category for every recorded model response (fixtures/hub/models).
EXPECTED = {
    "01-ai/Yi-34B": "permissive",
    "CohereForAI/c4ai-command-r-v01": "non-commercial",
    "DeepFloyd/IF-I-XL-v1.0": "research-only",
    "Qwen/Qwen2-72B-Instruct": "community-conditional",
    "Qwen/Qwen2.5-3B": "research-only",
    "Qwen/Qwen2.5-3B-Instruct": "research-only",
    "Qwen/Qwen2.5-72B-Instruct": "community-conditional",
    "Qwen/Qwen2.5-7B": "permissive",
    "Qwen/Qwen2.5-7B-Instruct": "permissive",
    "Qwen/Qwen3-8B": "permissive",
    "acme-labs/cc-family": "unknown",
    "acme-labs/dual-licensed": "non-commercial",
    "acme-labs/gpl-tagger": "copyleft",
    "acme-labs/lgpl-parser": "weak-copyleft",
    "acme-labs/llama-lora": "permissive",
    "acme-labs/merge-7b": "permissive",
    "acme-labs/mit-on-research-base": "permissive",
    "acme-labs/mpl-embedder": "weak-copyleft",
    "acme-labs/mystery-model": "unknown",
    "acme-labs/no-license-model": "unknown",
    "acme-labs/phi-3-gguf-conflict": "research-only",
    "acme-labs/qwen-helper-7b": "community-conditional",
    "acme-labs/qwen-research-helper": "research-only",
    "acme-labs/tiny-classifier": "permissive",
    "acme-labs/wiki-sa-model": "copyleft",
    "acme-labs/yi-34b-chat-ft": "community-conditional",
    "bartowski/Qwen2.5-3B-Instruct-GGUF": "research-only",
    "bigcode/starcoder2-15b": "responsible-ai",
    "bigscience/bloom": "responsible-ai",
    "black-forest-labs/FLUX.1-dev": "non-commercial",
    "black-forest-labs/FLUX.1-schnell": "permissive",
    "deepseek-ai/DeepSeek-R1": "permissive",
    "deepseek-ai/DeepSeek-R1-Distill-Llama-8B": "permissive",
    "deepseek-ai/DeepSeek-V2": "responsible-ai",
    "facebook/dinov2-base": "permissive",
    "facebook/nllb-200-distilled-600M": "non-commercial",
    "google-bert/bert-base-uncased": "permissive",
    "google/gemma-2-9b-it": "community-conditional",
    "meta-llama/Llama-3.1-8B": "community-conditional",
    "meta-llama/Llama-3.1-8B-Instruct": "community-conditional",
    "meta-llama/Llama-3.2-11B-Vision-Instruct": "community-conditional",
    "microsoft/Orca-2-13b": "research-only",
    "microsoft/phi-2": "permissive",
    "mistralai/Codestral-22B-v0.1": "non-commercial",
    "mistralai/Ministral-8B-Instruct-2410": "research-only",
    "mistralai/Mistral-7B-Instruct-v0.3": "permissive",
    "mistralai/Mistral-Small-24B-Instruct-2501": "permissive",
    "openai-community/gpt2": "permissive",
    "runwayml/stable-diffusion-v1-5": "responsible-ai",
    "sentence-transformers/all-MiniLM-L6-v2": "permissive",
    "stabilityai/sdxl-turbo": "non-commercial",
    "stabilityai/stable-diffusion-3.5-large": "community-conditional",
    "stabilityai/stable-diffusion-xl-base-1.0": "responsible-ai",
    "tiiuae/Falcon3-7B-Instruct": "community-conditional",
    **{f"acme-labs/chain-{i}": "permissive" for i in range(9)},
    "acme-labs/cycle-a": "permissive",
    "acme-labs/cycle-b": "permissive",
}


def test_every_recorded_response_resolves_to_its_category(hub: FakeHub, hub_source: HubFactory) -> None:
    ids = list(iter_fixture_ids())
    assert len(ids) >= 40 and set(ids) == set(EXPECTED)
    source = hub_source()
    answers = source.lookup([model(i) for i in ids])
    got = {item.target: answer.license.category.value for item, answer in answers.items()}
    assert got == EXPECTED
    assert {a.license.source for a in answers.values() if isinstance(a.license, License)} == {"hub"}
    # every category the Hub can express is covered (proprietary-api has no weights on the Hub)
    assert set(got.values()) == {c.value for c in Category} - {"proprietary-api"}
    assert hub.count() == len(ids)  # one request each, no retries


def test_lookups_run_concurrently(hub: FakeHub, hub_source: HubFactory) -> None:
    # Each request is held until two are served at once: asked one at a time, the first would wait
    # out the client's timeout and fail; asked concurrently, both go on as soon as both arrive.
    hub.overlap = 2
    ids = ["Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-3B-Instruct"]
    answers = hub_source().lookup([model(i) for i in ids])
    assert {item.target: answer.license.category.value for item, answer in answers.items()} == {
        i: EXPECTED[i] for i in ids}
    assert hub.max_in_flight == 2


def test_license_other_with_license_name_resolves_from_hub_alone(hub: FakeHub, hub_source: HubFactory) -> None:
    answer = hub_source().lookup([model("acme-labs/qwen-helper-7b")])[model("acme-labs/qwen-helper-7b")]
    license_ = answer.license
    assert isinstance(license_, License)
    assert (license_.expression, license_.category, license_.source) == (
        "LicenseRef-Qwen-License", Category.COMMUNITY_CONDITIONAL, "hub")
    assert "license: other, license_name: qwen, license_link: LICENSE" in license_.evidence
    # a relative license_link points at the file in the repo, at the resolved commit
    assert license_.url == f"{hub.url}/acme-labs/qwen-helper-7b/blob/{answer.revision}/LICENSE"
    assert any(o.id == "built-with-qwen" for o in license_.obligations)
    request = hub.requests[0]
    assert request.expand == ("cardData", "sha", "lastModified", "gated", "private", "disabled", "tags",
                              "baseModels", "pipeline_tag")


def test_evidence_and_lineage_from_the_hub_response(hub_source: HubFactory) -> None:
    answer = hub_source().lookup([model("Qwen/Qwen2.5-3B-Instruct")])[model("Qwen/Qwen2.5-3B-Instruct")]
    assert isinstance(answer.license, License)
    assert answer.license.expression == "LicenseRef-Qwen-Research-License"
    assert answer.license.url == "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE"
    assert answer.revision is not None and len(answer.revision) == 40
    assert [(b.target, b.relation) for b in answer.base_models] == [("Qwen/Qwen2.5-3B", "finetune")]


def test_renamed_repo_follows_the_redirect_to_the_canonical_id(hub: FakeHub, hub_source: HubFactory) -> None:
    answer = hub_source().lookup([model("gpt2")])[model("gpt2")]
    assert isinstance(answer.license, License) and answer.license.expression == "MIT"
    assert answer.canonical == "openai-community/gpt2"
    assert ("hub-canonical-id", "openai-community/gpt2") in answer.properties
    assert "api/models/openai-community/gpt2" in answer.license.evidence
    assert hub.count("gpt2") == 1 and hub.count("openai-community/gpt2") == 1


def test_a_bare_sentence_transformers_name_is_asked_for_under_the_librarys_organisation(
        hub: FakeHub, hub_source: HubFactory) -> None:
    # `SentenceTransformer("all-MiniLM-L6-v2")` loads sentence-transformers/all-MiniLM-L6-v2; the Hub
    # has no repository of the bare name to redirect from
    answer = hub_source().lookup([model("all-MiniLM-L6-v2")])[model("all-MiniLM-L6-v2")]
    assert isinstance(answer.license, License) and answer.license.expression == "Apache-2.0"
    assert ("hub-canonical-id", "sentence-transformers/all-MiniLM-L6-v2") in answer.properties
    assert hub.count("sentence-transformers/all-MiniLM-L6-v2") == 1 and hub.count("all-MiniLM-L6-v2") == 0


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("acme-labs/does-not-exist", UnresolvedReason.NOT_FOUND),
        ("acme-labs/private-model", UnresolvedReason.PRIVATE),
        ("meta-llama/Llama-gated-no-access", UnresolvedReason.GATED),
        ("acme-labs/gated-401", UnresolvedReason.GATED),
    ],
)
def test_errors_become_typed_reasons_and_are_cached(hub: FakeHub, hub_source: HubFactory, target: str,
                                                    reason: UnresolvedReason) -> None:
    answer = hub_source().lookup([model(target)])[model(target)]
    assert isinstance(answer.license, Unresolved)
    assert answer.license.reason is reason and answer.license.source == "hub"
    assert hub.count(target) == 1  # a definite answer is not retried
    again = hub_source().lookup([model(target)])[model(target)]
    assert isinstance(again.license, Unresolved) and again.license.reason is reason
    assert "(cached)" in again.license.detail
    assert hub.count(target) == 1


def test_gated_repo_resolves_from_card_data(hub_source: HubFactory) -> None:
    answer = hub_source().lookup([model("meta-llama/Llama-3.1-8B")])[model("meta-llama/Llama-3.1-8B")]
    assert isinstance(answer.license, License)
    assert answer.license.expression == "LicenseRef-Llama-3.1-Community-License"
    assert answer.gated is True


def test_revision_is_requested_and_answered_at_that_commit(hub: FakeHub, hub_source: HubFactory) -> None:
    old = "e22cfa2e0986cef469975f9118cc72aacd23c321"
    answers = hub_source().lookup([model("microsoft/phi-2", old), model("microsoft/phi-2")])
    then, now = answers[model("microsoft/phi-2", old)].license, answers[model("microsoft/phi-2")].license
    assert isinstance(then, License) and then.category is Category.RESEARCH_ONLY
    assert isinstance(now, License) and now.expression == "MIT"
    assert sorted(r.revision or "" for r in hub.requests) == ["", old]


def test_dataset_info_and_list_of_licenses(hub: FakeHub, hub_source: HubFactory) -> None:
    item = Lookup("wikimedia/wikipedia", Kind.DATASET)
    license_ = hub_source().lookup([item])[item].license
    assert isinstance(license_, License)
    assert license_.expression == "CC-BY-SA-3.0 AND LicenseRef-GFDL-family"
    assert license_.category is Category.COPYLEFT
    assert hub.requests[0].kind == "dataset"


def test_429_waits_for_retry_after_then_succeeds(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.script("Qwen/Qwen3-8B", Reply(429, {"error": "slow down"}, {"Retry-After": "1"}))
    clock = FakeClock()
    answer = hub_source(clock=clock).lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(answer.license, License) and answer.license.expression == "Apache-2.0"
    assert hub.count("Qwen/Qwen3-8B") == 2
    assert clock.slept == [1.0]  # the server's Retry-After was honoured


def test_ratelimit_header_sets_the_wait(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.script("Qwen/Qwen3-8B", Reply(429, {"error": "quota"}, {"RateLimit": '"api";r=0;t=1'}))
    clock = FakeClock()
    answer = hub_source(clock=clock).lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(answer.license, License)
    assert hub.count("Qwen/Qwen3-8B") == 2
    assert clock.slept == [1.0]


def test_429_asking_for_more_than_the_budget_gives_up_at_once(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.script("Qwen/Qwen3-8B", Reply(429, {"error": "quota"}, {"Retry-After": "300"}))
    answer = hub_source(budget=5.0, clock=FakeClock()).lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(answer.license, Unresolved) and answer.license.reason is UnresolvedReason.NETWORK
    assert "429" in answer.license.detail and "time budget" in answer.license.detail
    assert hub.count("Qwen/Qwen3-8B") == 1


def test_500_is_retried_then_succeeds(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.script("Qwen/Qwen3-8B", Reply(500), Reply(503))
    answer = hub_source().lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(answer.license, License)
    assert hub.count("Qwen/Qwen3-8B") == 3


def test_persistent_500_fails_after_bounded_attempts_and_is_not_cached(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.script("Qwen/Qwen3-8B", *[Reply(500)] * 4)
    source = hub_source()
    answer = source.lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(answer.license, Unresolved) and answer.license.reason is UnresolvedReason.NETWORK
    assert "HTTP 500 after 4 attempts" in answer.license.detail
    assert hub.count("Qwen/Qwen3-8B") == 4
    assert source.notes() and "did not answer 1 of 1" in source.notes()[0]
    hub_source().lookup([model("Qwen/Qwen3-8B")])
    assert hub.count("Qwen/Qwen3-8B") == 5  # network failures are never cached


def test_slow_reply_past_the_timeout_is_a_network_failure(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.script("Qwen/Qwen3-8B", Reply(hold=True))  # held until the test ends: only the timeout ends the wait
    answer = hub_source(timeout=0.5).lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(answer.license, Unresolved) and answer.license.reason is UnresolvedReason.NETWORK
    assert "within 0.5s" in answer.license.detail
    assert hub.count("Qwen/Qwen3-8B") == 1  # a timeout is not retried


def test_stalled_hub_opens_the_circuit_instead_of_waiting_per_lookup(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.stalled = True
    ids = [i for i in iter_fixture_ids()][:20]
    source = hub_source(timeout=0.4, workers=2, clock=FakeClock())
    answers = source.lookup([model(i) for i in ids])
    reasons = {a.license.reason for a in answers.values() if isinstance(a.license, Unresolved)}
    assert reasons == {UnresolvedReason.NETWORK} and len(answers) == 20
    assert hub.count() <= 4  # the breaker opened after 3 consecutive timeouts
    assert any("not tried" in a.license.detail for a in answers.values() if isinstance(a.license, Unresolved))


def test_budget_and_breaker_are_shared_by_every_round_of_a_run(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.stalled = True
    source = hub_source(timeout=0.3, workers=3, clock=FakeClock())
    source.lookup([model("Qwen/Qwen3-8B"), model("Qwen/Qwen2.5-7B"), model("gpt2")])
    assert hub.count() == 3
    later = source.lookup([model("Qwen/Qwen2.5-3B")])[model("Qwen/Qwen2.5-3B")]  # e.g. a lineage round
    assert isinstance(later.license, Unresolved) and "not tried" in later.license.detail
    assert hub.count() == 3


def test_total_budget_bounds_a_run(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.script("Qwen/Qwen3-8B", *[Reply(500, headers={"Retry-After": "1"})] * 3)
    clock = FakeClock()
    answer = hub_source(budget=1.5, clock=clock).lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert clock.slept == [1.0]  # the second wait would pass the budget: not waited
    assert hub.count("Qwen/Qwen3-8B") == 2
    assert isinstance(answer.license, Unresolved) and "budget" in answer.license.detail


def test_malformed_json_is_retried_then_reported(hub: FakeHub, hub_source: HubFactory) -> None:
    hub.script("Qwen/Qwen3-8B", Reply(200, b'{"id": "Qwen/Qwen3-8B", "cardData": {'))
    recovered = hub_source().lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(recovered.license, License) and hub.count("Qwen/Qwen3-8B") == 2
    hub.script("Qwen/Qwen2.5-7B", *[Reply(200, b"<html>not json</html>")] * 4)
    broken = hub_source().lookup([model("Qwen/Qwen2.5-7B")])[model("Qwen/Qwen2.5-7B")]
    assert isinstance(broken.license, Unresolved) and broken.license.reason is UnresolvedReason.NETWORK
    assert "malformed" in broken.license.detail
    assert hub.count("Qwen/Qwen2.5-7B") == 4


def test_cache_answers_the_second_run_without_requests(hub: FakeHub, hub_source: HubFactory, tmp_path: Path) -> None:
    ids = ["Qwen/Qwen2.5-3B-Instruct", "gpt2", "acme-labs/mystery-model"]
    first = hub_source().lookup([model(i) for i in ids])
    assert hub.count() == 4  # gpt2 redirects once
    second = hub_source().lookup([model(i) for i in ids])
    assert hub.count() == 4
    for item in first:
        a, b = first[item].license, second[item].license
        assert isinstance(a, License) and isinstance(b, License)
        assert (a.expression, a.category, a.url) == (b.expression, b.category, b.url)
        assert "(cached answer)" in b.evidence
    assert second[model("gpt2")].canonical == "openai-community/gpt2"


def test_expired_cache_entry_is_fetched_again(hub: FakeHub, hub_source: HubFactory) -> None:
    hub_source(ttl=0.0).lookup([model("Qwen/Qwen3-8B")])
    hub_source(ttl=0.0).lookup([model("Qwen/Qwen3-8B")])
    assert hub.count("Qwen/Qwen3-8B") == 2


def test_offline_never_requests_and_uses_a_fresh_cache(hub: FakeHub, hub_source: HubFactory) -> None:
    cold = hub_source(offline=True).lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(cold.license, Unresolved) and cold.license.reason is UnresolvedReason.OFFLINE
    assert hub.count() == 0
    hub_source().lookup([model("Qwen/Qwen3-8B")])
    warm = hub_source(offline=True).lookup([model("Qwen/Qwen3-8B")])[model("Qwen/Qwen3-8B")]
    assert isinstance(warm.license, License) and warm.license.expression == "Apache-2.0"
    assert hub.count() == 1


def test_environment_is_read_at_run_time(hub: FakeHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_ENDPOINT", hub.url + "/")
    monkeypatch.setenv("HF_TOKEN", "hf_testtoken_0123456789")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = HubSettings.from_environment(offline=False, timeout=2, budget=5, cache_dir=tmp_path, ttl=60)
    assert settings.endpoint == hub.url and settings.offline is True
    assert "hf_testtoken" not in repr(settings)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    assert HubSettings.from_environment(offline=False, timeout=2, budget=5, cache_dir=tmp_path, ttl=60).offline is False


def test_token_is_sent_but_never_stored(hub: FakeHub, hub_source: HubFactory, tmp_path: Path) -> None:
    token = "hf_secret_token_abcdefghijklmnop"
    source = hub_source(token=token, endpoint=hub.url)
    answers = source.lookup([model("Qwen/Qwen3-8B"), model("acme-labs/does-not-exist")])
    assert {r.authorization for r in hub.requests} == {f"Bearer {token}"}
    stored = "".join(p.read_text() for p in (tmp_path / "cache").rglob("*.json"))
    assert stored and token not in stored
    assert all(token not in str(a.license) and token not in repr(a) for a in answers.values())


def test_huggingface_hub_is_not_imported_when_the_cache_or_offline_answers(hub: FakeHub, tmp_path: Path) -> None:
    script = """
import sys
from pathlib import Path
from mlgate.model import Kind
from mlgate.resolve.base import Lookup
from mlgate.resolve.hub import HubSettings, HubSource
endpoint, cache, offline = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
settings = HubSettings(endpoint=endpoint, token=None, offline=offline, timeout=300, budget=600, cache_dir=cache,
                       ttl=3600)
answer = HubSource(settings).lookup([Lookup("Qwen/Qwen3-8B", Kind.MODEL)])
print(type(next(iter(answer.values())).license).__name__, "huggingface_hub" in sys.modules)
"""

    def run(offline: str) -> str:
        proc = subprocess.run([sys.executable, "-c", script, hub.url, str(tmp_path), offline],
                              capture_output=True, text=True, timeout=300, check=True)
        return proc.stdout.strip()

    assert run("1") == "Unresolved False"  # offline, cold: no request, no import
    assert run("0") == "License True"  # online, cold: fetched through huggingface_hub
    assert run("0") == "License False"  # warm: the disk cache answers, no import
    assert hub.count() == 1


def test_no_side_requests_from_huggingface_hub(hub: FakeHub, tmp_path: Path) -> None:
    # huggingface_hub 2.4 fetches /api/agent-harnesses on a process's first request unless its
    # telemetry is off; mlgate turns it off for its lookups (hub_client.py).
    script = """
import sys
from pathlib import Path
from mlgate.model import Kind
from mlgate.resolve.base import Lookup
from mlgate.resolve.hub import HubSettings, HubSource
settings = HubSettings(endpoint=sys.argv[1], token=None, offline=False, timeout=300, budget=600,
                       cache_dir=Path(sys.argv[2]), ttl=3600)
HubSource(settings).lookup([Lookup(f"Qwen/Qwen{n}", Kind.MODEL) for n in ("3-8B", "2.5-7B")])
"""
    env = {**os.environ, "HF_ENDPOINT": hub.url}
    subprocess.run([sys.executable, "-c", script, hub.url, str(tmp_path)], env=env, timeout=300, check=True)
    assert len(hub.paths) == 2 and all(p.startswith("/api/models/Qwen/") for p in hub.paths)


def test_token_saved_by_hf_auth_login_is_used_without_hf_token(hub: FakeHub, tmp_path: Path) -> None:
    home = tmp_path / "hf-home"
    home.mkdir()
    (home / "token").write_text("hf_saved_login_token_0123456789")
    script = """
import sys
from pathlib import Path
from mlgate.model import Kind
from mlgate.resolve.base import Lookup
from mlgate.resolve.hub import HubSettings, HubSource
settings = HubSettings.from_environment(offline=False, timeout=300, budget=600, cache_dir=Path(sys.argv[1]),
                                        ttl=60)
HubSource(settings).lookup([Lookup("Qwen/Qwen3-8B", Kind.MODEL)])
"""
    env = {**os.environ, "HF_ENDPOINT": hub.url, "HF_HOME": str(home)}
    env.pop("HF_TOKEN", None)
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "cache")], env=env, timeout=300, check=True)
    assert [r.authorization for r in hub.requests] == ["Bearer hf_saved_login_token_0123456789"]


def test_cache_file_is_plain_json_of_hub_fields(hub_source: HubFactory, tmp_path: Path) -> None:
    hub_source().lookup([model("acme-labs/qwen-helper-7b")])
    [path] = (tmp_path / "cache" / "hub").rglob("*.json")
    record = json.loads(path.read_text())
    assert record["status"] == "ok" and record["repo_id"] == "acme-labs/qwen-helper-7b"
    assert record["data"]["cardData"] == {"license": "other", "license_link": "LICENSE", "license_name": "qwen"}
    assert not list(path.parent.glob(".*.tmp"))  # no temporary file left behind
