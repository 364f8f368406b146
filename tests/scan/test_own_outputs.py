"""A module that reads back what it wrote: the run's own outputs are reported as outputs."""

from __future__ import annotations

import textwrap

from mlgate.model import Kind, Role
from mlgate.scan.python import detector as python
from scan.helpers import detect


def _refs(source: str) -> list[tuple[int, str, Kind, Role]]:
    refs = detect(python.DETECTOR, "m.py", textwrap.dedent(source))
    return sorted((r.location.line, r.target, r.kind, r.role) for r in refs)


def test_a_directory_saved_then_loaded_is_an_output_both_times() -> None:
    assert _refs('''
        from transformers import AutoModel
        base = AutoModel.from_pretrained("Qwen/Qwen2.5-0.5B")
        base.save_pretrained("qwen_lora")
        again = AutoModel.from_pretrained("qwen_lora")
    ''') == [(3, "Qwen/Qwen2.5-0.5B", Kind.MODEL, Role.INPUT),
             (4, "qwen_lora", Kind.LOCAL_PATH, Role.OUTPUT),
             (5, "qwen_lora", Kind.LOCAL_PATH, Role.OUTPUT)]


def test_a_loader_reading_the_output_option_reads_the_runs_own_directory() -> None:
    assert _refs('''
        import argparse
        from peft import PeftModel
        parser = argparse.ArgumentParser()
        parser.add_argument("--output_dir", default="lora-out")
        parser.add_argument("--model", default="org/base")
        args = parser.parse_args()
        tuned = PeftModel.from_pretrained(base, args.output_dir)
        other = PeftModel.from_pretrained(base, args.model)
    ''') == [(6, "org/base", Kind.MODEL, Role.INPUT),
             (8, "lora-out", Kind.LOCAL_PATH, Role.OUTPUT),
             (9, "org/base", Kind.ADAPTER, Role.INPUT)]


def test_a_hub_id_or_canonical_id_the_module_also_writes_stays_an_input() -> None:
    assert _refs('''
        from datasets import load_dataset
        from transformers import AutoModel, AutoTokenizer
        m = AutoModel.from_pretrained("meta-llama/Llama-2-7b-hf")
        m.save_pretrained("meta-llama/Llama-2-7b-hf")
        for name in ["bert-base-uncased"]:
            AutoTokenizer.from_pretrained(name).save_pretrained(name)
        ds = load_dataset("imdb")
        ds.save_to_disk("imdb")
    ''') == [(4, "meta-llama/Llama-2-7b-hf", Kind.MODEL, Role.INPUT),
             (5, "meta-llama/Llama-2-7b-hf", Kind.LOCAL_PATH, Role.OUTPUT),
             (7, "bert-base-uncased", Kind.LOCAL_PATH, Role.OUTPUT),
             (7, "bert-base-uncased", Kind.MODEL, Role.INPUT),
             (8, "imdb", Kind.DATASET, Role.INPUT),
             (9, "imdb", Kind.LOCAL_PATH, Role.OUTPUT)]


def test_a_hub_repository_read_then_pushed_or_a_similar_name_written_stays_an_input() -> None:
    assert _refs('''
        from transformers import AutoModel
        model = AutoModel.from_pretrained("acme/base-model")
        model.push_to_hub("acme/base-model")
        model.save_pretrained("acme/base-model-tuned")
    ''') == [(3, "acme/base-model", Kind.MODEL, Role.INPUT), (4, "acme/base-model", Kind.MODEL, Role.OUTPUT),
             (5, "acme/base-model-tuned", Kind.LOCAL_PATH, Role.OUTPUT)]
