"""Whole families offline: family rules with evidence, mirrors, Ollama names and data sets."""

from __future__ import annotations

import pytest

from mlgate.model import Category, Kind
from mlgate.resolve.families import match_rule
from mlgate.resolve.knowledge import knowledge, model_entry, record_license

from .kb_lookup import answer, category


@pytest.mark.parametrize(("target", "expected"), [
    ("meta-llama/Meta-Llama-3-8B-Instruct", Category.COMMUNITY_CONDITIONAL),
    ("meta-llama/Llama-3.2-1B-Instruct", Category.COMMUNITY_CONDITIONAL),
    ("meta-llama/Llama-2-70b-hf", Category.COMMUNITY_CONDITIONAL),
    ("google/gemma-2-2b-it", Category.COMMUNITY_CONDITIONAL),
    ("google/gemma-3-4b-it", Category.COMMUNITY_CONDITIONAL),
    ("mistralai/Mistral-7B-Instruct-v0.2", Category.PERMISSIVE),
    ("microsoft/Phi-3-mini-4k-instruct", Category.PERMISSIVE),
    ("Qwen/Qwen2.5-1.5B-Instruct-GGUF", Category.PERMISSIVE),
    ("Qwen/Qwen3-4B", Category.PERMISSIVE),
    ("Qwen/Qwen3.5-4B", Category.PERMISSIVE),
    ("google/gemma-4-E2B-it", Category.PERMISSIVE),
    ("lmsys/vicuna-7b-v1.5", Category.COMMUNITY_CONDITIONAL),
    ("internlm/internlm2_5-7b-chat", Category.COMMUNITY_CONDITIONAL),
    ("internlm/internlm3-8b-instruct", Category.PERMISSIVE),
    ("BAAI/bge-small-en-v1.5", Category.PERMISSIVE),
    ("HuggingFaceTB/SmolLM2-135M", Category.PERMISSIVE),
    ("google/flan-t5-base", Category.PERMISSIVE),
    ("bigscience/bloomz-560m", Category.RESPONSIBLE_AI),
    ("tiiuae/Falcon-H1-0.5B-Instruct", Category.COMMUNITY_CONDITIONAL),
    ("mistralai/Mistral-Small-3.1-24B-Instruct-2503", Category.PERMISSIVE),
    ("01-ai/Yi-34B-Chat", Category.PERMISSIVE),
])
def test_family_rules_cover_whole_families_offline(target: str, expected: Category) -> None:
    found = answer(target)
    assert found is not None and found.license.category is expected
    assert "family rule" in found.license.evidence and "confidence" in found.license.evidence
    assert found.license.declared is None  # a name is evidence, never a declaration


def test_exact_entry_wins_over_a_family_rule() -> None:
    found = answer("Qwen/Qwen2.5-7B-Instruct")
    assert found is not None and "family rule" not in found.license.evidence
    assert "tech report" in found.license.evidence.lower() or "technical report" in found.license.evidence


def test_family_rules_never_cover_an_exact_entry_under_another_license() -> None:
    kb = knowledge()
    covered = 0
    for repo, entry in kb["models"].items():
        rule = match_rule(kb["families"], repo)
        if rule is None or "license" not in entry:
            continue
        covered += 1
        by_rule, by_entry = record_license(rule, "rule"), record_license(entry, "entry")
        assert by_rule.expression == by_entry.expression, (repo, rule["pattern"])
    assert covered > 20  # the rules do overlap the checked entries, and agree with every one


@pytest.mark.parametrize(("target", "expected"), [
    ("Qwen/Qwen2.5-3B-Instruct-GGUF", Category.RESEARCH_ONLY),  # the research-only size inside a family
    ("Qwen/Qwen2.5-3B", Category.RESEARCH_ONLY),
    ("Qwen/Qwen2.5-72B-Instruct-AWQ", Category.COMMUNITY_CONDITIONAL),
    ("Qwen/Qwen2.5-32B-Instruct-AWQ", Category.PERMISSIVE),
    ("black-forest-labs/FLUX.1-schnell", Category.PERMISSIVE),
    ("black-forest-labs/FLUX.1-Fill-dev", Category.NON_COMMERCIAL),
    ("black-forest-labs/FLUX.1-Canny-dev-lora", Category.NON_COMMERCIAL),
])
def test_patterns_never_cover_a_size_or_variant_under_another_license(target: str, expected: Category) -> None:
    assert category(target) is expected


