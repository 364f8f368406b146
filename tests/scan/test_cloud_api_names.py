"""Hosted model names known by their spelling: cloud catalogs' ids (Bedrock, OCI), vendors' own
prefixes (Voyage AI, Cohere, Deepgram, MiniMax) and Ollama names with a size tag; how they resolve."""

from __future__ import annotations

import ast
import textwrap

import pytest

from mlgate.apinames import cloud_maker, cloud_model_id, is_ollama_named, is_ollama_sized
from mlgate.model import Category, Kind
from mlgate.purl import api_provider as purl_provider
from mlgate.resolve.knowledge import api_license, api_provider
from mlgate.scan.python.nodes import imports_module
from mlgate.scan.python.spots import spot_lines
from mlgate.targets import classify, is_api_model, normalise_target


@pytest.mark.parametrize("value", [
    "anthropic.claude-3-haiku-20240307-v1:0", "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
    "amazon.titan-embed-text-v1", "amazon.titan-embed-text-v2:0", "us.meta.llama3-1-70b-instruct-v1:0",
    "cohere.command", "anthropic.claude-3-haiku-20240307-v1:0:200k", "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "openai.gpt-oss-120b-1:0", "meta.llama-3.1-70b-instruct", "mistral.mistral-large-2402-v1:0",
    "ai21.jamba-1-5-large-v1:0",
])
def test_cloud_catalog_ids_are_api_models(value: str) -> None:
    assert is_api_model(value) and classify(value) is Kind.API_MODEL
    assert normalise_target(value, Kind.API_MODEL) == value


def test_a_bedrock_arn_names_the_model_id_inside_it() -> None:
    arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0:200k"
    assert classify(arn) is Kind.API_MODEL
    assert normalise_target(arn, Kind.API_MODEL) == "anthropic.claude-3-haiku-20240307-v1:0:200k"
    assert cloud_model_id("arn:aws:bedrock:us-east-1:123456789012:custom-model/x") is None  # a customer's own


@pytest.mark.parametrize("value", [
    "anthropic.resources.messages", "openai.types.chat", "cohere.client", "cohere.commands", "meta.json",
    "amazon.com", "anthropic", "meta.llama", "amazon.titan", "google.cloud.aiplatform",
])
def test_a_makers_word_before_anything_but_a_model_family_is_no_model(value: str) -> None:
    assert not is_api_model(value)


@pytest.mark.parametrize("value", [
    "voyage-2", "voyage-large-2", "voyage-3-lite", "voyage-code-3", "rerank-english-v3.0", "rerank-v3.5", "rerank-2",
    "embed-english-v3.0", "embed-multilingual-v3.0", "embed-v4.0", "command-r-plus", "nova-2", "nova-3",
    "nova-2-medical", "MiniMax-M2.7", "abab6.5s-chat",
])
def test_vendor_prefixed_names_are_api_models(value: str) -> None:
    assert classify(value) is Kind.API_MODEL


@pytest.mark.parametrize("value", [
    "sarvam-m", "zerank-1", "nova", "voyage", "rerank", "embed-dim", "nomic-embed-text", "minimax-h3", "MiniMax-",
    "nova-2-lite", "nova-2-pro",  # Amazon's Nova 2, not Deepgram's
])
def test_bare_words_without_a_vendors_spelling_stay_unknown(value: str) -> None:
    assert not is_api_model(value)


@pytest.mark.parametrize(("value", "sized"), [
    ("llama3.1:70b", True), ("qwen2.5:0.5b", True), ("mixtral:8x7b", True), ("gemma3n:e4b", True),
    ("llama3.1:70b-instruct-q4_K_M", True), ("cuda:0", False), ("python:3.11", False), ("ubuntu:latest", False),
    ("llama3.1", False), ("org/x:7b", False),
])
def test_an_ollama_name_with_a_size_tag(value: str, sized: bool) -> None:
    assert is_ollama_sized(value) is sized


@pytest.mark.parametrize(("model", "provider"), [
    ("anthropic.claude-3-haiku-20240307-v1:0", "Amazon Bedrock"),
    ("us.meta.llama3-1-70b-instruct-v1:0", "Amazon Bedrock"),
    ("amazon.titan-embed-text-v1", "Amazon Bedrock"), ("openai.gpt-oss-120b-1:0", "Amazon Bedrock"),
    ("cohere.command", "Amazon Bedrock or OCI Generative AI"),
    ("meta.llama-3.1-70b-instruct", "Amazon Bedrock or OCI Generative AI"),
    ("voyage-2", "Voyage AI"), ("rerank-2", "Voyage AI"), ("rerank-v3.5", "Cohere"), ("rerank-english-v3.0", "Cohere"),
    ("embed-v4.0", "Cohere"), ("nova-2", "Deepgram"), ("MiniMax-M2.7", "MiniMax"), ("gpt-4o", "OpenAI"),
])
def test_each_name_resolves_to_its_providers_api_terms(model: str, provider: str) -> None:
    assert api_provider(model)[0] == provider
    found = api_license(model)
    assert found.category is Category.PROPRIETARY_API and provider in found.evidence


def test_a_cloud_id_is_published_by_its_maker() -> None:
    assert cloud_maker("us.anthropic.claude-3-5-sonnet-20240620-v1:0") == "anthropic"
    assert purl_provider("amazon.titan-embed-text-v1") == "amazon"
    assert purl_provider("voyage-2") == "voyageai" and purl_provider("rerank-v3.5") == "cohere"


def test_the_candidate_pass_finds_a_module_whose_only_reference_is_such_a_name() -> None:
    text = textwrap.dedent('''
        result = vo.embed(texts, model="voyage-2")
        ranked = co.rerank(model="rerank-english-v3.0")
        MODEL_ID = "us.anthropic.claude-3-5-sonnet-20240620-v1:0"
        BASE = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0:200k"
        fallback = "llama3.1:70b"
        device = "cuda:0"
        patch("anthropic.resources.messages")
    ''')
    assert spot_lines(text) == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(("value", "named"), [
    ("nomic-embed-text", True), ("llama3.2", True), ("qwen2.5-coder:7b", True), ("mistral", False),
    ("all-MiniLM-L6-v2", False), ("org/x-1", False),
])
def test_an_ollama_spelt_name_needs_a_hyphen_or_a_digit(value: str, named: bool) -> None:
    assert is_ollama_named(value) is named


def test_only_a_module_that_imports_ollama_makes_its_ollama_spelt_names_spots_and_models() -> None:
    body = 'self.config.model = self.config.model or "nomic-embed-text"\n'
    ollama = "try:\n    from ollama import Client\nexcept ImportError:\n    pass\n" + body
    assert spot_lines(body) == [] and spot_lines(ollama) == [5]
    assert imports_module(ast.parse(ollama), "ollama") and not imports_module(ast.parse(body), "ollama")
    assert not imports_module(ast.parse("import ollama_helpers\n"), "ollama")
    # the module's text answers first: read with it, the import is found as without it
    assert imports_module(ast.parse(ollama), "ollama", ollama) and not imports_module(ast.parse(body), "ollama", body)
