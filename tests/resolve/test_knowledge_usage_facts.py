"""Facts sourced for the measured goal list (scripts/kb_usage_facts.py, kb_usage_datasets.py): the
families and exceptions they add, each checked offline through the knowledge base alone."""

from __future__ import annotations

import pytest

from mlgate.licenses import normalise
from mlgate.model import Category, Kind
from mlgate.resolve.knowledge import change_since, model_entry

from .kb_lookup import answer, category


@pytest.mark.parametrize(("legacy", "canonical", "expected"), [
    ("t5-small", "google-t5/t5-small", Category.PERMISSIVE),
    ("t5-large", "google-t5/t5-large", Category.PERMISSIVE),
    ("roberta-base", "FacebookAI/roberta-base", Category.PERMISSIVE),
    ("bert-base-cased", "google-bert/bert-base-cased", Category.PERMISSIVE),
    ("camembert-base", "almanach/camembert-base", Category.PERMISSIVE),
    ("distilgpt2", "distilbert/distilgpt2", Category.PERMISSIVE),
    ("all-mpnet-base-v2", "sentence-transformers/all-mpnet-base-v2", Category.PERMISSIVE),
    ("roberta-large", "FacebookAI/roberta-large", Category.PERMISSIVE),
    ("gpt2-large", "openai-community/gpt2-large", Category.PERMISSIVE),
])
def test_legacy_bare_ids_answer_under_their_canonical_entry(legacy: str, canonical: str, expected: Category) -> None:
    found = answer(legacy)
    assert found is not None and found.license.category is expected
    assert found.canonical == canonical and canonical in found.license.evidence


@pytest.mark.parametrize(("target", "expected"), [
    ("Qwen/Qwen2.5-Coder-1.5B-Instruct", Category.PERMISSIVE),
    ("Qwen/Qwen2.5-Coder-32B-Instruct", Category.PERMISSIVE),
    ("Qwen/Qwen2.5-Coder-3B-Instruct", Category.RESEARCH_ONLY),  # the one research-licensed Coder size
    ("unsloth/Qwen2.5-Coder-3B-Instruct-bnb-4bit", Category.RESEARCH_ONLY),
])
def test_qwen2_5_coder_sizes_never_cover_the_research_licensed_3b(target: str, expected: Category) -> None:
    assert category(target) is expected


def test_a_mirror_re_upload_of_a_coder_size_is_lineage_to_the_qwen_upstream() -> None:
    found = answer("unsloth/Qwen2.5-Coder-1.5B-Instruct")
    assert found is not None and found.license.category is Category.PERMISSIVE
    assert [(b.target, b.relation) for b in found.base_models] == [("Qwen/Qwen2.5-Coder-1.5B-Instruct", "quantized")]


@pytest.mark.parametrize("target", [
    "deepseek-ai/DeepSeek-V2-Lite-Chat", "deepseek-ai/DeepSeek-V2-Chat", "deepseek-ai/deepseek-moe-16b-base",
])
def test_deepseek_v2_and_moe_weights_carry_the_deepseek_model_license(target: str) -> None:
    found = answer(target)
    assert found is not None and found.license.category is Category.RESPONSIBLE_AI
    assert found.license.expression == "LicenseRef-DeepSeek-License-1.0"
    assert "Model License" in found.license.evidence  # the README's License section, not the MIT code license


def test_sd_1_5_re_hosts_keep_the_openrail_use_restrictions_and_name_no_other_mirror() -> None:
    for target in ("stable-diffusion-v1-5/stable-diffusion-v1-5", "stable-diffusion-v1-5/stable-diffusion-inpainting"):
        assert category(target) is Category.RESPONSIBLE_AI
    # The re-hosts are exact entries: a rule over the organisation would have become the "upstream"
    # of every unrelated mirror re-upload by name (unsloth/DeepSeek-OCR came out responsible-ai).
    ocr = answer("unsloth/DeepSeek-OCR")
    assert ocr is not None and [b.target for b in ocr.base_models] == ["deepseek-ai/DeepSeek-OCR"]
    assert ocr.license.category is Category.PERMISSIVE
    glm = answer("unsloth/GLM-4.7-Flash")  # its own card's MIT (an exact entry), no SD 1.5 upstream
    assert glm is not None and glm.license.expression == "MIT" and glm.base_models == ()


