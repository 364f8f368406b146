"""Model clients and factories, agno's `id=`, instructor's `from_provider`, annotated and `getattr` defaults."""

from __future__ import annotations

import ast
import textwrap

import pytest

from mlgate.model import Location
from mlgate.scan.base import ScanOptions
from mlgate.scan.hubpath import hub_id_at_revision
from mlgate.scan.names import callee_meaning, is_client_callee, trailing_meaning
from mlgate.scan.python.detector import python_references
from mlgate.scan.python.namedvalues import annotated_model, getter_default


def refs(source: str) -> set[tuple[int, str, str]]:
    text = textwrap.dedent(source)

    def locate(line: int, column: int) -> Location:
        return Location("m.py", line, column + 1)

    return {(r.location.line, r.target, r.kind.value) for r in python_references(text, locate, ScanOptions())}


@pytest.mark.parametrize(("name", "expected"), [
    ("llm_factory", True), ("embedding_factory", True), ("create_legacy_llm", True),
    ("create_legacy_embeddings", True), ("HuggingFaceEmbedding", True), ("PretrainedSpeakerEmbedding", True),
    ("SentenceTransformerEmbeddingFunction", True), ("create_llm", True),
    ("build_llm_prompt", False), ("format_llm_prompt", False), ("llm_output", False), ("embedding_dim", False),
    ("factory", False), ("EmbeddingLayerFunction", False),
])
def test_a_client_callee_is_named_by_its_last_words(name: str, expected: bool) -> None:
    assert is_client_callee(name) is expected
    if expected:
        assert callee_meaning(name) is not None


def test_a_factory_takes_an_api_model_or_a_hub_id_but_no_bare_word_or_name() -> None:
    assert refs('''
        llm = llm_factory("gpt-4o", client=client)
        emb = embedding_factory("text-embedding-ada-002")
        hub = HuggingFaceEmbedding("BAAI/bge-small-en-v1.5")
        second = adapter.create_llm(client, "gemini-2.0-flash", "openai")
        a = llm_factory(model)
        b = llm_factory("default")
        c = build_llm_prompt("gpt-4o is great")
        d = format_llm_prompt("gpt-4o")
        e = HuggingFaceEmbedding("./models/bge")
    ''') == {(2, "gpt-4o", "api-model"), (3, "text-embedding-ada-002", "api-model"),
             (4, "BAAI/bge-small-en-v1.5", "model"), (5, "gemini-2.0-flash", "api-model")}


def test_instructor_from_provider_names_a_provider_model() -> None:
    assert refs('''
        import instructor
        a = instructor.from_provider("google/gemini-2.0-flash", async_client=True)
        b = instructor.from_provider("mystery")
    ''') == {(3, "google/gemini-2.0-flash", "api-model")}


def test_agno_and_phidata_model_classes_take_the_model_as_id() -> None:
    # (a provider's own name, `llama-3.3-70b-versatile`, is read only in a statement the candidate
    # pass visits, here for the API model name beside it; an API model name marks its line itself)
    assert refs('''
        from agno.models.openai import OpenAIChat
        from agno.models.ollama import Ollama
        from phi.model.groq import Groq
        models = [OpenAIChat(id="gpt-4.1-nano-2025-04-14"),
                  Ollama(id="llama3.1:8b"),
                  Groq(id="llama-3.3-70b-versatile")]
        d = Record(id="gpt-4o")
    ''') == {(5, "gpt-4.1-nano-2025-04-14", "api-model"), (6, "ollama:llama3.1:8b", "model"),
             (7, "llama-3.3-70b-versatile", "api-model")}


def test_a_class_of_the_same_name_not_from_agno_says_nothing() -> None:
    assert refs('''
        from myapp.models import OpenAIChat
        a = OpenAIChat(id="gpt-4o")
    ''') == set()


def test_getattr_default_is_the_attributes_value() -> None:
    call = ast.parse('getattr(config, "model", "BAAI/bge-reranker-base")').body[0].value  # type: ignore[attr-defined]
    got = getter_default(call)
    assert got is not None and got[0] == "model"
    assert refs('''
        def f(config):
            return Reranker(model=getattr(config, "model", "BAAI/bge-reranker-base"),
                            top_k=getattr(config, "top_k", "acme/not-a-model"))
    ''') == {(3, "BAAI/bge-reranker-base", "model")}


@pytest.mark.parametrize(("annotation", "expected"), [
    ("PipelineModel", True), ("Optional[PipelineModel]", True), ("'PreTrainedModel'", True), ("Text", False),
    ("str", False), ("ModelConfig", False),
])
def test_an_annotation_says_model_by_its_last_word(annotation: str, expected: bool) -> None:
    assert annotated_model(ast.parse(annotation, mode="eval").body) is expected


def test_lone_embedding_takes_only_hub_ids() -> None:
    assert trailing_meaning("embedding") is not None
    assert refs('''
        def f(embedding: Text = "speechbrain/spkrec-ecapa-voxceleb", embedding_dim: int = 192,
              embedding_file: str = "acme/vectors", other: PipelineModel = "./local/model.ckpt"):
            pass
    ''') == {(2, "speechbrain/spkrec-ecapa-voxceleb", "model")}


@pytest.mark.parametrize(("value", "expected"), [
    ("speechbrain/spkrec-ecapa-voxceleb@5c0be3875fda05e81f3c004ed8c7c06be308de1e",
     ("speechbrain/spkrec-ecapa-voxceleb", "5c0be3875fda05e81f3c004ed8c7c06be308de1e")),
    ("acme/model@v1.2", ("acme/model", "v1.2")),
    ("acme/model", None), ("user@example.com", None), ("acme/model@some branch", None),
])
def test_a_hub_id_at_a_revision(value: str, expected: tuple[str, str] | None) -> None:
    assert hub_id_at_revision(value) == expected
