"""Replicate's models: `owner/name[:version]` in Replicate's own namespace, API models, never Hub ids."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mlgate.model import Kind, Reference
from mlgate.scan.python import detector as python
from mlgate.targets import classify, is_api_model, normalise_target, replicate_name, replicate_reference
from scan.helpers import detect, scan_tree

SDXL = "stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc"
VERSION = SDXL.split(":")[1]


def scan(source: str) -> list[Reference]:
    return detect(python.DETECTOR, "m.py", textwrap.dedent(source))


def summary(refs: list[Reference]) -> list[tuple[str, str, int, str]]:
    return [(r.target, r.kind.value, r.location.line, r.via) for r in refs]


@pytest.mark.parametrize(("value", "expected"), [
    ("meta/meta-llama-3-8b-instruct", ("replicate/meta/meta-llama-3-8b-instruct", None)),
    (SDXL, ("replicate/stability-ai/sdxl", VERSION)),
    ("replicate/meta/llama-2-70b-chat:02e5", ("replicate/meta/llama-2-70b-chat", "02e5")),  # LiteLLM's spelling
    ("replicate/hello-world", ("replicate/replicate/hello-world", None)),  # the user `replicate`'s model
])
def test_a_value_given_to_replicate_is_replicates_model(value: str, expected: tuple[str, str | None]) -> None:
    assert replicate_reference(value) == expected


@pytest.mark.parametrize("value", [
    "llava-13b", "5797a99edc939ea0e9242d5e8c9cb3bc7d125b1eac21bda852e5cb79ede2cd9b", "images/cat.png",
    "your-username/your-model", "./weights", "https://replicate.com/meta/x", "a/b/c", "application/json",
])
def test_what_replicate_cannot_name(value: str) -> None:
    assert replicate_reference(value) is None


def test_only_a_pinned_version_or_litellms_prefix_says_replicate_by_spelling_alone() -> None:
    assert replicate_name(SDXL) == "replicate/stability-ai/sdxl"
    assert replicate_name("replicate/meta/meta-llama-3-8b-instruct") == "replicate/meta/meta-llama-3-8b-instruct"
    # a plain `owner/name` is a Hub id unless the code gives it to Replicate; a short tag is no version
    assert replicate_name("meta/meta-llama-3-8b-instruct") is None
    assert replicate_name("acme/model:v2") is None
    assert classify("meta-llama/Llama-3.1-8B") is Kind.MODEL


@pytest.mark.parametrize("value", [SDXL, "replicate/meta/meta-llama-3-8b-instruct", f"replicate/{SDXL}"])
def test_replicate_spellings_classify_as_api_models_without_their_version(value: str) -> None:
    assert is_api_model(value)
    assert classify(value) is Kind.API_MODEL
    assert normalise_target(value, Kind.API_MODEL) == (
        "replicate/meta/meta-llama-3-8b-instruct" if "meta" in value else "replicate/stability-ai/sdxl")


def test_the_client_calls_name_replicate_models_with_the_version_as_revision() -> None:
    refs = scan(f'''
        import replicate
        out = replicate.run("{SDXL}", input={{"prompt": "x", "image": "images/cat.png"}})
        llava = replicate.run("yorickvp/llava-13b", input={{}})
        streamed = replicate.stream("meta/meta-llama-3-8b-instruct", input={{}})
        model = replicate.models.get("kvfrans/clipdraw")
        chat = replicate.predictions.create(model="meta/meta-llama-3-70b-instruct", input={{}})
        deployment = replicate.deployments.get("acme/image-generator")
        pinned = replicate.predictions.create(
            version="5797a99edc939ea0e9242d5e8c9cb3bc7d125b1eac21bda852e5cb79ede2cd9b", input={{}})
        split = replicate.models.get("acme", "upscaler")
    ''')
    assert summary(refs) == [
        ("replicate/stability-ai/sdxl", "api-model", 3, "replicate.run"),
        ("replicate/yorickvp/llava-13b", "api-model", 4, "replicate.run"),
        ("replicate/meta/meta-llama-3-8b-instruct", "api-model", 5, "replicate.stream"),
        ("replicate/kvfrans/clipdraw", "api-model", 6, "replicate.models.get"),
        ("replicate/meta/meta-llama-3-70b-instruct", "api-model", 7, "replicate.predictions.create"),
        ("replicate/acme/image-generator", "api-model", 8, "replicate.deployments.get"),
    ]
    assert refs[0].revision == VERSION and refs[1].revision is None


def test_langchain_and_llamaindex_replicate_classes_beside_a_hub_model() -> None:
    refs = scan('''
        from langchain_community.embeddings import HuggingFaceEmbeddings
        from langchain_community.llms import Replicate
        llm = Replicate(model="meta/meta-llama-3-70b-instruct", model_kwargs={"temperature": 0.0})
        embeddings = HuggingFaceEmbeddings(model_name="sentence-transformers/all-mpnet-base-v2")
    ''')
    # name evidence does not read Replicate's `model=` as a Hub id as well
    assert summary(refs) == [
        ("replicate/meta/meta-llama-3-70b-instruct", "api-model", 4, "Replicate"),
        ("sentence-transformers/all-mpnet-base-v2", "model", 5, "HuggingFaceEmbeddings"),
    ]


BY_NAME = '''
    import replicate
    from langchain_community.llms import Replicate
    REPLICATE_MODEL = "black-forest-labs/flux-schnell"
    llama3_8b_chat = "meta/meta-llama-3-8b-instruct"
    image = replicate.run(REPLICATE_MODEL, input={})
    llm = Replicate(model=llama3_8b_chat)
'''


def test_a_literal_given_to_replicate_by_name_is_reported_where_written_and_at_the_use() -> None:
    # (never as the Hub id of the same spelling, whatever its name says)
    assert summary(scan(BY_NAME)) == [
        ("replicate/black-forest-labs/flux-schnell", "api-model", 4, "constant REPLICATE_MODEL"),
        ("replicate/meta/meta-llama-3-8b-instruct", "api-model", 5, "constant llama3_8b_chat"),
        ("replicate/black-forest-labs/flux-schnell", "api-model", 6, "replicate.run"),
        ("replicate/meta/meta-llama-3-8b-instruct", "api-model", 7, "Replicate"),
    ]


def test_the_use_of_a_literal_given_to_replicate_by_name_points_at_it() -> None:
    assert [r.origin.line if r.origin else None for r in scan(BY_NAME)] == [None, None, 4, 5]


def test_the_same_spelling_in_a_module_without_replicate_stays_a_hub_id() -> None:
    refs = scan('''
        from transformers import AutoModel
        MODEL_ID = "black-forest-labs/flux-schnell"
        model = AutoModel.from_pretrained(MODEL_ID)
    ''')
    assert {(r.target, r.kind) for r in refs} == {("black-forest-labs/flux-schnell", Kind.MODEL)}


def test_litellm_replicate_route_is_replicates_model_not_a_hub_id() -> None:
    refs = scan(f'''
        import litellm
        litellm.completion(model="replicate/{SDXL}", messages=[])
    ''')
    assert summary(refs) == [("replicate/stability-ai/sdxl", "api-model", 3, "completion(model=)")]


def test_a_module_that_only_calls_replicate_is_scanned(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, {"gen.py": f'import replicate\n\nout = replicate.run("{SDXL}", input={{}})\n'})
    assert [r.target for r in result.references] == ["replicate/stability-ai/sdxl"]


def test_only_the_binding_a_replicate_call_reads_is_replicates() -> None:
    # Another function's local of the same name is its own; a lazy import still counts; a
    # training's destination is an output where it is written too.
    refs = scan('''
        from transformers import AutoModel
        MODEL_NAME = "meta/meta-llama-3-8b-instruct"
        DEST = "acme/llama-finetune"
        def hosted():
            import replicate
            replicate.trainings.create(version="meta/llama-2-7b:abc", input={}, destination=DEST)
            return replicate.run(MODEL_NAME, input={})
        def local():
            MODEL_NAME = "meta-llama/Meta-Llama-3-8B-Instruct"
            return AutoModel.from_pretrained(MODEL_NAME)
    ''')
    got = sorted((r.location.line, r.target, r.kind.value, r.role.value) for r in refs)
    assert got == [
        (3, "replicate/meta/meta-llama-3-8b-instruct", "api-model", "input"),
        (4, "replicate/acme/llama-finetune", "api-model", "output"),
        (7, "replicate/acme/llama-finetune", "api-model", "output"),
        (7, "replicate/meta/llama-2-7b", "api-model", "input"),
        (8, "replicate/meta/meta-llama-3-8b-instruct", "api-model", "input"),
        (10, "meta-llama/Meta-Llama-3-8B-Instruct", "model", "input"),
        (11, "meta-llama/Meta-Llama-3-8B-Instruct", "model", "input"),
    ]