def test_llama_3_2_vision_carries_the_eu_clause_and_text_models_do_not() -> None:
    vision = answer("meta-llama/Llama-3.2-90B-Vision-Instruct")
    text = answer("meta-llama/Llama-3.2-3B-Instruct")
    exact_vision = answer("meta-llama/Llama-3.2-11B-Vision-Instruct")
    assert vision is not None and text is not None and exact_vision is not None
    for multimodal in (vision, exact_vision):
        assert "EU-domiciled" in dict(multimodal.properties)["license-note"]
    assert "does not apply" in dict(text.properties)["license-note"]


@pytest.mark.parametrize(("mirror", "upstream", "expected"), [
    ("unsloth/Llama-3.2-3B-Instruct", "meta-llama/Llama-3.2-3B-Instruct", Category.COMMUNITY_CONDITIONAL),
    ("unsloth/llama-3-8b-Instruct-bnb-4bit", "meta-llama/Meta-Llama-3-8B-Instruct", Category.COMMUNITY_CONDITIONAL),
    ("unsloth/Qwen2.5-3B-Instruct-bnb-4bit", "Qwen/Qwen2.5-3B-Instruct", Category.RESEARCH_ONLY),
    ("TheBloke/Llama-2-7B-Chat-GGUF", "meta-llama/Llama-2-7b-chat-hf", Category.COMMUNITY_CONDITIONAL),
    ("bartowski/Mistral-7B-Instruct-v0.3-GGUF", "mistralai/Mistral-7B-Instruct-v0.3", Category.PERMISSIVE),
    ("mlx-community/Qwen2.5-7B-Instruct-4bit", "Qwen/Qwen2.5-7B-Instruct", Category.PERMISSIVE),
    ("lmstudio-community/gemma-2-9b-it-GGUF", "google/gemma-2-9b-it", Category.COMMUNITY_CONDITIONAL),
])
def test_mirrors_resolve_offline_as_lineage_to_the_upstream(mirror: str, upstream: str, expected: Category) -> None:
    found = answer(mirror)
    assert found is not None and found.license.category is expected
    assert [(b.target.lower(), b.relation) for b in found.base_models] == [(upstream.lower(), "quantized")]
    assert "re-upload" in found.license.evidence


def test_an_unknown_org_or_unknown_upstream_is_not_a_mirror() -> None:
    assert answer("some-user/Llama-3.2-3B-Instruct-GGUF") is None
    assert answer("unsloth/not-a-known-model-bnb-4bit") is None


def test_a_rule_over_a_whole_organisation_is_no_mirror_s_upstream() -> None:
    from mlgate.resolve.families import mirror_upstream

    kb = {"mirrors": {"orgs": ["unsloth"], "suffixes": ["-bnb-4bit"], "renames": {}},
          "families": [{"pattern": "some-org/*"}, {"pattern": "meta-llama/Llama-3.2-*"}]}
    assert mirror_upstream(kb, "unsloth/Some-Model-bnb-4bit", lambda _: None) is None
    assert mirror_upstream(kb, "unsloth/Llama-3.2-1B-bnb-4bit", lambda _: None) == "meta-llama/Llama-3.2-1B"