def test_a_re_upload_of_a_non_commercial_model_is_non_commercial_through_lineage() -> None:
    # Spark-TTS moved from Apache-2.0 to CC BY-NC-SA 4.0; unsloth's copy declares nothing of its own.
    found = answer("unsloth/Spark-TTS-0.5B")
    assert found is not None and found.license.category is Category.NON_COMMERCIAL
    assert [(b.target, b.relation) for b in found.base_models] == [("SparkAudio/Spark-TTS-0.5B", "quantized")]


@pytest.mark.parametrize("target", [
    "laion/CLIP-ViT-H-14-laion2B-s32B-b79K", "laion/CLIP-ViT-B-32-laion2B-s34B-b79K",
    "laion/CLIP-ViT-bigG-14-laion2B-39B-b160k",
])
def test_laion_clip_models_are_mit_and_the_evidence_keeps_the_cards_research_scope(target: str) -> None:
    found = answer(target)
    assert found is not None and found.license.expression == "MIT"
    assert "LAION-2B" in found.license.evidence and "out of scope" in found.license.evidence


def test_bark_was_non_commercial_before_its_relicensing() -> None:
    found = answer("suno/bark")
    assert found is not None and found.license.category is Category.PERMISSIVE
    change = change_since("suno/bark", "2023-04-20")
    assert change is not None
    then, now = change
    assert then.category is Category.NON_COMMERCIAL and now.category is Category.PERMISSIVE
    assert "ea9a687" in then.evidence
    assert change_since("suno/bark", "2023-06-01") is None


@pytest.mark.parametrize(("dataset", "expected"), [
    ("roneneldan/TinyStories", Category.COPYLEFT),  # CDLA-Sharing-1.0
])
def test_data_set_facts_from_their_cards(dataset: str, expected: Category) -> None:
    found = answer(dataset, Kind.DATASET)
    assert found is not None and found.license.category is expected and "card" in found.license.evidence


@pytest.mark.parametrize(("dataset", "expected"), [
    ("HuggingFaceM4/ChartQA", Category.COPYLEFT),  # gpl-3.0
    ("allenai/tulu-v2-sft-mixture", Category.PERMISSIVE),  # odc-by
    ("Intel/orca_dpo_pairs", Category.PERMISSIVE),
])
def test_data_set_facts_from_stored_hub_pages(dataset: str, expected: Category) -> None:
    found = answer(dataset, Kind.DATASET)
    assert found is not None and found.license.category is expected and "Hub page" in found.license.evidence


def test_canonical_data_sets_answer_under_their_legacy_ids_from_the_datasets_repository_cards() -> None:
    for dataset in ("beans", "scene_parse_150"):
        found = answer(dataset, Kind.DATASET)
        assert found is not None and found.license.category is Category.PERMISSIVE
        assert "huggingface/datasets" in found.license.evidence


@pytest.mark.parametrize(("target", "kind"), [
    ("HuggingFaceTB/smoltalk", Kind.DATASET), ("mlabonne/FineTome-100k", Kind.DATASET),
    ("garage-bAInd/Open-Platypus", Kind.DATASET), ("lmsys/lmsys-chat-1m", Kind.DATASET),
    ("openai/clip-vit-base-patch16", Kind.MODEL), ("ybelkada/opt-6.7b-lora", Kind.MODEL),
])
def test_a_card_read_and_found_to_declare_nothing_says_so(target: str, kind: Kind) -> None:
    # unknown either way, but `explain` names the card that was read instead of saying nothing
    found = answer(target, kind)
    assert found is not None
    assert (found.license.expression, found.license.category) == ("NOASSERTION", Category.UNKNOWN)
    assert "declares no license" in found.license.evidence


