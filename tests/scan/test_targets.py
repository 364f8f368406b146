"""What is and is not a reference, decided in one place."""

from __future__ import annotations

import pytest

from mlgate.model import Kind
from mlgate.scan.python.spots import spot_lines
from mlgate.targets import (
    KNOWN_BARE_IDS,
    bare_id_shaped,
    classify,
    hub_id_from_url,
    is_placeholder,
    normalise_target,
    ollama_target,
)


@pytest.mark.parametrize(("value", "kind"), [
    ("meta-llama/Llama-3.1-8B", Kind.MODEL), ("gpt-4o", Kind.API_MODEL), ("claude-sonnet-4-5", Kind.API_MODEL),
    ("openrouter/anthropic/claude-3.5-sonnet", Kind.API_MODEL), ("models/gemini-2.0-flash", Kind.API_MODEL),
    ("qwen-vl-plus", Kind.API_MODEL), ("./ckpt", Kind.LOCAL_PATH), ("C:\\models\\x", Kind.LOCAL_PATH),
    ("hf_hub:timm/vit_small", Kind.MODEL), ("https://huggingface.co/datasets/acme/d", Kind.DATASET),
])
def test_references(value: str, kind: Kind) -> None:
    assert classify(value) is kind


@pytest.mark.parametrize("value", [
    "application/json", "text/plain", "src/utils", "1.2/3", "path/to/model", "your-org/your-model",
    "<model>", "{model}", "$MODEL", "https://github.com/acme/repo", "org/model", "weights/model.bin", "gpt2",
    "user/name", "a--b/c", "x/y..z", "username/my_model",
])
def test_not_references(value: str) -> None:
    assert classify(value) is None


def test_bare_names_only_where_the_context_allows() -> None:
    assert classify("gpt2", allow_bare=True) is Kind.MODEL
    assert classify("model.gguf", allow_bare=True) is None


def test_urls_ollama_and_normalisation() -> None:
    assert hub_id_from_url("https://huggingface.co/acme/m/resolve/main/x.gguf?download=true") == ("acme/m", Kind.MODEL)
    assert hub_id_from_url("https://huggingface.co/spaces/acme/demo") is None
    assert hub_id_from_url("https://hf.co/docs/hub") is None
    assert hub_id_from_url("https://huggingface.co/jobs/someone/123") is None
    assert hub_id_from_url("https://huggingface.co/gpt2/resolve/main/config.json") == ("gpt2", Kind.MODEL)
    # huggingface_hub's file system (pandas, datatrove, `data_files=`), with a revision; MLC's `HF://`
    assert hub_id_from_url("hf://datasets/acme/d@refs%2Fconvert%2Fparquet/x/0.parquet") == ("acme/d", Kind.DATASET)
    assert hub_id_from_url("hf://acme/m/model.safetensors") == ("acme/m", Kind.MODEL)
    assert hub_id_from_url("HF://mlc-ai/Llama-3-8B-q4f16_1-MLC") == ("mlc-ai/Llama-3-8B-q4f16_1-MLC", Kind.MODEL)
    assert hub_id_from_url("hf://spaces/acme/demo/app.py") is None
    assert hub_id_from_url("hf://buckets/acme/scratch/x.csv") is None
    assert classify("hf://datasets/acme/d/train.parquet") is Kind.DATASET
    assert ollama_target("llama3.2:3b") == ("ollama:llama3.2:3b", Kind.MODEL)
    assert ollama_target("hf.co/acme/m-GGUF:Q4_K_M") == ("acme/m-GGUF", Kind.MODEL)
    assert ollama_target("./m.gguf") == ("./m.gguf", Kind.LOCAL_PATH)
    assert normalise_target("datasets/acme/d", Kind.DATASET) == "acme/d"
    assert normalise_target("hf-hub:acme/clip", Kind.MODEL) == "acme/clip"
    assert normalise_target("models/gemini-pro", Kind.API_MODEL) == "gemini-pro"


