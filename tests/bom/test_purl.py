"""Package URLs for each kind of component, and the way back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bom.samples import assert_valid_purl
from mlgate.model import Category, Component, Kind, License, Location, Reference
from mlgate.purl import hub_url, purl_for, requested_ref, target_from_purl, version_of

NONE = License("MIT", Category.PERMISSIVE, "hub", "x")


def component(target: str, kind: Kind, revision: str | None = None, via: str = "from_pretrained") -> Component:
    refs = (Reference(target, kind, Location("a.py", 1), via),)
    return Component(target, kind, NONE, refs, revision=revision)


@pytest.mark.parametrize(("target", "kind", "revision", "via", "purl"), [
    ("Qwen/Qwen2.5-7B-Instruct", Kind.MODEL, "ABCDEF0123456789", "x",
     "pkg:huggingface/Qwen/Qwen2.5-7B-Instruct@abcdef0123456789"),
    # A branch, tag or PR ref is no purl version (the ref is kept in a property instead).
    ("Qwen/Qwen2.5-7B-Instruct", Kind.MODEL, "v1.0", "x", "pkg:huggingface/Qwen/Qwen2.5-7B-Instruct"),
    ("Qwen/Qwen2.5-7B-Instruct", Kind.MODEL, "refs/pr/2", "x", "pkg:huggingface/Qwen/Qwen2.5-7B-Instruct"),
    # Legacy ids go under their org (the type requires a namespace); an unknown bare id has no purl.
    ("gpt2", Kind.MODEL, None, "x", "pkg:huggingface/openai-community/gpt2"),
    ("bert-base-uncased", Kind.MODEL, "main", "x", "pkg:huggingface/google-bert/bert-base-uncased"),
    ("some-bare-model", Kind.MODEL, None, "from_pretrained", None),
    ("org/lora", Kind.ADAPTER, None, "x", "pkg:huggingface/org/lora"),
    ("HuggingFaceH4/ultrachat_200k", Kind.DATASET, "abc1234", "x",
     "pkg:huggingface/datasets/HuggingFaceH4/ultrachat_200k@abc1234"),
    ("claude-3-5-sonnet-latest", Kind.API_MODEL, None, "x", "pkg:generic/anthropic/claude-3-5-sonnet-latest"),
    ("openai/gpt-4o", Kind.API_MODEL, None, "x", "pkg:generic/openai/gpt-4o"),
    ("llama3.1:8b", Kind.MODEL, None, "x", "pkg:generic/ollama/library/llama3.1@8b"),
    ("mistral", Kind.MODEL, None, "ollama pull", "pkg:generic/ollama/library/mistral"),
    ("someuser/tiny:q4", Kind.MODEL, None, "FROM", "pkg:generic/ollama/someuser/tiny@q4"),
    ("./models/x", Kind.LOCAL_PATH, None, "x", None),
])
def test_purls(target: str, kind: Kind, revision: str | None, via: str, purl: str | None) -> None:
    assert purl_for(component(target, kind, revision, via)) == purl
    if purl is not None:
        assert_valid_purl(purl)


def test_a_ref_resolved_by_a_source_becomes_the_commit_and_is_kept_as_written() -> None:
    moved = replace(component("Org/Model", Kind.MODEL, "FP16"),
                    resolved_revision="ABCDEF0123456789abcdef0123456789ABCDEF01")
    assert purl_for(moved) == "pkg:huggingface/Org/Model@abcdef0123456789abcdef0123456789abcdef01"
    assert requested_ref(moved) == "FP16"  # never lower-cased
    unresolved = component("Org/Model", Kind.MODEL, "refs/pr/2")
    assert version_of(unresolved) is None and requested_ref(unresolved) == "refs/pr/2"
    pinned = component("Org/Model", Kind.MODEL, "abcdef0")
    assert version_of(pinned) == "abcdef0" and requested_ref(pinned) is None


def test_the_hubs_canonical_id_names_a_legacy_repository() -> None:
    renamed = replace(component("distilgpt2", Kind.MODEL), properties=(("hub-canonical-id", "distilbert/distilgpt2"),))
    assert purl_for(renamed) == "pkg:huggingface/distilbert/distilgpt2"


@pytest.mark.parametrize(("purl", "expected"), [
    ("pkg:huggingface/Qwen/Qwen2.5-7B-Instruct@abc", (Kind.MODEL, "Qwen/Qwen2.5-7B-Instruct", "abc")),
    ("pkg:huggingface/datasets/org/data", (Kind.DATASET, "org/data", None)),
    ("pkg:huggingface/gpt2", (Kind.MODEL, "gpt2", None)),
    ("pkg:generic/ollama/library/llama3.1@8b", (Kind.MODEL, "llama3.1:8b", None)),
    ("pkg:generic/ollama/someuser/tiny@q4", (Kind.MODEL, "someuser/tiny:q4", None)),
    ("pkg:pypi/transformers@4.44.2", None),
    ("not a purl", None),
])
def test_target_from_purl(purl: str, expected: tuple[Kind, str, str | None] | None) -> None:
    assert target_from_purl(purl) == expected


def test_hub_pages() -> None:
    assert hub_url(component("org/m", Kind.MODEL)) == "https://huggingface.co/org/m"
    assert hub_url(component("org/d", Kind.DATASET)) == "https://huggingface.co/datasets/org/d"
    assert hub_url(component("llama3.1:8b", Kind.MODEL)) is None
    assert hub_url(component("gpt-4o", Kind.API_MODEL)) is None