@pytest.mark.parametrize("dataset", [
    "AI-MO/NuminaMath-TIR", "TIGER-Lab/WebInstructSub",  # tag and card text disagree (a non-commercial part)
    "mhenrichsen/alpaca_2k_test",  # an Apache tag on a sample of the non-commercial Alpaca outputs
    "glue", "nyu-mll/glue",  # `license: other`: each task has its own terms
])
def test_data_sets_whose_cards_disagree_or_say_other_stay_unknown(dataset: str) -> None:
    assert answer(dataset, Kind.DATASET) is None


def test_an_unknown_org_with_a_familiar_name_is_not_an_entry() -> None:
    assert model_entry("someone/t5-small") is None and answer("someone/t5-small") is None


def test_opt_weights_are_research_only_and_the_rule_leaves_opt_iml_to_its_own_agreement() -> None:
    for size in ("125m", "350m", "6.7b", "66b"):
        found = answer(f"facebook/opt-{size}")
        assert found is not None and found.license.category is Category.RESEARCH_ONLY
        assert found.license.expression == "LicenseRef-OPT-175B-License"
    assert answer("facebook/opt-iml-max-1.3b") is None  # OPT-IML ships under a separate agreement


def test_segformer_encoders_are_research_only_under_nvidias_source_code_license() -> None:
    found = answer("nvidia/mit-b0")
    assert found is not None and found.license.category is Category.RESEARCH_ONLY
    assert found.license.expression == "LicenseRef-NVIDIA-Source-Code-License" and "SegFormer" in found.license.evidence
    assert answer("nvidia/mit-b0-finetuned-ade") is None  # a fine-tune's own card decides; not covered by name


def test_baichuan2_weights_are_community_conditional_with_their_commercial_conditions() -> None:
    found = answer("baichuan-inc/Baichuan2-7B-Chat")
    assert found is not None and found.license.category is Category.COMMUNITY_CONDITIONAL
    assert "baichuan-commercial-conditions" in {o.id for o in found.license.obligations}


def test_idefics_composite_is_research_only_and_idefics2_is_not_covered() -> None:
    found = answer("HuggingFaceM4/idefics-9b")
    assert found is not None and found.license.category is Category.RESEARCH_ONLY
    assert "MIT" in dict(found.properties)["license-note"]  # the newly trained weights, stated beside the whole
    assert answer("HuggingFaceM4/idefics2-8b") is None


def test_ministral_3_is_apache_while_the_2410_ministral_stays_research_only() -> None:
    assert category("mistralai/Ministral-3-3B-Instruct-2512") is Category.PERMISSIVE
    assert category("mistralai/Ministral-8B-Instruct-2410") is Category.RESEARCH_ONLY


def test_lfm_open_license_is_conditional_on_revenue_offline_and_as_a_card_value() -> None:
    found = answer("LiquidAI/LFM2.5-1.2B-Base")
    assert found is not None and found.license.category is Category.COMMUNITY_CONDITIONAL
    assert "lfm-revenue-threshold" in {o.id for o in found.license.obligations}
    declared = normalise("other", "lfm1.0", source="hub", evidence="card")  # the value LiquidAI cards carry
    assert declared.expression == "LicenseRef-LFM-Open-License-1.0"


def test_nemotron_3_is_under_the_nemotron_license_not_the_older_nvidia_open_model_license() -> None:
    found = answer("nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16")
    assert found is not None and found.license.category is Category.COMMUNITY_CONDITIONAL
    assert found.license.expression == "LicenseRef-NVIDIA-Nemotron-Open-Model-License"
    older = normalise("other", "nvidia-open-model-license", source="hub", evidence="card")
    assert older.expression == "LicenseRef-NVIDIA-Open-Model-License"
    assert {"nvidia-notice", "guardrails-required"} <= {o.id for o in older.obligations}


def test_qwen2_5_omni_3b_is_research_only_while_7b_is_apache() -> None:
    assert category("Qwen/Qwen2.5-Omni-3B") is Category.RESEARCH_ONLY
    seven = answer("Qwen/Qwen2.5-Omni-7B")
    assert seven is not None and seven.license.expression == "Apache-2.0"  # card: other + license_name apache-2.0
