"""Sentence-Transformers modules, bare ids through an assigned name, `default_factory` defaults,
and local data folders (a folder of the tree, a path, `load_from_disk` / `save_to_disk`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mlgate.scan.engine import scan
from mlgate.scan.localfolders import listed_directories
from mlgate.scan.python.placedspots import bare_loader_literals
from scan.helpers import python_refs

refs = python_refs


def test_sentence_transformers_modules_load_their_model() -> None:
    assert refs('''
        from sentence_transformers import models
        from sentence_transformers.losses import DenoisingAutoEncoderLoss
        from sentence_transformers.sparse_encoder.models import MLMTransformer
        model_name = "bert-base-uncased"
        word = models.Transformer(model_name, max_seq_length=75)
        clip = models.CLIPModel("openai/clip-vit-base-patch32")
        loss = DenoisingAutoEncoderLoss(word, decoder_name_or_path=model_name)
        sparse = MLMTransformer("ibm-granite/granite-embedding-30m-sparse")
    ''') == [("bert-base-uncased", "model", 5), ("bert-base-uncased", "model", 6),
             ("openai/clip-vit-base-patch32", "model", 7), ("bert-base-uncased", "model", 8),
             ("ibm-granite/granite-embedding-30m-sparse", "model", 9)]


def test_other_classes_called_transformer_are_not_loaders() -> None:
    assert refs('''
        import torch.nn as nn
        from .layers import Transformer
        a = nn.Transformer("acme/tiny-block")
        b = Transformer("acme/tiny-block")
    ''') == []


def test_a_bare_id_reaches_a_loader_through_an_assigned_name() -> None:
    # The literal alone is no candidate (no pattern tells `stsb-xlm-r-multilingual` from a word):
    # the name the loader gets leads to it.
    assert refs('''
        from sentence_transformers import SentenceTransformer, util
        model_name = "stsb-xlm-r-multilingual"
        model = SentenceTransformer(model_name)
    ''') == [("stsb-xlm-r-multilingual", "model", 4)]


def test_a_listed_sentence_transformers_model_is_named_where_it_is_written_too() -> None:
    # One of the library's own models (`targets.SENTENCE_TRANSFORMERS_MODELS`) is a canonical bare id:
    # under a name that says model it is reported where it is written, and at the loader.
    assert refs('''
        from sentence_transformers import SentenceTransformer, util
        model_name = "quora-distilbert-multilingual"
        model = SentenceTransformer(model_name)
    ''') == [("quora-distilbert-multilingual", "model", 3), ("quora-distilbert-multilingual", "model", 4)]


def test_assigned_names_that_are_no_ids_stay_silent() -> None:
    source = textwrap.dedent('''
        from datasets import load_dataset
        from sentence_transformers import SentenceTransformer
        fmt = "json"
        rows = load_dataset(fmt, data_files="rows.jsonl")
        checkpoint = "results"
        reloaded = SentenceTransformer(checkpoint)
        my_checkpoint = "quora-run"
        if checkpoint == "quora-run":
            pass
    ''')
    assert refs(source) == []
    # the builder is no candidate; `checkpoint = "results"` is one (the loader's rules say no),
    # `my_checkpoint = ...` and the comparison are not assignments to `checkpoint`
    assert [source[o + 1:source.index('"', o + 1)] for o in bare_loader_literals(source)] == ["results"]


def test_a_default_factory_lambda_gives_the_field_default() -> None:
    assert refs('''
        from dataclasses import dataclass, field
        @dataclass
        class Args:
            dataset_mixer_list: list = field(default_factory=lambda: ["allenai/tulu-3-sft-personas-algebra", "1.0"])
            dataset_splits: list[str] = field(default_factory=lambda: ["train", "test/holdout"])
            stop: list[str] = field(default_factory=lambda: ["user/assistant"])
    ''') == [("allenai/tulu-3-sft-personas-algebra", "dataset", 5)]


def test_data_sets_saved_to_or_loaded_from_disk_and_paths_are_local_data() -> None:
    assert refs('''
        from datasets import load_dataset, load_from_disk
        train = load_from_disk("ms-marco-margin-mse-train")
        train.save_to_disk("ms-marco-margin-mse-train")
        local = load_dataset("/data/wikitext", split="test")
        relative = load_dataset("./data/wikitext")
        hub = load_dataset("Salesforce/wikitext")
    ''') == [("Salesforce/wikitext", "dataset", 7)]


def test_listed_directories_are_every_parent_of_every_file() -> None:
    assert listed_directories(["a/b/c.txt", "a/d.txt", "e.py"]) == frozenset({"a", "a/b"})


def test_a_data_set_named_by_a_folder_of_the_tree_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "quantize" / "quantize_data" / "wikitext").mkdir(parents=True)
    (tmp_path / "quantize" / "quantize_data" / "wikitext" / "README.md").write_text("WikiText-2, saved here.\n")
    (tmp_path / "quantize" / "eval.py").write_text(textwrap.dedent('''
        import argparse
        from datasets import load_dataset
        parser = argparse.ArgumentParser()
        parser.add_argument("--data_path", default="quantize_data/wikitext")
        args = parser.parse_args()
        near = load_dataset(args.data_path)
        from_root = load_dataset("quantize/quantize_data/wikitext")
        other = load_dataset("quantize_data/wikitext-103")
    '''))
    targets = [(r.target, r.location.line) for r in scan(tmp_path).references]
    assert targets == [("quantize_data/wikitext-103", 9)]


def test_only_a_statement_of_its_own_assigns_the_name() -> None:
    # a parameter's default in a signature spanning lines, and an annotation that would run over
    # other parameters, are not the assignment the loader's name leads to
    source = textwrap.dedent('''
        from transformers import PretrainedConfig
        def text_encoder_class(
            pretrained_model_name_or_path: str, revision: str, subfolder: str = "text_encoder"
        ):
            return PretrainedConfig.from_pretrained(pretrained_model_name_or_path, subfolder=subfolder)
        def reload(
            image_encoder_path: str = "image_encoder",
        ):
            return PretrainedConfig.from_pretrained(image_encoder_path)
    ''')
    assert bare_loader_literals(source) == []


def test_a_path_to_fill_in_under_a_model_name_is_no_reference() -> None:
    assert refs('''
        from diffusers import StableDiffusionPipeline
        model_id = "path-to-your-trained-model"
        pipe = StableDiffusionPipeline.from_pretrained(model_id)
    ''') == []


def test_a_literal_only_used_where_the_run_writes_is_no_input() -> None:
    assert refs('''
        from transformers import AutoModel
        from peft import PeftConfig
        base = AutoModel.from_pretrained("nvidia/mit-b0")
        model_id = "segformer-lora"
        base.save_pretrained(model_id)
        config = PeftConfig.from_pretrained(model_id)
    ''') == [("nvidia/mit-b0", "model", 4), ("segformer-lora", "local-path", 6),
             ("segformer-lora", "local-path", 7)]


def test_a_literal_pushed_to_the_hub_stays_reported() -> None:
    assert set(refs('''
        from trl import SFTConfig
        model_id = "acme/distilled-r1"
        config = SFTConfig(output_dir="out", hub_model_id=model_id)
    ''')) == {("acme/distilled-r1", "model", 3), ("acme/distilled-r1", "model", 4), ("out", "local-path", 4)}


def _quoted(source: str, offsets: list[int]) -> list[str]:
    return [source[o + 1:source.index(source[o], o + 1)] for o in offsets]


def test_assigned_ids_found_alike_for_few_and_many_names() -> None:
    # up to a few names each is looked for by itself; past that, one pass serves every name:
    # both ways find the same assignments (own line, annotated, first line of the text) and
    # skip the same look-alikes (a default in a signature, a tuple, a longer name, an attribute)
    head = textwrap.dedent('''\
        name0 = "org/first-line"
        name1: str = 'bare-one'  # note
        def f(name2="not-this"): pass
        name3 = "a", "b"
        name4_x = "longer-name"
        self.name5 = "attribute"
            name6 = "indented"
    ''')
    for count in (3, 12):
        source = head + "".join(f"SentenceTransformer(name{i})\n" for i in range(count))
        expected = ["org/first-line", "bare-one"] + (["indented"] if count > 6 else [])
        assert sorted(_quoted(source, bare_loader_literals(source))) == sorted(expected)


def test_assigned_id_on_a_long_line_naming_it_often() -> None:
    # the blanks before each occurrence are walked back over, not the line from its start
    source = 'm = "quora-distilbert"\nSentenceTransformer(m)\nx = [' + " m," * 50_000 + "]\n"
    assert _quoted(source, bare_loader_literals(source)) == ["quora-distilbert"]


def test_a_hub_id_saved_under_its_own_name_stays_an_input() -> None:
    # read by a loader the scan does not know, then saved under its own name: the model read is
    # still a dependency (only what cannot be a Hub id is taken for the run's own, as in `own_outputs`)
    assert refs('''
        from mylib import load_quantized
        model_id = "meta-llama/Llama-2-7b-hf"
        model = load_quantized(model_id, bits=4)
        model.save_pretrained(model_id)
    ''') == [("meta-llama/Llama-2-7b-hf", "model", 3), ("meta-llama/Llama-2-7b-hf", "local-path", 5)]