@pytest.mark.parametrize(("name", "upstream", "expected"), [
    ("ollama:llama3.2:3b", "meta-llama/Llama-3.2-3B-Instruct", Category.COMMUNITY_CONDITIONAL),
    ("ollama:llama3.2:1b-instruct-q4_K_M", "meta-llama/Llama-3.2-1B-Instruct", Category.COMMUNITY_CONDITIONAL),
    ("ollama:qwen2.5:3b", "Qwen/Qwen2.5-3B-Instruct", Category.RESEARCH_ONLY),
    ("ollama:qwen2.5:7b", "Qwen/Qwen2.5-7B-Instruct", Category.PERMISSIVE),
    ("ollama:mixtral:8x7b", "mistralai/Mixtral-8x7B-Instruct-v0.1", Category.PERMISSIVE),
])
def test_ollama_names_map_to_upstream_families(name: str, upstream: str, expected: Category) -> None:
    found = answer(name)
    assert found is not None and found.license.category is expected
    assert [b.target for b in found.base_models] == [upstream]


def test_ollama_name_without_size_resolves_only_when_every_size_shares_a_license() -> None:
    assert category("ollama:gemma2") is Category.COMMUNITY_CONDITIONAL
    assert category("ollama:llama3.2:latest") is Category.COMMUNITY_CONDITIONAL
    assert answer("ollama:qwen2.5") is None  # 3B research-only, 7B Apache: the size decides
    assert answer("ollama:qwen2.5:999b") is None


@pytest.mark.parametrize(("dataset", "expected"), [
    ("tatsu-lab/alpaca", Category.NON_COMMERCIAL),
    ("databricks/databricks-dolly-15k", Category.COPYLEFT),
    ("HuggingFaceH4/ultrachat_200k", Category.PERMISSIVE),
    ("openai/gsm8k", Category.PERMISSIVE),
    ("gsm8k", Category.PERMISSIVE),
    ("Open-Orca/SlimOrca", Category.PERMISSIVE),
    ("OpenAssistant/oasst1", Category.PERMISSIVE),
    ("Anthropic/hh-rlhf", Category.PERMISSIVE),
    ("wikitext", Category.COPYLEFT),
    ("squad", Category.COPYLEFT),
    ("rajpurkar/squad_v2", Category.COPYLEFT),
    ("c4", Category.PERMISSIVE),
    ("HuggingFaceH4/no_robots", Category.NON_COMMERCIAL),
    ("openbmb/RLAIF-V-Dataset", Category.NON_COMMERCIAL),
    ("samsum", Category.NON_COMMERCIAL),
    ("vicgalle/alpaca-gpt4", Category.NON_COMMERCIAL),
])
def test_data_sets_have_card_licenses_with_sources(dataset: str, expected: Category) -> None:
    found = answer(dataset, Kind.DATASET)
    assert found is not None and found.license.category is expected
    evidence = found.license.evidence
    assert "confidence" in evidence and ("card" in evidence or "repository" in evidence)


def test_a_card_listing_two_licenses_keeps_both() -> None:
    found = answer("Salesforce/wikitext", Kind.DATASET)
    assert found is not None
    assert found.license.expression == "CC-BY-SA-3.0 AND LicenseRef-GFDL-family"


def test_vicuna_rule_covers_only_the_llama_2_based_v1_5() -> None:
    # earlier Vicuna weights were LLaMA-1 deltas under another license: no rule answers for them
    assert category("lmsys/vicuna-7b-v1.3") is None


def test_gemma_4_rule_leaves_gemma_1_to_3_under_the_gemma_terms() -> None:
    assert category("google/gemma-3-27b-it") is Category.COMMUNITY_CONDITIONAL
    assert category("google/gemma-4-31B-it") is Category.PERMISSIVE


def test_data_sets_without_a_reachable_source_stay_unknown() -> None:
    # imdb: the Hub card says `license: other` and the Stanford page names no license;
    # yahma/alpaca-cleaned: copies of its card disagree (cc-by-4.0 and cc-by-nc-4.0).
    for dataset in ("imdb", "stanfordnlp/imdb", "yahma/alpaca-cleaned"):
        assert answer(dataset, Kind.DATASET) is None


def test_a_model_id_is_not_answered_as_a_data_set_or_the_reverse() -> None:
    assert answer("Qwen/Qwen2.5-7B-Instruct", Kind.DATASET) is None
    assert answer("tatsu-lab/alpaca") is None
    assert model_entry("tatsu-lab/alpaca") is None
