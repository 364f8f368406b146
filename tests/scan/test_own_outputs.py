"""A module that reads back what it wrote: the run's own outputs are reported as outputs."""

from __future__ import annotations

import textwrap

import pytest

from mlgate.model import Kind, Role
from mlgate.scan.python import detector as python
from scan.helpers import detect

IN, OUT = Role.INPUT, Role.OUTPUT
MODEL, ADAPTER, DATASET, LOCAL = Kind.MODEL, Kind.ADAPTER, Kind.DATASET, Kind.LOCAL_PATH

CASES = {
    "a directory saved then loaded is an output both times": ('''
        from transformers import AutoModel
        base = AutoModel.from_pretrained("Qwen/Qwen2.5-0.5B")
        base.save_pretrained("qwen_lora")
        again = AutoModel.from_pretrained("qwen_lora")
    ''', [(3, "Qwen/Qwen2.5-0.5B", MODEL, IN), (4, "qwen_lora", LOCAL, OUT), (5, "qwen_lora", LOCAL, OUT)]),
    "a loader reading the output option reads the run's own directory": ('''
        import argparse
        from peft import PeftModel
        parser = argparse.ArgumentParser()
        parser.add_argument("--output_dir", default="lora-out")
        parser.add_argument("--model", default="org/base")
        args = parser.parse_args()
        tuned = PeftModel.from_pretrained(base, args.output_dir)
        other = PeftModel.from_pretrained(base, args.model)
    ''', [(6, "org/base", MODEL, IN), (8, "lora-out", LOCAL, OUT), (9, "org/base", ADAPTER, IN)]),
    "a Hub id or canonical id the module also writes stays an input": ('''
        from datasets import load_dataset
        from transformers import AutoModel, AutoTokenizer
        m = AutoModel.from_pretrained("meta-llama/Llama-2-7b-hf")
        m.save_pretrained("meta-llama/Llama-2-7b-hf")
        for name in ["bert-base-uncased"]:
            AutoTokenizer.from_pretrained(name).save_pretrained(name)
        ds = load_dataset("imdb")
        ds.save_to_disk("imdb")
    ''', [(4, "meta-llama/Llama-2-7b-hf", MODEL, IN), (5, "meta-llama/Llama-2-7b-hf", LOCAL, OUT),
          (7, "bert-base-uncased", LOCAL, OUT), (7, "bert-base-uncased", MODEL, IN),
          (8, "imdb", DATASET, IN)]),  # (`save_to_disk` writes a local data folder: no reference)
    "a Hub repository read then pushed, or a similar name written, stays an input": ('''
        from transformers import AutoModel
        model = AutoModel.from_pretrained("acme/base-model")
        model.push_to_hub("acme/base-model")
        model.save_pretrained("acme/base-model-tuned")
    ''', [(3, "acme/base-model", MODEL, IN), (4, "acme/base-model", MODEL, OUT),
          (5, "acme/base-model-tuned", LOCAL, OUT)]),
    "a bare model name read through a name that says directory is a directory (a data set's is not)": ('''
        from datasets import load_dataset
        from transformers import AutoModel
        def evaluate(data_dir="dev-llm", model_path="llama-7b-local", checkpoint_dir="gpt2"):
            load_dataset(data_dir)
            AutoModel.from_pretrained(model_path)
            AutoModel.from_pretrained(checkpoint_dir)
            dataset_name = "imdb-reviews"
            load_dataset(dataset_name)
    ''', [(4, "gpt2", MODEL, IN), (5, "dev-llm", DATASET, IN), (6, "llama-7b-local", LOCAL, IN), (7, "gpt2", MODEL, IN),
          (8, "imdb-reviews", DATASET, IN), (9, "imdb-reviews", DATASET, IN)]),
    "a canonical id of a legacy family under a path name stays a model": ('''
        from transformers import AutoModel, AutoTokenizer
        def tag(model_path="bert-large-cased-whole-word-masking",
                tokenizer_path="xlm-roberta-large-finetuned-conll03-english"):
            AutoModel.from_pretrained(model_path)
            AutoTokenizer.from_pretrained(tokenizer_path)
    ''', [(5, "bert-large-cased-whole-word-masking", MODEL, IN),
          (6, "xlm-roberta-large-finetuned-conll03-english", MODEL, IN)]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_own_outputs(case: str) -> None:
    source, expected = CASES[case]
    refs = detect(python.DETECTOR, "m.py", textwrap.dedent(source))
    assert sorted((r.location.line, r.target, r.kind, r.role) for r in refs) == expected