@pytest.mark.parametrize(("value", "kind", "target"), [
    ("huggingface/Qwen/Qwen2.5-3B-Instruct", Kind.MODEL, "Qwen/Qwen2.5-3B-Instruct"),
    ("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", Kind.MODEL, "meta-llama/Llama-3.3-70B-Instruct-Turbo"),
    ("openrouter/qwen/qwen-2.5-72b-instruct", Kind.MODEL, "qwen/qwen-2.5-72b-instruct"),
    ("hosted_vllm/acme/served", Kind.MODEL, "acme/served"),
    ("hf-inference-providers/acme/served:nebius", Kind.MODEL, "acme/served"),  # inspect_ai, with its provider
    ("openrouter/anthropic/claude-3.5-sonnet", Kind.API_MODEL, "openrouter/anthropic/claude-3.5-sonnet"),
    ("openai/gpt-4o", Kind.API_MODEL, "openai/gpt-4o"),
])
def test_router_prefixes_resolve_the_hub_id_behind_them(value: str, kind: Kind, target: str) -> None:
    assert classify(value) is kind
    assert normalise_target(value, kind) == target


@pytest.mark.parametrize("value", ["huggingface/", "github.com/org/repo/x", "together_ai/a/b/c", "docs/api/x.md",
                                   "openrouter/your-org/your-model", "hf-inference-providers/acme/x:a:b"])
def test_router_look_alikes(value: str) -> None:
    assert classify(value) is None


@pytest.mark.parametrize(("value", "kind"), [
    ("groq/llama-3.3-70b-versatile", Kind.API_MODEL), ("ollama_chat/llama3.2", Kind.API_MODEL),
    ("bedrock/anthropic.claude-3-sonnet-20240229-v1:0", Kind.API_MODEL),
    # Hub organisations that share a provider's name keep their repositories
    ("google/gemma-2-9b", Kind.MODEL), ("openai/whisper-large-v3", Kind.MODEL),
    ("cerebras/btlm-3b-8k-base", Kind.MODEL), ("Groq/Llama-3-Groq-8B-Tool-Use", Kind.MODEL),
    ("fal/AuraFlow", Kind.MODEL),
])
def test_providers_that_serve_only_their_own_names(value: str, kind: Kind) -> None:
    assert classify(value) is kind


def test_a_data_set_named_with_its_split() -> None:
    assert classify("hiyouga/geometry3k@train", default=Kind.DATASET) is Kind.DATASET
    assert normalise_target("hiyouga/geometry3k@test", Kind.DATASET) == "hiyouga/geometry3k"
    assert classify("hiyouga/geometry3k@train") is None  # a model is not named with a split
    assert classify("acme/d@main", default=Kind.DATASET) is None  # a revision is not a split


@pytest.mark.parametrize("value", ["test-model", "dummy_model", "regular-model", "fake-llm", "mock-tokenizer-2",
                                   "fake/path", "test-org/test-model", "test_repo",
                                   # a stand-in word glued to what it stands for
                                   "fakeprovider/fakemodel", "dummymodel", "testmodel", "testmodel2", "mock_fakellm"])
def test_names_a_test_makes_up_are_placeholders(value: str) -> None:
    assert is_placeholder(value)
    assert classify(value, allow_bare=True) is None


@pytest.mark.parametrize("value", ["hf-internal-testing/tiny-random-gpt2", "trl-internal-testing/zen",
                                   "swift/test_lora", "mock-gpt", "arampacha/roberta-tiny", "gpt2",
                                   "acme/examplemodel-7b", "acme/mockingbird-lm", "acme/testmodels-v2"])
def test_real_test_repositories_are_not_made_up(value: str) -> None:
    assert not is_placeholder(value)
    assert classify(value, allow_bare=True) is Kind.MODEL


@pytest.mark.parametrize(("value", "shaped"), [
    ("gpt2", True), ("bert-base-uncased", True), ("t5-small", True),
    ("1.3b", False), ("350m", False), ("7b", False), ("q_proj", False), ("bert", False),
])
def test_legacy_bare_ids_start_with_a_letter(value: str, shaped: bool) -> None:
    assert bare_id_shaped(value) is shaped


def test_sentence_transformers_own_models_are_known_bare_ids() -> None:
    assert {"all-MiniLM-L6-v2", "paraphrase-MiniLM-L6-v2", "multi-qa-MiniLM-L6-cos-v1", "LaBSE"} <= KNOWN_BARE_IDS
    assert "paraphrase-detection" not in KNOWN_BARE_IDS and "all-purpose" not in KNOWN_BARE_IDS
    # the candidate pass finds them, so a module naming one under a generic key is read
    text = 'config = {"model": "all-MiniLM-L6-v2"}\nother = "all-purpose"\nx = {"model": "LaBSE"}\n'
    assert spot_lines(text) == [1, 3]
