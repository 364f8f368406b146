"""Loader names on the project's own objects, membership-only collections, OpenAI's `clip.load`."""

from __future__ import annotations

import ast
import textwrap

import pytest

from mlgate.scan.python.analysis import NeedsFullSource
from mlgate.scan.python.detector import DETECTOR
from mlgate.scan.python.membership import Membership
from mlgate.scan.python.rules import method_of_an_object
from scan.helpers import detect, python_refs

refs = python_refs


def test_load_dataset_of_the_library_stays_a_loader_however_it_is_imported() -> None:
    assert refs('''
        import datasets
        import datasets as ds
        from datasets import load_dataset as hf_load
        from myproject.data import load_dataset
        a = datasets.load_dataset("org/a")
        b = ds.load_dataset("org/b")
        c = hf_load("org/c")
        d = load_dataset("org/d")
        e = ds.load_dataset_builder("org/e")
    ''') == [("org/a", "dataset", 6), ("org/b", "dataset", 7), ("org/c", "dataset", 8), ("org/d", "dataset", 9),
             ("org/e", "dataset", 10)]


def test_load_dataset_of_an_object_made_in_the_code_is_not_the_hubs() -> None:
    assert refs('''
        from myproject.backends import InMemoryBackend
        backend = InMemoryBackend()
        backend.load_dataset("complex_dataset")
        client.load_dataset("org/not-a-hub-call")
        class Store:
            def run(self):
                return self.load_dataset("results")
        make_backend().get_dataset_config_names("runs")
    ''') == []


def test_load_dataset_of_an_imported_class_or_module_stays() -> None:
    assert refs('''
        from openmind import OmDataset
        from myproject import data_utils
        OmDataset.load_dataset(path="org/alpaca")
        data_utils.load_dataset("org/reviews")
    ''') == [("org/alpaca", "dataset", 4), ("org/reviews", "dataset", 5)]


def test_method_of_an_object_decides_by_the_receiver() -> None:
    assert method_of_an_object("backend.load_dataset", receiver_imported=False)
    assert not method_of_an_object("mylib.data.load_dataset", receiver_imported=True)
    assert not method_of_an_object("datasets.load_dataset", receiver_imported=False)  # the library by name
    assert not method_of_an_object("datasets.load_dataset", receiver_imported=True)
    assert not method_of_an_object("load_dataset", receiver_imported=False)  # a bare call: as before
    assert not method_of_an_object("model.load_adapter", receiver_imported=False)  # methods by design
    assert method_of_an_object("clip.load", receiver_imported=False)
    assert not method_of_an_object("clip.load", receiver_imported=True)


def test_a_collection_only_tested_with_in_names_no_reference() -> None:
    assert refs('''
        def is_reasoning(model):
            reasoning_models = {"o1", "o1-preview", "o3-mini"}
            return model.lower() in reasoning_models
        CHAT_MODELS = ["gpt-4o", "gpt-4o-mini"]
        VISION_MODELS = ("gpt-4.1", "gpt-4o")
        def route(model):
            if model not in CHAT_MODELS and not model.startswith(VISION_MODELS):
                raise ValueError(model)
            return model.endswith(tuple(VISION_MODELS))
    ''') == []


def test_a_collection_also_iterated_indexed_or_passed_on_stays() -> None:
    assert refs('''
        SUPPORTED_MODELS = ["gpt-4o-mini", "gpt-4.1-nano"]
        def warm_up(model):
            if model in SUPPORTED_MODELS:
                for name in SUPPORTED_MODELS:
                    print(name)
        EMBEDDING_MODELS = ["text-embedding-3-small"]
        DEFAULT = EMBEDDING_MODELS[0]
        JUDGE_MODELS = {"gpt-4o"}
        if judge in JUDGE_MODELS:
            validate(JUDGE_MODELS)
        UNUSED_MODELS = ["gpt-4-turbo"]
    ''') == [("gpt-4o-mini", "api-model", 2), ("gpt-4.1-nano", "api-model", 2),
             ("text-embedding-3-small", "api-model", 7), ("gpt-4o", "api-model", 9), ("gpt-4-turbo", "api-model", 12)]


def test_hub_ids_with_an_organisation_stay_in_a_membership_only_collection() -> None:
    assert refs('''
        PRESHARDED_MODELS = ["org/model-int8", "org/model-fp16", "bert-base-uncased"]
        def files(name):
            return "presharded" if name in PRESHARDED_MODELS else "full"
    ''') == [("org/model-int8", "model", 2), ("org/model-fp16", "model", 2)]


def test_membership_on_stubbed_bodies_asks_for_the_full_text() -> None:
    tree = ast.parse("MODELS = ['gpt-4o']\nif m in MODELS:\n    pass\n")
    value = tree.body[0].value  # type: ignore[attr-defined]
    assert Membership(tree, stubbed=False).only_tested("MODELS", value)
    with pytest.raises(NeedsFullSource):
        Membership(tree, stubbed=True).only_tested("MODELS", value)
    assert not Membership(tree, stubbed=True).only_tested("OTHER", value)  # (read nowhere: nothing to ask)
    single = ast.parse("MODEL = 'gpt-4o'\nif 'gpt' in MODEL:\n    pass\n")
    assert not Membership(single, stubbed=False).only_tested("MODEL", single.body[0].value)  # type: ignore[attr-defined]


def test_openai_clip_names_are_its_checkpoints() -> None:
    assert refs('''
        import clip
        import torch
        a, _ = clip.load("ViT-L/14", device="cuda")
        b, _ = clip.load("ViT-B/32", device=torch.device("cpu"))
        c, _ = clip.load(name="ViT-L/14@336px")
        d, _ = clip.load("RN101")
        e, _ = clip.load("./weights/clip.pt")
        f, _ = clip.load("ViT-H/14")
    ''') == [("openai/clip-vit-large-patch14", "model", 4), ("openai/clip-vit-base-patch32", "model", 5),
             ("openai/clip-vit-large-patch14-336", "model", 6), ("github:openai/CLIP", "model", 7),
             ("./weights/clip.pt", "local-path", 8)]


def test_clip_load_of_another_object_or_library_is_not_openais() -> None:
    assert refs('''
        import open_clip
        from myproject import build
        clip = build()
        clip.load("ViT-L/14")
        open_clip.load("ViT-B/32")
    ''') == []


def test_a_value_built_from_one_name_is_placed_where_the_name_is_written() -> None:
    source = textwrap.dedent('''
        class Embedder:
            def __init__(self, client, model="text-embedding-004"):
                self.client = client
                self.model = model
            def embed(self, text):
                return self.client.embed_content(model=f"models/{self.model}", content=text)
        command = f"serve --model org/written-here --out {out_dir}"
        run(model=f"org/written-here-too-{size}")
    ''')
    placed = {(r.target, r.location.line): r.origin.line if r.origin else None
              for r in detect(DETECTOR, "m.py", source)}
    assert placed[("text-embedding-004", 7)] == 3
    assert all(origin is None for (target, _), origin in placed.items() if target.startswith("org/"))
